namespace GeccAssessment.Web.Infrastructure;

/// <summary>
/// Headers on every response: a Content-Security-Policy that allows only the app's own files (no
/// inline script or style, nothing from elsewhere), no framing by other sites, no MIME sniffing and
/// a strict referrer policy. A response may set its own CSP first (evidence shown in the scoring
/// page's frame does), and this one then leaves it alone.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; " +
        "connect-src 'self'; frame-src 'self'; media-src 'self' blob:; object-src 'none'; base-uri 'self'; " +
        "form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// For uploaded files the app shows inside its own pages (a PDF in the scoring form's frame): only
    /// this app may frame them, and in a sandbox, so a PDF's embedded JavaScript does not run. They are
    /// PDF, JPEG or PNG by content (never HTML) and sent with nosniff.
    /// </summary>
    public const string FramedFilePolicy = "sandbox; frame-ancestors 'self'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                if (!headers.ContainsKey("Content-Security-Policy"))
                {
                    headers.ContentSecurityPolicy = ContentSecurityPolicy;
                    headers.XFrameOptions = "DENY";
                }

                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                // The scoring form may use the camera; nothing else may use devices.
                headers["Permissions-Policy"] = "camera=(self), microphone=(), geolocation=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            await next();
        });
}
