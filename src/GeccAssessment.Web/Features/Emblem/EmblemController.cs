using GeccAssessment.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace GeccAssessment.Web.Features.Emblem;

/// <summary>The Admin's page for the office's emblem printed on every certificate.</summary>
[Authorize(Policy = Policies.Administration)]
public class EmblemController(EmblemService emblems, IStringLocalizer<SharedResource> localizer) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index() => View(await emblems.InfoAsync());

    [HttpPost]
    [RequestSizeLimit(EmblemService.MaxBytes + (1024 * 1024))]
    public async Task<IActionResult> Upload(IFormFile? file)
    {
        var result = await emblems.UploadAsync(file, User.UserId());
        if (result.Succeeded)
        {
            TempData.Set(FlashKind.Saved, localizer["Emblem.Title"].Value);
        }
        else
        {
            var problem = result.Problems[0];
            TempData.Set(FlashKind.Error, localizer[problem.Key, problem.Args].Value);
        }

        return RedirectToAction(nameof(Index));
    }

    [HttpPost]
    public async Task<IActionResult> Remove()
    {
        await emblems.RemoveAsync();
        TempData.Set(FlashKind.Saved, localizer["Emblem.Fallback"].Value);
        return RedirectToAction(nameof(Index));
    }

    /// <summary>The stored emblem, for the page's preview.</summary>
    [HttpGet]
    public async Task<IActionResult> Image() =>
        await emblems.ImageAsync() is { } image ? File(image.Data, image.ContentType) : NotFound();
}
