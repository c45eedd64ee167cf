using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using GeccAssessment.Web.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GeccAssessment.Bench;

/// <summary>
/// The bench: a database of its own, the app's migrations, national-scale data, then the pages
/// people use, timed over HTTP and explained statement by statement. See bench/README.md.
/// </summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(BenchOptions.Usage);
            return 0;
        }

        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine("[bench] " + e.Message);
            Console.Error.WriteLine(BenchOptions.Usage);
            return 2;
        }

        var started = DateTime.UtcNow;
        var database = new BenchDatabase(BenchDatabase.ServerConnectionString, options.Database ?? $"gecc_bench_{started:yyyyMMdd_HHmmss}");
        var created = await database.EnsureCreatedAsync();
        Console.WriteLine($"[bench] database {database.Name} ({(created ? "new" : "existing")})");
        try
        {
            // The app's own migrations, before the app starts (its background worker reads a migrated database).
            await using (var context = new ApplicationDbContext(new DbContextOptionsBuilder<ApplicationDbContext>().UseNpgsql(database.AppConnectionString).Options))
            {
                await context.Database.MigrateAsync();
            }

            await using var app = new BenchApp(database.AppConnectionString);
            app.StartServer();
            // Reference data and roles, exactly as `GeccAssessment.Web --migrate` does.
            await DatabaseStartup.MigrateAndSeedAsync(app.Services, seedDemo: false);

            if (options.Satisfaction)
            {
                return await new SatisfactionBench(options, database, app).RunAsync(started);
            }

            TimeSpan? loadTime = null;
            if (await CountAsync(database, "Applications") == 0)
            {
                Console.WriteLine($"[bench] loading: {options.Applications:N0} applications, {options.Assessments:N0} assessments, {options.Subcommittees} subcommittees of 1 chair + {options.AssessorsPerSubcommittee} assessors, {options.AuditEntries:N0} audit rows");
                var watch = Stopwatch.StartNew();
                await new NationalData(options, database, app.Services).LoadAsync();
                loadTime = watch.Elapsed;
            }
            else
            {
                Console.WriteLine("[bench] the database has data: reusing it as it is");
            }

            if (options.Load)
            {
                return await new LoadBench(options, database, app).RunAsync(started, loadTime);
            }

            var targets = await PageTargets.FindAsync(database);
            var runner = new PageRunner(app, new PlanInspector(database), options);
            if (options.Lighthouse)
            {
                return await new LighthouseRun(app, targets, options, runner).RunAsync(started);
            }

            var pages = targets.Pages().Where(p => options.Only is null || options.Only.Any(o => p.Name.Contains(o, StringComparison.OrdinalIgnoreCase))).ToList();

            GC.Collect();
            var peakBeforePages = ProcessMemory.Peak();
            var loadBefore = ProcessMemory.LoadAverage();
            ProcessMemory.ResetPeak();
            Console.WriteLine();
            Console.WriteLine($"[bench] {pages.Count} pages, {options.WarmupRequests} warm-up + {options.TimedRequests} timed requests each");
            Console.WriteLine(Report.ConsoleHeader);
            var results = new List<PageResult>();
            foreach (var page in pages)
            {
                var result = await runner.MeasureAsync(page);
                results.Add(result);
                Console.WriteLine(Report.ConsoleLine(result));
            }

            var peakDuringPages = ProcessMemory.Peak();
            var facts = new RunFacts(
                started, Machine(), await ServerVersionAsync(database), await ServerSettingsAsync(database), await TableRowsAsync(database),
                await DatabaseSizeAsync(database), loadTime, Math.Max(peakBeforePages, peakDuringPages), peakDuringPages,
                loadBefore, ProcessMemory.LoadAverage());
            Console.WriteLine();
            Console.WriteLine($"[bench] peak working set: {Report.Mb(facts.PeakWorkingSetBytes)} (whole run), {Report.Mb(peakDuringPages)} while measuring pages");
            Console.WriteLine($"[bench] load average before the pages: {facts.LoadAverageBefore}; after: {facts.LoadAverageAfter}");
            var missed = results.Count(r => Targets.Misses(r).Count > 0);
            Console.WriteLine(missed == 0 ? $"[bench] all {results.Count} pages meet the targets" : $"[bench] {missed} of {results.Count} pages miss a target");

            Directory.CreateDirectory(options.ResultsDirectory);
            var file = Path.Combine(options.ResultsDirectory, $"{started:yyyy-MM-dd}-{options.ScaleName}.md");
            await File.WriteAllTextAsync(file, Report.Markdown(options, facts, results));
            Console.WriteLine($"[bench] report: {file}");
            return 0;
        }
        finally
        {
            if (options.KeepDatabase)
            {
                Console.WriteLine($"[bench] kept database {database.Name}");
            }
            else
            {
                await database.DropAsync();
            }
        }
    }

    private static async Task<long> CountAsync(BenchDatabase database, string table)
    {
        await using var connection = await database.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\"", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<(string Table, long Rows)>> TableRowsAsync(BenchDatabase database)
    {
        string[] tables =
        [
            "Agencies", "ServicePoints", "Applications", "ApplicationStatusChanges", "SelfAssessmentAnswers", "EvidenceFiles", "AspNetUsers",
            "Subcommittees", "Assessments", "ConflictDeclarations", "MemberScores", "ReconciledScores", "CertificationDecisions", "Certificates", "AuditEntries",
        ];
        var rows = new List<(string, long)>();
        foreach (var table in tables)
        {
            rows.Add((table, await CountAsync(database, table)));
        }

        return rows;
    }

    private static async Task<string> ServerVersionAsync(BenchDatabase database)
    {
        await using var connection = await database.OpenAsync();
        return "PostgreSQL " + connection.PostgreSqlVersion.ToString();
    }

    private static async Task<List<(string, string)>> ServerSettingsAsync(BenchDatabase database)
    {
        await using var connection = await database.OpenAsync();
        var settings = new List<(string, string)>();
        foreach (var name in new[] { "shared_buffers", "work_mem", "effective_cache_size", "random_page_cost", "fsync" })
        {
            await using var command = new NpgsqlCommand($"SHOW {name}", connection);
            settings.Add((name, (string)(await command.ExecuteScalarAsync())!));
        }

        return settings;
    }

    private static async Task<string> DatabaseSizeAsync(BenchDatabase database)
    {
        await using var connection = await database.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_size_pretty(pg_database_size(current_database()))", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static string Machine()
    {
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]
            : null;
        var gigabytes = memory is null ? "?" : (long.Parse(memory, CultureInfo.InvariantCulture) / (1024.0 * 1024.0)).ToString("0", CultureInfo.InvariantCulture);
        return $"{Environment.ProcessorCount} cores, {gigabytes} GB RAM, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }
}
