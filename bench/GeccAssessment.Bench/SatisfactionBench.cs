using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
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
public sealed partial class SatisfactionBench(BenchOptions options, BenchDatabase database, BenchApp app)
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
        _report.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}. The app and the load generator share this process and these cores; PostgreSQL runs beside them (fsync off, throwaway cluster).");
        _report.AppendLine(CultureInfo.InvariantCulture, $"Load average (1, 5, 15 min) before: {loadBefore}; after: {loadAfter} (the machine is shared with other work).");
        _report.AppendLine();
        _report.AppendLine(CultureInfo.InvariantCulture, $"Data: {options.SatisfactionAnswers:N0} answers over the last 365 days for {options.SatisfactionPoints:N0} service points in 77 provinces, loaded in {loadTime.TotalSeconds:N0} s; {await CountAsync("SatisfactionDaily"):N0} daily and {await CountAsync("SatisfactionMonthly"):N0} monthly aggregate rows.");
        _report.AppendLine();
        _report.AppendLine("| measure | target | p50 | p95 | p99 | max | result |");
        _report.AppendLine("|---|---|---|---|---|---|---|");
        _report.AppendLine(Row("scoring form: one point's four dimensions, 12 months (daily aggregate)", "< 50 ms", scoring, scoring.P95 < 50));
        _report.AppendLine(Row("dashboard: provinces, agency kinds, best/worst points, nationwide (monthly aggregate)", "< 50 ms", dashboard, dashboard.P95 < 50));
        _report.AppendLine(Row("submit: POST /s/{code} under load", "p99 < 100 ms", submit.Post, submit.P99 < 100));
        _report.AppendLine(Row("(the survey page GET before each answer)", "", submit.Get, true));
        _report.AppendLine();
        _report.AppendLine(CultureInfo.InvariantCulture, $"Submit load: {options.Concurrency} concurrent phones over loopback for {submit.Elapsed.TotalSeconds:N1} s, each answer = GET the page (form token, cookies) + POST; each phone a new device, random points.");
        _report.AppendLine(CultureInfo.InvariantCulture, $"- acknowledged (302 to the thank-you page): {submit.Acknowledged:N0}; other answers: {submit.Failed:N0}");
        _report.AppendLine(CultureInfo.InvariantCulture, $"- new rows in the database: {submit.Stored:N0}; lost (acknowledged but not stored): {submit.Lost:N0}");
        _report.AppendLine(CultureInfo.InvariantCulture, $"- answers per second (wall clock, page loads included): **{submit.PerSecond:N0}** (target ≥ 1,000) {(submit.PerSecond >= 1000 ? "met" : "MISSED")}");
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
        await Run(SatisfactionAggregates.RebuildSql);
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

    private sealed record SubmitResult(Timings Post, Timings Get, TimeSpan Elapsed, long Acknowledged, long Failed, long Stored, long AggregateGrowth)
    {
        public long Lost => Acknowledged - Stored;

        public double PerSecond => Acknowledged / Elapsed.TotalSeconds;

        public double P99 => Post.P99;
    }

    private async Task<SubmitResult> LoadSubmitAsync()
    {
        var points = await PointIdsAsync();
        var rowsBefore = await CountAsync("SatisfactionResponses");
        var aggregateBefore = await ScalarAsync("SELECT coalesce(sum(\"Answers\"), 0) FROM \"SatisfactionDaily\"");
        // One connection pool for every phone (as many phones behind a carrier's network); cookies by hand, per phone.
        using var handler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, MaxConnectionsPerServer = options.Concurrency * 2 };
        using var client = new HttpClient(handler) { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var posts = new ConcurrentBag<double>();
        var gets = new ConcurrentBag<double>();
        long acknowledged = 0, failed = 0, started = 0;
        var deadline = Stopwatch.StartNew();
        Console.WriteLine($"[bench] submit load: {options.Concurrency} phones, at most {options.LoadSeconds} s or {options.MaxSubmits:N0} answers");
        var workers = Enumerable.Range(0, options.Concurrency).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            while (deadline.Elapsed.TotalSeconds < options.LoadSeconds && Interlocked.Increment(ref started) <= options.MaxSubmits)
            {
                var code = "bench" + points[random.Next(points.Count)].ToString(CultureInfo.InvariantCulture).PadLeft(17, '0');
                try
                {
                    var watch = Stopwatch.StartNew();
                    using var page = await client.GetAsync("/s/" + code);
                    var html = await page.Content.ReadAsStringAsync();
                    gets.Add(watch.Elapsed.TotalMilliseconds);
                    var cookies = string.Join("; ", page.Headers.TryGetValues("Set-Cookie", out var set) ? set.Select(c => c.Split(';')[0]) : []);
                    var form = new FormUrlEncodedContent(new Dictionary<string, string>
                    {
                        ["__RequestVerificationToken"] = AntiforgeryToken().Match(html).Groups[1].Value,
                        ["Token"] = FormToken().Match(html).Groups[1].Value,
                        ["Overall"] = (1 + random.Next(5)).ToString(CultureInfo.InvariantCulture),
                        ["Premises"] = (1 + random.Next(5)).ToString(CultureInfo.InvariantCulture),
                        ["Personnel"] = "5",
                        ["ServiceProcess"] = "4",
                        ["Other"] = "",
                        ["Service"] = "ชำระภาษี",
                        ["Comment"] = random.Next(10) == 0 ? "ความเห็นระหว่างการทดสอบโหลด" : "",
                        ["Website"] = "",
                    });
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/s/" + code) { Content = form };
                    request.Headers.Add("Cookie", cookies);
                    watch.Restart();
                    using var answer = await client.SendAsync(request);
                    posts.Add(watch.Elapsed.TotalMilliseconds);
                    if (answer.StatusCode == HttpStatusCode.Redirect && answer.Headers.Location?.OriginalString == "/s/thanks")
                    {
                        Interlocked.Increment(ref acknowledged);
                    }
                    else
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        })).ToList();
        await Task.WhenAll(workers);
        var elapsed = deadline.Elapsed;
        var stored = await CountAsync("SatisfactionResponses") - rowsBefore;
        var growth = await ScalarAsync("SELECT coalesce(sum(\"Answers\"), 0) FROM \"SatisfactionDaily\"") - aggregateBefore;
        Console.WriteLine($"[bench] {acknowledged:N0} acknowledged, {failed:N0} other, {stored:N0} stored in {elapsed.TotalSeconds:N1} s: {acknowledged / elapsed.TotalSeconds:N0}/s");
        return new SubmitResult(Timings.Of([.. posts]), Timings.Of([.. gets]), elapsed, acknowledged, failed, stored, growth);
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

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("name=\"Token\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    private sealed record Timings(double P50, double P95, double P99, double Max)
    {
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
