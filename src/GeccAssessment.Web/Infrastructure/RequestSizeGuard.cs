using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace GeccAssessment.Web.Infrastructure;

/// <summary>
/// Answers 413 (with the Thai page) a request whose declared body is larger than its endpoint
/// accepts ([RequestSizeLimit], else the server's limit), before anything reads it. Otherwise the
/// form reader fails inside antiforgery validation and the user gets a page that says nothing
/// about size, after the server has read as much of the upload as it would.
/// </summary>
public static class RequestSizeGuard
{
    public static IApplicationBuilder UseRequestSizeGuard(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            // The endpoint's own limit when it states one (null there means none), else the server's.
            var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } metadata
                ? metadata.MaxRequestBodySize
                : context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            // The error page is re-executed with the same request: it must not be refused again.
            if (context.Request.ContentLength > limit && context.Features.Get<IStatusCodeReExecuteFeature>() is null)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }

            await next(context);
        });
}
