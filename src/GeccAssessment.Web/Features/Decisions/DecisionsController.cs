using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace GeccAssessment.Web.Features.Decisions;

[Authorize(Roles = Roles.SteeringCommittee)]
public class DecisionsController(DecisionService decisions, IStringLocalizer<SharedResource> localizer) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(DecisionFilter filter, CancellationToken cancellationToken) =>
        View(await decisions.PageAsync(filter, cancellationToken));

    [HttpPost]
    public async Task<IActionResult> Decide(DecideForm form, DecisionFilter filter)
    {
        var (decided, problems) = await decisions.DecideAsync(form, User.UserId());
        if (decided > 0)
        {
            TempData["Saved"] = localizer["Decisions.Decided", decided].Value;
        }

        if (problems.Count > 0)
        {
            TempData["Error"] = string.Join(" ", problems.Select(p => localizer[p.Key, p.Args].Value));
        }

        return RedirectToAction(nameof(Index), new
        {
            cycle = form.CycleId,
            subcommittee = filter.Subcommittee,
            province = filter.Province,
            level = filter.Level,
            recommendation = filter.Recommendation,
            pendingOnly = filter.PendingOnly,
        });
    }
}
