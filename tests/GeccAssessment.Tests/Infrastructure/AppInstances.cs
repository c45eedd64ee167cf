using System.Net;
using GeccAssessment.Web.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace GeccAssessment.Tests.Infrastructure;

/// <summary>
/// One app instance on a real Kestrel port, as behind the balancer. The first of a pair creates the
/// test database; the second runs on the same database with its own memory, caches, rate limiter
/// and background worker, like a second process.
/// </summary>
public sealed class AppInstance : GeccAppFactory
{
    private readonly AppInstance? _sharing;
    private readonly IReadOnlyDictionary<string, string> _settings;

    public AppInstance(AppInstance? sharing, IReadOnlyDictionary<string, string> settings)
    {
        _sharing = sharing;
        _settings = settings;
        Port = LocalServers.FreePort();
        UseKestrel(Port);
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Written as the owner of the background jobs this instance runs.</summary>
    public string InstanceId => Services.GetRequiredService<InstanceIdentity>().Id;

    protected override string? PublicBaseUrl => BaseUrl;

    protected override string ConnectionString => _sharing is null ? base.ConnectionString : TestDatabase.ConnectionStringFor(_sharing.DatabaseName);

    public override async Task InitializeAsync()
    {
        if (_sharing is null)
        {
            await base.InitializeAsync();
        }

        StartServer();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A client of this instance; give two instances' clients one cookie jar to move between them (cookies ignore the port).</summary>
    public HttpClient CreateBrowser(CookieContainer cookies) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = cookies }) { BaseAddress = new Uri(BaseUrl) };

    public override HttpClient CreateBrowser() => CreateBrowser(new CookieContainer());

}

/// <summary>Two instances of the app on one database; disposing drops the database.</summary>
public sealed class AppInstances : IAsyncDisposable
{
    private AppInstances(AppInstance first, AppInstance second)
    {
        First = first;
        Second = second;
    }

    public AppInstance First { get; }

    public AppInstance Second { get; }

    public IEnumerable<AppInstance> Both => [First, Second];

    public static async Task<AppInstances> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        settings ??= new Dictionary<string, string>();
        var first = new AppInstance(null, settings);
        await first.InitializeAsync();
        var second = new AppInstance(first, settings);
        await second.InitializeAsync();
        return new AppInstances(first, second);
    }

    public async ValueTask DisposeAsync()
    {
        await Second.DisposeAsync();
        await ((Xunit.IAsyncLifetime)First).DisposeAsync();
    }
}
