using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace GeccAssessment.Web.Features.Errors;

/// <summary>Thai error pages, reached by re-execution from the status-code and exception middleware.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken] // a failed POST is re-executed here as a POST
public class ErrorsController : Controller
{
    /// <remarks>
    /// No action parameters: binding them would read the failed request's body again (a garbled or
    /// oversized upload), and the error page itself would fail.
    /// </remarks>
    [Route("error/{code:int}")]
    public IActionResult Show()
    {
        var code = int.TryParse(RouteData.Values["code"] as string, CultureInfo.InvariantCulture, out var value) ? value : 500;
        var known = code is 400 or 403 or 404 or 413 or 429 or 500 ? code : 500;
        Response.StatusCode = code is >= 400 and < 600 ? code : 500;
        // The public survey is a person at a counter with a phone, not a civil servant signing in: its
        // own shell and words, saying the answer was not kept (the staff page offered a sign-in link).
        var originalPath = HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath
            ?? HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path;
        if (known is 429 or 500 && originalPath?.StartsWith("/s/", StringComparison.Ordinal) == true)
        {
            return View("~/Features/Satisfaction/Problem.cshtml", known == 429 ? "TooMany" : "Fault");
        }

        return View("Error", known);
    }
}
