using System.Globalization;
using Microsoft.AspNetCore.OutputCaching;

namespace GeccAssessment.Web.Infrastructure;

/// <summary>
/// The public pages a crowd opens at once (/verify from a QR code, /centres) are kept for a few
/// seconds per instance and served without running the page again (docs/adr/0016-public-page-cache.md).
/// Only anonymous visitors' answers are kept (the framework's default rules: GET, 200, no cookie
/// set, no signed-in user), one copy per language and query string. A certificate issued or revoked
/// through this instance empties the cache at once; another instance shows the change within the
/// cache's few seconds (Gecc:PublicPageCacheSeconds, 10 by default), as a read replica's lag would.
/// </summary>
public static class PublicPageCache
{
    public const string Policy = "public-pages";
    private const string CertificatesTag = "certificates";

    public static void AddGeccPublicPageCache(this IServiceCollection services)
    {
        services.AddOutputCache();
        services.AddOptions<OutputCacheOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            // Gecc:PublicPageCacheSeconds; 0 turns the cache off (the tests do, except the cache's own).
            var seconds = configuration.GetValue("Gecc:PublicPageCacheSeconds", 10);
            // Rendered pages of a few KB each: far more room than a crowd's distinct addresses need.
            options.SizeLimit = 64 * 1024 * 1024;
            options.AddPolicy(Policy, policy =>
            {
                if (seconds <= 0)
                {
                    policy.NoCache();
                    return;
                }

                policy.Expire(TimeSpan.FromSeconds(seconds))
                    .VaryByValue(_ => new KeyValuePair<string, string>("culture", CultureInfo.CurrentUICulture.Name))
                    .Tag(CertificatesTag);
            });
        });
    }

    /// <summary>After certificates are issued or revoked: this instance's copies go at once.</summary>
    public static Task CertificatesChangedAsync(IOutputCacheStore store, CancellationToken cancellationToken = default) =>
        store.EvictByTagAsync(CertificatesTag, cancellationToken).AsTask();
}
