using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Catalogue;
using GeccAssessment.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Assessments;

/// <summary>
/// The chair's sign-off, which locks every score and records the result the committee and the
/// reports read (never recomputed), and the unlock, which needs a reason.
/// </summary>
public class SignOffService(ApplicationDbContext db, CatalogueProvider catalogues, TimeProvider clock, Mail.Notices notices)
{
    public async Task<Result> SignOffAsync(AssessmentAccessInfo access, uint rowVersion)
    {
        if (!access.IsActiveChair)
        {
            return new Message("Assessments.ChairOnly");
        }

        if (access.IsSignedOff)
        {
            return new Message("Assessments.Locked");
        }

        if (!access.CanSignOff)
        {
            return new Message("Assessments.ReconciliationNotOpen");
        }

        var catalogue = await catalogues.GetAsync(access.CycleId);
        var result = catalogue.Evaluate(await db.ReconciledMarksAsync(access.AssessmentId));
        if (!result.IsComplete)
        {
            return new Message("Assessments.SignOffIncomplete", catalogue.Codes(result.MissingCriterionIds));
        }

        var assessment = await db.Assessments.SingleAsync(a => a.Id == access.AssessmentId);
        db.Entry(assessment).Property(a => a.RowVersion).OriginalValue = rowVersion;
        assessment.SignedOffAtUtc = clock.GetUtcNow().UtcDateTime;
        assessment.SignedOffByUserId = access.UserId;
        assessment.RecordRecommendation(result, await PreliminaryPercentAsync(access, catalogue));
        await notices.ToSubcommitteeAsync(MailKind.SignedOff, assessment.Id, chairOnly: false);
        return await db.SaveGuardedAsync();
    }

    public async Task<Result> UnlockAsync(AssessmentAccessInfo access, string? reason, uint rowVersion)
    {
        if (!access.IsActiveChair)
        {
            return new Message("Assessments.ChairOnly");
        }

        reason = AssessmentData.Clean(reason);
        if (reason is null)
        {
            return new Message("Assessments.UnlockReasonRequired");
        }

        if (!access.CanUnlock)
        {
            return Result.Ok;
        }

        if (await db.CertificationDecisions.AnyAsync(d => d.AssessmentId == access.AssessmentId))
        {
            // The committee has decided on these scores; reopening them would undo its decision.
            return new Message("Assessments.AlreadyDecided");
        }

        var assessment = await db.Assessments.SingleAsync(a => a.Id == access.AssessmentId);
        db.Entry(assessment).Property(a => a.RowVersion).OriginalValue = rowVersion;
        assessment.SignedOffAtUtc = null;
        assessment.SignedOffByUserId = null;
        assessment.RecordRecommendation(null);
        assessment.UnlockReason = reason;
        return await db.SaveGuardedAsync();
    }

    /// <summary>
    /// The preliminary round's overall percentage, from the members' preliminary marks combined per
    /// criterion (<see cref="Mark.Combine"/>); none when the assessment never went on site (the
    /// preliminary marks are then the final ones) or nobody scored the preliminary round.
    /// </summary>
    private async Task<decimal?> PreliminaryPercentAsync(AssessmentAccessInfo access, CycleCatalogue catalogue)
    {
        if (access.Round != AssessmentRound.OnSite)
        {
            return null;
        }

        var marks = (await db.MemberScores.AsNoTracking()
            .Where(s => s.AssessmentId == access.AssessmentId && s.Round == AssessmentRound.Preliminary)
            .Where(s => !db.ConflictDeclarations.Any(c => c.AssessmentId == access.AssessmentId && c.UserId == s.AssessorUserId && c.HasConflict))
            .Select(s => new { s.CriterionId, s.Mark }).ToListAsync())
            .GroupBy(s => s.CriterionId)
            .ToDictionary(g => g.Key, g => Mark.Combine(g.Select(s => s.Mark)));
        return marks.Values.Any(m => m.IsGiven) ? catalogue.Evaluate(marks).OverallPercent : null;
    }
}
