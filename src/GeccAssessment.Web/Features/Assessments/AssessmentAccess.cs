using System.Security.Claims;
using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Assessments;

/// <summary>What one person may do with one assessment, worked out in one query.</summary>
public sealed record AssessmentAccessInfo(
    int AssessmentId, int ApplicationId, int CycleId, int SubcommitteeId, string UserId,
    bool IsMember, bool IsChair, bool IsStaffViewer, bool? HasConflict,
    bool IsStopped, bool ReconciliationOpen, bool IsSignedOff)
{
    /// <summary>Members see the application only after declaring no conflict; staff always (read only).</summary>
    public bool CanSeeApplication => IsStaffViewer || (IsMember && HasConflict == false);

    public bool MustDeclare => IsMember && HasConflict is null;

    public bool IsConflicted => HasConflict == true;

    /// <summary>Members score until the chair opens the reconciliation; independence ends there.</summary>
    public bool CanScore => IsMember && HasConflict == false && !IsStopped && !ReconciliationOpen && !IsSignedOff;

    public bool CanReconcile => IsChair && HasConflict == false && ReconciliationOpen && !IsSignedOff;

    public bool CanSeeAllScores => (IsStaffViewer || (IsMember && HasConflict == false)) && (ReconciliationOpen || IsSignedOff);

    public bool CanSchedule => (IsChair && HasConflict == false) || IsStaffViewer;
}

public class AssessmentAccess(ApplicationDbContext db)
{
    /// <summary>Staff who read every assessment but score none.</summary>
    public static bool IsStaffViewer(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Secretariat) || user.IsInRole(Roles.SteeringCommittee) || user.IsInRole(Roles.Admin);

    /// <summary>Roles that sit on subcommittees: membership counts only with one of them.</summary>
    public static bool IsMemberRole(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Assessor) || user.IsInRole(Roles.SubcommitteeChair);

    /// <returns>null when the assessment does not exist or the user has nothing to do with it (both give 404).</returns>
    public async Task<AssessmentAccessInfo?> ForAsync(int assessmentId, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        // Without a member role the seat does not count (the controller's roles already say so; this keeps it true here).
        var userId = IsMemberRole(user) ? user.UserId() ?? "" : "";
        var row = await db.Assessments.AsNoTracking().Where(a => a.Id == assessmentId).Select(a => new
        {
            a.Id,
            a.ApplicationId,
            a.CycleId,
            a.SubcommitteeId,
            IsMember = db.SubcommitteeMembers.Any(m => m.SubcommitteeId == a.SubcommitteeId && m.UserId == userId),
            IsChair = a.Subcommittee!.ChairUserId == userId,
            Conflict = db.ConflictDeclarations.Where(c => c.AssessmentId == a.Id && c.UserId == userId).Select(c => (bool?)c.HasConflict).FirstOrDefault(),
            a.PreliminaryOutcome,
            a.ReconciliationOpenedAtUtc,
            a.SignedOffAtUtc,
        }).SingleOrDefaultAsync(cancellationToken);
        var staff = IsStaffViewer(user);
        if (row is null || (!row.IsMember && !staff))
        {
            return null;
        }

        return new AssessmentAccessInfo(
            row.Id, row.ApplicationId, row.CycleId, row.SubcommitteeId, userId, row.IsMember, row.IsChair && row.IsMember, staff, row.Conflict,
            row.PreliminaryOutcome == PreliminaryOutcome.Stop, row.ReconciliationOpenedAtUtc is not null, row.SignedOffAtUtc is not null);
    }

    /// <summary>May this person open the application's files? Used by the evidence download.</summary>
    public Task<bool> CanSeeApplicationAsync(int applicationId, string userId) =>
        db.Assessments.AnyAsync(a => a.ApplicationId == applicationId
            && db.SubcommitteeMembers.Any(m => m.SubcommitteeId == a.SubcommitteeId && m.UserId == userId)
            && db.ConflictDeclarations.Any(c => c.AssessmentId == a.Id && c.UserId == userId && !c.HasConflict));
}
