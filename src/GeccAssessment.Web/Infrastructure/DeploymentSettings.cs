using System.Net;

namespace GeccAssessment.Web.Infrastructure;

/// <summary>
/// What the app must be told about where it runs, rather than believe from requests: its public
/// address and host names (never the request's Host header), and which proxy may speak for clients.
/// </summary>
public static class DeploymentSettings
{
    public const string PublicBaseUrlKey = "Gecc:PublicBaseUrl";
    public const string KnownProxiesKey = "Gecc:KnownProxies";

    public static IServiceCollection AddGeccDeploymentSettings(this IServiceCollection services, IConfiguration configuration)
    {
        // Every cookie (authentication, antiforgery, TempData, language) is Secure when the request
        // came over HTTPS, including HTTPS at the proxy: ASP.NET's antiforgery cookie is not by default.
        services.Configure<CookiePolicyOptions>(options => options.Secure = CookieSecurePolicy.SameAsRequest);
        return services.AddGeccKnownProxies(configuration);
    }

    /// <summary>
    /// Forwarded headers (ASPNETCORE_FORWARDEDHEADERS_ENABLED) are believed only from the proxies in
    /// Gecc:KnownProxies (addresses or networks, separated by ; or ,), by default only from this
    /// machine. ASP.NET's own switch believes every sender, so anyone who reached the app's port
    /// could pick a client address with X-Forwarded-For and escape the sign-in limit.
    /// </summary>
    public static IServiceCollection AddGeccKnownProxies(this IServiceCollection services, IConfiguration configuration) =>
        services.PostConfigure<ForwardedHeadersOptions>(options =>
        {
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            var configured = (configuration[KnownProxiesKey] ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (configured.Length == 0)
            {
                options.KnownProxies.Add(IPAddress.Loopback);
                options.KnownProxies.Add(IPAddress.IPv6Loopback);
                return;
            }

            foreach (var entry in configured)
            {
                if (entry.Contains('/', StringComparison.Ordinal))
                {
                    options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry));
                }
                else
                {
                    options.KnownProxies.Add(IPAddress.Parse(entry));
                }
            }
        });

    /// <summary>
    /// In Production the app refuses to start without AllowedHosts (not "*") and Gecc:PublicBaseUrl
    /// (an absolute http(s) address): with them missing, a request's Host header chose where the
    /// certificate's QR code pointed.
    /// </summary>
    public static void RequireProductionSettings(this WebApplication app)
    {
        if (!app.Environment.IsProduction())
        {
            return;
        }

        var problems = new List<string>();
        var allowedHosts = app.Configuration["AllowedHosts"];
        if (string.IsNullOrWhiteSpace(allowedHosts) || allowedHosts.Split(';').Any(h => h.Trim() is "*" or ""))
        {
            problems.Add("AllowedHosts must list the public host names (e.g. gecc.example.go.th), not \"*\"");
        }

        if (!Uri.TryCreate(app.Configuration[PublicBaseUrlKey], UriKind.Absolute, out var publicUrl) || publicUrl.Scheme is not ("https" or "http"))
        {
            problems.Add($"{PublicBaseUrlKey} must be the public address, e.g. https://gecc.example.go.th");
        }

        if (problems.Count > 0)
        {
            var message = "The app will not start in Production: " + string.Join("; ", problems) +
                ". In docker-compose set GECC_PUBLIC_URL and GECC_ALLOWED_HOSTS.";
            app.Logger.LogCritical("{StartupProblem}", message);
            throw new InvalidOperationException(message);
        }
    }
}
