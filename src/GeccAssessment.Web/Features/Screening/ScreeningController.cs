using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Applications;
using GeccAssessment.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace GeccAssessment.Web.Features.Screening;

[Authorize(Policy = Policies.Secretariat)]
public class ScreeningController(ScreeningService screening, ApplicationDetails details, IStringLocalizer<SharedResource> localizer) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(ScreeningFilter filter, CancellationToken cancellationToken) =>
        View(await screening.QueueAsync(filter, cancellationToken));

    [HttpGet]
    public async Task<IActionResult> Show(int id) => await details.LoadAsync(id, agencyId: null) is { } detail ? View(detail) : NotFound();

    [HttpPost]
    public Task<IActionResult> Accept(int id, uint rowVersion) => Decide(id, rowVersion, ApplicationStatus.Accepted, null);

    [HttpPost]
    public Task<IActionResult> Return(int id, uint rowVersion, string? reason) => Decide(id, rowVersion, ApplicationStatus.Returned, reason);

    private async Task<IActionResult> Decide(int id, uint rowVersion, ApplicationStatus to, string? reason)
    {
        var result = await screening.DecideAsync(id, rowVersion, to, reason, User.UserId());
        if (result.IsNotFound)
        {
            return NotFound();
        }

        if (result.Succeeded)
        {
            TempData["Saved"] = localizer["ApplicationStatus." + to].Value;
            return RedirectToAction(nameof(Index));
        }

        TempData["Error"] = localizer[result.Errors[0]].Value;
        return RedirectToAction(nameof(Show), new { id });
    }
}
