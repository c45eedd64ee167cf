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
    private readonly Dictionary<string, (HttpClient Browser, CookieContainer Cookies)> _browsers = [];

    public async Task<PageResult> MeasureAsync(PageSpec page)
    {
        var browser = await BrowserForAsync(page.User);
        var form = page.FormPage is { } formPage ? await MarkFormAsync(browser, formPage, page.Url) : null;
        for (var i = 0; i < options.WarmupRequests; i++)
        {
            await SendAsync(browser, page, form, i, capture: false);
        }

        var times = new List<double>();
        long bytes = 0;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        for (var i = 0; i < options.TimedRequests; i++)
        {
            var watch = Stopwatch.StartNew();
            bytes = await SendAsync(browser, page, form, i, capture: false);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        var allocated = (GC.GetTotalAllocatedBytes() - allocatedBefore) / options.TimedRequests;

        // One more request, recorded statement by statement; its timing is not counted above.
        await SendAsync(browser, page, form, -1, capture: true);
        var commands = app.Capture.Take(page.Name);
        var explained = await plans.InspectAsync(commands);
        return new PageResult(page, times, bytes, allocated, commands.Count, commands.Sum(c => c.Duration.TotalMilliseconds), explained);
    }

    /// <summary>A GET of the page, or with a form a POST of one new mark (a fresh change id, alternating points) asking for JSON.</summary>
    internal static async Task<long> SendAsync(HttpClient browser, PageSpec page, MarkPost? form, int attempt, bool capture)
    {
        // A query value no page reads makes each GET its own URL: a page the app keeps for a while
        // (the public pages, docs/adr/0016-public-page-cache.md) is still made, timed and captured.
        var url = form is null ? $"{page.Url}{(page.Url.Contains('?', StringComparison.Ordinal) ? '&' : '?')}bench={Guid.NewGuid():N}" : page.Url;
        using var request = new HttpRequestMessage(form is null ? HttpMethod.Get : HttpMethod.Post, url);
        if (form is not null)
        {
            request.Headers.Accept.ParseAdd("application/json");
            request.Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = form.Token,
                ["ChangeId"] = Guid.NewGuid().ToString(),
                ["CriterionId"] = form.CriterionId,
                ["Points"] = attempt % 2 == 0 ? "1" : "0.5",
            });
        }

        if (capture)
        {
            request.Headers.Add(SqlCapture.Header, page.Name);
        }

        using var response = await browser.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException(
                $"{page.Name}: {request.Method} {page.Url} as {page.User.Role} answered {(int)response.StatusCode} {response.Headers.Location}");
        }

        if (form is not null && !System.Text.Encoding.UTF8.GetString(body).Contains("\"saved\":true", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{page.Name}: the mark was not saved: {System.Text.Encoding.UTF8.GetString(body)}");
        }

        return body.LongLength;
    }

    /// <summary>The Cookie header of <paramref name="user"/>'s browser (signed in by <see cref="BrowserForAsync"/>), for wrk.</summary>
    internal string CookieHeader(BenchUser user) => _browsers[user.Email ?? ""].Cookies.GetCookieHeader(app.BaseAddress);

    internal async Task<HttpClient> BrowserForAsync(BenchUser user)
    {
        var key = user.Email ?? "";
        if (_browsers.TryGetValue(key, out var known))
        {
            return known.Browser;
        }

        var cookies = new CookieContainer();
        var browser = app.CreateBrowser(cookies);
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

        _browsers[key] = (browser, cookies);
        return browser;
    }

    /// <summary>The first criterion on the scoring page that takes points, and the page's antiforgery token.</summary>
    internal static async Task<MarkPost> MarkFormAsync(HttpClient browser, string formPage, string action)
    {
        var html = await browser.GetStringAsync(formPage);
        // A page per dimension (ADR 0026): the forms of the other dimensions' pages too, so the marks
        // spread over every criterion of the form as before.
        foreach (var sibling in DimensionPage().Matches(html).Select(m => m.Groups[1].Value).Distinct().ToList())
        {
            html += await browser.GetStringAsync(sibling);
        }

        foreach (Match match in FormBlock().Matches(html))
        {
            var block = match.Value;
            if (block.Contains($"action=\"{action}\"", StringComparison.Ordinal) && block.Contains("name=\"Points\"", StringComparison.Ordinal)
                && CriterionField().Match(block) is { Success: true } criterion)
            {
                var all = FormBlock().Matches(html).Select(m => m.Value)
                    .Where(b => b.Contains($"action=\"{action}\"", StringComparison.Ordinal) && b.Contains("name=\"Points\"", StringComparison.Ordinal))
                    .Select(b => CriterionField().Match(b)).Where(m => m.Success).Select(m => m.Groups[1].Value).Distinct().ToList();
                return new MarkPost(AntiforgeryToken().Match(html).Groups[1].Value, criterion.Groups[1].Value) { CriterionIds = all };
            }
        }

        throw new InvalidOperationException($"{formPage} has no form posting points to {action}");
    }

    internal sealed record MarkPost(string Token, string CriterionId)
    {
        /// <summary>Every criterion on the form that takes points (the load spreads its marks over them).</summary>
        public IReadOnlyList<string> CriterionIds { get; init; } = [CriterionId];
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("<form[^>]*>.*?</form>", RegexOptions.Singleline)]
    private static partial Regex FormBlock();

    [GeneratedRegex("name=\"CriterionId\" value=\"(\\d+)\"")]
    private static partial Regex CriterionField();

    [GeneratedRegex("href=\"(/assessments/score/\\d+/[a-z]+)\" data-page")]
    private static partial Regex DimensionPage();
}
