namespace GeccAssessment.Web.Domain;

public sealed record PolicyCriterion(int CriterionId, DimensionKind Dimension, int MaxPoints, bool IsMandatory, bool AllowNotApplicable);

public sealed record PolicyDimension(DimensionKind Kind, decimal MinimumPercent);

/// <summary>A certification level on the overall percentage: basic = rank 1, advanced = 2, excellence = 3.</summary>
public sealed record PolicyLevel(int Rank, decimal MinimumPercent);

/// <summary>The part of a cycle's catalogue the policy reads; built from the database or from a test table.</summary>
public sealed record PolicyCatalogue(IReadOnlyList<PolicyDimension> Dimensions, IReadOnlyList<PolicyCriterion> Criteria, IReadOnlyList<PolicyLevel> Levels);

public enum RecommendedOutcome
{
    Incomplete = 0,
    Certify = 1,
    DoNotCertify = 2,
}

public enum NotCertifiedReason
{
    MandatoryItemFailed = 1,
    DimensionBelowMinimum = 2,
    BelowLowestLevel = 3,
}

public sealed record DimensionResult(
    DimensionKind Kind, decimal EarnedPoints, decimal PossiblePoints, decimal? Percent, decimal MinimumPercent,
    bool? MeetsMinimum, int ScoredCount, int CriterionCount);

public sealed record ScoringResult(
    IReadOnlyList<DimensionResult> Dimensions,
    bool IsComplete,
    IReadOnlyList<int> MissingCriterionIds,
    IReadOnlyList<int> InvalidCriterionIds,
    IReadOnlyList<int> FailedMandatoryCriterionIds,
    bool? AllMandatoryPassed,
    decimal EarnedPoints,
    decimal PossiblePoints,
    decimal? OverallPercent,
    RecommendedOutcome Outcome,
    int? RecommendedLevelRank,
    IReadOnlyList<NotCertifiedReason> Reasons);

/// <summary>
/// The one place that turns marks into a recommendation (used live on the scoring form, for the
/// reconciled scores, and at sign-off):
/// - an ordinary criterion earns its points (0..max); a mandatory one is pass/fail and earns its
///   maximum on a pass, nothing on a fail, and a fail means "do not certify" whatever the total;
/// - not applicable (only where the catalogue allows it) leaves the item out of the denominator;
/// - a dimension passes at or above its minimum percentage; a dimension whose items are all
///   not applicable passes (there is nothing to fail);
/// - the overall percentage is total points over total possible points (points-weighted, not an
///   average of the dimensions), and the level is the highest whose threshold it reaches;
/// - while a mark is missing the outcome is Incomplete; percentages are then provisional, over the
///   items marked so far. Thresholds compare exactly: on the boundary is a pass.
/// </summary>
public static class ScoringPolicy
{
    public static ScoringResult Evaluate(PolicyCatalogue catalogue, IReadOnlyDictionary<int, Mark> marks)
    {
        var missing = new List<int>();
        var invalid = new List<int>();
        var failedMandatory = new List<int>();
        var mandatoryMissing = false;
        var dimensions = new List<DimensionResult>();

        foreach (var dimension in catalogue.Dimensions)
        {
            decimal earned = 0, possible = 0;
            var scored = 0;
            var criteria = catalogue.Criteria.Where(c => c.Dimension == dimension.Kind).ToList();
            foreach (var criterion in criteria)
            {
                // A mark not given yet (Mark.None) is missing, not invalid.
                var mark = marks.GetValueOrDefault(criterion.CriterionId) is { IsGiven: true } given ? given : null;
                if (mark is not null && !mark.IsValidFor(criterion))
                {
                    invalid.Add(criterion.CriterionId);
                    mark = null;
                }

                if (mark is null)
                {
                    missing.Add(criterion.CriterionId);
                    mandatoryMissing |= criterion.IsMandatory;
                    continue;
                }

                scored++;
                if (mark.NotApplicable)
                {
                    continue;
                }

                possible += criterion.MaxPoints;
                if (criterion.IsMandatory)
                {
                    if (mark.Passed == true)
                    {
                        earned += criterion.MaxPoints;
                    }
                    else
                    {
                        failedMandatory.Add(criterion.CriterionId);
                    }
                }
                else
                {
                    earned += mark.Points!.Value;
                }
            }

            var complete = scored == criteria.Count;
            decimal? percent = possible > 0 ? earned / possible * 100m : null;
            bool? meets = !complete ? null : percent is { } p ? p >= dimension.MinimumPercent : true;
            dimensions.Add(new DimensionResult(dimension.Kind, earned, possible, percent, dimension.MinimumPercent, meets, scored, criteria.Count));
        }

        var totalEarned = dimensions.Sum(d => d.EarnedPoints);
        var totalPossible = dimensions.Sum(d => d.PossiblePoints);
        decimal? overall = totalPossible > 0 ? totalEarned / totalPossible * 100m : null;
        bool? allMandatoryPassed = failedMandatory.Count > 0 ? false : mandatoryMissing ? null : true;
        var isComplete = missing.Count == 0;
        var level = overall is { } o
            ? catalogue.Levels.Where(l => o >= l.MinimumPercent).OrderByDescending(l => l.Rank).Select(l => (int?)l.Rank).FirstOrDefault()
            : null;

        var outcome = RecommendedOutcome.Incomplete;
        var reasons = new List<NotCertifiedReason>();
        if (isComplete)
        {
            if (failedMandatory.Count > 0)
            {
                reasons.Add(NotCertifiedReason.MandatoryItemFailed);
            }

            if (dimensions.Any(d => d.MeetsMinimum == false))
            {
                reasons.Add(NotCertifiedReason.DimensionBelowMinimum);
            }

            if (level is null)
            {
                reasons.Add(NotCertifiedReason.BelowLowestLevel);
            }

            outcome = reasons.Count == 0 ? RecommendedOutcome.Certify : RecommendedOutcome.DoNotCertify;
        }

        return new ScoringResult(
            dimensions, isComplete, missing, invalid, failedMandatory, allMandatoryPassed, totalEarned, totalPossible, overall,
            outcome, outcome == RecommendedOutcome.Certify ? level : null, reasons);
    }

    /// <summary>Percentages are kept exact for comparisons and rounded only to be shown.</summary>
    public static decimal RoundForDisplay(decimal percent) => decimal.Round(percent, 2, MidpointRounding.AwayFromZero);
}
