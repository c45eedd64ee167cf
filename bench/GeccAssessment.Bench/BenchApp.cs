using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using GeccAssessment.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GeccAssessment.Bench;

/// <summary>
/// The real app (Program of GeccAssessment.Web, its whole pipeline) on a Kestrel port in this
/// process, on the bench database, with <see cref="SqlCapture"/> added to its DbContext.
/// </summary>
public sealed class BenchApp : WebApplicationFactory<Program>
{
    private readonly string _connectionString;

    public BenchApp(string connectionString)
    {
        _connectionString = connectionString;
        // WebApplicationFactory reads its manifest (where the app's content root is) from the
        // current directory; the bench runs from the repository root, so it is told directly.
        var manifest = Path.Combine(AppContext.BaseDirectory, "MvcTestingAppManifest.json");
        var contentRoot = JsonDocument.Parse(File.ReadAllText(manifest)).RootElement.EnumerateObject().Single().Value.GetString();
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_GECCASSESSMENT_WEB", contentRoot);
        Port = FreePort();
        UseKestrel(Port);
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public SqlCapture Capture { get; } = new();

    /// <summary>A browser of its own: cookies kept, redirects not followed (a redirect to sign-in is a failure here).</summary>
    public HttpClient CreateBrowser(CookieContainer? cookies = null) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = cookies ?? new CookieContainer() })
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromMinutes(2),
        };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Not Development: no demo seeding at start and the production error pages, as deployed.
        builder.UseEnvironment("Benchmark");
        builder.UseSetting("ConnectionStrings:Default", _connectionString);
        builder.UseSetting("Gecc:LogDirectory", "");
        // Request logs still go through Serilog (as in production); the console shows errors only.
        builder.UseSetting("Gecc:ConsoleMinimumLevel", "Error");
        builder.UseSetting("Gecc:RateLimit:SignInPerMinute", "1000");
        // The submit load is many phones behind one loopback address, filling forms instantly: the
        // per-address, fill-time and burst limits would refuse it (they are tested in the tests instead).
        builder.UseSetting("Gecc:Satisfaction:PerAddressPerHour", "100000000");
        builder.UseSetting("Gecc:Satisfaction:MinimumFillSeconds", "0");
        builder.UseSetting("Gecc:Satisfaction:BurstPerPointPer10Minutes", "100000000");
        builder.ConfigureServices(services =>
            services.ConfigureDbContext<ApplicationDbContext>(options => options.AddInterceptors(Capture)));
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
