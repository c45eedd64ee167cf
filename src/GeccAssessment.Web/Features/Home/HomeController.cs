using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GeccAssessment.Web.Features.Home;

public class HomeController(HomeService home) : Controller
{
    /// <summary>Each role's starting page: what waits for this user, and where to do it.</summary>
    [HttpGet]
    [Authorize]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) => View(await home.ForAsync(User, cancellationToken));
}
