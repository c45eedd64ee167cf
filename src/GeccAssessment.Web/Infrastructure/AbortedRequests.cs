using Microsoft.AspNetCore.Diagnostics;
using Serilog;

namespace GeccAssessment.Web.Infrastructure;

/// <summary>
/// A client that goes away mid-request (a closed tab, a load test's timeout) cancels the request's
/// database work, which ends in an OperationCanceledException. Left alone, request logging wrote
/// that as an Error with status 500: false alarms for whoever watches the logs. Here it becomes
/// status 499 (client closed request), logged at Information with ClientAborted=true, and no error
/// page is rendered for a client that is no longer there.
/// </summary>
public static class AbortedRequests
{
    public const int ClientClosedRequest = StatusCodes.Status499ClientClosedRequest;

    /// <summary>Goes just inside request logging, so that the request's log line sees the outcome.</summary>
    public static IApplicationBuilder UseAbortedRequestHandling(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception ex) when (context.RequestAborted.IsCancellationRequested && IsCausedByAbort(ex))
            {
                context.RequestServices.GetService<IDiagnosticContext>()?.Set("ClientAborted", true);
                if (!context.Response.HasStarted)
                {
                    context.Response.StatusCode = ClientClosedRequest;
                }

                if (context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
                {
                    statusCodePages.Enabled = false;
                }
            }
        });

    private static bool IsCausedByAbort(Exception ex) =>
        ex is OperationCanceledException or IOException or BadHttpRequestException
        || (ex.InnerException is { } inner && IsCausedByAbort(inner));
}
