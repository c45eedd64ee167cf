using System.Net;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GeccAssessment.Tests.Features.Shell;

public class ShellTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    [Fact]
    public async Task Health_is_200_when_the_database_answers()
    {
        var response = await app.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_without_antiforgery_token_is_rejected()
    {
        await app.CreateUserAsync("csrf@shell.test", Roles.Assessor);
        var response = await app.CreateBrowser().PostAsync("/account/login",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "csrf@shell.test", ["Password"] = GeccAppFactory.Password }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("gecc.auth", string.Join(";", response.Headers.TryGetValues("Set-Cookie", out var c) ? c : []));
    }

    [Fact]
    public async Task Thai_is_the_default_even_when_the_browser_asks_for_english()
    {
        var client = app.CreateBrowser();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US,en;q=0.9");

        var page = await client.GetPageAsync("/account/login");

        Assert.Equal("th", page.DocumentElement.GetAttribute("lang"));
        Assert.Contains("ลงชื่อเข้าใช้ด้วยอีเมลและรหัสผ่านของท่าน", HtmlForms.TextOf(page));
    }

    [Fact]
    public async Task The_language_switch_gives_english_and_back()
    {
        var browser = app.CreateBrowser();
        var login = await browser.GetPageAsync("/account/login");

        var toEnglish = await browser.SubmitFormAsync(login, "form[action='/culture/set']", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, toEnglish.StatusCode);
        Assert.Equal("/account/login", toEnglish.Headers.Location!.OriginalString);
        var english = await browser.GetPageAsync("/account/login");
        Assert.Equal("en", english.DocumentElement.GetAttribute("lang"));
        Assert.Contains("Sign in with your e-mail address and password", HtmlForms.TextOf(english));

        await browser.SubmitFormAsync(english, "form[action='/culture/set']", new Dictionary<string, string>());
        Assert.Equal("th", (await browser.GetPageAsync("/account/login")).DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task Unknown_pages_get_the_thai_404_page()
    {
        var response = await app.CreateBrowser().GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("ไม่พบหน้าที่ต้องการ", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Static_files_are_served_by_the_app_itself()
    {
        var client = app.CreateClient();
        var page = await client.GetStringAsync("/account/login");

        Assert.DoesNotContain("cdn", page, StringComparison.OrdinalIgnoreCase);
        foreach (var path in new[] { "/lib/bootstrap/bootstrap.min.css", "/lib/bootstrap/bootstrap.purged.css", "/lib/bootstrap-icons/bootstrap-icons.min.css", "/lib/sarabun/Sarabun_400Regular.ttf", "/css/print.css" })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
        }
    }

    [Fact]
    public void Every_controller_action_states_who_may_call_it()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Where(e => e.Metadata.GetMetadata<ControllerActionDescriptor>() is not null)
            .ToList();

        Assert.NotEmpty(endpoints);
        // Attributes written on the action or its controller, not the blanket RequireAuthorization() of the route.
        var undecided = endpoints
            .Select(e => e.Metadata.GetMetadata<ControllerActionDescriptor>()!)
            .Where(a => !HasDecision(a.MethodInfo) && !HasDecision(a.ControllerTypeInfo))
            .Select(a => a.DisplayName)
            .ToList();
        Assert.Empty(undecided);
    }

    private static bool HasDecision(System.Reflection.MemberInfo member) =>
        member.GetCustomAttributes(inherit: true).Any(a => a is IAllowAnonymous or IAuthorizeData);

    [Fact]
    public async Task Data_protection_keys_are_kept_in_the_database()
    {
        await app.CreateUserAsync("keys@shell.test", Roles.Assessor);
        await app.CreateBrowser().SignInOrFailAsync("keys@shell.test");

        Assert.True(await app.WithDbAsync(db => db.DataProtectionKeys.AnyAsync()));
    }

    [Fact]
    public async Task The_model_matches_the_migrations()
    {
        Assert.False(await app.WithDbAsync(db => Task.FromResult(db.Database.HasPendingModelChanges())),
            "The model has changes without a migration: run dotnet ef migrations add.");
        Assert.Empty(await app.WithDbAsync(db => db.Database.GetPendingMigrationsAsync()));
    }
}

/// <summary>The app pointed at a port where no database listens.</summary>
public class UnreachableDatabaseFactory : GeccAppFactory
{
    protected override string ConnectionString => "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none;Timeout=2";

    public override Task InitializeAsync() => Task.CompletedTask;
}

public class HealthWithoutDatabaseTests(UnreachableDatabaseFactory app) : IClassFixture<UnreachableDatabaseFactory>
{
    [Fact]
    public async Task Health_is_503_when_the_database_does_not_answer()
    {
        var response = await app.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
    }
}
