using System.Net;
using System.Text.RegularExpressions;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;

namespace GeccAssessment.Tests.Features.Security;

public partial class SecurityHeadersTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    [Theory]
    [InlineData("/account/login")]
    [InlineData("/centres")]
    [InlineData("/no-such-page")]
    public async Task Every_response_carries_the_security_headers(string url)
    {
        var response = await app.CreateBrowser().GetAsync(url);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task Https_responses_outside_development_carry_hsts_for_a_year()
    {
        // The test host runs as "Testing", i.e. not Development; HSTS is never sent for localhost.
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://gecc.example.go.th"),
            AllowAutoRedirect = false,
        });
        var response = await client.GetAsync("/account/login");
        var hsts = response.Headers.GetValues("Strict-Transport-Security").Single();
        Assert.Contains("max-age=31536000", hsts);
        Assert.Contains("includeSubDomains", hsts);

        var plain = await app.CreateBrowser().GetAsync("/account/login");
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"), "HSTS only means something over HTTPS");
    }

    [Fact]
    public async Task Pages_have_no_inline_script_or_style_so_the_policy_holds()
    {
        var email = $"sec-{Guid.NewGuid():N}@headers.test";
        await app.CreateUserAsync(email, Roles.Secretariat);
        var client = app.CreateBrowser();
        await client.SignInOrFailAsync(email);
        foreach (var url in new[] { "/", "/screening", "/cycles", "/subcommittees", "/assessments", "/certificates", "/dashboard", "/users", "/audit", "/centres" })
        {
            var html = await client.GetStringAsync(url);
            Assert.DoesNotMatch(InlineScript(), html);
            Assert.DoesNotMatch(InlineStyleOrHandler(), html);
        }
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"\s(style|on[a-z]+)=""", RegexOptions.IgnoreCase)]
    private static partial Regex InlineStyleOrHandler();
}

/// <summary>A factory whose sign-in limit is low enough to reach in a test.</summary>
public sealed class LowRateLimitFactory : GeccAppFactory
{
    protected override string RateLimitPerMinute => "3";
}

public class RateLimitTests(LowRateLimitFactory app) : IClassFixture<LowRateLimitFactory>
{
    [Fact]
    public async Task Sign_in_attempts_beyond_the_limit_get_429_with_a_Thai_page()
    {
        var client = app.CreateBrowser();
        for (var i = 0; i < 3; i++)
        {
            var response = await client.SignInAsync($"nobody{i}@limit.test", "wrong-password-1");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var refused = await client.SignInAsync("nobody@limit.test", "wrong-password-1");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("บ่อยเกินไป", HtmlForms.TextOf(await HtmlForms.ParseAsync(refused)));

        // Reading pages is not limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
    }
}

/// <summary>The app as deployed by docker-compose.yml: behind a TLS-terminating proxy that forwards the client's address and scheme.</summary>
public sealed class BehindProxyFactory : GeccAppFactory
{
    protected override string RateLimitPerMinute => "3";

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("FORWARDEDHEADERS_ENABLED", "true"); // ASPNETCORE_FORWARDEDHEADERS_ENABLED in docker-compose.yml
    }
}

public class BehindProxyTests(BehindProxyFactory app) : IClassFixture<BehindProxyFactory>
{
    private static HttpRequestMessage Forwarded(HttpMethod method, string url, string clientAddress)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Host = "gecc.example.go.th";
        request.Headers.Add("X-Forwarded-For", clientAddress);
        request.Headers.Add("X-Forwarded-Proto", "https");
        return request;
    }

    /// <summary>Wrong sign-ins forwarded by the proxy as from these client addresses, each answered with its status.</summary>
    private async Task<Func<string, Task<HttpStatusCode>>> WrongSignInsAsync(string email, Action<HttpResponseMessage>? firstPage = null)
    {
        // Cookies by hand: the antiforgery cookie is Secure (the app sees HTTPS) and the test client talks plain HTTP.
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        var page = await client.SendAsync(Forwarded(HttpMethod.Get, "/account/login", "192.0.2.1"));
        firstPage?.Invoke(page);
        var cookies = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));

        var document = await HtmlForms.ParseAsync(page);
        var fields = HtmlForms.FieldsOf(document, "form[action='/account/login']")
            .With("__RequestVerificationToken", ((AngleSharp.Html.Dom.IHtmlInputElement)document.QuerySelector("input[name=__RequestVerificationToken]")!).Value)
            .With("Email", email).With("Password", "wrong-password-1");
        return async address =>
        {
            var request = Forwarded(HttpMethod.Post, "/account/login", address);
            request.Headers.Add("Cookie", cookies);
            request.Content = new FormUrlEncodedContent(fields);
            return (await client.SendAsync(request)).StatusCode;
        };
    }

    [Fact]
    public async Task Https_at_the_proxy_gives_hsts_and_each_client_has_its_own_sign_in_limit()
    {
        var signInFromAsync = await WrongSignInsAsync("nobody@proxy.test",
            page => Assert.Contains("max-age=31536000", page.Headers.GetValues("Strict-Transport-Security").Single()));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await signInFromAsync("203.0.113.10"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await signInFromAsync("203.0.113.10"));
        // Another office behind the same proxy is not held up by the first.
        Assert.Equal(HttpStatusCode.OK, await signInFromAsync("198.51.100.20"));
    }

    /// <summary>
    /// A phone on IPv6 holds a /64 and may take a new address in it for every request: the limit counts
    /// the block, so a guessing script cannot walk around it; the next block is someone else.
    /// </summary>
    [Fact]
    public async Task Addresses_of_one_ipv6_block_share_one_sign_in_limit()
    {
        var signInFromAsync = await WrongSignInsAsync("nobody-v6@proxy.test");

        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await signInFromAsync($"2001:db8:77:1::{i}"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await signInFromAsync("2001:db8:77:1:ffff::9"));
        Assert.Equal(HttpStatusCode.OK, await signInFromAsync("2001:db8:77:2::1"));
    }
}
