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
/// Chromium from CHROME_PATH.
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
        var rows = new List<(string Name, string Url, Dictionary<string, int?> Scores, string? Error)>();
        foreach (var (name, email, url) in pages)
        {
            var cookie = email is null ? null : await SignInCookieAsync(email);
            var (scores, error) = await ScoreAsync(lighthouse, new Uri(app.BaseAddress, url).ToString(), cookie);
            rows.Add((name, url, scores, error));
            Console.WriteLine($"[bench] lighthouse {name}: " + (error ?? string.Join(", ", Categories.Select(c => $"{c} {scores.GetValueOrDefault(c)?.ToString(CultureInfo.InvariantCulture) ?? "–"}"))));
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

    private static async Task<(Dictionary<string, int?> Scores, string? Error)> ScoreAsync(string lighthouse, string url, string? cookie)
    {
        var report = Path.GetTempFileName();
        var start = new ProcessStartInfo(lighthouse) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[]
        {
            url, "--quiet", "--output=json", "--output-path=" + report, "--only-categories=" + string.Join(',', Categories),
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
                return ([], $"lighthouse failed ({process.ExitCode}): {(await errors).Trim().Split('\n').LastOrDefault()}");
            }

            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report));
            var categories = json.RootElement.GetProperty("categories");
            return (Categories.ToDictionary(c => c, c => categories.TryGetProperty(c, out var category) && category.GetProperty("score").ValueKind == JsonValueKind.Number
                ? (int?)Math.Round(category.GetProperty("score").GetDouble() * 100)
                : null), null);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return ([], $"lighthouse could not start ({lighthouse}): {e.Message}");
        }
        finally
        {
            File.Delete(report);
        }
    }

    private static string Markdown(DateTime started, string scale, string loadAverage, IEnumerable<(string Name, string Url, Dictionary<string, int?> Scores, string? Error)> rows)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Lighthouse (mobile), {started:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Made by `./gecc bench --lighthouse` on the bench's own data ({scale} data set), each page opened as the role that uses it.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Load average when the report was written: {loadAverage} (performance scores fall on a busy machine).");
        text.AppendLine("Targets (issue 15): performance ≥ 90; accessibility, best practices and SEO 100. A score below its target is in **bold**.");
        text.AppendLine();
        text.AppendLine("| page | address | performance | accessibility | best practices | SEO |");
        text.AppendLine("|---|---|---:|---:|---:|---:|");
        foreach (var (name, url, scores, error) in rows)
        {
            var cells = error is not null
                ? string.Join(" | ", Categories.Select(_ => "–")) + " (" + error.Replace("|", "/", StringComparison.Ordinal) + ")"
                : string.Join(" | ", Categories.Select(c => scores.GetValueOrDefault(c) is { } s
                    ? (s < Wanted[c] ? $"**{s}**" : s.ToString(CultureInfo.InvariantCulture))
                    : "–"));
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | `{Regex.Replace(url, @"\d{3,}", "{n}")}` | {cells} |");
        }

        return text.ToString();
    }
}
