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
/// someone outside the subcommittee gets 404, a member with a declared conflict gets 403. The work
/// itself is done by one service per stage; this controller only finds the access, calls, and says
/// what happened in the reader's language.
/// </summary>
[Authorize(Policy = Policies.Assessments)]
public class AssessmentsController(
    AssessmentAccess accessRules, AssignmentService assignments, ScoringService scoring, ReconciliationService reconciliation, SignOffService signOff,
    IOptions<EvidenceOptions> evidenceOptions, IStringLocalizer<SharedResource> localizer) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(AssignmentFilter filter, CancellationToken cancellationToken) =>
        View(await assignments.MineAsync(User, filter, cancellationToken));

    [HttpGet]
    public async Task<IActionResult> Show(int id) =>
        await accessRules.ForAsync(id, User) is { } access ? View(await assignments.OverviewAsync(access)) : NotFound();

    [HttpPost]
    public Task<IActionResult> Declare(int id, bool hasConflict, string? reason) =>
        Act(id, access => assignments.DeclareAsync(access, hasConflict, reason));

    /// <summary>
    /// A date refused (unreadable, or outside the assessment window) brings the page back with the
    /// schedule as typed (dates, times, link, address) and the message by its field: a redirect lost it all.
    /// </summary>
    [HttpPost]
    public async Task<IActionResult> Schedule(int id, ScheduleForm form)
    {
        var access = await accessRules.ForAsync(id, User);
        if (access is null)
        {
            return NotFound();
        }

        // Not this person's to schedule: said as such, whatever was typed.
        var result = ModelState.IsValid || !access.CanSchedule ? await assignments.ScheduleAsync(access, form) : null;
        if (result is not null && (result.Succeeded || result.Problems.Any(p => AssignmentService.ScheduleFieldOf(p.Key) is null)))
        {
            // Saved, or refused for a reason no field can correct (locked, not allowed, changed meanwhile).
            Say(result, "Assessments.SavedItem");
            return RedirectToAction(nameof(Show), new { id });
        }

        foreach (var problem in result?.Problems ?? [])
        {
            ModelState.AddModelError(AssignmentService.ScheduleFieldOf(problem.Key)!, localizer[problem.Key, problem.Args]);
        }

        return View(nameof(Show), await assignments.OverviewAsync(access) with { Schedule = form });
    }

    [HttpPost]
    public Task<IActionResult> Preliminary(int id, PreliminaryOutcome? outcome, string? reason, uint rowVersion) =>
        Act(id, access => assignments.RecordPreliminaryOutcomeAsync(access, outcome, reason, rowVersion));

    /// <summary>The scoring form, a page per dimension: /assessments/score/5 is the first, /assessments/score/5/personnel another (ADR 0026).</summary>
    [HttpGet("/assessments/score/{id:int}/{dimension?}")]
    public async Task<IActionResult> Score(int id, string? dimension)
    {
        var access = await accessRules.ForAsync(id, User);
        if (access is null)
        {
            return NotFound();
        }

        DimensionKind? showing = Enum.TryParse<DimensionKind>(dimension, ignoreCase: true, out var kind) && Enum.IsDefined(kind) ? kind : null;
        if (dimension is not null && showing is null)
        {
            return NotFound();
        }

        return access.CanOpenSheet ? View(await scoring.SheetAsync(access, showing)) : Forbid403();
    }

    /// <summary>Back to the criterion on its dimension's page, for a browser without script.</summary>
    private async Task<IActionResult> BackToCriterion(AssessmentAccessInfo access, int criterionId) =>
        Redirect(ScoringPages.Of(Url, access.AssessmentId, await scoring.PageOfAsync(access, criterionId)) + "#c-" + criterionId);

    /// <summary>One autosaved mark: JSON for the page's script, a redirect back for a browser without it.</summary>
    [HttpPost]
    public async Task<IActionResult> Mark(int id, MarkForm form)
    {
        var access = await accessRules.ForAsync(id, User);
        if (access is null || !access.CanOpenSheet)
        {
            return NotToScore(access);
        }

        var wantsJson = ScriptRequests.IsScript(Request);
        var result = ModelState.IsValid ? await scoring.SaveMarkAsync(access, form) : new Result<MarkSaved>(null, [FirstModelMessage()]);
        if (wantsJson)
        {
            return result.Value switch
            {
                { IsConflict: true } conflict => Conflict(new
                {
                    conflict = true,
                    error = localizer["Scoring.Conflict"].Value,
                    criterionId = form.CriterionId,
                    theirs = MarkJson(conflict.Theirs!.Mark, conflict.Theirs.Note, conflict.Theirs.Version),
                }),
                { } saved => Json(new { saved = true, alreadyApplied = saved.AlreadyApplied, version = saved.Version, totals = TotalsJson(saved.Totals) }),
                // Signed off, reconciling or stopped: the change is not accepted, and the page says why (not a retry).
                _ when !access.CanScore => Conflict(new { closed = true, error = Text(result.Problems) }),
                _ => UnprocessableEntity(new { error = Text(result.Problems) }),
            };
        }

        if (result.Value is { IsConflict: true })
        {
            TempData.Set(FlashKind.Error, localizer["Scoring.Conflict"].Value);
        }
        else if (result.Succeeded)
        {
            TempData.Set(FlashKind.Saved, localizer["Scoring.Saved"].Value);
        }
        else
        {
            TempData.Set(FlashKind.Error, Text(result.Problems));
        }

        return await BackToCriterion(access, form.CriterionId);
    }

    [HttpPost]
    [RequestSizeLimit(64 * 1024 * 1024)]
    [RequestFormLimits(MultipartBodyLengthLimit = 64 * 1024 * 1024)]
    public async Task<IActionResult> Photo(int id, int criterionId, IFormFile? photo, Guid? changeId)
    {
        var access = await accessRules.ForAsync(id, User);
        if (access is null || !access.CanOpenSheet)
        {
            return NotToScore(access);
        }

        var result = photo is null
            ? new Message("Scoring.PhotoMissing")
            : await scoring.AddPhotoAsync(access, criterionId, new EvidenceUpload(criterionId, photo.FileName, photo.Length, photo.OpenReadStream), evidenceOptions.Value.MaxBytes, changeId);
        if (ScriptRequests.IsScript(Request))
        {
            return result.Value is { } saved
                ? Json(new { saved = true, photoId = saved.Id, url = Url.Action(nameof(PhotoFile), new { id, photoId = saved.Id }) })
                : !access.CanScore ? Conflict(new { closed = true, error = Text(result.Problems) }) : UnprocessableEntity(new { error = Text(result.Problems) });
        }

        Say(result.Succeeded ? Result.Ok : Result.Fail([.. result.Problems]), "Scoring.PhotoSaved");
        return await BackToCriterion(access, criterionId);
    }

    [HttpGet]
    public async Task<IActionResult> PhotoFile(int id, int photoId)
    {
        var access = await accessRules.ForAsync(id, User);
        if (access is null || await scoring.PhotoAsync(access, photoId) is not { } photo)
        {
            return NotFound();
        }

        Response.Headers.XContentTypeOptions = "nosniff";
        return File(photo.Data, photo.ContentType);
    }

    [HttpPost]
    public Task<IActionResult> OpenReconciliation(int id, uint rowVersion) =>
        Act(id, access => reconciliation.OpenAsync(access, rowVersion), nameof(Reconcile));

    [HttpGet]
    public async Task<IActionResult> Reconcile(int id)
    {
        var access = await accessRules.ForAsync(id, User);
        if (access is null)
        {
            return NotFound();
        }

        return access.CanSeeAllScores ? View(await reconciliation.PageAsync(access)) : Forbid403();
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
            return ScriptRequests.IsScript(Request)
                ? Conflict(new { saved = false, closed = true, error = localizer[access.IsSignedOff ? "Assessments.Locked" : "Assessments.ChairOnly"].Value })
                : Forbid403();
        }

        var (result, rows) = ModelState.IsValid ? await reconciliation.SaveRowsAsync(access, form) : (Result.Fail(FirstModelMessage()), (IReadOnlyList<ReconciledRowState>)[]);
        if (ScriptRequests.IsScript(Request))
        {
            // The page's per-row autosave: each row's new version, or why it was not saved.
            var answer = new { saved = result.Succeeded, rows = rows.Select(r => new { criterionId = r.CriterionId, rowVersion = r.RowVersion, original = r.Original }), error = Text(result.Problems) };
            return result.Succeeded ? Json(answer) : UnprocessableEntity(answer);
        }

        Say(result, "Reconcile.SavedItem");
        return RedirectToAction(nameof(Reconcile), new { id });
    }

    /// <summary>
    /// Signing off locks every mark: the first post shows the result about to be recorded and asks
    /// again; only the confirmation's button (<paramref name="confirmed"/>) signs.
    /// </summary>
    [HttpPost]
    public async Task<IActionResult> SignOff(int id, uint rowVersion, bool confirmed)
    {
        if (confirmed)
        {
            return await Act(id, access => signOff.SignOffAsync(access, rowVersion));
        }

        var access = await accessRules.ForAsync(id, User);
        if (access is null)
        {
            return NotFound();
        }

        if (!access.CanSignOff)
        {
            Say(Result.Fail(new Message(access.IsSignedOff ? "Assessments.Locked" : "Assessments.NotAllowed")), "Assessments.SavedItem");
            return RedirectToAction(nameof(Show), new { id });
        }

        return View("SignOffConfirm", await assignments.OverviewAsync(access));
    }

    [HttpPost]
    public Task<IActionResult> Unlock(int id, string? reason, uint rowVersion) =>
        Act(id, access => signOff.UnlockAsync(access, reason, rowVersion));

    /// <summary>The shape of every small POST here: find access, act, say what happened, back to a page.</summary>
    private async Task<IActionResult> Act(int id, Func<AssessmentAccessInfo, Task<Result>> action, string successAction = nameof(Show))
    {
        var access = await accessRules.ForAsync(id, User);
        if (access is null)
        {
            return NotFound();
        }

        var result = await action(access);
        Say(result, "Assessments.SavedItem");
        return RedirectToAction(result.Succeeded ? successAction : nameof(Show), new { id });
    }

    private void Say(Result result, string savedKey) =>
        TempData.Set(result.Succeeded ? FlashKind.Saved : FlashKind.Error, result.Succeeded ? localizer[savedKey].Value : Text(result.Problems));

    private string Text(IEnumerable<Message> problems) => string.Join(" ", problems.Select(p => localizer[p.Key, p.Args].Value));

    private Message FirstModelMessage() => new(ModelState.Values.SelectMany(v => v.Errors).First().ErrorMessage);

    private StatusCodeResult Forbid403() => StatusCode(StatusCodes.Status403Forbidden);

    /// <summary>
    /// A change sent for an assessment that is not (or no longer) this person's to score: taken off
    /// the subcommittee (404, as for one that does not exist) or a conflict declared meanwhile (403).
    /// The page's script gets why as JSON, so that its queue keeps the change as refused and sends
    /// the next one (js/scoring.js); an error page's HTML had it retry this change for ever, with
    /// every later change, of any assessment, waiting behind it. A person gets the error page.
    /// </summary>
    private IActionResult NotToScore(AssessmentAccessInfo? access)
    {
        var status = access is null ? StatusCodes.Status404NotFound : StatusCodes.Status403Forbidden;
        if (!ScriptRequests.IsScript(Request))
        {
            return StatusCode(status);
        }

        Response.Headers.CacheControl = "no-store";
        return new JsonResult(new { error = localizer[access is null ? "Scoring.NotYours" : "Assessments.NotAllowed"].Value }) { StatusCode = status };
    }

    private object MarkJson(Mark mark, string? note, int version) => new
    {
        points = mark.Points,
        passed = mark.Passed,
        notApplicable = mark.NotApplicable,
        note,
        version,
        text = mark.Format(localizer.MarkWords()),
    };

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
