using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace GeccAssessment.Web.Infrastructure;

/// <summary>
/// Every file the app sends (evidence, photos, certificates, reports, exports, batch PDFs) is
/// personal or official data: no cache (a shared computer in a provincial office, a proxy) may keep
/// a copy. And it is shown, if at all, in a CSP sandbox: a PDF with embedded JavaScript, or any
/// file a browser might render as a page, runs no script with the app's origin.
/// </summary>
public sealed class DownloadHeadersFilter : IResultFilter
{
    public const string SandboxPolicy = "sandbox; frame-ancestors 'none'";

    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is not FileResult)
        {
            return;
        }

        var headers = context.HttpContext.Response.Headers;
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        // A file the app frames in its own pages has set its own policy, with the sandbox (SecurityHeaders.FramedFilePolicy).
        if (!headers.ContainsKey("Content-Security-Policy"))
        {
            headers.ContentSecurityPolicy = SandboxPolicy;
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
