using System.Globalization;

namespace GeccAssessment.Bench;

/// <summary>What to load and how long to measure. The defaults are the national scale of the project brief.</summary>
public sealed class BenchOptions
{
    public const string ServerVariable = "GECC_BENCH_DB";

    /// <summary>Agencies, service points and applications (one of each per agency), in one cycle.</summary>
    public int Applications { get; private set; } = 20_000;

    /// <summary>Accepted applications assigned to a subcommittee; must stay below the accepted ones (80 %).</summary>
    public int Assessments { get; private set; } = 15_000;

    public int Subcommittees { get; private set; } = 10;

    /// <summary>Assessors per subcommittee besides its chair; each of them scores every criterion.</summary>
    public int AssessorsPerSubcommittee { get; private set; } = 5;

    /// <summary>Audit trail rows (a national cycle writes one per changed record, scores included).</summary>
    public int AuditEntries { get; private set; } = 1_000_000;

    public int WarmupRequests { get; private set; } = 3;

    public int TimedRequests { get; private set; } = 20;

    /// <summary>Only pages whose name contains one of these (comma-separated) texts, for a quick look.</summary>
    public IReadOnlyList<string>? Only { get; private set; }

    /// <summary>Use (and keep) this database: loaded when empty, reused as it is otherwise.</summary>
    public string? Database { get; private set; }

    public bool KeepDatabase { get; private set; }

    public bool Small { get; private set; }

    public string ResultsDirectory { get; private set; } = "bench/results";

    /// <summary>An earlier report (the national run of the same session) whose figures the report shows beside its own.</summary>
    public string? CompareWith { get; private set; }

    /// <summary>Run only the public satisfaction survey's bench (SatisfactionBench), not the pages.</summary>
    public bool Satisfaction { get; private set; }

    /// <summary>Run the load bench (LoadBench): the app under wrk against bare endpoints running its SQL.</summary>
    public bool Load { get; private set; }

    /// <summary>Run Lighthouse (mobile) on the pages the issue names, not the timed pages (LighthouseRun).</summary>
    public bool Lighthouse { get; private set; }

    /// <summary>Lighthouse runs per page; the report keeps the median run (Lighthouse's advice for its variance).</summary>
    public int LighthouseRuns { get; private set; } = 3;

    /// <summary>Answers loaded before the aggregates are timed and the submit endpoint is loaded.</summary>
    public int SatisfactionAnswers { get; private set; } = 5_000_000;

    public int SatisfactionPoints { get; private set; } = 20_000;

    /// <summary>Concurrent virtual phones of the submit load.</summary>
    public int Concurrency { get; private set; } = 32;

    /// <summary>The submit load stops after this many seconds or this many answers, whichever comes first.</summary>
    public int LoadSeconds { get; private set; } = 20;

    public int MaxSubmits { get; private set; } = 40_000;

    /// <summary>The report's file name: national scale is "scale" (as before), ten times national has a name of its own.</summary>
    public string ScaleName => Small ? "small" : Applications switch
    {
        NationalApplications => "scale",
        NationalApplications * 10 => "ten-times-national",
        _ => $"{Applications}-applications",
    };

    /// <summary>How the report names the scale.</summary>
    public string ScaleTitle => Small ? "a tenth of national scale" : Applications switch
    {
        NationalApplications => "national scale",
        NationalApplications * 10 => "ten times national scale",
        _ => $"{Applications:N0} applications ({(double)Applications / NationalApplications:0.##} × national)",
    };

    public const int NationalApplications = 20_000;

    public static string Usage => """
        Usage: GeccAssessment.Bench [options]     (normally through ./gecc bench)

          --small               a quick smoke run: 2,000 applications, 1,500 assessments, 50,000 audit rows, 5 timed requests
          --applications N      agencies = service points = applications (default 20000); 200000 is ten times national:
                                assessments and audit rows grow in proportion unless given (150000 and 10000000)
          --assessments N       assessed applications (default 15000, or 3/4 of --applications; at most 75 % of the applications)
          --subcommittees N     (default 10)
          --assessors N         assessors per subcommittee besides the chair (default 5)
          --audit N             audit trail rows (default 1000000)
          --warmup N            untimed requests per page (default 3)
          --requests N          timed requests per page (default 20)
          --only TEXT[,TEXT]    measure only pages whose name contains one of these
          --database NAME       use this database: load it when empty, reuse it otherwise; it is kept
          --keep                keep the database the bench created (its name is printed)
          --results DIR         where the markdown report goes (default bench/results)
          --compare FILE        an earlier report (e.g. today's national one): each page's figures beside it, ratios against issue 16's 1.5×
          --load                the app under concurrent load (wrk) against bare Npgsql endpoints running the same SQL: ratios per page
          --lighthouse          only Lighthouse (mobile) on sign-in, centres, verify, scoring form, decisions, dashboard
          --lighthouse-runs N   runs per page, the median one reported (default 3)
                                (add --small for a quick data set); needs GECC_LIGHTHOUSE and CHROME_PATH (./gecc sets them)
          --satisfaction        only the public survey: load answers, time the aggregates, then load the submit endpoint
          --answers N           answers loaded for --satisfaction (default 5000000; --small 200000)
          --points N            service points for --satisfaction (default 20000; --small 2000)
          --concurrency N       concurrent connections of a load (--load, --satisfaction; default 32)
          --seconds N           duration of each load run (default 20)
          --max-submits N       submit load answers, at most (default 40000)

        The PostgreSQL server comes from $GECC_BENCH_DB (a connection string whose user may create databases).
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n : throw new ArgumentException($"{args[i - 1]} needs a positive whole number");
            switch (args[i])
            {
                case "--small":
                    options.Small = true;
                    options.Applications = 2_000;
                    options.Assessments = 1_500;
                    options.AuditEntries = 50_000;
                    options.TimedRequests = 5;
                    options.WarmupRequests = 2;
                    options.SatisfactionAnswers = 200_000;
                    options.SatisfactionPoints = 2_000;
                    break;
                case "--satisfaction": options.Satisfaction = true; break;
                case "--load": options.Load = true; break;
                case "--lighthouse": options.Lighthouse = true; break;
                case "--lighthouse-runs": options.LighthouseRuns = Number(); break;
                case "--answers": options.SatisfactionAnswers = Number(); break;
                case "--points": options.SatisfactionPoints = Number(); break;
                case "--concurrency": options.Concurrency = Number(); break;
                case "--seconds": options.LoadSeconds = Number(); break;
                case "--max-submits": options.MaxSubmits = Number(); break;
                case "--applications": options.Applications = Number(); break;
                case "--assessments": options.Assessments = Number(); break;
                case "--subcommittees": options.Subcommittees = Number(); break;
                case "--assessors": options.AssessorsPerSubcommittee = Number(); break;
                case "--audit": options.AuditEntries = Number(); break;
                case "--warmup": options.WarmupRequests = Number(); break;
                case "--requests": options.TimedRequests = Number(); break;
                case "--only": options.Only = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                case "--database": options.Database = Value(); options.KeepDatabase = true; break;
                case "--keep": options.KeepDatabase = true; break;
                case "--results": options.ResultsDirectory = Value(); break;
                case "--compare": options.CompareWith = Value(); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        // Ten times the applications means ten times the assessed ones, their scores and the audit trail.
        if (!options.Small && options.Applications != NationalApplications)
        {
            var given = new HashSet<string>(args);
            if (!given.Contains("--assessments"))
            {
                options.Assessments = (int)((long)options.Applications * 3 / 4);
            }

            if (!given.Contains("--audit"))
            {
                options.AuditEntries = (int)Math.Min(int.MaxValue, (long)options.Applications * 50);
            }
        }

        if (options.Assessments > options.Applications * 3 / 4)
        {
            throw new ArgumentException("--assessments may be at most 75 % of --applications (80 % of applications are accepted)");
        }

        if (options.CompareWith is { } compare && !File.Exists(compare))
        {
            throw new ArgumentException($"--compare: no report at {compare}");
        }

        if (options.Applications < 200 || options.Assessments < 100)
        {
            throw new ArgumentException("the bench needs at least 200 applications and 100 assessments to have every state");
        }

        return options;
    }
}
