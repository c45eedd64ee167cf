using GeccAssessment.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace GeccAssessment.Web.Features.ServicePoints;

[Authorize(Policy = Policies.Applicants)]
public class ServicePointsController(ServicePointService points, IStringLocalizer<SharedResource> localizer) : Controller
{
    private int AgencyId => User.AgencyId() ?? throw new InvalidOperationException("An applicant account without an agency.");

    [HttpGet]
    public async Task<IActionResult> Index(int page = 1, CancellationToken cancellationToken = default) =>
        View(await points.ListAsync(AgencyId, page, cancellationToken));

    [HttpGet]
    public async Task<IActionResult> Create() => View("Edit", await points.NewFormAsync());

    [HttpGet]
    public async Task<IActionResult> Edit(int id) =>
        await points.EditFormAsync(AgencyId, id) is { } page ? View(page) : NotFound();

    [HttpPost]
    public async Task<IActionResult> Save([Bind(Prefix = "Form")] ServicePointForm form)
    {
        if (ModelState.IsValid)
        {
            var result = await points.SaveAsync(AgencyId, form);
            if (result.IsNotFound)
            {
                return NotFound();
            }

            if (result.Succeeded)
            {
                TempData["Saved"] = form.Name;
                return RedirectToAction(nameof(Index));
            }

            foreach (var error in result.Errors)
            {
                ModelState.AddModelError("", localizer[error]);
            }
        }

        return View("Edit", await points.FormPageAsync(form));
    }
}
