using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using GeccAssessment.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;

namespace GeccAssessment.BrowserTests;

/// <summary>The app on a real Kestrel port, on its own copy of the test database.</summary>
public sealed class KestrelAppFactory : GeccAppFactory
{
    public KestrelAppFactory()
        : this(FreePort(), null)
    {
    }

    /// <summary>
    /// The app on a given port and, when named, on an existing database: a server stopped by a test
    /// (disposed without dropping its database) starts again where it was.
    /// </summary>
    public KestrelAppFactory(int port, string? existingDatabase)
    {
        Port = port;
        _existingDatabase = existingDatabase;
        UseKestrel(Port);
    }

    private readonly string? _existingDatabase;

    public int Port { get; }

    /// <summary>The database this app runs on, created by it or given.</summary>
    public string Database => _existingDatabase ?? DatabaseName;

    protected override string ConnectionString => _existingDatabase is { } name ? TestDatabase.ConnectionStringFor(name) : base.ConnectionString;

    public override Task InitializeAsync() => _existingDatabase is null ? base.InitializeAsync() : Task.CompletedTask;

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    protected override string? PublicBaseUrl => BaseUrl;

    /// <summary>Every browser app sends its mail to the test run's real SMTP server (<see cref="Mailbox"/>), soon after queuing it.</summary>
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Gecc:Mail:Host", "127.0.0.1");
        builder.UseSetting("Gecc:Mail:Port", Mailbox.Shared.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Gecc:Mail:Security", "None");
        builder.UseSetting("Gecc:Mail:FromAddress", "gecc@journey.test");
        builder.UseSetting("Gecc:Mail:PollSeconds", "0.5");
        builder.UseSetting("Gecc:Mail:RetryBaseSeconds", "1");
    }

    /// <summary>Over real HTTP to the Kestrel port (the test server's client options do not apply there).</summary>
    public override HttpClient CreateBrowser() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(BaseUrl) };

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// Debian's Chromium driven by Playwright (never `playwright install`: the browser comes from apt,
/// installed by ./gecc test), one browser for every test of the collection.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public KestrelAppFactory App { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    public IPlaywright Playwright => _playwright;

    private IPlaywright _playwright = null!;

    public async Task InitializeAsync()
    {
        // Playwright's 5 s default is tight for a page behind a POST and redirect on a busy 2-core runner.
        Assertions.SetDefaultExpectTimeout(15_000);
        await App.InitializeAsync();
        App.StartServer();
        _playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium(),
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await ((IAsyncLifetime)App).DisposeAsync();
    }

    /// <summary>A fresh browser window at the size of the assessors' laptops, in Thai.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseUrl,
            Locale = "th-TH",
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
            AcceptDownloads = true,
        });
        return await context.NewPageAsync();
    }

    /// <summary>
    /// A browser whose profile lives in <paramref name="profile"/>, so IndexedDB, the service worker and
    /// its caches outlive closing it, as on a laptop whose lid is closed and opened again.
    /// </summary>
    public Task<IBrowserContext> PersistentContextAsync(string profile, string baseUrl) =>
        _playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = Chromium(),
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            BaseURL = baseUrl,
            Locale = "th-TH",
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
        });

    public async Task<IPage> SignedInPageAsync(string email)
    {
        var page = await NewPageAsync();
        await SignInAsync(page, email);
        return page;
    }

    public static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("input[name=Email]", email);
        await page.FillAsync("input[name=Password]", GeccAppFactory.Password);
        await page.ClickAsync("form[action='/account/login'] button[type=submit]");
        // Web-first: WaitForURLAsync sometimes waited for a "load" event the client had already missed.
        await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex("/account/login"));
    }

    /// <summary>Runs a step; on failure keeps a screenshot and the page's HTML under TestResults/browser.</summary>
    public static async Task StepAsync(IPage page, string name, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "browser");
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
            await File.WriteAllTextAsync(Path.Combine(folder, name + ".html"), await page.ContentAsync());
            throw;
        }
    }

    private static string Chromium() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(dir => Path.Combine(dir, "chromium"))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("chromium is not installed: ./gecc test installs Debian's chromium package.");
}

[CollectionDefinition("browser")]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>;
