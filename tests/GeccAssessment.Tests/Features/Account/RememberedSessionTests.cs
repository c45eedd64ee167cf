using System.Net;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using Microsoft.AspNetCore.Hosting;

namespace GeccAssessment.Tests.Features.Account;

/// <summary>
/// Session checks remembered per instance, as in production (there 5 s; here 10 minutes, so that no
/// test passes by the interval running out: docs/adr/0016-public-page-cache.md).
/// </summary>
public sealed class RememberedSessionAppFactory : GeccAppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Gecc:Session:RevalidateSeconds", "600");
    }
}

/// <summary>The instance that ends a session forgets its remembered answer at once (ADR 0005).</summary>
public class RememberedSessionTests(RememberedSessionAppFactory app) : IClassFixture<RememberedSessionAppFactory>
{
    [Fact]
    public async Task A_copied_cookie_is_refused_at_once_by_the_instance_that_signed_out()
    {
        await app.CreateUserAsync("remembered-signout@session.test", Roles.Secretariat);
        var (browser, copied) = await SessionTests.SignInAndCopyCookieAsync(app, "remembered-signout@session.test");
        // Checked and remembered as valid.
        Assert.Equal(HttpStatusCode.OK, await SessionTests.ReplayAsync(app, copied));

        var home = await browser.GetPageAsync("/");
        var signOut = await browser.SubmitFormAsync(home, "form[action='/account/logout']", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, await SessionTests.ReplayAsync(app, copied));
    }

    [Fact]
    public async Task Disabling_and_a_password_change_end_remembered_sessions_at_once_on_this_instance()
    {
        var disabled = await app.CreateUserAsync("remembered-disabled@session.test", Roles.Assessor);
        var (_, disabledCookie) = await SessionTests.SignInAndCopyCookieAsync(app, "remembered-disabled@session.test");
        await app.CreateUserAsync("remembered-password@session.test", Roles.Assessor);
        var (browser, _) = await SessionTests.SignInAndCopyCookieAsync(app, "remembered-password@session.test");
        var (_, otherDevice) = await SessionTests.SignInAndCopyCookieAsync(app, "remembered-password@session.test");
        Assert.Equal(HttpStatusCode.OK, await SessionTests.ReplayAsync(app, disabledCookie));
        Assert.Equal(HttpStatusCode.OK, await SessionTests.ReplayAsync(app, otherDevice));

        var admin = await SessionTests.AdminAsync(app);
        var disabling = await admin.SubmitFormAsync($"/users/edit/{disabled.Id}", "form[action='/users/disable']", new Dictionary<string, string> { ["Reason"] = "ย้ายไปหน่วยงานอื่น" });
        Assert.Equal(HttpStatusCode.Redirect, disabling.StatusCode);
        var changed = await browser.SubmitFormAsync("/account/password", "form[action='/account/password']", new Dictionary<string, string>
        {
            ["CurrentPassword"] = GeccAppFactory.Password,
            ["NewPassword"] = "changed-rambutan-2569",
            ["ConfirmPassword"] = "changed-rambutan-2569",
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, await SessionTests.ReplayAsync(app, disabledCookie));
        Assert.Equal(HttpStatusCode.Redirect, await SessionTests.ReplayAsync(app, otherDevice));
        // The session that changed the password goes on.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
    }
}
