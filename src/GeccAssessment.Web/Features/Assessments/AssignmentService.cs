using System.Security.Claims;
using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Catalogue;
using GeccAssessment.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GeccAssessment.Web.Features.Assessments;

/// <summary>
/// The first stage of an assessment: the subcommittee's list, the overview, conflict declarations,
/// the schedule and the preliminary round's outcome. The later stages are <see cref="ScoringService"/>,
/// <see cref="ReconciliationService"/> and <see cref="SignOffService"/>. Every method takes the caller's
/// <see cref="AssessmentAccessInfo"/> and refuses what it does not allow, whatever the page showed.
/// </summary>
public class AssignmentService(ApplicationDbContext db, CatalogueProvider catalogues, TimeProvider clock, Mail.RoundNotices rounds)
{
    /// <summary>
    /// The list's order: by the date of the next round (the stored ScheduledAtUtc, on-site else video
    /// round), unscheduled ones last, then by id; keyset-paged on the (CycleId, ScheduledAtUtc, Id) index.
    /// </summary>
    public static readonly KeysetOrder<Assessment, DateTime?> Order = new(a => a.ScheduledAtUtc, a => a.Id, KeysetFormats.FormatTime, KeysetFormats.ParseTime);

    public async Task<MyAssignments> MineAsync(ClaimsPrincipal user, AssignmentFilter filter, CancellationToken cancellationToken)
    {
        var userId = user.UserId() ?? "";
        var staff = AssessmentAccess.IsStaffViewer(user);
        var cycles = await CycleChoice.NewestFirstAsync(db, cancellationToken);
        var visible = db.Assessments.AsNoTracking();
        if (!staff)
        {
            visible = visible.Where(a => db.SubcommitteeMembers.Any(m => m.SubcommitteeId == a.SubcommitteeId && m.UserId == userId));
        }

        // By default the latest cycle with work in it, not merely the latest cycle.
        filter.Cycle ??= await db.Cycles.Where(c => visible.Any(a => a.CycleId == c.Id)).OrderByDescending(c => c.BuddhistYear).Select(c => (int?)c.Id).FirstOrDefaultAsync(cancellationToken)
            ?? cycles.FirstOrDefault()?.Id;
        var query = visible.Where(a => a.CycleId == filter.Cycle);

        var rows = await KeysetList<AssignmentRow>.CreateAsync(query, Order,
            page => page.Select(a => new AssignmentRow(
                a.Id, a.Application!.ServicePoint!.Agency!.NameTh, a.Application.ServicePoint.Name, a.Application.ServicePoint.Province!.NameTh,
                a.Subcommittee!.Name, a.PreliminaryAtUtc, a.OnSiteAtUtc, a.PreliminaryOutcome,
                db.ConflictDeclarations.Where(c => c.AssessmentId == a.Id && c.UserId == userId).Select(c => (bool?)c.HasConflict).FirstOrDefault(),
                a.SignedOffAtUtc != null)),
            r => (r.OnSiteAtUtc ?? r.PreliminaryAtUtc, r.Id), filter.Paging, cancellationToken: cancellationToken);
        return new MyAssignments(filter, cycles, rows);
    }

    public Task<AssessmentHeader> HeaderAsync(int id) => db.AssessmentHeaderAsync(id);

    public async Task<AssessmentOverview> OverviewAsync(AssessmentAccessInfo access)
    {
        var header = await HeaderAsync(access.AssessmentId);
        var members = await db.SubcommitteeMembers.AsNoTracking().Where(m => m.SubcommitteeId == access.SubcommitteeId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.DisplayName })
            .OrderBy(u => u.DisplayName)
            .Select(u => new
            {
                u.Id,
                u.DisplayName,
                Declaration = db.ConflictDeclarations.Where(c => c.AssessmentId == access.AssessmentId && c.UserId == u.Id)
                    .Select(c => new { c.HasConflict, c.Reason }).FirstOrDefault(),
            })
            .ToListAsync();
        var chairId = await db.Subcommittees.Where(s => s.Id == access.SubcommitteeId).Select(s => s.ChairUserId).SingleAsync();
        var catalogue = await catalogues.GetAsync(access.CycleId);
        ResultView? result = null;
        if (access.CanSeeAllScores)
        {
            result = new ResultView(catalogue.Evaluate(await db.ReconciledMarksAsync(access.AssessmentId)), catalogue);
        }

        var round = access.Round;
        var mine = access.IsMember
            ? await db.MemberScores.CountAsync(s => s.AssessmentId == access.AssessmentId && s.AssessorUserId == access.UserId && s.Round == round
                && (s.Mark.NotApplicable || s.Mark.Points != null || s.Mark.Passed != null))
            : 0;
        return new AssessmentOverview(
            header, access,
            [.. members.Select(m => new MemberDeclaration(m.DisplayName, m.Id == chairId, m.Declaration?.HasConflict, m.Declaration?.Reason))],
            result, mine, catalogue.Criteria.Count);
    }

    public async Task<Result> DeclareAsync(AssessmentAccessInfo access, bool hasConflict, string? reason)
    {
        if (!access.IsMember)
        {
            return new Message("Assessments.NotMember");
        }

        if (access.HasConflict is not null)
        {
            // A declaration stands: changing it is the secretariat's business, not a click.
            return new Message("Assessments.AlreadyDeclared");
        }

        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (hasConflict && reason is null)
        {
            return new Message("Assessments.ConflictReasonRequired");
        }

        if (reason is { Length: > 2000 })
        {
            return new Message("Assessments.ReasonTooLong");
        }

        db.ConflictDeclarations.Add(new ConflictDeclaration
        {
            AssessmentId = access.AssessmentId,
            UserId = access.UserId,
            HasConflict = hasConflict,
            Reason = reason,
            DeclaredAtUtc = clock.GetUtcNow().UtcDateTime,
        });
        if (hasConflict)
        {
            // Out of the assessment from now on, so no later move or cancellation will reach the member:
            // the invitations already sent are cancelled, in the same save as the declaration.
            await rounds.WithdrawAsync(db.Assessments.Where(a => a.Id == access.AssessmentId), [access.UserId]);
        }

        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return new Message("Assessments.AlreadyDeclared");
        }

        return Result.Ok;
    }

    /// <summary>The schedule field a refusal of <see cref="ScheduleAsync"/> belongs to; null when no field can correct it.</summary>
    public static string? ScheduleFieldOf(string key) => key switch
    {
        "Assessments.PreliminaryOutsideWindow" => nameof(ScheduleForm.PreliminaryDate),
        "Assessments.OnSiteOutsideWindow" => nameof(ScheduleForm.OnSiteDate),
        _ => null,
    };

    public async Task<Result> ScheduleAsync(AssessmentAccessInfo access, ScheduleForm form)
    {
        if (!access.CanSchedule)
        {
            return new Message(access.IsSignedOff ? "Assessments.Locked" : "Assessments.NotAllowed");
        }

        var assessment = await db.Assessments.SingleAsync(a => a.Id == access.AssessmentId);
        var cycle = await db.Cycles.AsNoTracking().SingleAsync(c => c.Id == assessment.CycleId);
        foreach (var (day, round) in new[] { (form.PreliminaryDate, "Assessments.PreliminaryOutsideWindow"), (form.OnSiteDate, "Assessments.OnSiteOutsideWindow") })
        {
            if (day is { } d && !cycle.IsInAssessmentWindow(d))
            {
                return new Message(round, BuddhistEraDate.Long(cycle.AssessmentStartsOn), BuddhistEraDate.Long(cycle.AssessmentEndsOn));
            }
        }

        db.Entry(assessment).Property(a => a.RowVersion).OriginalValue = form.RowVersion;
        var before = (assessment.PreliminaryAtUtc, assessment.PreliminaryMeetingLink, assessment.OnSiteAtUtc, assessment.OnSiteAddress);
        assessment.PreliminaryAtUtc = form.PreliminaryDate is { } pd ? BuddhistEraDate.FromThailandTime(pd, form.PreliminaryTime ?? new TimeOnly(9, 0)) : null;
        assessment.PreliminaryMeetingLink = Clean(form.MeetingLink);
        assessment.OnSiteAtUtc = form.OnSiteDate is { } od ? BuddhistEraDate.FromThailandTime(od, form.OnSiteTime ?? new TimeOnly(9, 0)) : null;
        assessment.OnSiteAddress = Clean(form.OnSiteAddress);
        // The members and the agency are told in the same save, with a calendar invitation.
        await rounds.TellAsync(assessment.Id, Mail.RoundNotices.Preliminary, before.PreliminaryAtUtc, before.PreliminaryMeetingLink, assessment.PreliminaryAtUtc, assessment.PreliminaryMeetingLink);
        await rounds.TellAsync(assessment.Id, Mail.RoundNotices.OnSite, before.OnSiteAtUtc, before.OnSiteAddress, assessment.OnSiteAtUtc, assessment.OnSiteAddress);
        return await db.SaveGuardedAsync();
    }

    public async Task<Result> RecordPreliminaryOutcomeAsync(AssessmentAccessInfo access, PreliminaryOutcome? chosen, string? reason, uint rowVersion)
    {
        if (!access.IsActiveChair)
        {
            return new Message("Assessments.ChairOnly");
        }

        // A value the form never offers ("99", "Certified", nothing) arrives as null; a plain enum
        // parameter would make it Pending and quietly undo the outcome already recorded.
        if (chosen is not { } outcome || !Enum.IsDefined(outcome))
        {
            return new Message("Assessments.ChooseOutcome");
        }

        if (!access.CanRecordPreliminaryOutcome)
        {
            return new Message("Assessments.Locked");
        }

        reason = Clean(reason);
        if (outcome == PreliminaryOutcome.Stop && reason is null)
        {
            return new Message("Assessments.StopReasonRequired");
        }

        var assessment = await db.Assessments.SingleAsync(a => a.Id == access.AssessmentId);
        db.Entry(assessment).Property(a => a.RowVersion).OriginalValue = rowVersion;
        assessment.PreliminaryOutcome = outcome;
        assessment.PreliminaryStopReason = outcome == PreliminaryOutcome.Stop ? reason : null;
        if (Assessment.RoundFor(outcome) == AssessmentRound.OnSite)
        {
            await StartOnSiteRoundAsync(access.AssessmentId);
        }

        return await db.SaveGuardedAsync();
    }

    /// <summary>
    /// The on-site form starts from the preliminary marks: each member's preliminary mark is copied
    /// into the on-site round where he or she has none there yet. The preliminary marks stay as they were.
    /// </summary>
    private async Task StartOnSiteRoundAsync(int assessmentId)
    {
        var scores = await db.MemberScores.AsNoTracking().Where(s => s.AssessmentId == assessmentId).ToListAsync();
        var onSite = scores.Where(s => s.Round == AssessmentRound.OnSite).Select(s => (s.AssessorUserId, s.CriterionId)).ToHashSet();
        var now = clock.GetUtcNow().UtcDateTime;
        db.MemberScores.AddRange(scores
            .Where(s => s.Round == AssessmentRound.Preliminary && !onSite.Contains((s.AssessorUserId, s.CriterionId)))
            .Select(s => new MemberScore
            {
                AssessmentId = assessmentId,
                CriterionId = s.CriterionId,
                AssessorUserId = s.AssessorUserId,
                Round = AssessmentRound.OnSite,
                Mark = s.Mark,
                Note = s.Note,
                UpdatedAtUtc = now,
            }));
    }

    private static string? Clean(string? text) => AssessmentData.Clean(text);
}
