using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using GeccAssessment.Tests.Features.Assessments;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Serilog.Events;

namespace GeccAssessment.Tests.Features.Security;

/// <summary>Bad input answered plainly (400, a Thai message), never by a 500 from deeper down.</summary>
public class InputGuardTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static async Task AssertThaiBadRequestAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("คำขอไม่ถูกต้อง", HtmlForms.TextOf(await HtmlForms.ParseAsync(response)));
    }

    /// <remarks>A NUL in the path itself never reaches the app: the server refuses it while decoding the URL.</remarks>
    [Theory]
    [InlineData("/centres?province=%00")]
    [InlineData("/centres?q=abc%00def")]
    [InlineData("/centres?%00=1")]
    [InlineData("/verify/GECC-2563?n=%00")]
    public async Task A_nul_byte_anywhere_in_the_url_gets_the_thai_400_page_even_anonymously(string url) =>
        await AssertThaiBadRequestAsync(await app.CreateBrowser().GetAsync(url));

    [Fact]
    public async Task A_nul_byte_in_a_posted_form_or_a_signed_in_filter_gets_the_thai_400_page()
    {
        var anonymous = app.CreateBrowser();
        await AssertThaiBadRequestAsync(await anonymous.SubmitFormAsync("/account/login", "form[action='/account/login']",
            new Dictionary<string, string> { ["Email"] = "some\0one@nul.test", ["Password"] = "wrong-password-1" }));

        var email = $"sec-{Guid.NewGuid():N}@nul.test";
        await app.CreateUserAsync(email, Roles.Secretariat);
        var secretariat = app.CreateBrowser();
        await secretariat.SignInOrFailAsync(email);
        await AssertThaiBadRequestAsync(await secretariat.GetAsync("/screening?q=%00"));
        await AssertThaiBadRequestAsync(await secretariat.GetAsync("/cycles?status=%00"));
        // Ordinary Thai text passes.
        Assert.Equal(HttpStatusCode.OK, (await secretariat.GetAsync("/centres?province=%E0%B8%81")).StatusCode);
    }

    [Theory]
    [InlineData("/ก", "/%E0%B8%81")]
    [InlineData("/%E0%B8%81", "/%E0%B8%81")]
    [InlineData("/centres?q=ศูนย์", "/centres?q=%E0%B8%A8%E0%B8%B9%E0%B8%99%E0%B8%A2%E0%B9%8C")]
    [InlineData("//evil.example/ก", "/")]
    [InlineData("https://evil.example/", "/")]
    public async Task Sign_in_with_a_thai_or_foreign_return_url_keeps_the_sign_in_and_lands_safely(string returnUrl, string expected)
    {
        var email = $"sec-{Guid.NewGuid():N}@return.test";
        await app.CreateUserAsync(email, Roles.Secretariat);
        var client = app.CreateBrowser();

        var response = await client.SubmitFormAsync("/account/login", "form[action='/account/login']",
            new Dictionary<string, string> { ["Email"] = email, ["Password"] = GeccAppFactory.Password, ["ReturnUrl"] = returnUrl });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/screening")).StatusCode); // still signed in
    }

    [Fact]
    public async Task The_language_switch_with_a_thai_return_url_lands_on_that_page()
    {
        var client = app.CreateBrowser();
        var response = await client.SubmitFormAsync("/account/login", "form[action='/culture/set']",
            new Dictionary<string, string> { ["returnUrl"] = "/ก" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/%E0%B8%81", response.Headers.Location!.OriginalString);
        Assert.Contains("lang=\"en\"", await client.GetStringAsync("/account/login"));
    }

    [Fact]
    public async Task A_schedule_date_outside_the_sensible_range_is_refused_in_thai_and_nothing_is_saved()
    {
        var scene = await AssessmentSteps.ArrangeAsync(app);
        var chair = await AssessmentSteps.SignedInAsync(app, scene.Chair);
        await AssessmentSteps.DeclareAsync(chair, scene.AssessmentId, conflict: false);
        foreach (var date in new[] { "0001-01-01", "9999-12-31" })
        {
            var response = await AssessmentSteps.PostPageFormAsync(chair, $"/assessments/show/{I(scene.AssessmentId)}", "form[action$='/schedule/" + I(scene.AssessmentId) + "']",
                new Dictionary<string, string> { ["PreliminaryDate"] = date, ["PreliminaryTime"] = "09:30", ["OnSiteDate"] = "", ["OnSiteTime"] = "" });

            // The page comes back with the message and what was typed.
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await HtmlForms.ParseAsync(response);
            Assert.Contains("วันที่ ต้องอยู่ระหว่าง 1 มกราคม พ.ศ. 2543 ถึง 31 ธันวาคม พ.ศ. 2700", HtmlForms.TextOf(page));
            Assert.Equal(date, page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#PreliminaryDate")!.Value);
        }

        Assert.Null(await app.WithDbAsync(db => db.Assessments.Where(a => a.Id == scene.AssessmentId).Select(a => a.PreliminaryAtUtc).SingleAsync()));
    }

    [Fact]
    public async Task Cycle_dates_outside_the_sensible_range_are_refused_in_thai_and_no_cycle_is_made()
    {
        var email = $"sec-{Guid.NewGuid():N}@dates.test";
        await app.CreateUserAsync(email, Roles.Secretariat);
        var secretariat = app.CreateBrowser();
        await secretariat.SignInOrFailAsync(email);
        var title = "รอบทดสอบวันที่ " + Guid.NewGuid().ToString("N")[..6];

        var response = await secretariat.SubmitFormAsync("/cycles/create", "form[action='/cycles/save']", new Dictionary<string, string>
        {
            ["BuddhistYear"] = "2699",
            ["Title"] = title,
            ["ApplicationOpensOn"] = "0001-01-01",
            ["ApplicationClosesOn"] = "2027-01-31",
            ["AssessmentStartsOn"] = "2027-03-01",
            ["AssessmentEndsOn"] = "9999-12-31",
            ["CertificateValidityYears"] = "3",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        Assert.Contains("ต้องอยู่ระหว่าง 1 มกราคม พ.ศ. 2543 ถึง 31 ธันวาคม พ.ศ. 2700", page.QuerySelector("[data-valmsg-for='ApplicationOpensOn']")!.TextContent);
        Assert.Contains("ต้องอยู่ระหว่าง", page.QuerySelector("[data-valmsg-for='AssessmentEndsOn']")!.TextContent);
        Assert.Equal(title, page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=Title]")!.Value); // nothing typed is lost
        Assert.False(await app.WithDbAsync(db => db.Cycles.AnyAsync(c => c.Title == title)));
    }

    [Fact]
    public async Task Over_https_every_cookie_is_secure()
    {
        var email = $"sec-{Guid.NewGuid():N}@cookies.test";
        await app.CreateUserAsync(email, Roles.Secretariat);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });
        var setCookies = new List<string>();
        void Collect(HttpResponseMessage response) =>
            setCookies.AddRange(response.Headers.TryGetValues("Set-Cookie", out var values) ? values : []);

        var login = await client.GetAsync("/account/login");
        Collect(login);
        var page = await HtmlForms.ParseAsync(login);
        Collect(await client.SubmitFormAsync(page, "form[action='/culture/set']", new Dictionary<string, string>()));
        Collect(await client.SubmitFormAsync("/account/login", "form[action='/account/login']",
            new Dictionary<string, string> { ["Email"] = email, ["Password"] = GeccAppFactory.Password }));

        Assert.Contains(setCookies, c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains(setCookies, c => c.StartsWith(".AspNetCore.Culture", StringComparison.Ordinal));
        Assert.Contains(setCookies, c => c.StartsWith("gecc.auth", StringComparison.Ordinal));
        Assert.All(setCookies, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Evidence_is_served_sandboxed_and_never_stored_by_a_cache()
    {
        var scene = await AssessmentSteps.ArrangeAsync(app);
        var fileId = await TestData.CreateEvidenceFileAsync(app, scene.Application.Id, scene.Cycle.EvidenceId, "คู่มือ.pdf");
        var secretariat = await AssessmentSteps.SignedInAsync(app, scene.Secretariat);

        foreach (var url in new[] { $"/evidence/{I(fileId)}?inline=true", $"/evidence/{I(fileId)}" })
        {
            var response = await secretariat.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.StartsWith("sandbox", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.True(response.Headers.CacheControl?.NoStore, url);
        }

        var inline = string.Join(";", (await secretariat.GetAsync($"/evidence/{I(fileId)}?inline=true")).Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'self'", inline); // the scoring page still shows it in its frame
    }

    [Fact]
    public async Task A_client_that_leaves_mid_request_is_logged_as_aborted_not_as_an_error()
    {
        var started = DateTimeOffset.UtcNow;
        // Hold the table /centres reads, so that the request is inside a database query when the client leaves.
        await using var blocker = new NpgsqlConnection(TestDatabase.ConnectionStringFor(app.DatabaseName, pooling: false));
        await blocker.OpenAsync();
        await using (var transaction = await blocker.BeginTransactionAsync())
        {
            await using (var lockTable = new NpgsqlCommand("LOCK TABLE \"Certificates\" IN ACCESS EXCLUSIVE MODE", blocker, transaction))
            {
                await lockTable.ExecuteNonQueryAsync();
            }

            using var leave = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => app.CreateBrowser().GetAsync("/centres", leave.Token));
            // The request log line is written when the app has unwound the cancelled query.
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (RequestLogFor("/centres", started) is null && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            await transaction.RollbackAsync();
        }

        var line = RequestLogFor("/centres", started);
        Assert.NotNull(line);
        Assert.Equal(LogEventLevel.Information, line.Level);
        Assert.Equal("499", line.Properties["StatusCode"].ToString());
        Assert.Equal("True", line.Properties["ClientAborted"].ToString());
        Assert.DoesNotContain(app.Logs.Events, e => e.Timestamp >= started && e.Level >= LogEventLevel.Error);
        // The app carries on.
        Assert.Equal(HttpStatusCode.OK, (await app.CreateBrowser().GetAsync("/centres")).StatusCode);
    }

    private LogEvent? RequestLogFor(string path, DateTimeOffset since) =>
        app.Logs.Events.FirstOrDefault(e => e.Timestamp >= since && e.Properties.TryGetValue("RequestPath", out var p)
            && p.ToString() == $"\"{path}\"" && e.Properties.ContainsKey("StatusCode"));
}
