using GeccAssessment.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace GeccAssessment.Web.Features.Subcommittees;

[Authorize(Policy = Policies.Secretariat)]
public class SubcommitteesController(SubcommitteeService subcommittees, IStringLocalizer<SharedResource> localizer) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(int? cycle) => View(await subcommittees.PageAsync(cycle));

    [HttpGet]
    public async Task<IActionResult> Edit(int id)
    {
        var form = await subcommittees.FormAsync(id);
        return form is null ? NotFound() : View("Index", await subcommittees.PageAsync(form.CycleId, form));
    }

    [HttpPost]
    public async Task<IActionResult> Save(SubcommitteeForm form)
    {
        if (ModelState.IsValid)
        {
            var result = await subcommittees.SaveAsync(form);
            if (result.IsNotFound)
            {
                return NotFound();
            }

            if (result.Succeeded)
            {
                // The flash adds "บันทึกแล้ว:" itself (as for every other form): only the name goes here.
                TempData["Saved"] = form.Name;
                return RedirectToAction(nameof(Index), new { cycle = form.CycleId });
            }

            foreach (var error in result.Errors)
            {
                ModelState.AddModelError("", localizer[error].Value);
            }
        }

        return View("Index", await subcommittees.PageAsync(form.CycleId, form));
    }

    [HttpGet]
    public async Task<IActionResult> Assign(AssignFilter filter, CancellationToken cancellationToken) =>
        View(await subcommittees.AssignPageAsync(filter, cancellationToken));

    /// <param name="everyMatching">When true, every unassigned application the filter shows, not only the ticked ones.</param>
    [HttpPost]
    [ActionName("Assign")]
    public async Task<IActionResult> AssignSelected(int subcommitteeId, List<int> applicationIds, bool everyMatching, AssignFilter filter)
    {
        var (assigned, problem) = await subcommittees.AssignAsync(subcommitteeId, applicationIds, everyMatching ? filter : null);
        TempData[problem is null ? "Saved" : "Error"] = problem is null
            ? localizer["Subcommittees.Assigned", assigned].Value
            : localizer[problem.Key, problem.Args].Value;
        return RedirectToAction(nameof(Assign), new { cycle = filter.Cycle, province = filter.Province, unassignedOnly = filter.UnassignedOnly });
    }
}
