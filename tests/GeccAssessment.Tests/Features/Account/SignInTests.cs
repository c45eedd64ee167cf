using System.Net;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Tests.Features.Account;

public class SignInTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    [Fact]
    public async Task Sign_in_page_is_thai()
    {
        var page = await app.CreateBrowser().GetPageAsync("/account/login");

        Assert.Equal("th", page.DocumentElement.GetAttribute("lang"));
        Assert.Contains("เข้าสู่ระบบ", page.Title);
        Assert.NotNull(page.QuerySelector("label[for=Email]"));
    }

    [Fact]
    public async Task A_user_signs_in_sees_the_role_home_and_signs_out()
    {
        await app.CreateUserAsync("secretary@signin.test", Roles.Secretariat, displayName: "นางสาวเลขา ทดสอบ");
        var browser = app.CreateBrowser();

        var signIn = await browser.SignInAsync("secretary@signin.test");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location!.OriginalString);

        var home = await browser.GetPageAsync("/");
        var text = HtmlForms.TextOf(home);
        Assert.Contains("สวัสดี นางสาวเลขา ทดสอบ", text);
        Assert.Contains("ฝ่ายเลขานุการ", text);
        Assert.DoesNotContain("คณะกรรมการอำนวยการ", home.QuerySelector("main")!.TextContent);

        var signOut = await browser.SubmitFormAsync(home, "form[action='/account/logout']", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        var afterSignOut = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, afterSignOut.StatusCode);
        Assert.StartsWith("/account/login", afterSignOut.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Wrong_password_is_refused_with_a_thai_message()
    {
        await app.CreateUserAsync("wrong@signin.test", Roles.Assessor);
        var browser = app.CreateBrowser();

        var response = await browser.SignInAsync("wrong@signin.test", "not-the-password-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        Assert.Contains("อีเมลหรือรหัสผ่านไม่ถูกต้อง", page.QuerySelector("[role=alert]")!.TextContent);
    }

    [Fact]
    public async Task Five_failures_lock_the_account_even_against_the_right_password()
    {
        await app.CreateUserAsync("lockout@signin.test", Roles.Assessor);
        var browser = app.CreateBrowser();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await browser.SignInAsync("lockout@signin.test", "not-the-password-1");
        }

        var response = await browser.SignInAsync("lockout@signin.test");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("บัญชีถูกระงับชั่วคราว", HtmlForms.TextOf(await HtmlForms.ParseAsync(response)));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
    }

    /// <summary>
    /// The password page asks for the current password: five wrong ones lock the account as five wrong
    /// sign-ins do. They were not counted, so a session left open (or taken) could guess the password
    /// there without a lockout, and with it stay in after the owner signs out.
    /// </summary>
    [Fact]
    public async Task Wrong_current_passwords_on_the_password_page_lock_the_account_like_wrong_sign_ins()
    {
        await app.CreateUserAsync("guess@signin.test", Roles.Assessor);
        var browser = app.CreateBrowser();
        await browser.SignInOrFailAsync("guess@signin.test");
        Task<HttpResponseMessage> ChangeAsync(string current) => browser.SubmitFormAsync("/account/password", "form[action='/account/password']", new Dictionary<string, string>
        {
            ["CurrentPassword"] = current,
            ["NewPassword"] = "changed-papaya-2569",
            ["ConfirmPassword"] = "changed-papaya-2569",
        });

        for (var attempt = 0; attempt < 5; attempt++)
        {
            var wrong = await ChangeAsync("not-the-password-1");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        var right = await ChangeAsync(GeccAppFactory.Password);

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("บัญชีถูกระงับชั่วคราว", HtmlForms.TextOf(await HtmlForms.ParseAsync(right)));
        var elsewhere = await app.CreateBrowser().SignInAsync("guess@signin.test");
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
        Assert.Contains("บัญชีถูกระงับชั่วคราว", HtmlForms.TextOf(await HtmlForms.ParseAsync(elsewhere)));
    }

    [Fact]
    public async Task Four_failures_do_not_lock_the_account()
    {
        await app.CreateUserAsync("four@signin.test", Roles.Assessor);
        var browser = app.CreateBrowser();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            await browser.SignInAsync("four@signin.test", "not-the-password-1");
        }

        await browser.SignInOrFailAsync("four@signin.test");
    }

    [Fact]
    public async Task A_local_return_url_is_followed_and_a_foreign_one_is_not()
    {
        await app.CreateUserAsync("return@signin.test", Roles.Secretariat);

        var local = await app.CreateBrowser().SubmitFormAsync("/account/login?returnUrl=%2Fusers", "form[action='/account/login']",
            new Dictionary<string, string> { ["Email"] = "return@signin.test", ["Password"] = GeccAppFactory.Password });
        Assert.Equal("/users", local.Headers.Location!.OriginalString);

        var foreign = await app.CreateBrowser().SubmitFormAsync("/account/login?returnUrl=https%3A%2F%2Fevil.example", "form[action='/account/login']",
            new Dictionary<string, string> { ["Email"] = "return@signin.test", ["Password"] = GeccAppFactory.Password });
        Assert.Equal("/", foreign.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Passwords_never_reach_the_logs()
    {
        await app.CreateUserAsync("logs@signin.test", Roles.Assessor);
        const string secret = "Secret-Password-998877";

        await app.CreateBrowser().SignInAsync("logs@signin.test", secret);
        await app.CreateBrowser().SignInAsync("logs@signin.test");

        Assert.NotEmpty(app.Logs.Events);
        Assert.DoesNotContain(app.Logs.RenderedEvents(), e => e.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.RenderedEvents(), e => e.Contains(GeccAppFactory.Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_language_chosen_signed_out_becomes_the_mail_language_at_the_next_sign_in_and_only_then()
    {
        var user = await app.CreateUserAsync("language@signin.test", Roles.Assessor);
        Task<string?> MailLanguageAsync() => app.WithDbAsync(db => db.MailPreferences.Where(p => p.UserId == user.Id).Select(p => p.Language).SingleOrDefaultAsync());
        var browser = app.CreateBrowser();

        // English chosen on the sign-in page: nothing written until the sign-in, which adopts it.
        var switched = await browser.SubmitFormAsync(await browser.GetPageAsync("/account/login"), "form[action='/culture/set']", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Null(await MailLanguageAsync());
        await browser.SignInOrFailAsync("language@signin.test");
        Assert.Equal("en", await MailLanguageAsync());
        Assert.Equal("en", (await browser.GetPageAsync("/")).DocumentElement.GetAttribute("lang"));

        // Thai mail chosen since on the Notifications page stays at the next sign-in in this browser,
        // although its culture cookie still says English: the choice made signed out was taken once.
        var saved = await browser.SubmitFormAsync("/notifications", "form[action='/notifications/preferences']", new Dictionary<string, string> { ["Language"] = "th" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("th", await MailLanguageAsync());
        await browser.SubmitFormAsync("/", "form[action='/account/logout']", new Dictionary<string, string>());
        await browser.SignInOrFailAsync("language@signin.test");
        Assert.Equal("en", (await browser.GetPageAsync("/")).DocumentElement.GetAttribute("lang"));
        Assert.Equal("th", await MailLanguageAsync());

        // A sign-in without the culture cookie leaves the stored language alone.
        await app.WithDbAsync(db => db.MailPreferences.Where(p => p.UserId == user.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Language, "en")));
        await app.CreateBrowser().SignInOrFailAsync("language@signin.test");
        Assert.Equal("en", await MailLanguageAsync());
    }
}
