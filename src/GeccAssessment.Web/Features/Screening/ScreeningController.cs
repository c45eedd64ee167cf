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

    /// <param name="back">The filtered queue the application was opened from: the next one waits there.</param>
    [HttpPost]
    public Task<IActionResult> Accept(int id, uint rowVersion, string? back) => Decide(id, rowVersion, ApplicationStatus.Accepted, null, back);

    /// <param name="criteria">Reasons beside the criteria, by criterion id (<c>criteria[12]</c>).</param>
    [HttpPost]
    public Task<IActionResult> Return(int id, uint rowVersion, string? reason, Dictionary<int, string?>? criteria, string? back) =>
        Decide(id, rowVersion, ApplicationStatus.Returned, reason, back, criteria);

    /// <summary>Only a screening queue's own address is a place to go back to.</summary>
    public static string? QueueAddress(string? back) =>
        back is { Length: >= 10 and < 1000 } && back.StartsWith("/screening", StringComparison.OrdinalIgnoreCase)
            && (back.Length == 10 || back[10] == '?') && !back.Any(char.IsControl)
            ? back
            : null;

    private async Task<IActionResult> Decide(int id, uint rowVersion, ApplicationStatus to, string? reason, string? back, Dictionary<int, string?>? criteria = null)
    {
        var result = await screening.DecideAsync(id, rowVersion, to, reason, User.UserId(), criteria);
        if (result.IsNotFound)
        {
            return NotFound();
        }

        if (result.Succeeded)
        {
            TempData["Saved"] = localizer["ApplicationStatus." + to].Value;
            return QueueAddress(back) is { } queue ? LocalRedirect(LocalReturnUrl.Safe(Url, queue)) : RedirectToAction(nameof(Index));
        }

        TempData["Error"] = localizer[result.Errors[0]].Value;
        return RedirectToAction(nameof(Show), new { id, back = QueueAddress(back) });
    }
}
