using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Assessments;

/// <summary>What the stage services of an assessment share.</summary>
internal static class AssessmentData
{
    /// <summary>Saves a change guarded by the assessment's row version: someone else's save in between is a message, not a lost update.</summary>
    public static async Task<Result> SaveGuardedAsync(this ApplicationDbContext db)
    {
        try
        {
            await db.SaveChangesAsync();
            return Result.Ok;
        }
        catch (DbUpdateConcurrencyException)
        {
            return new Message("Assessments.ChangedByOthers");
        }
    }

    /// <summary>What every assessment page shows at the top, in one query (compiled once, docs/adr/0017).</summary>
    public static Task<AssessmentHeader> AssessmentHeaderAsync(this ApplicationDbContext db, int id) => HeaderQuery(db, id);

    private static readonly Func<ApplicationDbContext, int, Task<AssessmentHeader>> HeaderQuery = EF.CompileAsyncQuery(
        (ApplicationDbContext db, int id) => db.Assessments.AsNoTracking().Where(a => a.Id == id).Select(a => new AssessmentHeader(
            a.Id, a.ApplicationId, a.CycleId, a.Application!.Cycle!.Title, a.Application.ServicePoint!.Agency!.NameTh, a.Application.ServicePoint.Name,
            a.Application.ServicePoint.Address, a.Application.ServicePoint.Province!.NameTh, a.Subcommittee!.Name,
            db.Users.Where(u => u.Id == a.Subcommittee.ChairUserId).Select(u => u.DisplayName).First(),
            a.PreliminaryAtUtc, a.PreliminaryMeetingLink, a.PreliminaryOutcome, a.PreliminaryStopReason, a.OnSiteAtUtc, a.OnSiteAddress,
            a.ReconciliationOpenedAtUtc, a.SignedOffAtUtc, a.RecommendedOutcome, a.RecommendedLevelRank, a.OverallPercent, a.PreliminaryPercent,
            a.UnlockReason, a.RowVersion))
        .Single());

    /// <summary>The subcommittee's marks by criterion.</summary>
    public static async Task<Dictionary<int, Mark>> ReconciledMarksAsync(this ApplicationDbContext db, int assessmentId) =>
        (await db.ReconciledScores.AsNoTracking().Where(s => s.AssessmentId == assessmentId).Select(s => new { s.CriterionId, s.Mark }).ToListAsync())
            .ToDictionary(s => s.CriterionId, s => s.Mark);

    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
