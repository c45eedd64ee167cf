using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace GeccAssessment.Bench;

/// <summary>
/// <c>--lighthouse</c>: Lighthouse (mobile, its default) on the pages the issue names, each opened as the
/// role that uses it (the sign-in cookie is sent as an extra header). Scores go to bench/results.
/// The Lighthouse command comes from GECC_LIGHTHOUSE (./gecc installs npm "lighthouse" and sets it),
/// Chromium from CHROME_PATH. Beside the scores, the report gives the metrics behind the performance score
/// (so that what limits a page shows), and each page's full Lighthouse JSON is kept in the temp folder.
/// </summary>
public sealed class LighthouseRun(BenchApp app, PageTargets targets, BenchOptions options, PageRunner runner)
{
    private static readonly string[] Categories = ["performance", "accessibility", "best-practices", "seo"];

    /// <summary>What the issue asks for: at least these scores on every page.</summary>
    private static readonly Dictionary<string, int> Wanted = new() { ["performance"] = 90, ["accessibility"] = 100, ["best-practices"] = 100, ["seo"] = 100 };

    public async Task<int> RunAsync(DateTime started)
    {
        var lighthouse = Environment.GetEnvironmentVariable("GECC_LIGHTHOUSE") is { Length: > 0 } path ? path : "lighthouse";
        var pages = new (string Name, string? Email, string Url)[]
        {
            ("sign-in", null, "/account/login"),
            ("public: centres", null, "/centres"),
            ("public: verify a certificate", null, $"/verify/{targets.CertificateNumber}"),
            ("assessment: scoring form", targets.AssessorEmail, $"/assessments/score/{targets.ScoringAssessmentId}"),
            ("decisions", NationalData.CommitteeEmail, $"/decisions?cycle={targets.CycleId}"),
            ("dashboard", NationalData.CommitteeEmail, $"/dashboard?cycle={targets.CycleId}"),
        };
        var rows = new List<Row>();
        foreach (var (name, email, url) in pages.Where(p => options.Only is null || options.Only.Any(o => p.Name.Contains(o, StringComparison.OrdinalIgnoreCase))))
        {
            var cookie = email is null ? null : await SignInCookieAsync(email);
            // Lighthouse's own advice for a score that moves from run to run: run it several times and keep
            // the median run. On this 2-core machine the page's main thread shares the cores with the browser's
            // other processes, Lighthouse and the app, and a task it waits for is counted as blocking.
            var runs = new List<Row>();
            for (var run = 1; run <= options.LighthouseRuns; run++)
            {
                var one = await ScoreAsync(lighthouse, name, url, new Uri(app.BaseAddress, url).ToString(), cookie, run);
                runs.Add(one);
                Console.WriteLine($"[bench] lighthouse {name} (run {run}): " + (one.Error ?? string.Join(", ", Categories.Select(c => $"{c} {one.Scores.GetValueOrDefault(c)?.ToString(CultureInfo.InvariantCulture) ?? "–"}"))
                    + "; " + string.Join(", ", Metrics.Select(m => $"{m.Heading} {Cell(one.Metrics, m)}")) + (one.Json is null ? "" : $" ({one.Json})")));
            }

            var scored = runs.Where(r => r.Error is null).OrderBy(r => r.Scores.GetValueOrDefault("performance") ?? 0).ToList();
            var row = scored.Count > 0 ? scored[(scored.Count - 1) / 2] : runs[0];
            rows.Add(row with { Runs = runs.Select(r => r.Scores.GetValueOrDefault("performance")).ToList() });
        }

        Directory.CreateDirectory(options.ResultsDirectory);
        var file = Path.Combine(options.ResultsDirectory, $"{started:yyyy-MM-dd}-lighthouse.md");
        await File.WriteAllTextAsync(file, Markdown(started, options.ScaleName, ProcessMemory.LoadAverage(), rows));
        Console.WriteLine($"[bench] written: {file}");
        var short_ = rows.Count(r => r.Error is not null || Wanted.Any(w => (r.Scores.GetValueOrDefault(w.Key) ?? 0) < w.Value));
        Console.WriteLine(short_ == 0 ? "[bench] every page meets the Lighthouse targets" : $"[bench] {short_} of {rows.Count} pages miss a Lighthouse target");
        return 0;
    }

    /// <summary>Signs in as the bench's pages do, and gives the browser's Cookie header.</summary>
    private async Task<string> SignInCookieAsync(string email)
    {
        var user = new BenchUser("", email);
        await runner.BrowserForAsync(user);
        return runner.CookieHeader(user);
    }

    private static async Task<Row> ScoreAsync(string lighthouse, string name, string path, string url, string? cookie, int run)
    {
        // Kept after the run: the JSON says what each audit found (opportunities, the largest element, the
        // shifts), and beside it the trace of the page's load (--save-assets).
        var report = Path.Combine(Path.GetTempPath(), "gecc-lighthouse-" + Regex.Replace(name, "[^a-z]+", "-") + $"-run{run}.json");
        var start = new ProcessStartInfo(lighthouse) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[]
        {
            url, "--quiet", "--output=json", "--output-path=" + report, "--save-assets", "--only-categories=" + string.Join(',', Categories),
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
        })
        {
            start.ArgumentList.Add(argument);
        }

        if (cookie is not null)
        {
            start.ArgumentList.Add("--extra-headers=" + JsonSerializer.Serialize(new Dictionary<string, string> { ["Cookie"] = cookie }));
        }

        try
        {
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                return new Row(name, path, [], [], $"lighthouse failed ({process.ExitCode}): {(await errors).Trim().Split('\n').LastOrDefault()}", null);
            }

            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report));
            var categories = json.RootElement.GetProperty("categories");
            var audits = json.RootElement.GetProperty("audits");
            return new Row(
                name,
                path,
                Categories.ToDictionary(c => c, c => categories.TryGetProperty(c, out var category) && category.GetProperty("score").ValueKind == JsonValueKind.Number
                    ? (int?)Math.Round(category.GetProperty("score").GetDouble() * 100)
                    : null),
                Metrics.ToDictionary(m => m.Audit, m => new[] { m.Audit, m.Audit + "-insight" }
                    .Select(id => audits.TryGetProperty(id, out var audit) && audit.TryGetProperty("numericValue", out var value) && value.ValueKind == JsonValueKind.Number
                        ? (double?)value.GetDouble()
                        : null)
                    .FirstOrDefault(v => v is not null)),
                null,
                report);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new Row(name, path, [], [], $"lighthouse could not start ({lighthouse}): {e.Message}", null);
        }
    }

    /// <summary>
    /// The metrics the performance score is made of (Lighthouse 13: FCP 10 %, SI 10 %, LCP 25 %, TBT 30 %, CLS 25 %),
    /// and the page's weight: which of them is poor says what limits the page. Lighthouse 13 gives the DOM
    /// size as the insight "dom-size-insight" (older versions as "dom-size"): either is read.
    /// </summary>
    private static readonly Metric[] Metrics =
    [
        new("first-contentful-paint", "FCP", MetricUnit.Milliseconds),
        new("largest-contentful-paint", "LCP", MetricUnit.Milliseconds),
        new("total-blocking-time", "TBT", MetricUnit.Milliseconds),
        new("cumulative-layout-shift", "CLS", MetricUnit.Unitless),
        new("speed-index", "Speed Index", MetricUnit.Milliseconds),
        new("total-byte-weight", "transfer", MetricUnit.Bytes),
        new("dom-size", "DOM elements", MetricUnit.Count),
    ];

    private static string Cell(Dictionary<string, double?> metrics, Metric metric) => metrics.GetValueOrDefault(metric.Audit) is not { } value
        ? "–"
        : metric.Unit switch
        {
            MetricUnit.Milliseconds => (value / 1000).ToString("0.0", CultureInfo.InvariantCulture) + " s",
            MetricUnit.Unitless => value.ToString("0.000", CultureInfo.InvariantCulture),
            MetricUnit.Bytes => (value / 1024).ToString("#,0", CultureInfo.InvariantCulture) + " KiB",
            _ => value.ToString("#,0", CultureInfo.InvariantCulture),
        };

    private sealed record Row(string Name, string Url, Dictionary<string, int?> Scores, Dictionary<string, double?> Metrics, string? Error, string? Json)
    {
        /// <summary>The performance score of every run of the page, in order; the row is the median run.</summary>
        public IReadOnlyList<int?> Runs { get; init; } = [];
    }

    private sealed record Metric(string Audit, string Heading, MetricUnit Unit);

    private enum MetricUnit
    {
        Milliseconds,
        Unitless,
        Bytes,
        Count,
    }

    private static string Markdown(DateTime started, string scale, string loadAverage, IReadOnlyList<Row> rows)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Lighthouse (mobile), {started:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Made by `./gecc bench --lighthouse` on the bench's own data ({scale} data set), each page opened as the role that uses it.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Load average when the report was written: {loadAverage} (performance scores fall on a busy machine).");
        text.AppendLine("Targets (issue 15): performance ≥ 90; accessibility, best practices and SEO 100. A score below its target is in **bold**.");
        text.AppendLine();
        text.AppendLine("Each page was run several times; its row is the median run by performance, and \"runs\" gives every run's performance score.");
        text.AppendLine();
        text.AppendLine("| page | address | performance | accessibility | best practices | SEO | runs |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---|");
        foreach (var row in rows)
        {
            var (name, url, scores, _, error, _) = row;
            var cells = error is not null
                ? string.Join(" | ", Categories.Select(_ => "–")) + " (" + error.Replace("|", "/", StringComparison.Ordinal) + ")"
                : string.Join(" | ", Categories.Select(c => scores.GetValueOrDefault(c) is { } s
                    ? (s < Wanted[c] ? $"**{s}**" : s.ToString(CultureInfo.InvariantCulture))
                    : "–"));
            var runs = string.Join(", ", row.Runs.Select(r => r?.ToString(CultureInfo.InvariantCulture) ?? "–"));
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | `{Regex.Replace(url, @"\d{3,}", "{n}")}` | {cells} | {runs} |");
        }

        // Lighthouse's simulated slow 4G on a mid-range phone: what a metric's "good" is in its scoring.
        text.AppendLine();
        text.AppendLine("What the performance score is made of (Lighthouse 13 weights: FCP 10 %, LCP 25 %, TBT 30 %, CLS 25 %, Speed Index 10 %;");
        text.AppendLine("good on mobile: FCP ≤ 1.8 s, LCP ≤ 2.5 s, TBT ≤ 200 ms, CLS ≤ 0.1, Speed Index ≤ 3.4 s), with the page's transfer size and DOM size:");
        text.AppendLine();
        text.AppendLine("| page | " + string.Join(" | ", Metrics.Select(m => m.Heading)) + " |");
        text.AppendLine("|---|" + string.Concat(Metrics.Select(_ => "---:|")));
        foreach (var row in rows.Where(r => r.Error is null))
        {
            text.AppendLine("| " + row.Name + " | " + string.Join(" | ", Metrics.Select(m => Cell(row.Metrics, m))) + " |");
        }

        return text.ToString();
    }
}
