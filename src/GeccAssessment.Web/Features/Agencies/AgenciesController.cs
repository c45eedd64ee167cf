using GeccAssessment.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace GeccAssessment.Web.Features.Agencies;

public class AgenciesController(AgencyService agencies, IStringLocalizer<SharedResource> localizer) : Controller
{
    /// <summary>The secretariat's register of agencies.</summary>
    [HttpGet]
    [Authorize(Policy = Policies.Oversight)]
    public async Task<IActionResult> Index(AgencyFilter filter, CancellationToken cancellationToken) =>
        View(await agencies.ListAsync(filter, cancellationToken));

    /// <summary>An applicant's own agency.</summary>
    [HttpGet]
    [Authorize(Policy = Policies.Applicants)]
    public async Task<IActionResult> Mine() =>
        User.AgencyId() is { } id && await agencies.FormAsync(id) is { } page ? View(page) : NotFound();

    [HttpPost]
    [Authorize(Policy = Policies.Applicants)]
    public async Task<IActionResult> Mine([Bind(Prefix = "Form")] AgencyForm form)
    {
        if (User.AgencyId() is not { } id)
        {
            return NotFound();
        }

        if (ModelState.IsValid)
        {
            var result = await agencies.SaveAsync(id, form);
            if (result.Succeeded)
            {
                TempData["Saved"] = form.NameTh;
                return RedirectToAction(nameof(Mine));
            }

            foreach (var error in result.Errors)
            {
                ModelState.AddModelError("", localizer[error]);
            }
        }

        return View(await agencies.PageAsync(id, form));
    }

    /// <summary>An applicant adds a colleague's account to the same agency.</summary>
    [HttpPost]
    [Authorize(Policy = Policies.Applicants)]
    [EnableRateLimiting(RateLimits.AccountCreation)]
    public async Task<IActionResult> AddColleague([Bind(Prefix = "NewColleague")] ColleagueForm colleague)
    {
        if (User.AgencyId() is not { } id)
        {
            return NotFound();
        }

        if (ModelState.IsValid)
        {
            var errors = await agencies.AddColleagueAsync(id, colleague);
            if (errors.Count == 0)
            {
                // Created or already taken: one answer, so the form reveals no other agency's accounts.
                TempData["ColleagueDone"] = "1";
                return RedirectToAction(nameof(Mine));
            }

            foreach (var error in errors)
            {
                ModelState.AddModelError("", error);
            }
        }

        var page = await agencies.FormAsync(id);
        return page is null ? NotFound() : View(nameof(Mine), page with { NewColleague = colleague });
    }
}
