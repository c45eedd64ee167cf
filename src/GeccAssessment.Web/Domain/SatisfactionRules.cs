namespace GeccAssessment.Web.Domain;

/// <summary>A figure and the number of answers it rests on; no average below the minimum.</summary>
public sealed record SatisfactionFigure(int Answers, decimal? Average)
{
    public bool IsEnough => Average is not null;

    /// <summary>The average as a percentage of the five-point scale (1 = 0 %, 5 = 100 %).</summary>
    public decimal? Percent => Average is { } a ? Math.Round((a - 1) / 4 * 100, 1) : null;
}

public enum FillTime
{
    Ok,
    TooFast,
    Expired,
}

/// <summary>The rules of the public satisfaction survey.</summary>
public static class SatisfactionRules
{
    /// <summary>Below this many answers a figure says "not enough data" instead of an average.</summary>
    public const int MinimumAnswers = 30;

    public const int CommentMaxLength = 500;

    /// <summary>
    /// A comment as the person's browser counted it: the textarea's maxlength counts a line break as
    /// one character, but the form sends it as CRLF, so line breaks are made LF before the length
    /// check (and stored so, which also keeps the column's limit).
    /// </summary>
    public static string? Comment(string? typed) =>
        string.IsNullOrWhiteSpace(typed) ? null : typed.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();

    public const int Lowest = 1;

    public const int Highest = 5;

    /// <summary>The window the assessors see: the last twelve months up to today.</summary>
    public static DateOnly WindowStart(DateOnly today) => today.AddMonths(-12).AddDays(1);

    public static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);

    /// <summary>The dashboard's twelve months: this month and the eleven before it, from their first day.</summary>
    public static DateOnly DashboardStart(DateOnly today) => MonthOf(today).AddMonths(-11);

    public static SatisfactionFigure Figure(long answers, long sum) =>
        new((int)answers, answers >= MinimumAnswers ? Math.Round((decimal)sum / answers, 2) : null);

    /// <summary>The point's services as the public page lists them: one per comma or line.</summary>
    public static IReadOnlyList<string> Services(string? servicesOffered) =>
        string.IsNullOrWhiteSpace(servicesOffered)
            ? []
            : servicesOffered.Split([',', '\n', '\r', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(s => s.Length > 0).Distinct().Take(50).ToList();

    public static FillTime CheckFillTime(DateTime issuedAtUtc, DateTime nowUtc, TimeSpan minimum, TimeSpan maximum)
    {
        var elapsed = nowUtc - issuedAtUtc;
        return elapsed < minimum ? FillTime.TooFast : elapsed > maximum ? FillTime.Expired : FillTime.Ok;
    }

    public static bool IsOnScale(int? value) => value is null or (>= Lowest and <= Highest);

    /// <returns>The message keys of what is wrong with an answer; empty when it may be stored.</returns>
    public static IReadOnlyList<string> Check(int? overall, IEnumerable<int?> dimensions, string? service, string? comment, IReadOnlyList<string> services)
    {
        var errors = new List<string>();
        if (overall is null)
        {
            errors.Add("Survey.OverallRequired");
        }
        else if (!IsOnScale(overall))
        {
            errors.Add("Survey.OutOfScale");
        }

        if (!dimensions.All(IsOnScale) && !errors.Contains("Survey.OutOfScale"))
        {
            errors.Add("Survey.OutOfScale");
        }

        if (!string.IsNullOrEmpty(service) && !services.Contains(service))
        {
            errors.Add("Survey.UnknownService");
        }

        if (comment is { Length: > CommentMaxLength })
        {
            errors.Add("Survey.CommentTooLong");
        }

        return errors;
    }
}
