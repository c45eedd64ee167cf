using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace GeccAssessment.Bench;

/// <summary>One page's measurements: timings of the timed requests, and what its SQL looked like.</summary>
public sealed record PageResult(
    PageSpec Page, IReadOnlyList<double> Milliseconds, long ResponseBytes, long AllocatedBytesPerRequest,
    int Statements, double DbMilliseconds, IReadOnlyList<StatementPlan> Plans)
{
    public double P50 => Percentile(0.50);

    public double P95 => Percentile(0.95);

    public double Max => Milliseconds.Max();

    public IReadOnlyList<SeqScan> LargeSeqScans => [.. Plans.SelectMany(p => p.LargeSeqScans).Distinct()];

    /// <summary>Nearest-rank percentile: with 20 requests p95 is the 19th fastest.</summary>
    private double Percentile(double p)
    {
        var sorted = Milliseconds.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}

/// <summary>Signs each role in once and requests each page over HTTP: warm-up, timed requests, then one captured request.</summary>
public sealed partial class PageRunner(BenchApp app, PlanInspector plans, BenchOptions options)
{
    private readonly Dictionary<string, HttpClient> _browsers = [];

    public async Task<PageResult> MeasureAsync(PageSpec page)
    {
        var browser = await BrowserForAsync(page.User);
        for (var i = 0; i < options.WarmupRequests; i++)
        {
            await GetAsync(browser, page, capture: false);
        }

        var times = new List<double>();
        long bytes = 0;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        for (var i = 0; i < options.TimedRequests; i++)
        {
            var watch = Stopwatch.StartNew();
            bytes = await GetAsync(browser, page, capture: false);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        var allocated = (GC.GetTotalAllocatedBytes() - allocatedBefore) / options.TimedRequests;

        // One more request, recorded statement by statement; its timing is not counted above.
        await GetAsync(browser, page, capture: true);
        var commands = app.Capture.Take(page.Name);
        var explained = await plans.InspectAsync(commands);
        return new PageResult(page, times, bytes, allocated, commands.Count, commands.Sum(c => c.Duration.TotalMilliseconds), explained);
    }

    private static async Task<long> GetAsync(HttpClient browser, PageSpec page, bool capture)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, page.Url);
        if (capture)
        {
            request.Headers.Add(SqlCapture.Header, page.Name);
        }

        using var response = await browser.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException(
                $"{page.Name}: GET {page.Url} as {page.User.Role} answered {(int)response.StatusCode} {response.Headers.Location}");
        }

        return body.LongLength;
    }

    private async Task<HttpClient> BrowserForAsync(BenchUser user)
    {
        var key = user.Email ?? "";
        if (_browsers.TryGetValue(key, out var browser))
        {
            return browser;
        }

        browser = app.CreateBrowser();
        if (user.Email is { } email)
        {
            var form = await browser.GetStringAsync("/account/login");
            var token = AntiforgeryToken().Match(form).Groups[1].Value;
            using var response = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = email,
                ["Password"] = NationalData.Password,
                ["__RequestVerificationToken"] = token,
            }));
            if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString.Contains("login", StringComparison.OrdinalIgnoreCase) == true)
            {
                throw new InvalidOperationException($"signing in as {email} failed: {(int)response.StatusCode}");
            }
        }

        _browsers[key] = browser;
        return browser;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
