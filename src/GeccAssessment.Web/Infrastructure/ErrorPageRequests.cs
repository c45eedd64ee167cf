using Microsoft.AspNetCore.Diagnostics;

namespace GeccAssessment.Web.Infrastructure;

/// <summary>
/// Whether this request is the error page re-executed for a failed one. Such a request shows no
/// data and must not fail again (the failure is often the database itself), nor be refused again.
/// </summary>
public static class ErrorPageRequests
{
    /// <summary>The error page of an exception (UseExceptionHandler).</summary>
    public static bool AfterException(HttpContext context) => context.Features.Get<IExceptionHandlerFeature>() is not null;

    /// <summary>The error page of an exception or of an error status code (UseStatusCodePagesWithReExecute).</summary>
    public static bool Any(HttpContext context) => AfterException(context) || context.Features.Get<IStatusCodeReExecuteFeature>() is not null;
}
