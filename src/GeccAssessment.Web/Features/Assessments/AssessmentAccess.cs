using System.Security.Claims;
using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Assessments;

/// <summary>
/// What one person may do with one assessment, worked out in one query. Pages and services ask the
/// intent properties (<see cref="CanScore"/>, <see cref="CanReconcile"/>, <see cref="CanSignOff"/>…),
/// never the raw flags, so that a rule lives in one place.
/// </summary>
public sealed record AssessmentAccessInfo(
    int AssessmentId, int ApplicationId, int CycleId, int SubcommitteeId, string UserId,
    bool IsMember, bool IsChair, bool IsStaffViewer, bool? HasConflict,
    PreliminaryOutcome PreliminaryOutcome, bool ReconciliationOpen, bool IsSignedOff)
{
    public bool IsStopped => PreliminaryOutcome == PreliminaryOutcome.Stop;

    /// <summary>The round members score in now.</summary>
    public AssessmentRound Round => Assessment.RoundFor(PreliminaryOutcome);

    public bool MustDeclare => IsMember && HasConflict is null;

    public bool IsConflicted => HasConflict == true;

    /// <summary>A member who declared no conflict: the one who may open the application and his or her own sheet.</summary>
    public bool IsActiveMember => IsMember && HasConflict == false;

    /// <summary>The chair, free of conflict: reconciles, records outcomes, signs off.</summary>
    public bool IsActiveChair => IsChair && HasConflict == false;

    /// <summary>Members see the application only after declaring no conflict; staff always (read only).</summary>
    public bool CanSeeApplication => IsStaffViewer || IsActiveMember;

    public bool CanOpenSheet => IsActiveMember;

    /// <summary>Members score until the chair opens the reconciliation; independence ends there.</summary>
    public bool CanScore => IsActiveMember && !IsStopped && !ReconciliationOpen && !IsSignedOff;

    public bool CanRecordPreliminaryOutcome => IsActiveChair && !IsSignedOff;

    public bool CanOpenReconciliation => IsActiveChair && !IsStopped && !ReconciliationOpen && !IsSignedOff;

    public bool CanReconcile => IsActiveChair && ReconciliationOpen && !IsSignedOff;

    public bool CanSignOff => IsActiveChair && ReconciliationOpen && !IsSignedOff;

    public bool CanUnlock => IsActiveChair && IsSignedOff;

    public bool CanSeeAllScores => CanSeeApplication && (ReconciliationOpen || IsSignedOff);

    public bool CanSchedule => (IsActiveChair || IsStaffViewer) && !IsSignedOff;

    /// <summary>Why this person may not score now, as a message key.</summary>
    public string WhyNotScoring => IsSignedOff ? "Assessments.Locked" : ReconciliationOpen ? "Scoring.ReconciliationOpen" : IsStopped ? "Assessments.Stopped" : "Assessments.NotAllowed";
}

public class AssessmentAccess(ApplicationDbContext db)
{
    /// <summary>Staff who read every assessment but score none (the same roles as <see cref="Policies.ReadsAllAssessmentsRoles"/>).</summary>
    public static bool IsStaffViewer(ClaimsPrincipal user) => Policies.IsIn(user, Policies.ReadsAllAssessmentsRoles);

    /// <summary>Roles that sit on subcommittees: membership counts only with one of them.</summary>
    public static bool IsMemberRole(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Assessor) || user.IsInRole(Roles.SubcommitteeChair);

    /// <returns>null when the assessment does not exist or the user has nothing to do with it (both give 404).</returns>
    public async Task<AssessmentAccessInfo?> ForAsync(int assessmentId, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        // Without a member role the seat does not count (the controller's roles already say so; this keeps it true here).
        var userId = IsMemberRole(user) ? user.UserId() ?? "" : "";
        cancellationToken.ThrowIfCancellationRequested();
        var row = await AccessQuery(db, assessmentId, userId);
        var staff = IsStaffViewer(user);
        if (row is null || (!row.IsMember && !staff))
        {
            return null;
        }

        return new AssessmentAccessInfo(
            row.Id, row.ApplicationId, row.CycleId, row.SubcommitteeId, userId, row.IsMember, row.IsChair && row.IsMember, staff, row.Conflict,
            row.PreliminaryOutcome, row.ReconciliationOpenedAtUtc is not null, row.SignedOffAtUtc is not null);
    }

    private sealed record AccessRow(
        int Id, int ApplicationId, int CycleId, int SubcommitteeId, bool IsMember, bool IsChair, bool? Conflict,
        PreliminaryOutcome PreliminaryOutcome, DateTime? ReconciliationOpenedAtUtc, DateTime? SignedOffAtUtc);

    /// <summary>
    /// Every assessment page and every autosaved mark asks this first: compiled once, so that a
    /// request pays neither EF Core's look-up of the query in its cache nor the walk over the
    /// expression for its parameters (docs/adr/0017).
    /// </summary>
    private static readonly Func<ApplicationDbContext, int, string, Task<AccessRow?>> AccessQuery = EF.CompileAsyncQuery(
        (ApplicationDbContext db, int assessmentId, string userId) => db.Assessments.AsNoTracking().Where(a => a.Id == assessmentId).Select(a => new AccessRow(
            a.Id,
            a.ApplicationId,
            a.CycleId,
            a.SubcommitteeId,
            db.SubcommitteeMembers.Any(m => m.SubcommitteeId == a.SubcommitteeId && m.UserId == userId),
            a.Subcommittee!.ChairUserId == userId,
            db.ConflictDeclarations.Where(c => c.AssessmentId == a.Id && c.UserId == userId).Select(c => (bool?)c.HasConflict).FirstOrDefault(),
            a.PreliminaryOutcome,
            a.ReconciliationOpenedAtUtc,
            a.SignedOffAtUtc)).SingleOrDefault());

    /// <summary>
    /// The assessments this member still scores (declared no conflict, not stopped, reconciliation not
    /// opened, not signed off), nearest round first, at most <paramref name="limit"/>: the scoring pages
    /// the browser keeps for a visit without the network (ADR 0008). The same rule as <see cref="AssessmentAccessInfo.CanScore"/>.
    /// </summary>
    public async Task<IReadOnlyList<int>> StillToScoreAsync(ClaimsPrincipal user, int limit, CancellationToken cancellationToken = default)
    {
        if (!IsMemberRole(user) || user.UserId() is not { } userId)
        {
            return [];
        }

        // From the member's own seats, not from every assessment: for each of his or her subcommittees
        // the first few assessments still being scored, in date order, each a seek on the partial index
        // of those (SubcommitteeId, ScheduledAtUtc, Id), then the nearest of them all. Reading every
        // assessment of every cycle to sort them took 350 ms at ten times national (issue 16).
        // Written in SQL because EF Core turns a Take inside SelectMany into ROW_NUMBER() over all the
        // matching assessments, not into the LATERAL seek wanted here. ScheduledAtUtc is the stored
        // COALESCE(OnSiteAtUtc, PreliminaryAtUtc); ascending order puts nulls (unscheduled) last.
        return await db.Database.SqlQuery<int>($"""
            SELECT a."Id" AS "Value"
            FROM "SubcommitteeMembers" AS m
            CROSS JOIN LATERAL (
                SELECT a."Id", a."ScheduledAtUtc"
                FROM "Assessments" AS a
                WHERE a."SubcommitteeId" = m."SubcommitteeId"
                  AND a."SignedOffAtUtc" IS NULL AND a."ReconciliationOpenedAtUtc" IS NULL AND a."PreliminaryOutcome" <> 'Stop'
                  AND EXISTS (
                      SELECT 1 FROM "ConflictDeclarations" AS c
                      WHERE c."AssessmentId" = a."Id" AND c."UserId" = m."UserId" AND NOT c."HasConflict")
                ORDER BY a."ScheduledAtUtc", a."Id"
                LIMIT {limit}) AS a
            WHERE m."UserId" = {userId}
            ORDER BY a."ScheduledAtUtc", a."Id"
            LIMIT {limit}
            """).ToListAsync(cancellationToken);
    }

    /// <summary>May this person open the application's files? Used by the evidence download.</summary>
    public Task<bool> CanSeeApplicationAsync(int applicationId, string userId) =>
        db.Assessments.AnyAsync(a => a.ApplicationId == applicationId
            && db.SubcommitteeMembers.Any(m => m.SubcommitteeId == a.SubcommitteeId && m.UserId == userId)
            && db.ConflictDeclarations.Any(c => c.AssessmentId == a.Id && c.UserId == userId && !c.HasConflict));
}
