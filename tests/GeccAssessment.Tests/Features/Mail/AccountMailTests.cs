using System.Net;
using System.Text.RegularExpressions;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Tests.Features.Mail;

public partial class AccountMailTests(MailFactory app) : IClassFixture<MailFactory>
{
    private const string NewPassword = "ม่วง-kestrel-fjord-2570";

    [GeneratedRegex(@"https?://\S+/account/(reset|confirm)\?\S+")]
    private static partial Regex AccountLink();

    internal static string LinkIn(MimeKit.MimeMessage mail) => AccountLink().Match(mail.Text()).Value;

    private static async Task<string> FlashOfAsync(HttpClient browser, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await browser.GetPageAsync(response.Headers.Location!.OriginalString);
        return page.QuerySelector("[role=status]")?.TextContent ?? "";
    }

    [Fact]
    public async Task The_sign_in_page_offers_forgot_password()
    {
        var page = await app.CreateBrowser().GetPageAsync("/account/login");

        var link = page.QuerySelector("a[href='/account/forgot']");
        Assert.NotNull(link);
        Assert.Equal("ลืมรหัสผ่าน", link.TextContent.Trim());
    }

    [Fact]
    public async Task A_locked_out_user_resets_its_password_from_the_mail_alone()
    {
        await app.CreateUserAsync("locked@reset.test", Roles.Assessor);
        var browser = app.CreateBrowser();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await browser.SignInAsync("locked@reset.test", "not-the-password-1");
        }

        Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync("locked@reset.test")).StatusCode);

        var asked = await browser.SubmitFormAsync("/account/forgot", "form[action='/account/forgot']",
            new Dictionary<string, string> { ["Email"] = "locked@reset.test" });
        var answer = await FlashOfAsync(browser, asked);
        Assert.Contains("หากอีเมลนี้มีบัญชีในระบบ", answer);

        var mail = Assert.Single(await app.WaitForMailToAsync("locked@reset.test"));
        Assert.Equal("ตั้งรหัสผ่านใหม่ — ระบบประเมิน GECC", mail.Subject);
        var link = LinkIn(mail);
        Assert.StartsWith("http://localhost/account/reset?user=", link);
        Assert.Contains(link.Replace("&", "&amp;", StringComparison.Ordinal), mail.Html());

        var path = new Uri(link).PathAndQuery;
        var reset = await browser.SubmitFormAsync(path, "form[action='/account/reset']",
            new Dictionary<string, string> { ["NewPassword"] = NewPassword, ["ConfirmPassword"] = NewPassword });
        Assert.Contains("ตั้งรหัสผ่านใหม่แล้ว", await FlashOfAsync(browser, reset));

        var signIn = await browser.SignInAsync("locked@reset.test", NewPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location!.OriginalString);

        // The link works once.
        var again = await app.CreateBrowser().SubmitFormAsync(path, "form[action='/account/reset']",
            new Dictionary<string, string> { ["NewPassword"] = NewPassword + "x", ["ConfirmPassword"] = NewPassword + "x" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("ลิงก์นี้ใช้ไม่ได้แล้ว", (await HtmlForms.ParseAsync(again)).QuerySelector("[role=alert]")!.TextContent);
    }

    [Fact]
    public async Task Forgot_password_answers_the_same_for_an_unknown_address_and_sends_nothing()
    {
        var browser = app.CreateBrowser();
        await app.CreateUserAsync("known@reset.test", Roles.Assessor);

        var known = await FlashOfAsync(browser, await browser.SubmitFormAsync("/account/forgot", "form[action='/account/forgot']",
            new Dictionary<string, string> { ["Email"] = "known@reset.test" }));
        var unknown = await FlashOfAsync(browser, await browser.SubmitFormAsync("/account/forgot", "form[action='/account/forgot']",
            new Dictionary<string, string> { ["Email"] = "nobody@reset.test" }));

        Assert.Equal(known, unknown);
        Assert.Single(await app.WaitForMailToAsync("known@reset.test"));
        Assert.False(await app.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.ToAddress == "nobody@reset.test")));
    }

    [Fact]
    public async Task An_admin_sends_a_reset_link_from_the_users_page()
    {
        await app.CreateUserAsync("admin@reset.test", Roles.Admin);
        var target = await app.CreateUserAsync("forgetful@reset.test", Roles.Assessor);
        var admin = app.CreateBrowser();
        await admin.SignInAsync("admin@reset.test");

        var sent = await admin.SubmitFormAsync($"/users/edit/{target.Id}", $"form[action='/users/sendreset/{target.Id}']", new Dictionary<string, string>());
        Assert.Contains("forgetful@reset.test", await FlashOfAsync(admin, sent));

        var mail = Assert.Single(await app.WaitForMailToAsync("forgetful@reset.test"));
        Assert.Contains("/account/reset?user=" + target.Id, LinkIn(mail));
    }

    [Fact]
    public async Task A_self_registered_applicant_confirms_its_address_from_the_mail()
    {
        var browser = app.CreateBrowser();
        var registered = await browser.SubmitFormAsync("/account/register", "form[action='/account/register']", new Dictionary<string, string>
        {
            ["Email"] = "new@confirm.test",
            ["DisplayName"] = "ผู้สมัคร ยืนยัน",
            ["AgencyName"] = "สำนักงานทดสอบการยืนยันอีเมล",
            ["AgencyKind"] = nameof(AgencyKind.Department),
            ["Password"] = NewPassword,
            ["ConfirmPassword"] = NewPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Users.Where(u => u.Email == "new@confirm.test").Select(u => u.EmailConfirmed).SingleAsync()));

        var mail = Assert.Single(await app.WaitForMailToAsync("new@confirm.test"));
        Assert.Equal("ยืนยันอีเมลของคุณ — ระบบประเมิน GECC", mail.Subject);
        var page = await browser.GetPageAsync(new Uri(LinkIn(mail)).PathAndQuery);

        Assert.Contains("ยืนยันอีเมลเรียบร้อยแล้ว", page.QuerySelector("[role=status]")!.TextContent);
        Assert.True(await app.WithDbAsync(db => db.Users.Where(u => u.Email == "new@confirm.test").Select(u => u.EmailConfirmed).SingleAsync()));
    }

    /// <summary>
    /// The applicant registers, signs in to start the application, signs out, and only then opens the
    /// confirmation mail (48 hours). Signing out renews the security stamp to end every session (ADR
    /// 0005); the confirmation link was bound to the stamp, so it said "link invalid" after any sign-out.
    /// </summary>
    [Fact]
    public async Task A_confirmation_link_still_works_after_the_applicant_signed_in_and_out()
    {
        var browser = app.CreateBrowser();
        var registered = await browser.SubmitFormAsync("/account/register", "form[action='/account/register']", new Dictionary<string, string>
        {
            ["Email"] = "later@confirm.test",
            ["DisplayName"] = "ผู้สมัคร ยืนยันทีหลัง",
            ["AgencyName"] = "สำนักงานทดสอบการยืนยันภายหลัง",
            ["AgencyKind"] = nameof(AgencyKind.Department),
            ["Password"] = NewPassword,
            ["ConfirmPassword"] = NewPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var mail = Assert.Single(await app.WaitForMailToAsync("later@confirm.test"));

        await browser.SignInOrFailAsync("later@confirm.test", NewPassword);
        var signedOut = await browser.SubmitFormAsync("/", "form[action='/account/logout']", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        var page = await app.CreateBrowser().GetPageAsync(new Uri(LinkIn(mail)).PathAndQuery);

        Assert.Contains("ยืนยันอีเมลเรียบร้อยแล้ว", page.QuerySelector("[role=status]")?.TextContent);
        Assert.True(await app.WithDbAsync(db => db.Users.Where(u => u.Email == "later@confirm.test").Select(u => u.EmailConfirmed).SingleAsync()));
    }
}

/// <summary>Reset links that live two seconds, to see one expire.</summary>
public class ShortLinkFactory : MailFactory
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Gecc:Account:ResetLinkHours", (2.0 / 3600).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

public class ResetLinkExpiryTests(ShortLinkFactory app) : IClassFixture<ShortLinkFactory>
{
    [Fact]
    public async Task A_reset_link_no_longer_works_once_expired()
    {
        await app.CreateUserAsync("late@reset.test", Roles.Assessor);
        var browser = app.CreateBrowser();
        await browser.SubmitFormAsync("/account/forgot", "form[action='/account/forgot']", new Dictionary<string, string> { ["Email"] = "late@reset.test" });
        var path = new Uri(AccountMailTests.LinkIn(Assert.Single(await app.WaitForMailToAsync("late@reset.test")))).PathAndQuery;

        await Task.Delay(TimeSpan.FromSeconds(3));
        var reset = await browser.SubmitFormAsync(path, "form[action='/account/reset']",
            new Dictionary<string, string> { ["NewPassword"] = "ม่วง-kestrel-fjord-2570", ["ConfirmPassword"] = "ม่วง-kestrel-fjord-2570" });

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Contains("ลิงก์นี้ใช้ไม่ได้แล้ว", (await HtmlForms.ParseAsync(reset)).QuerySelector("[role=alert]")!.TextContent);
        Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync("late@reset.test", "ม่วง-kestrel-fjord-2570")).StatusCode);
    }
}
