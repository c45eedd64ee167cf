using GeccAssessment.Web.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Home;

public class HomeController(ApplicationDbContext db) : Controller
{
    /// <summary>Each role's starting page: what this user can do, nothing more.</summary>
    [HttpGet]
    [Authorize]
    public async Task<IActionResult> Index()
    {
        var userName = User.Identity!.Name;
        var home = await db.Users
            .Where(u => u.UserName == userName)
            .Select(u => new HomeModel(u.DisplayName, u.Agency == null ? null : u.Agency.NameTh))
            .SingleAsync();
        return View(home);
    }
}

public sealed record HomeModel(string DisplayName, string? AgencyName);
