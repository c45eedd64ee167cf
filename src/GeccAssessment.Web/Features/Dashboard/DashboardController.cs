using GeccAssessment.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace GeccAssessment.Web.Features.Dashboard;

[Authorize(Policy = Policies.Certificates)]
public class DashboardController(DashboardService dashboard, IStringLocalizer<SharedResource> localizer) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(int? cycle, CancellationToken cancellationToken) =>
        View(await dashboard.PageAsync(cycle, key => localizer[key].Value, cancellationToken));
}
