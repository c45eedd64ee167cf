using System.Net;
using GeccAssessment.Tests.Features.Assessments;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GeccAssessment.Tests.Features.Security;

/// <summary>Identity's own hasher, counting how often a password is checked against a hash.</summary>
public sealed class CountingPasswordHasher : IPasswordHasher<ApplicationUser>
{
    private readonly PasswordHasher<ApplicationUser> _inner = new();
    private int _verifications;

    public int Verifications => _verifications;

    public string HashPassword(ApplicationUser user, string password) => _inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(ApplicationUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _verifications);
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

public sealed class CountingHasherFactory : GeccAppFactory
{
    public CountingPasswordHasher Hasher { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IPasswordHasher<ApplicationUser>>(Hasher));
    }
}

/// <summary>Points 4-6 of the accounts hardening: evidence needs the role, guessable passwords, no account enumeration.</summary>
public class AccountHardeningTests(CountingHasherFactory app) : IClassFixture<CountingHasherFactory>
{
    private static Dictionary<string, string> Registration(string email, string agency, string password = "new-mango-pass-2563") => new()
    {
        ["AgencyName"] = agency,
        ["AgencyKind"] = nameof(AgencyKind.Department),
        ["DisplayName"] = "นายทดสอบ สมัครใหม่",
        ["Email"] = email,
        ["Password"] = password,
        ["ConfirmPassword"] = password,
    };

    private async Task RemoveAllRolesAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        await users.RemoveFromRolesAsync(user, await users.GetRolesAsync(user));
    }

    [Fact]
    public async Task Evidence_needs_the_role_as_well_as_the_agency_or_the_subcommittee_seat()
    {
        var scene = await AssessmentSteps.ArrangeAsync(app);
        var fileId = await TestData.CreateEvidenceFileAsync(app, scene.Application.Id, scene.Cycle.EvidenceId, "คู่มือ.pdf");
        var assessor = await AssessmentSteps.SignedInAsync(app, scene.Assessor1);
        await AssessmentSteps.DeclareAsync(assessor, scene.AssessmentId, conflict: false);
        Assert.Equal(HttpStatusCode.OK, (await assessor.GetAsync($"/evidence/{fileId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await AssessmentSteps.SignedInAsync(app, scene.ApplicantEmail)).GetAsync($"/evidence/{fileId}")).StatusCode);

        await RemoveAllRolesAsync(scene.Assessor1);
        await RemoveAllRolesAsync(scene.ApplicantEmail);

        foreach (var email in new[] { scene.Assessor1, scene.ApplicantEmail })
        {
            var stripped = await AssessmentSteps.SignedInAsync(app, email);
            var status = (await stripped.GetAsync($"/evidence/{fileId}")).StatusCode;
            Assert.True(status is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{email}: {status}");
            Assert.Equal(HttpStatusCode.Forbidden, (await stripped.GetAsync($"/assessments/show/{scene.AssessmentId}")).StatusCode);
        }
    }

    [Theory]
    [InlineData("1234567890")]
    [InlineData("password12")]
    [InlineData("qwertyuiop1")]
    public async Task Guessable_passwords_are_refused_in_thai(string password)
    {
        var email = $"weak-{Guid.NewGuid():N}@hardening.test";

        var response = await app.CreateBrowser().SubmitFormAsync("/account/register", "form[action='/account/register']",
            Registration(email, "หน่วยงานรหัสเดาง่าย " + Guid.NewGuid().ToString("N")[..6], password));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("รหัสผ่านนี้เดาง่ายเกินไป", HtmlForms.TextOf(await HtmlForms.ParseAsync(response)));
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email)));
    }

    [Fact]
    public async Task The_demo_password_is_strong_enough()
    {
        var email = $"seeded-{Guid.NewGuid():N}@gecc.test";
        var response = await app.CreateBrowser().SubmitFormAsync("/account/register", "form[action='/account/register']",
            Registration(email, "หน่วยงานรหัสสาธิต " + Guid.NewGuid().ToString("N")[..6], GeccAssessment.Web.Data.Seeding.DemoSeeder.DemoPassword));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email)));
    }

    [Fact]
    public async Task An_unknown_e_mail_costs_a_password_hash_like_a_wrong_password()
    {
        await app.CreateUserAsync("known@hardening.test", Roles.Assessor);

        var before = app.Hasher.Verifications;
        var unknown = await app.CreateBrowser().SignInAsync("nobody-at-all@hardening.test", "some-guess-2569");
        var afterUnknown = app.Hasher.Verifications;
        var wrong = await app.CreateBrowser().SignInAsync("known@hardening.test", "some-guess-2569");
        var afterWrong = app.Hasher.Verifications;

        Assert.Equal(1, afterUnknown - before);
        Assert.Equal(1, afterWrong - afterUnknown);
        Assert.Equal(
            (await HtmlForms.ParseAsync(unknown)).QuerySelector("[role=alert]")!.TextContent,
            (await HtmlForms.ParseAsync(wrong)).QuerySelector("[role=alert]")!.TextContent);
    }

    [Fact]
    public async Task Registration_answers_a_taken_e_mail_exactly_as_a_new_one()
    {
        await app.CreateUserAsync("taken@hardening.test", Roles.Applicant);

        async Task<(HttpStatusCode, string?, string)> RegisterAsync(string email)
        {
            var browser = app.CreateBrowser();
            var response = await browser.SubmitFormAsync("/account/register", "form[action='/account/register']",
                Registration(email, "หน่วยงานสมัคร " + Guid.NewGuid().ToString("N")[..6]));
            var next = (await browser.GetPageAsync(response.Headers.Location!.OriginalString)).QuerySelector("[role=status]")?.TextContent ?? "";
            return (response.StatusCode, response.Headers.Location?.OriginalString, next);
        }

        var taken = await RegisterAsync("taken@hardening.test");
        var fresh = await RegisterAsync($"fresh-{Guid.NewGuid():N}@hardening.test");

        Assert.Equal(fresh, taken);
        Assert.Contains("ดำเนินการลงทะเบียนแล้ว", taken.Item3);
        Assert.DoesNotContain("มีผู้ใช้แล้ว", taken.Item3);
    }

    [Fact]
    public async Task Add_colleague_answers_a_taken_e_mail_exactly_as_a_new_one()
    {
        var other = await TestData.CreateAgencyAsync(app, "หน่วยงานอื่น " + Guid.NewGuid().ToString("N")[..6]);
        await app.CreateUserAsync("elsewhere@hardening.test", Roles.Applicant, other.Id);
        var mine = await TestData.CreateAgencyAsync(app, "หน่วยงานของฉัน " + Guid.NewGuid().ToString("N")[..6]);
        await app.CreateUserAsync("me@hardening.test", Roles.Applicant, mine.Id);
        var browser = app.CreateBrowser();
        await browser.SignInOrFailAsync("me@hardening.test");

        async Task<(HttpStatusCode, string?, string)> AddAsync(string email)
        {
            var response = await browser.SubmitFormAsync("/agencies/mine", "form[action='/agencies/addcolleague']", new Dictionary<string, string>
            {
                ["NewColleague.DisplayName"] = "นายเพื่อน ร่วมงาน",
                ["NewColleague.Email"] = email,
                ["NewColleague.Password"] = "colleague-kiwi-2569",
            });
            var next = (await browser.GetPageAsync(response.Headers.Location!.OriginalString)).QuerySelector("[role=status]")?.TextContent ?? "";
            return (response.StatusCode, response.Headers.Location?.OriginalString, next);
        }

        var taken = await AddAsync("elsewhere@hardening.test");
        var fresh = await AddAsync($"colleague-{Guid.NewGuid():N}@hardening.test");

        Assert.Equal(fresh, taken);
        Assert.DoesNotContain("elsewhere@hardening.test", taken.Item3);
        // The other agency's account stays where it was.
        Assert.Equal(other.Id, await app.WithDbAsync(db => db.Users.Where(u => u.Email == "elsewhere@hardening.test").Select(u => u.AgencyId).SingleAsync()));
    }
}

/// <summary>A factory whose account-creation limit is low enough to reach in a test.</summary>
public sealed class LowAccountLimitFactory : GeccAppFactory
{
    protected override string AccountsPerHour => "3";
}

public class AccountCreationLimitTests(LowAccountLimitFactory app) : IClassFixture<LowAccountLimitFactory>
{
    private static async Task AssertThaiTooManyAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Contains("บ่อยเกินไป", HtmlForms.TextOf(await HtmlForms.ParseAsync(response)));
    }

    [Fact]
    public async Task Registration_beyond_the_limit_gets_429_with_a_thai_page()
    {
        var client = app.CreateBrowser();
        for (var i = 0; i < 3; i++)
        {
            var response = await client.SubmitFormAsync("/account/register", "form[action='/account/register']", new Dictionary<string, string>
            {
                ["AgencyName"] = $"หน่วยงานจำกัด {i}",
                ["AgencyKind"] = nameof(AgencyKind.Department),
                ["DisplayName"] = "นายทดสอบ",
                ["Email"] = $"limit{i}@limit.test",
                ["Password"] = "new-mango-pass-2563",
                ["ConfirmPassword"] = "new-mango-pass-2563",
            });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        await AssertThaiTooManyAsync(await client.SubmitFormAsync("/account/register", "form[action='/account/register']", new Dictionary<string, string>
        {
            ["AgencyName"] = "หน่วยงานจำกัด 4",
            ["AgencyKind"] = nameof(AgencyKind.Department),
            ["DisplayName"] = "นายทดสอบ",
            ["Email"] = "limit4@limit.test",
            ["Password"] = "new-mango-pass-2563",
            ["ConfirmPassword"] = "new-mango-pass-2563",
        }));
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "limit4@limit.test")));
    }

    [Fact]
    public async Task Add_colleague_beyond_the_limit_gets_429_with_a_thai_page()
    {
        var agency = await TestData.CreateAgencyAsync(app, "หน่วยงานเพิ่มเพื่อนจำกัด");
        await app.CreateUserAsync("adder@limit.test", Roles.Applicant, agency.Id);
        var client = app.CreateBrowser();
        await client.SignInOrFailAsync("adder@limit.test");

        Task<HttpResponseMessage> AddAsync(int i) => client.SubmitFormAsync("/agencies/mine", "form[action='/agencies/addcolleague']", new Dictionary<string, string>
        {
            ["NewColleague.DisplayName"] = "นายเพื่อน",
            ["NewColleague.Email"] = $"colleague{i}@limit.test",
            ["NewColleague.Password"] = "colleague-kiwi-2569",
        });
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await AddAsync(i)).StatusCode);
        }

        await AssertThaiTooManyAsync(await AddAsync(3));
    }

    [Fact]
    public async Task Creating_users_beyond_the_limit_gets_429_with_a_thai_page()
    {
        await app.CreateUserAsync("creator@limit.test", Roles.Secretariat);
        var client = app.CreateBrowser();
        await client.SignInOrFailAsync("creator@limit.test");

        async Task<HttpResponseMessage> CreateAsync(int i)
        {
            var page = await client.GetPageAsync("/users/create");
            var token = page.QuerySelector("form[action='/users/create'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            return await client.PostFormAsync("/users/create",
                [new("__RequestVerificationToken", token), new("DisplayName", "นายผู้ตรวจ"), new("Email", $"made{i}@limit.test"), new("Password", "initial-mango-2569"), new("Roles", Roles.Assessor)]);
        }

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await CreateAsync(i)).StatusCode);
        }

        await AssertThaiTooManyAsync(await CreateAsync(3));
    }
}
