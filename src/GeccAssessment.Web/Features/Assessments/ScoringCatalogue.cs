using System.Globalization;
using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Assessments;

/// <summary>A cycle's catalogue as the scoring policy reads it, loaded in three queries.</summary>
public sealed record ScoringCatalogue(PolicyCatalogue Policy, IReadOnlyDictionary<int, Criterion> Criteria, IReadOnlyDictionary<int, string> LevelNames)
{
    public static async Task<ScoringCatalogue> LoadAsync(ApplicationDbContext db, int cycleId, CancellationToken cancellationToken = default)
    {
        var dimensions = await db.Dimensions.AsNoTracking().Where(d => d.CycleId == cycleId).OrderBy(d => d.SortOrder).ToListAsync(cancellationToken);
        var criteria = await db.Criteria.AsNoTracking().Where(c => c.CycleId == cycleId).OrderBy(c => c.SortOrder).ThenBy(c => c.Code).ToListAsync(cancellationToken);
        var levels = await db.CertificationLevels.AsNoTracking().Where(l => l.CycleId == cycleId).OrderBy(l => l.Rank).ToListAsync(cancellationToken);
        var kinds = dimensions.ToDictionary(d => d.Id, d => d.Kind);
        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        return new ScoringCatalogue(
            new PolicyCatalogue(
                [.. dimensions.Select(d => new PolicyDimension(d.Kind, d.MinimumPercent))],
                [.. criteria.Select(c => new PolicyCriterion(c.Id, kinds[c.DimensionId], c.MaxPoints, c.IsMandatory, c.AllowNotApplicable))],
                [.. levels.Select(l => new PolicyLevel(l.Rank, l.MinimumPercent))]),
            criteria.ToDictionary(c => c.Id),
            levels.ToDictionary(l => l.Rank, l => english ? l.NameEn : l.NameTh));
    }

    public ResultView Evaluate(IReadOnlyDictionary<int, CriterionMark> marks) => new(ScoringPolicy.Evaluate(Policy, marks), LevelNames);

    /// <summary>
    /// Reads what a person typed for one criterion. Null mark and no message: the mark was cleared.
    /// Anything the criterion does not allow (points out of range, N/A where not allowed) is refused
    /// with a message naming the criterion, whatever the form sent.
    /// </summary>
    public static (CriterionMark? Mark, Message? Problem) Parse(Criterion criterion, string? points, string? passed, bool notApplicable)
    {
        if (notApplicable)
        {
            return criterion.AllowNotApplicable
                ? (CriterionMark.NotApplicableMark(), null)
                : (null, new Message("Scoring.NotApplicableNotAllowed", criterion.Code));
        }

        if (criterion.IsMandatory)
        {
            return passed?.Trim() switch
            {
                null or "" => (null, null),
                "pass" => (CriterionMark.Pass(), null),
                "fail" => (CriterionMark.Fail(), null),
                _ => (null, new Message("Scoring.PassOrFail", criterion.Code)),
            };
        }

        var text = points?.Trim().Replace(',', '.');
        if (string.IsNullOrEmpty(text))
        {
            return (null, null);
        }

        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || value < 0 || value > criterion.MaxPoints || decimal.Round(value, 2) != value)
        {
            return (null, new Message("Scoring.PointsOutOfRange", criterion.Code, criterion.MaxPoints));
        }

        return (CriterionMark.Scored(value), null);
    }
}
