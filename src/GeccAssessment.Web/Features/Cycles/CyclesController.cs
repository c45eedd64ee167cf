using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace GeccAssessment.Web.Features.Cycles;

[Authorize(Policy = Policies.Secretariat)]
public class CyclesController(CycleService cycles, IStringLocalizer<SharedResource> localizer) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(int page = 1, CancellationToken cancellationToken = default) =>
        View(await cycles.ListAsync(page, cancellationToken));

    [HttpGet]
    public IActionResult Create() => View("Edit", new CycleForm());

    [HttpGet]
    public async Task<IActionResult> Edit(int id) => await cycles.FormAsync(id) is { } form ? View(form) : NotFound();

    [HttpPost]
    public async Task<IActionResult> Save(CycleForm form)
    {
        if (ModelState.IsValid)
        {
            var result = await cycles.SaveAsync(form);
            if (result.IsNotFound)
            {
                return NotFound();
            }

            if (result.Succeeded)
            {
                TempData["Saved"] = form.Title;
                return RedirectToAction(nameof(Catalogue), new { id = form.Id });
            }

            AddErrors(result);
        }

        return View("Edit", form);
    }

    [HttpPost]
    public async Task<IActionResult> Advance(int id, CycleStatus to)
    {
        var result = await cycles.AdvanceAsync(id, to);
        if (result.IsNotFound)
        {
            return NotFound();
        }

        TempData[result.Succeeded ? "Saved" : "Error"] = result.Succeeded ? localizer["CycleStatus." + to].Value : localizer[result.Errors[0]].Value;
        return RedirectToAction(nameof(Index));
    }

    [HttpGet]
    public async Task<IActionResult> Catalogue(int id) => await cycles.CatalogueAsync(id) is { } page ? View(page) : NotFound();

    [HttpPost]
    public async Task<IActionResult> Settings(int id, CatalogueSettingsForm form)
    {
        if (!ModelState.IsValid)
        {
            TempData["Error"] = string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).Distinct());
            return RedirectToAction(nameof(Catalogue), new { id });
        }

        return AfterCatalogueChange(id, await cycles.SaveSettingsAsync(id, form));
    }

    [HttpGet]
    public async Task<IActionResult> Criterion(int cycleId, int? id, int? dimensionId) =>
        await cycles.CriterionFormAsync(cycleId, id, dimensionId) is { } page ? View(page) : NotFound();

    [HttpPost]
    public async Task<IActionResult> SaveCriterion([Bind(Prefix = "Form")] CriterionForm form)
    {
        if (ModelState.IsValid)
        {
            var result = await cycles.SaveCriterionAsync(form);
            if (result.IsNotFound)
            {
                return NotFound();
            }

            if (result.Succeeded)
            {
                TempData["Saved"] = form.Code;
                return RedirectToAction(nameof(Catalogue), new { id = form.CycleId });
            }

            AddErrors(result);
        }

        return await cycles.CriterionPageAsync(form) is { } page ? View("Criterion", page) : NotFound();
    }

    [HttpPost]
    public async Task<IActionResult> DeleteCriterion(int cycleId, int id) =>
        AfterCatalogueChange(cycleId, await cycles.DeleteCriterionAsync(cycleId, id));

    [HttpPost]
    public async Task<IActionResult> CopyCatalogue(int id, int sourceCycleId) =>
        AfterCatalogueChange(id, await cycles.CopyCatalogueAsync(id, sourceCycleId));

    private IActionResult AfterCatalogueChange(int cycleId, SaveResult result)
    {
        if (result.IsNotFound)
        {
            return NotFound();
        }

        TempData[result.Succeeded ? "Saved" : "Error"] = result.Succeeded
            ? localizer["Catalogue.Title"].Value
            : string.Join(" ", result.Errors.Select(e => localizer[e].Value));
        return RedirectToAction(nameof(Catalogue), new { id = cycleId });
    }

    private void AddErrors(SaveResult result)
    {
        foreach (var error in result.Errors)
        {
            ModelState.AddModelError("", localizer[error]);
        }

        foreach (var (field, message) in result.FieldErrors)
        {
            ModelState.AddModelError(field, localizer[message.Key, message.Args]);
        }
    }
}
