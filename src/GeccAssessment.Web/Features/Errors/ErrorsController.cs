using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GeccAssessment.Web.Features.Errors;

/// <summary>Thai error pages, reached by re-execution from the status-code and exception middleware.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken] // a failed POST is re-executed here as a POST
public class ErrorsController : Controller
{
    [Route("error/{code:int}")]
    public IActionResult Show(int code)
    {
        var known = code is 400 or 403 or 404 or 429 or 500 ? code : 500;
        Response.StatusCode = code is >= 400 and < 600 ? code : 500;
        return View("Error", known);
    }
}
