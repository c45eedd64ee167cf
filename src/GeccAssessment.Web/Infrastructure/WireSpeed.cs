using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Net.Http.Headers;

namespace GeccAssessment.Web.Infrastructure;

/// <summary>
/// Fewer bytes for assessors on 3G: pages, CSS, scripts and JSON compressed (Brotli, else gzip), and
/// static files cached for a year when their address names their version.
/// </summary>
public static class WireSpeed
{
    /// <summary>A year: the longest cache lifetime browsers honour.</summary>
    public const string ImmutableCacheControl = "public, max-age=31536000, immutable";

    public static IServiceCollection AddGeccWireSpeed(this IServiceCollection services)
    {
        services.AddResponseCompression(options =>
        {
            // Over HTTPS too (BREACH): the only secret in a page is the antiforgery request token, which
            // ASP.NET Core encrypts afresh for every response, so its bytes never repeat to be guessed.
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            // PDFs, pictures and fonts (WOFF2 is compressed already) are left as they are.
            options.MimeTypes = [.. ResponseCompressionDefaults.MimeTypes, "image/svg+xml"];
        });
        // Fastest: a page is made per request, and the fastest level already gains most of the bytes.
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }

    /// <summary>
    /// Static files: an address with a query string is a fingerprinted one (asp-append-version's
    /// <c>?v=hash</c>, or a vendored stylesheet naming its font's version), so it is cached for a
    /// year and never revalidated; any other static file is revalidated after an hour.
    /// </summary>
    public static IApplicationBuilder UseGeccStaticFiles(this IApplicationBuilder app) =>
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers[HeaderNames.CacheControl] = context.Context.Request.QueryString.HasValue ? ImmutableCacheControl : "public, max-age=3600";
            },
        });
}
