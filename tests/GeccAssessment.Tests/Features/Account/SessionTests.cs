using System.Net;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GeccAssessment.Tests.Features.Account;

/// <summary>A clock the test moves forward; each reading is a millisecond later, as time does pass between requests.</summary>
public sealed class ManualClock : TimeProvider
{
    private long _readings;

    public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => Now.AddMilliseconds(Interlocked.Increment(ref _readings));
}

/// <summary>
/// Sessions revalidated on every request (production: every 5 seconds), so the tests need not
/// wait; and a clock the test controls, for the absolute lifetime.
/// </summary>
public sealed class SessionAppFactory : GeccAppFactory
{
    public SessionAppFactory() => ConcurrentSave = new(() => TestDatabase.ConnectionStringFor(DatabaseName));

    public ManualClock Clock { get; } = new();

    /// <summary>Someone else saving an account while the app renews its stamp.</summary>
    public ConcurrentAccountSave ConcurrentSave { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Gecc:Session:RevalidateSeconds", "0");
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.ConfigureDbContext<ApplicationDbContext>(options => options.AddInterceptors(ConcurrentSave));
        });
    }
}

public class SessionTests(SessionAppFactory app) : IClassFixture<SessionAppFactory>
{
    /// <summary>Signs in and returns the auth cookie as an attacker would copy it from the browser.</summary>
    internal static async Task<(HttpClient Browser, string Cookie)> SignInAndCopyCookieAsync(GeccAppFactory app, string email, string password = GeccAppFactory.Password)
    {
        var browser = app.CreateBrowser();
        var response = await browser.SignInAsync(email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = string.Join("; ", response.Headers.GetValues("Set-Cookie")
            .Where(c => c.StartsWith("gecc.auth", StringComparison.Ordinal)).Select(c => c.Split(';')[0]));
        Assert.NotEmpty(cookie);
        return (browser, cookie);
    }

    /// <summary>A request with only the copied cookie: 200 while the session lives, a redirect to sign-in after.</summary>
    internal static async Task<HttpStatusCode> ReplayAsync(GeccAppFactory app, string cookie, string url = "/")
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", cookie);
        var response = await client.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery);
        }

        return response.StatusCode;
    }

    private static async Task<HttpResponseMessage> PostEditAsync(HttpClient admin, string userId, params string[] roles)
    {
        var page = await admin.GetPageAsync($"/users/edit/{userId}");
        var fields = HtmlForms.FieldsOf(page, "form[action^='/users/edit']");
        fields.RemoveAll(f => f.Key == "Roles");
        fields.AddRange(roles.Select(r => new KeyValuePair<string, string>("Roles", r)));
        var token = page.QuerySelector("form[action^='/users/edit'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        fields.Add(new("__RequestVerificationToken", token));
        return await admin.PostFormAsync($"/users/edit/{userId}", fields);
    }

    internal static async Task<HttpClient> AdminAsync(GeccAppFactory app)
    {
        var email = $"admin-{Guid.NewGuid():N}@session.test";
        await app.CreateUserAsync(email, Roles.Admin);
        var admin = app.CreateBrowser();
        await admin.SignInOrFailAsync(email);
        return admin;
    }

    private Task<string> StampAsync(string userId) =>
        app.WithDbAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.SecurityStamp!).SingleAsync());

    [Fact]
    public async Task A_copied_cookie_is_refused_after_sign_out_and_so_is_every_other_session()
    {
        await app.CreateUserAsync("signout@session.test", Roles.Secretariat);
        var (browser, copied) = await SignInAndCopyCookieAsync(app, "signout@session.test");
        var (_, otherDevice) = await SignInAndCopyCookieAsync(app, "signout@session.test");
        Assert.Equal(HttpStatusCode.OK, await ReplayAsync(app, copied));

        var home = await browser.GetPageAsync("/");
        var signOut = await browser.SubmitFormAsync(home, "form[action='/account/logout']", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, await ReplayAsync(app, copied));
        Assert.Equal(HttpStatusCode.Redirect, await ReplayAsync(app, otherDevice));
    }

    [Fact]
    public async Task Sign_out_ends_the_sessions_even_when_the_account_is_saved_elsewhere_at_that_moment()
    {
        var user = await app.CreateUserAsync("signout-race@session.test", Roles.Secretariat);
        var (browser, copied) = await SignInAndCopyCookieAsync(app, "signout-race@session.test");
        var home = await browser.GetPageAsync("/");
        app.ConcurrentSave.Arm(user.Id, await StampAsync(user.Id));

        var signOut = await browser.SubmitFormAsync(home, "form[action='/account/logout']", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(1, app.ConcurrentSave.Saves);
        Assert.Equal(HttpStatusCode.Redirect, await ReplayAsync(app, copied));
    }

    [Fact]
    public async Task Removing_a_role_ends_the_open_sessions_even_when_the_account_is_saved_elsewhere_at_that_moment()
    {
        var user = await app.CreateUserAsync("roles-race@session.test", Roles.Secretariat);
        var (_, cookie) = await SignInAndCopyCookieAsync(app, "roles-race@session.test");
        var admin = await AdminAsync(app);
        app.ConcurrentSave.Arm(user.Id, await StampAsync(user.Id));

        var edited = await PostEditAsync(admin, user.Id, Roles.Assessor);

        Assert.Equal(1, app.ConcurrentSave.Saves);
        // Never the removed role in a session that goes on.
        Assert.Equal(HttpStatusCode.Redirect, await ReplayAsync(app, cookie, "/users"));
        // The edit was made whole, on a fresh copy of the account: not half made and refused.
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Equal([Roles.Assessor], await app.WithDbAsync(db => db.UserRoles.Where(ur => ur.UserId == user.Id)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync()));
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a =>
            a.EntityType == UserAdministration.AccountEntityType && a.EntityId == user.Id && a.Action == "RoleRemoved")));
    }

    [Fact]
    public async Task Removing_a_role_ends_the_open_sessions_and_is_audited()
    {
        var user = await app.CreateUserAsync("roles@session.test", Roles.Secretariat);
        var (_, cookie) = await SignInAndCopyCookieAsync(app, "roles@session.test");
        Assert.Equal(HttpStatusCode.OK, await ReplayAsync(app, cookie, "/users"));
        var admin = await AdminAsync(app);

        var edited = await PostEditAsync(admin, user.Id, Roles.Assessor);

        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, await ReplayAsync(app, cookie, "/users"));
        var trail = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == UserAdministration.AccountEntityType && a.EntityId == user.Id).OrderBy(a => a.Id).ToListAsync());
        Assert.Contains(trail, a => a.Action == "RoleRemoved" && a.After!.Contains(Roles.Secretariat, StringComparison.Ordinal) && a.UserName!.StartsWith("admin-", StringComparison.Ordinal));
        Assert.Contains(trail, a => a.Action == "RoleGranted" && a.After!.Contains(Roles.Assessor, StringComparison.Ordinal));
        // The audit page shows them, in Thai.
        var page = HtmlForms.TextOf(await admin.GetPageAsync($"/audit?entityType={UserAdministration.AccountEntityType}&entityId={user.Id}"));
        Assert.Contains("ยกเลิกบทบาท", page);
        Assert.Contains("ให้บทบาท", page);
    }

    [Fact]
    public async Task Disabling_ends_every_session_and_refuses_sign_in_in_thai_until_enabled()
    {
        var user = await app.CreateUserAsync("disabled@session.test", Roles.Assessor);
        var (_, cookie) = await SignInAndCopyCookieAsync(app, "disabled@session.test");
        var admin = await AdminAsync(app);

        // A reason is required.
        var noReason = await admin.SubmitFormAsync($"/users/edit/{user.Id}", "form[action='/users/disable']", new Dictionary<string, string> { ["Reason"] = "" });
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        Assert.Contains("กรุณากรอก", HtmlForms.TextOf(await HtmlForms.ParseAsync(noReason)));
        Assert.Equal(HttpStatusCode.OK, await ReplayAsync(app, cookie));

        var disabled = await admin.SubmitFormAsync($"/users/edit/{user.Id}", "form[action='/users/disable']", new Dictionary<string, string> { ["Reason"] = "ย้ายไปหน่วยงานอื่น" });
        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, await ReplayAsync(app, cookie));
        var refused = await app.CreateBrowser().SignInAsync("disabled@session.test");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("บัญชีนี้ถูกปิดการใช้งาน", HtmlForms.TextOf(await HtmlForms.ParseAsync(refused)));
        // Without the password nobody learns that the account exists and is disabled.
        var guessed = await app.CreateBrowser().SignInAsync("disabled@session.test", "not-the-password-1");
        Assert.Contains("อีเมลหรือรหัสผ่านไม่ถูกต้อง", HtmlForms.TextOf(await HtmlForms.ParseAsync(guessed)));
        Assert.Contains("ปิดการใช้งาน", HtmlForms.TextOf(await admin.GetPageAsync("/users?q=disabled@session.test")));
        var audited = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .SingleAsync(a => a.EntityType == UserAdministration.AccountEntityType && a.EntityId == user.Id && a.Action == "Disabled"));
        Assert.Contains("ย้ายไปหน่วยงานอื่น", audited.After!);

        var enabled = await admin.SubmitFormAsync($"/users/edit/{user.Id}", "form[action^='/users/enable']", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);
        await app.CreateBrowser().SignInOrFailAsync("disabled@session.test");
    }

    [Fact]
    public async Task Disabling_ends_the_open_sessions_even_when_the_account_is_saved_elsewhere_at_that_moment()
    {
        var user = await app.CreateUserAsync("disable-race@session.test", Roles.Assessor);
        var (_, cookie) = await SignInAndCopyCookieAsync(app, "disable-race@session.test");
        var admin = await AdminAsync(app);
        var edit = await admin.GetPageAsync($"/users/edit/{user.Id}");
        app.ConcurrentSave.Arm(user.Id, await StampAsync(user.Id));

        var disabled = await admin.SubmitFormAsync(edit, "form[action='/users/disable']", new Dictionary<string, string> { ["Reason"] = "ย้ายไปหน่วยงานอื่น" });

        Assert.Equal(1, app.ConcurrentSave.Saves);
        // Made whole on a fresh copy of the account, not refused: disabled, sessions ended, audited once.
        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, await ReplayAsync(app, cookie));
        Assert.NotNull(await app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.DisabledAtUtc).SingleAsync()));
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a =>
            a.EntityType == UserAdministration.AccountEntityType && a.EntityId == user.Id && a.Action == "Disabled")));
    }

    [Fact]
    public async Task The_secretariat_cannot_disable_an_admin_nor_anyone_themselves()
    {
        var secretary = await app.CreateUserAsync("sec-disable@session.test", Roles.Secretariat);
        var admin = await app.CreateUserAsync("admin-target@session.test", Roles.Admin);
        var browser = app.CreateBrowser();
        await browser.SignInOrFailAsync("sec-disable@session.test");

        foreach (var (target, message) in new[] { (admin.Id, "ท่านไม่มีสิทธิ์ปิดหรือเปิดการใช้งานบัญชี"), (secretary.Id, "ไม่สามารถปิดการใช้งานบัญชีของตนเองได้") })
        {
            var response = await browser.SubmitFormAsync($"/users/edit/{target}", "form[action='/users/disable']", new Dictionary<string, string> { ["Reason"] = "ทดสอบ" });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(message, HtmlForms.TextOf(await HtmlForms.ParseAsync(response)));
        }

        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => (u.Id == admin.Id || u.Id == secretary.Id) && u.DisabledAtUtc != null)));
    }

    [Fact]
    public async Task A_password_change_ends_the_other_sessions_and_keeps_this_one()
    {
        await app.CreateUserAsync("password@session.test", Roles.Assessor);
        var (browser, _) = await SignInAndCopyCookieAsync(app, "password@session.test");
        var (_, otherDevice) = await SignInAndCopyCookieAsync(app, "password@session.test");

        var weak = await browser.SubmitFormAsync("/account/password", "form[action='/account/password']", new Dictionary<string, string>
        {
            ["CurrentPassword"] = GeccAppFactory.Password,
            ["NewPassword"] = "password12",
            ["ConfirmPassword"] = "password12",
        });
        Assert.Equal(HttpStatusCode.OK, weak.StatusCode);
        Assert.Contains("เดาง่ายเกินไป", HtmlForms.TextOf(await HtmlForms.ParseAsync(weak)));
        Assert.Equal(HttpStatusCode.OK, await ReplayAsync(app, otherDevice));

        var changed = await browser.SubmitFormAsync("/account/password", "form[action='/account/password']", new Dictionary<string, string>
        {
            ["CurrentPassword"] = GeccAppFactory.Password,
            ["NewPassword"] = "changed-papaya-2569",
            ["ConfirmPassword"] = "changed-papaya-2569",
        });

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Contains("เปลี่ยนรหัสผ่านแล้ว", HtmlForms.TextOf(await browser.GetPageAsync("/account/password")));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, await ReplayAsync(app, otherDevice));
        await app.CreateBrowser().SignInOrFailAsync("password@session.test", "changed-papaya-2569");
        Assert.Equal(HttpStatusCode.OK, (await app.CreateBrowser().SignInAsync("password@session.test")).StatusCode);
    }

    [Fact]
    public async Task A_session_ends_twelve_hours_after_sign_in_however_active()
    {
        await app.CreateUserAsync("absolute@session.test", Roles.Assessor);
        var start = app.Clock.Now;
        var browser = app.CreateBrowser();
        try
        {
            await browser.SignInOrFailAsync("absolute@session.test");

            // Active every five hours: the sliding 8-hour limit alone would never end it.
            foreach (var hours in new[] { 5.0, 10.0, 11.9 })
            {
                app.Clock.Now = start.AddHours(hours);
                Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
            }

            app.Clock.Now = start.AddHours(12.1);
            var expired = await browser.GetAsync("/");
            Assert.Equal(HttpStatusCode.Redirect, expired.StatusCode);
            Assert.StartsWith("/account/login", expired.Headers.Location!.PathAndQuery);
        }
        finally
        {
            app.Clock.Now = start;
        }
    }
}
