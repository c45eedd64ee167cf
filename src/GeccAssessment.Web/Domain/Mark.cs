using System.Globalization;

namespace GeccAssessment.Web.Domain;

/// <summary>
/// A mark for one criterion, the one shape it has from the form to the database to the printed report:
/// points for an ordinary item, pass/fail for a mandatory one, not applicable, or <see cref="None"/> (not marked yet).
/// Stored as a complex type (three columns) on member and reconciled scores.
/// </summary>
public sealed record Mark(decimal? Points, bool? Passed, bool NotApplicable)
{
    public static readonly Mark None = new(null, null, false);

    public static Mark Scored(decimal points) => new(points, null, false);

    public static Mark Pass() => new(null, true, false);

    public static Mark Fail() => new(null, false, false);

    public static Mark NotApplicableMark() => new(null, null, true);

    public bool IsGiven => NotApplicable || Points is not null || Passed is not null;

    /// <summary>The mark as invariant text ("N/A", "pass", "fail", "3.5" or ""), for comparing and for the browser.</summary>
    public string Value =>
        NotApplicable ? "N/A"
        : Passed is { } p ? (p ? "pass" : "fail")
        : Points?.ToString("0.##", CultureInfo.InvariantCulture) ?? "";

    /// <summary>The mark for people to read, with the caller's words for the cases that are not a number.</summary>
    public string Format(MarkWords words) =>
        NotApplicable ? words.NotApplicable
        : Passed is { } p ? (p ? words.Pass : words.Fail)
        : Points?.ToString("0.##", CultureInfo.InvariantCulture) ?? words.None;

    /// <summary>
    /// Reads what a person typed for one criterion. <see cref="None"/> and no problem: the mark was cleared.
    /// Anything the criterion does not allow (points out of range or finer than 0.01, N/A where not
    /// allowed, pass/fail on an ordinary item) is a problem, whatever the form sent.
    /// </summary>
    public static (Mark Mark, MarkProblem? Problem) Parse(PolicyCriterion criterion, string? points, string? passed, bool notApplicable)
    {
        if (notApplicable)
        {
            return criterion.AllowNotApplicable ? (NotApplicableMark(), null) : (None, MarkProblem.NotApplicableNotAllowed);
        }

        if (criterion.IsMandatory)
        {
            return passed?.Trim() switch
            {
                null or "" => (None, null),
                "pass" => (Pass(), null),
                "fail" => (Fail(), null),
                _ => (None, MarkProblem.PassOrFail),
            };
        }

        var text = points?.Trim().Replace(',', '.');
        if (string.IsNullOrEmpty(text))
        {
            return (None, null);
        }

        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || value < 0 || value > criterion.MaxPoints || decimal.Round(value, 2) != value)
        {
            return (None, MarkProblem.PointsOutOfRange);
        }

        return (Scored(value), null);
    }

    /// <summary>Whether the policy can count this mark for this criterion.</summary>
    public bool IsValidFor(PolicyCriterion criterion)
    {
        if (NotApplicable)
        {
            return criterion.AllowNotApplicable && Points is null && Passed is null;
        }

        return criterion.IsMandatory
            ? Passed is not null && Points is null
            : Passed is null && Points is { } points && points >= 0 && points <= criterion.MaxPoints;
    }

    /// <summary>
    /// One mark for a round from the members' marks (for the preliminary round, which has no
    /// reconciliation): their common mark when they agree; a fail if anyone failed a mandatory item;
    /// else the mean of the points given (to 0.01), N/A only when every member said so.
    /// </summary>
    public static Mark Combine(IEnumerable<Mark> marks)
    {
        var given = marks.Where(m => m.IsGiven).ToList();
        if (given.Count == 0)
        {
            return None;
        }

        if (given.All(m => m == given[0]))
        {
            return given[0];
        }

        if (given.Any(m => m.Passed is not null))
        {
            return given.Any(m => m.Passed == false) ? Fail() : Pass();
        }

        var points = given.Where(m => m.Points is not null).Select(m => m.Points!.Value).ToList();
        return points.Count == 0 ? NotApplicableMark() : Scored(decimal.Round(points.Average(), 2, MidpointRounding.AwayFromZero));
    }
}

/// <summary>The words a reader sees for the marks that are not a number.</summary>
public sealed record MarkWords(string NotApplicable, string Pass, string Fail, string None);

public enum MarkProblem
{
    NotApplicableNotAllowed = 1,
    PassOrFail = 2,
    PointsOutOfRange = 3,
}

/// <summary>
/// The two rounds of an assessment: the preliminary (video-conference) round and, when the chair
/// lets it proceed, the on-site round. Each member's marks are kept per round.
/// </summary>
public enum AssessmentRound
{
    Preliminary = 1,
    OnSite = 2,
}
