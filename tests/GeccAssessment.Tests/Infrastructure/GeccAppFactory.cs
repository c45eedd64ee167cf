using GeccAssessment.Web.Data;
using GeccAssessment.Web.Data.Seeding;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;

namespace GeccAssessment.Tests.Infrastructure;

/// <summary>
/// The whole app over HTTP (routing, antiforgery, authorisation, model binding) on its own copy of
/// the migrated database. One instance per test class (IClassFixture).
/// </summary>
public class GeccAppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "test-kiwi-pass-2569";

    public string DatabaseName { get; private set; } = "";

    /// <summary>Every log event the app writes, for tests about what must never be logged.</summary>
    public CapturingLogSink Logs { get; } = new();

    /// <summary>The SQL statements of requests that ask to be counted (<see cref="StatementCounting.CountedAsync"/>).</summary>
    public StatementCounter Statements { get; } = new();

    protected virtual string RateLimitPerMinute => "100000";

    protected virtual string AccountsPerHour => "100000";

    protected virtual string PublicPageCacheSeconds => "0";

    /// <summary>The address printed in QR codes; an app on a real port prints its own.</summary>
    protected virtual string? PublicBaseUrl => "http://localhost";

    protected virtual string ConnectionString => TestDatabase.ConnectionStringFor(DatabaseName);

    public virtual async Task InitializeAsync()
    {
        DatabaseName = await TestDatabase.CreateAsync();
        await using var scope = Services.CreateAsyncScope();
        await IdentitySeeder.EnsureRolesAsync(scope.ServiceProvider);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (DatabaseName.Length > 0)
        {
            await TestDatabase.DropAsync(DatabaseName);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Default", ConnectionString);
        builder.UseSetting("Gecc:LogDirectory", "");
        // As Production requires: the certificate's QR code never takes its address from a request's Host header.
        builder.UseSetting("Gecc:PublicBaseUrl", PublicBaseUrl ?? "");
        // Expected errors (outage tests, refused requests) would bury the test output; the sink still sees all.
        builder.UseSetting("Gecc:ConsoleMinimumLevel", "Fatal");
        // Small enough that a test's two certificates already go through the background job.
        builder.UseSetting("Gecc:Pdf:BackgroundBatchThreshold", "1");
        // Tests change certificates behind the app's back and read the public pages at once; the
        // cache has its own test (PublicPageCacheTests).
        builder.UseSetting("Gecc:PublicPageCacheSeconds", PublicPageCacheSeconds);
        // Tests sign in far more often than a person; the limit itself is tested with its own factory.
        builder.UseSetting("Gecc:RateLimit:SignInPerMinute", RateLimitPerMinute);
        builder.UseSetting("Gecc:RateLimit:AccountsPerHour", AccountsPerHour);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<ILogEventSink>(Logs);
            services.ConfigureDbContext<ApplicationDbContext>(options => options.AddInterceptors(Statements));
        });
    }

    /// <summary>A client that keeps cookies and does not follow redirects, as the tests expect.</summary>
    public virtual HttpClient CreateBrowser() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<ApplicationUser> CreateUserAsync(string email, string role, int? agencyId = null, string displayName = "ผู้ทดสอบ")
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await IdentitySeeder.CreateUserAsync(users, email, displayName, Password, [role], agencyId);
    }

    /// <summary>Runs work against the app's DbContext in a fresh scope.</summary>
    public async Task<T> WithDbAsync<T>(Func<ApplicationDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<ApplicationDbContext>());
    }
}
