using System.Net;
using GeccAssessment.Tests.Features.Shell;
using GeccAssessment.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Serilog.Events;

namespace GeccAssessment.Tests.Features.Security;

/// <summary>The app as docker-compose runs it: Production, with its public address and host names given.</summary>
public class ProductionFactory : GeccAppFactory
{
    protected virtual string? AllowedHosts => "gecc.example.go.th";

    protected override string? PublicBaseUrl => "https://gecc.example.go.th";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
        builder.UseSetting("AllowedHosts", AllowedHosts ?? "*"); // appsettings.json says "*"
    }
}

public sealed class MisconfiguredProductionFactory(string? allowedHosts, string? publicBaseUrl) : ProductionFactory
{
    protected override string? AllowedHosts => allowedHosts;

    protected override string? PublicBaseUrl => publicBaseUrl;
}

public class ProductionSettingsTests(ProductionFactory app) : IClassFixture<ProductionFactory>
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("*", "https://gecc.example.go.th")]
    [InlineData("gecc.example.go.th", "")]
    [InlineData("gecc.example.go.th", "gecc.example.go.th")]
    public async Task Production_refuses_to_start_without_its_host_names_and_public_address(string? allowedHosts, string? publicBaseUrl)
    {
        await using var factory = new MisconfiguredProductionFactory(allowedHosts, publicBaseUrl);

        var refused = Assert.ThrowsAny<Exception>(() => factory.Services);

        Assert.Contains("will not start in Production", refused.ToString(), StringComparison.Ordinal);
        Assert.Contains(factory.Logs.Events, e => e.Level == LogEventLevel.Fatal && e.RenderMessage().Contains("GECC_PUBLIC_URL", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Production_answers_its_own_host_names_only()
    {
        var own = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://gecc.example.go.th"), AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.OK, (await own.GetAsync("/account/login")).StatusCode);

        var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.Host = "evil.example";
        Assert.Equal(HttpStatusCode.BadRequest, (await own.SendAsync(request)).StatusCode);
    }
}

/// <summary>
/// Forwarded headers on, one known proxy (10.0.0.1). The test server has no client address of its
/// own, so each request states the address it comes from in X-Test-Peer, set before anything else runs.
/// </summary>
public sealed class KnownProxyFactory : GeccAppFactory
{
    public const string Proxy = "10.0.0.1";

    protected override string RateLimitPerMinute => "3";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("FORWARDEDHEADERS_ENABLED", "true");
        builder.UseSetting("Gecc:KnownProxies", Proxy);
        builder.ConfigureServices(services => services.Insert(0, ServiceDescriptor.Transient<IStartupFilter, PeerAddressFilter>()));
    }

    private sealed class PeerAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue("X-Test-Peer", out var peer))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

public class KnownProxyTests(KnownProxyFactory app) : IClassFixture<KnownProxyFactory>
{
    private async Task<Func<string, string, Task<HttpResponseMessage>>> SignInAttemptsAsync()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        var page = await client.GetAsync("/account/login");
        var cookies = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var document = await HtmlForms.ParseAsync(page);
        var fields = HtmlForms.FieldsOf(document, "form[action='/account/login']")
            .With("__RequestVerificationToken", ((AngleSharp.Html.Dom.IHtmlInputElement)document.QuerySelector("input[name=__RequestVerificationToken]")!).Value)
            .With("Email", "nobody@proxy.test").With("Password", "wrong-password-1");
        return (peer, forwardedFor) =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/account/login") { Content = new FormUrlEncodedContent(fields) };
            request.Headers.Add("X-Test-Peer", peer);
            request.Headers.Add("X-Forwarded-For", forwardedFor);
            request.Headers.Add("Cookie", cookies);
            return client.SendAsync(request);
        };
    }

    [Fact]
    public async Task X_forwarded_for_from_anyone_but_the_proxy_is_ignored_so_the_sign_in_limit_holds()
    {
        var attempt = await SignInAttemptsAsync();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await attempt("192.0.2.50", $"203.0.113.{i + 1}")).StatusCode);
        }

        // A new made-up client address each time does not help: the limit is on the real sender.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await attempt("192.0.2.50", "203.0.113.99")).StatusCode);
    }

    [Fact]
    public async Task The_known_proxy_is_believed_each_client_has_its_own_limit_and_https_is_seen()
    {
        var attempt = await SignInAttemptsAsync();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await attempt(KnownProxyFactory.Proxy, "198.51.100.7")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await attempt(KnownProxyFactory.Proxy, "198.51.100.7")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await attempt(KnownProxyFactory.Proxy, "198.51.100.8")).StatusCode);

        var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        HttpRequestMessage Https(string peer)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/centres");
            request.Headers.Host = "gecc.example.go.th"; // HSTS is never sent for localhost
            request.Headers.Add("X-Test-Peer", peer);
            request.Headers.Add("X-Forwarded-For", "198.51.100.9");
            request.Headers.Add("X-Forwarded-Proto", "https");
            return request;
        }

        Assert.True((await client.SendAsync(Https(KnownProxyFactory.Proxy))).Headers.Contains("Strict-Transport-Security"));
        Assert.False((await client.SendAsync(Https("192.0.2.50"))).Headers.Contains("Strict-Transport-Security"));
    }
}

public class HealthTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    [Fact]
    public async Task A_flood_of_health_requests_uses_a_handful_of_database_connections()
    {
        var client = app.CreateClient();
        await using var monitor = new NpgsqlConnection(TestDatabase.ConnectionStringFor("postgres", pooling: false));
        await monitor.OpenAsync();
        var most = 0;
        var mostHealth = 0;
        using var flooding = new CancellationTokenSource();
        var watching = Task.Run(async () =>
        {
            while (!flooding.IsCancellationRequested)
            {
                await using var count = new NpgsqlCommand(
                    "SELECT count(*), count(*) FILTER (WHERE application_name = 'gecc-health') FROM pg_stat_activity WHERE datname = @db", monitor);
                count.Parameters.AddWithValue("db", app.DatabaseName);
                await using var reader = await count.ExecuteReaderAsync();
                await reader.ReadAsync();
                most = Math.Max(most, (int)reader.GetInt64(0));
                mostHealth = Math.Max(mostHealth, (int)reader.GetInt64(1));
            }
        });

        for (var round = 0; round < 3; round++)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 150).Select(_ => client.GetAsync("/health")));
            Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
            await Task.Delay(1100); // past the one-second cache: the next round asks the database again
        }

        await flooding.CancelAsync();
        await watching;
        // The health probe's own pool holds at most two; the rest are the app's pool and its background
        // workers (mail, reminders, digest, jobs), a few at most: never one per request.
        Assert.InRange(mostHealth, 1, 2);
        Assert.InRange(most, 1, 8);
    }

    [Fact]
    public async Task Ready_is_200_on_a_migrated_database()
    {
        var response = await app.CreateClient().GetAsync("/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}

/// <summary>A database that exists and answers but has no migrations applied.</summary>
public sealed class UnmigratedDatabaseFactory : GeccAppFactory
{
    private readonly string _name = "gecc_t_empty_" + Guid.NewGuid().ToString("N");

    protected override string ConnectionString => TestDatabase.ConnectionStringFor(_name);

    public override async Task InitializeAsync() => await OnServerAsync($"CREATE DATABASE \"{_name}\"");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await OnServerAsync($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)");
    }

    private static async Task OnServerAsync(string sql)
    {
        await using var server = new NpgsqlConnection(TestDatabase.ConnectionStringFor("postgres", pooling: false));
        await server.OpenAsync();
        await using var command = new NpgsqlCommand(sql, server);
        await command.ExecuteNonQueryAsync();
    }
}

public class ReadinessTests(UnmigratedDatabaseFactory app) : IClassFixture<UnmigratedDatabaseFactory>
{
    [Fact]
    public async Task Ready_is_503_until_the_migrations_are_applied_while_health_is_200()
    {
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/health")).StatusCode);
        var ready = await app.CreateClient().GetAsync("/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
    }
}

public class ReadinessWithoutDatabaseTests(UnreachableDatabaseFactory app) : IClassFixture<UnreachableDatabaseFactory>
{
    [Fact]
    public async Task Ready_is_503_when_the_database_does_not_answer()
    {
        var response = await app.CreateClient().GetAsync("/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }
}
