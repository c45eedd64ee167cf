using System.Diagnostics;
using System.Globalization;
using System.Text;
using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Satisfaction;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GeccAssessment.Bench;

/// <summary>
/// The public survey at national scale (./gecc bench --satisfaction): millions of answers loaded
/// with set-based SQL, the scoring form's and the dashboard's aggregates timed, then the submit
/// endpoint under concurrent phones over loopback, with the acknowledged answers counted back.
/// </summary>
public sealed class SatisfactionBench(BenchOptions options, BenchDatabase database, BenchApp app)
{
    private readonly StringBuilder _report = new();

    public async Task<int> RunAsync(DateTime started)
    {
        var loadBefore = ProcessMemory.LoadAverage();
        var watch = Stopwatch.StartNew();
        await LoadAsync();
        var loadTime = watch.Elapsed;
        Console.WriteLine($"[bench] loaded {options.SatisfactionAnswers:N0} answers for {options.SatisfactionPoints:N0} points in {loadTime.TotalSeconds:N0} s");

        var (scoring, dashboard) = await TimeAggregatesAsync();
        var submit = await LoadSubmitAsync();
        var loadAfter = ProcessMemory.LoadAverage();

        var pass = scoring.P95 < 50 && dashboard.P95 < 50 && submit.PerSecond >= 1000 && submit.Lost == 0 && submit.P99 < 100;
        _report.AppendLine(CultureInfo.InvariantCulture, $"# Public satisfaction survey bench, {started:yyyy-MM-dd HH:mm} UTC");
        _report.AppendLine();
        _report.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}. The app runs in the bench's process, wrk (the load) in its own, PostgreSQL beside them (fsync off, throwaway cluster): all on these cores.");
        _report.AppendLine(CultureInfo.InvariantCulture, $"Load average (1, 5, 15 min) before: {loadBefore}; after: {loadAfter} (the machine is shared with other work).");
        _report.AppendLine();
        _report.AppendLine(CultureInfo.InvariantCulture, $"Data: {options.SatisfactionAnswers:N0} answers over the last 365 days for {options.SatisfactionPoints:N0} service points in 77 provinces, loaded in {loadTime.TotalSeconds:N0} s; {await CountAsync("SatisfactionDaily"):N0} daily and {await CountAsync("SatisfactionMonthly"):N0} monthly aggregate rows.");
        _report.AppendLine();
        _report.AppendLine("| measure | target | p50 | p95 | p99 | max | result |");
        _report.AppendLine("|---|---|---|---|---|---|---|");
        _report.AppendLine(Row("scoring form: one point's four dimensions, 12 months (daily aggregate)", "< 50 ms", scoring, scoring.P95 < 50));
        _report.AppendLine(Row("dashboard: provinces, agency kinds, best/worst points, nationwide (per-point twelve months)", "< 50 ms", dashboard, dashboard.P95 < 50));
        _report.AppendLine(Row("submit: POST /s/{code} under load", "p99 < 100 ms", Timings.Of(submit.Post), submit.P99 < 100));
        _report.AppendLine(Row($"(the survey page: GET /s/{{code}} under load, {submit.Get.PerSecond:N0} pages/s)", "", Timings.Of(submit.Get), true));
        _report.AppendLine();
        _report.AppendLine(CultureInfo.InvariantCulture, $"Submit load: wrk, {options.Concurrency} connections over loopback for {submit.Post.Seconds:N1} s; each answer a new device (its own cookie) at a random point, with a form token issued by the app's SurveyService beforehand, as the page gives it (the page itself is measured apart, above); after {WarmupSeconds} s of the same load, not counted.");
        _report.AppendLine(CultureInfo.InvariantCulture, $"- acknowledged (302 to the thank-you page): {submit.Acknowledged:N0}; other answers: {submit.Failed:N0} (of which \"already answered\" redirects: {submit.Post.Redirects - submit.Post.Acknowledged:N0}, error statuses: {submit.Post.StatusErrors:N0}, socket errors: {submit.Post.SocketErrors:N0})");
        _report.AppendLine(CultureInfo.InvariantCulture, $"- new rows in the database: {submit.Stored:N0}; lost (acknowledged but not stored): {submit.Lost:N0}; stored while their answer was still in flight when wrk stopped: {submit.InFlight:N0}");
        _report.AppendLine(CultureInfo.InvariantCulture, $"- answers per second: **{submit.PerSecond:N0}** (target ≥ 1,000) {(submit.PerSecond >= 1000 ? "met" : "MISSED")}");
        _report.AppendLine(CultureInfo.InvariantCulture, $"- where the CPU went during the submit run: {submit.Cpu} (the rest is wrk); busy database sessions {submit.Waits.ActiveSessions:0.0} on average, {submit.Waits.LockShare:P0} of them waiting on a lock, {submit.Waits.LwLockOrIoShare:P0} on an LWLock or IO");
        _report.AppendLine(CultureInfo.InvariantCulture, $"- daily aggregate grew by {submit.AggregateGrowth:N0} (equals the stored answers: {(submit.AggregateGrowth == submit.Stored ? "yes" : "NO")})");
        _report.AppendLine();
        _report.AppendLine(pass ? "All targets met." : "Not every target met on this run: see the rows above.");
        Directory.CreateDirectory(options.ResultsDirectory);
        var file = Path.Combine(options.ResultsDirectory, $"{started:yyyy-MM-dd}-satisfaction{(options.Small ? "-small" : "")}.md");
        await File.WriteAllTextAsync(file, _report.ToString());
        Console.WriteLine(_report.ToString());
        Console.WriteLine($"[bench] report: {file}");
        return 0;
    }

    private static string Row(string name, string target, Timings t, bool met) =>
        $"| {name} | {target} | {t.P50:N1} ms | {t.P95:N1} ms | {t.P99:N1} ms | {t.Max:N1} ms | {(target.Length == 0 ? "" : met ? "met" : "MISSED")} |";

    private async Task LoadAsync()
    {
        await using var connection = await database.OpenAsync();
        async Task Run(string sql, params (string, object)[] parameters)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            await command.ExecuteNonQueryAsync();
        }

        var today = BuddhistEraDate.ThailandToday(DateTime.UtcNow);
        Console.WriteLine("[bench] loading agencies, points and their codes");
        await Run("""
            INSERT INTO "Agencies" ("NameTh", "Kind", "ProvinceCode", "CreatedAtUtc")
            SELECT 'หน่วยงานทดสอบความพึงพอใจ ' || i, (ARRAY['Ministry','Department','Province','StateEnterprise','LocalGovernment','Other'])[1 + i % 6],
                   p.codes[1 + i % cardinality(p.codes)], now()
            FROM generate_series(1, @n) i, (SELECT array_agg("Code" ORDER BY "Code") AS codes FROM "Provinces") p
            """, ("n", options.SatisfactionPoints));
        await Run("""
            INSERT INTO "ServicePoints" ("AgencyId", "Name", "Address", "ProvinceCode", "DistrictCode", "ServicesOffered", "CreatedAtUtc")
            SELECT a."Id", 'จุดบริการ ' || a."Id", 'ที่อยู่ ' || a."Id", a."ProvinceCode",
                   (SELECT min(d."Code") FROM "Districts" d WHERE d."ProvinceCode" = a."ProvinceCode"), 'ชำระภาษี, ขอใบอนุญาต', now()
            FROM "Agencies" a WHERE a."NameTh" LIKE 'หน่วยงานทดสอบความพึงพอใจ %'
            """);
        await Run("""
            INSERT INTO "SatisfactionLinks" ("ServicePointId", "Token", "IssuedAtUtc")
            SELECT "Id", 'bench' || lpad("Id"::text, 17, '0'), now() FROM "ServicePoints"
            """);
        const int batch = 1_000_000;
        for (var from = 0; from < options.SatisfactionAnswers; from += batch)
        {
            var to = Math.Min(options.SatisfactionAnswers, from + batch);
            Console.WriteLine($"[bench] loading answers {from:N0}–{to:N0}");
            // Deterministic pseudo-random values from the row number: mostly 4s and 5s, some comments, yesterday and before.
            await Run("""
                INSERT INTO "SatisfactionResponses" ("ServicePointId", "Day", "SubmittedAtUtc", "Overall", "Premises", "Personnel", "ServiceProcess", "Other", "Service", "Comment", "Status", "DeviceKey")
                SELECT p.first + ((i::bigint * 7919) % p.count)::int, d.day, d.day + time '09:00' + (i % 480) * interval '1 minute' - interval '7 hours',
                       v.o, v.o, greatest(1, v.o - (i % 2)), least(5, v.o + (i % 3 = 0)::int), CASE WHEN i % 5 = 0 THEN NULL ELSE v.o END,
                       CASE WHEN i % 2 = 0 THEN 'ชำระภาษี' END, CASE WHEN i % 20 = 0 THEN 'ความเห็นจากประชาชนหมายเลข ' || i END, 0,
                       decode(md5(i::text), 'hex')
                FROM generate_series(@from, @to - 1) i
                CROSS JOIN (SELECT min("Id") AS first, count(*) AS count FROM "ServicePoints") p
                CROSS JOIN LATERAL (SELECT (@today::date - 1 - ((i::bigint * 31) % 365)::int) AS day) d
                CROSS JOIN LATERAL (SELECT (CASE WHEN i % 11 = 0 THEN 2 WHEN i % 7 = 0 THEN 3 WHEN i % 3 = 0 THEN 5 ELSE 4 END)::smallint AS o) v
                """, ("from", from), ("to", to), ("today", today));
        }

        Console.WriteLine("[bench] building the aggregates and analysing");
        await Run(SatisfactionAggregates.RebuildSql.Replace("{0}", "@start", StringComparison.Ordinal), ("start", SatisfactionRules.DashboardStart(today)));
        await Run("VACUUM (ANALYZE) \"SatisfactionResponses\", \"SatisfactionDaily\", \"SatisfactionMonthly\", \"SatisfactionLinks\", \"ServicePoints\", \"Agencies\"");
    }

    private async Task<(Timings Scoring, Timings Dashboard)> TimeAggregatesAsync()
    {
        var today = BuddhistEraDate.ThailandToday(DateTime.UtcNow);
        var points = await PointIdsAsync();
        var random = new Random(42);
        var scoring = new List<double>();
        for (var i = 0; i < 220; i++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            var pointId = points[random.Next(points.Count)];
            var watch = Stopwatch.StartNew();
            var sums = await SatisfactionDocuments.SumsAsync(db, [pointId], SatisfactionRules.WindowStart(today));
            watch.Stop();
            if (i >= 20)
            {
                scoring.Add(watch.Elapsed.TotalMilliseconds);
            }

            if (!sums.ContainsKey(pointId))
            {
                throw new InvalidOperationException($"point {pointId} has no answers: the load went wrong");
            }
        }

        var dashboard = new List<double>();
        for (var i = 0; i < 25; i++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var figures = scope.ServiceProvider.GetRequiredService<SatisfactionFigures>();
            var watch = Stopwatch.StartNew();
            var result = await figures.DashboardAsync(key => key, CancellationToken.None);
            watch.Stop();
            if (i >= 5)
            {
                dashboard.Add(watch.Elapsed.TotalMilliseconds);
            }

            if (result.National.Answers == 0)
            {
                throw new InvalidOperationException("the dashboard found no answers");
            }
        }

        Console.WriteLine($"[bench] scoring-form aggregate p95 {Timings.Of(scoring).P95:N1} ms; dashboard p95 {Timings.Of(dashboard).P95:N1} ms");
        return (Timings.Of(scoring), Timings.Of(dashboard));
    }

    private sealed record SubmitResult(Wrk.Run Post, Wrk.Run Get, long Stored, long AggregateGrowth, CpuMeter.Usage Cpu, WaitSampler.Waits Waits)
    {
        public long Acknowledged => Post.Acknowledged;

        public long Failed => Post.Requests - Post.Acknowledged;

        /// <summary>Acknowledged but not stored. (Stored but not acknowledged is an answer still in flight when wrk stopped.)</summary>
        public long Lost => Math.Max(0, Acknowledged - Stored);

        public long InFlight => Math.Max(0, Stored - Acknowledged);

        public double PerSecond => Acknowledged / Post.Seconds;

        public double P99 => Post.P99;
    }

    private const int WarmupSeconds = 5;

    /// <summary>
    /// The survey page, then the submit endpoint, each under wrk. Each answer is a phone of its own
    /// (its own device cookie) with a form token issued by the app's own <see cref="SurveyService"/>,
    /// as the page would have given it: the submits are measured without the page loads in between.
    /// </summary>
    private async Task<SubmitResult> LoadSubmitAsync()
    {
        var points = await PointIdsAsync();
        var random = new Random(7);
        string Code(int point) => "bench" + point.ToString(CultureInfo.InvariantCulture).PadLeft(17, '0');
        var pages = Path.Combine(Path.GetTempPath(), $"gecc-survey-pages-{Guid.NewGuid():N}.tsv");
        var answers = Path.Combine(Path.GetTempPath(), $"gecc-survey-answers-{Guid.NewGuid():N}.tsv");
        var warmup = Path.Combine(Path.GetTempPath(), $"gecc-survey-warmup-{Guid.NewGuid():N}.tsv");
        try
        {
            await File.WriteAllLinesAsync(pages, Enumerable.Range(0, 20_000).Select(_ => $"GET\t/s/{Code(points[random.Next(points.Count)])}\t\t\t"));
            // Enough answers that none is sent twice at 4,000 a second: a repeat would be "already answered".
            var count = Math.Min(options.MaxSubmits, 4_000 * options.LoadSeconds);
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var survey = scope.ServiceProvider.GetRequiredService<SurveyService>();
                await WriteAnswersAsync(survey, warmup, 4_000 * WarmupSeconds);
                await WriteAnswersAsync(survey, answers, count);
            }

            Console.WriteLine($"[bench] survey page under wrk: {options.Concurrency} connections, 10 s");
            var get = await Wrk.RunAsync(app.BaseAddress, pages, options.Concurrency, 10, "");
            // The submit path warmed up first (its code compiled to its final tier), as it is in an instance that has run a while.
            await Wrk.RunAsync(app.BaseAddress, warmup, options.Concurrency, WarmupSeconds, "/s/thanks");
            var rowsBefore = await CountAsync("SatisfactionResponses");
            var aggregateBefore = await ScalarAsync("SELECT coalesce(sum(\"Answers\"), 0) FROM \"SatisfactionDaily\"");
            Console.WriteLine($"[bench] submit under wrk: {options.Concurrency} connections, {options.LoadSeconds} s, {count:N0} prepared answers");
            var postmaster = await database.PostmasterAsync();
            await using var waits = WaitSampler.Start(database);
            var cpu = CpuMeter.Start(postmaster);
            var post = await Wrk.RunAsync(app.BaseAddress, answers, options.Concurrency, options.LoadSeconds, "/s/thanks");
            var usage = cpu.Stop();
            var waited = await waits.StopAsync();
            var stored = await CountAsync("SatisfactionResponses") - rowsBefore;
            var growth = await ScalarAsync("SELECT coalesce(sum(\"Answers\"), 0) FROM \"SatisfactionDaily\"") - aggregateBefore;
            Console.WriteLine($"[bench] {post.Acknowledged:N0} acknowledged of {post.Requests:N0}, {stored:N0} stored in {post.Seconds:N1} s: {post.Acknowledged / post.Seconds:N0}/s");
            return new SubmitResult(post, get, stored, growth, usage, waited);
        }
        finally
        {
            File.Delete(pages);
            File.Delete(answers);
            File.Delete(warmup);
        }

        async Task WriteAnswersAsync(SurveyService survey, string file, int count)
        {
            await using var writer = new StreamWriter(file);
            for (var i = 0; i < count; i++)
            {
                var point = points[random.Next(points.Count)];
                var device = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
                var body = string.Join('&', new Dictionary<string, string>
                {
                    ["Token"] = survey.IssueToken(point, device),
                    ["Overall"] = (1 + random.Next(5)).ToString(CultureInfo.InvariantCulture),
                    ["Premises"] = (1 + random.Next(5)).ToString(CultureInfo.InvariantCulture),
                    ["Personnel"] = "5",
                    ["ServiceProcess"] = "4",
                    ["Other"] = "",
                    ["Service"] = "ชำระภาษี",
                    ["Comment"] = random.Next(10) == 0 ? "ความเห็นระหว่างการทดสอบโหลด" : "",
                    ["Website"] = "",
                }.Select(f => f.Key + "=" + Uri.EscapeDataString(f.Value)));
                await writer.WriteLineAsync($"POST\t/s/{Code(point)}\t{SatisfactionController.DeviceCookie}={device}\t\t{body}");
            }
        }
    }

    private async Task<List<int>> PointIdsAsync()
    {
        await using var connection = await database.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT \"ServicePointId\" FROM \"SatisfactionLinks\" WHERE \"Token\" LIKE 'bench%' ORDER BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<int>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt32(0));
        }

        return ids;
    }

    private Task<long> CountAsync(string table) => ScalarAsync($"SELECT count(*) FROM \"{table}\"");

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await database.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }


    private sealed record Timings(double P50, double P95, double P99, double Max)
    {
        public static Timings Of(Wrk.Run run) => new(run.P50, run.P95, run.P99, run.Max);

        public static Timings Of(IReadOnlyCollection<double> values)
        {
            if (values.Count == 0)
            {
                return new Timings(0, 0, 0, 0);
            }

            var sorted = values.Order().ToArray();
            double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
            return new Timings(Rank(0.5), Rank(0.95), Rank(0.99), sorted[^1]);
        }
    }
}
