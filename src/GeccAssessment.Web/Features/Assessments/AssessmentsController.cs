using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Applications;
using GeccAssessment.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace GeccAssessment.Web.Features.Assessments;

/// <summary>
/// A subcommittee's assessments. Who may do what is decided per assessment by <see cref="AssessmentAccess"/>:
/// someone outside the subcommittee gets 404, a member with a declared conflict gets 403.
/// </summary>
[Authorize(Roles = Roles.Assessor + "," + Roles.SubcommitteeChair + "," + Roles.Secretariat + "," + Roles.SteeringCommittee + "," + Roles.Admin)]
public class AssessmentsController(
    AssessmentAccess accessRules, AssessmentService assessments, IOptions<EvidenceOptions> evidenceOptions, IStringLocalizer<SharedResource> localizer) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(AssignmentFilter filter, CancellationToken cancellationToken) =>
        View(await assessments.MineAsync(User, filter, cancellationToken));

    [HttpGet]
    public async Task<IActionResult> Show(int id) =>
        await accessRules.ForAsync(id, User) is { } access ? View(await assessments.OverviewAsync(access)) : NotFound();

    [HttpPost]
    public Task<IActionResult> Declare(int id, bool hasConflict, string? reason) =>
        Act(id, access => assessments.DeclareAsync(access, hasConflict, reason));

    [HttpPost]
    public Task<IActionResult> Schedule(int id, ScheduleForm form) =>
        ModelState.IsValid
            ? Act(id, access => assessments.ScheduleAsync(access, form))
            : Task.FromResult<IActionResult>(FirstModelError(id));

    [HttpPost]
    public Task<IActionResult> Preliminary(int id, PreliminaryOutcome? outcome, string? reason, uint rowVersion) =>
        Act(id, access => assessments.RecordPreliminaryOutcomeAsync(access, outcome, reason, rowVersion));

    [HttpGet]
    public async Task<IActionResult> Score(int id)
    {
        var access = await accessRules.ForAsync(id, User);
        if (access is null)
        {
            return NotFound();
        }

        return access.IsMember && access.HasConflict == false ? View(await assessments.SheetAsync(access)) : StatusCode(StatusCodes.Status403Forbidden);
    }

    /// <summary>One autosaved mark: JSON for the page's script, a redirect back for a browser without it.</summary>
    [HttpPost]
    public async Task<IActionResult> Mark(int id, MarkForm form)
    {
        var access = await accessRules.ForAsync(id, User);
        if (access is null)
        {
            return NotFound();
        }

        if (access.HasConflict != false || !access.IsMember)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var wantsJson = Request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.Ordinal) == true);
        var (saved, problem) = ModelState.IsValid
            ? await assessments.SaveMarkAsync(access, form)
            : (null, new Message(ModelState.Values.SelectMany(v => v.Errors).First().ErrorMessage));
        var error = problem is null ? null : localizer[problem.Key, problem.Args].Value;
        if (wantsJson)
        {
            return saved is null
                ? UnprocessableEntity(new { error })
                : Json(new { saved = true, alreadyApplied = saved.AlreadyApplied, totals = TotalsJson(saved.Totals) });
        }

        if (error is not null)
        {
            TempData["Error"] = error;
        }
        else
        {
            TempData["Saved"] = localizer["Scoring.Saved"].Value;
        }

        return Redirect(Url.Action(nameof(Score), new { id }) + "#c-" + form.CriterionId);
    }

    [HttpPost]
    [RequestSizeLimit(64 * 1024 * 1024)]
    [RequestFormLimits(MultipartBodyLengthLimit = 64 * 1024 * 1024)]
    public async Task<IActionResult> Photo(int id, int criterionId, IFormFile? photo)
    {
        var access = await accessRules.ForAsync(id, User);
        if (access is null)
        {
            return NotFound();
        }

        if (access.HasConflict != false || !access.IsMember)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var problem = photo is null
            ? new Message("Scoring.PhotoMissing")
            : await assessments.AddPhotoAsync(access, criterionId, new EvidenceUpload(criterionId, photo.FileName, photo.Length, photo.OpenReadStream), evidenceOptions.Value.MaxBytes);
        TempData[problem is null ? "Saved" : "Error"] = problem is null ? localizer["Scoring.PhotoSaved"].Value : localizer[problem.Key, problem.Args].Value;
        return Redirect(Url.Action(nameof(Score), new { id }) + "#c-" + criterionId);
    }

    [HttpGet]
    public async Task<IActionResult> PhotoFile(int id, int photoId)
    {
        var access = await accessRules.ForAsync(id, User);
        if (access is null || await assessments.PhotoAsync(access, photoId) is not { } photo)
        {
            return NotFound();
        }

        Response.Headers.XContentTypeOptions = "nosniff";
        return File(photo.Data, photo.ContentType);
    }

    [HttpPost]
    public Task<IActionResult> OpenReconciliation(int id, uint rowVersion) =>
        Act(id, access => assessments.OpenReconciliationAsync(access, rowVersion), nameof(Reconcile));

    [HttpGet]
    public async Task<IActionResult> Reconcile(int id)
    {
        var access = await accessRules.ForAsync(id, User);
        if (access is null)
        {
            return NotFound();
        }

        return access.CanSeeAllScores ? View(await assessments.ReconcilePageAsync(access)) : StatusCode(StatusCodes.Status403Forbidden);
    }

    [HttpPost]
    [ActionName("Reconcile")]
    public async Task<IActionResult> SaveReconciliation(int id, ReconcileForm form)
    {
        var access = await accessRules.ForAsync(id, User);
        if (access is null)
        {
            return NotFound();
        }

        if (!access.CanReconcile)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var problems = ModelState.IsValid
            ? await assessments.SaveReconciliationAsync(access, form)
            : [new Message(ModelState.Values.SelectMany(v => v.Errors).First().ErrorMessage)];
        if (problems.Count == 0)
        {
            TempData["Saved"] = localizer["Reconcile.SavedItem"].Value;
        }
        else
        {
            TempData["Error"] = string.Join(" ", problems.Select(p => localizer[p.Key, p.Args].Value));
        }

        return RedirectToAction(nameof(Reconcile), new { id });
    }

    [HttpPost]
    public Task<IActionResult> SignOff(int id, uint rowVersion) =>
        Act(id, access => assessments.SignOffAsync(access, rowVersion));

    [HttpPost]
    public Task<IActionResult> Unlock(int id, string? reason, uint rowVersion) =>
        Act(id, access => assessments.UnlockAsync(access, reason, rowVersion));

    /// <summary>The shape of every small POST here: find access, act, say what happened, back to a page.</summary>
    private async Task<IActionResult> Act(int id, Func<AssessmentAccessInfo, Task<Message?>> action, string successAction = nameof(Show))
    {
        var access = await accessRules.ForAsync(id, User);
        if (access is null)
        {
            return NotFound();
        }

        var problem = await action(access);
        if (problem is null)
        {
            TempData["Saved"] = localizer["Assessments.SavedItem"].Value;
            return RedirectToAction(successAction, new { id });
        }

        TempData["Error"] = localizer[problem.Key, problem.Args].Value;
        return RedirectToAction(nameof(Show), new { id });
    }

    private RedirectToActionResult FirstModelError(int id)
    {
        TempData["Error"] = localizer[ModelState.Values.SelectMany(v => v.Errors).First().ErrorMessage].Value;
        return RedirectToAction(nameof(Show), new { id });
    }

    private static object TotalsJson(ResultView totals) => new
    {
        overall = totals.Result.OverallPercent is { } o ? ScoringPolicy.RoundForDisplay(o) : (decimal?)null,
        complete = totals.Result.IsComplete,
        dimensions = totals.Result.Dimensions.Select(d => new
        {
            kind = d.Kind.ToString(),
            percent = d.Percent is { } p ? ScoringPolicy.RoundForDisplay(p) : (decimal?)null,
            earned = d.EarnedPoints,
            possible = d.PossiblePoints,
            scored = d.ScoredCount,
            count = d.CriterionCount,
        }),
    };
}
