using System.ComponentModel.DataAnnotations;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Applications;
using GeccAssessment.Web.Infrastructure;

namespace GeccAssessment.Web.Features.Assessments;

/// <summary>What every assessment page shows at the top.</summary>
public sealed record AssessmentHeader(
    int Id, int ApplicationId, int CycleId, string CycleTitle, string AgencyName, string ServicePointName, string Address, string ProvinceName,
    string SubcommitteeName, string ChairName,
    DateTime? PreliminaryAtUtc, string? PreliminaryMeetingLink, PreliminaryOutcome PreliminaryOutcome, string? PreliminaryStopReason,
    DateTime? OnSiteAtUtc, string? OnSiteAddress, DateTime? ReconciliationOpenedAtUtc, DateTime? SignedOffAtUtc,
    RecommendedOutcome? RecommendedOutcome, int? RecommendedLevelRank, decimal? OverallPercent, string? UnlockReason, uint RowVersion);

public sealed record AssignmentRow(
    int Id, string AgencyName, string ServicePointName, string ProvinceName, string SubcommitteeName,
    DateTime? PreliminaryAtUtc, DateTime? OnSiteAtUtc, PreliminaryOutcome PreliminaryOutcome, bool? HasConflict, bool IsSignedOff);

public sealed class AssignmentFilter
{
    public int? Cycle { get; set; }

    public int Page { get; set; } = 1;
}

public sealed record MyAssignments(AssignmentFilter Filter, IReadOnlyList<(int Id, string Title)> Cycles, PagedList<AssignmentRow> Rows)
{
    public PagerModel Pager => new(Rows.Page, Rows.PageCount, Rows.TotalCount, new Dictionary<string, string?>
    {
        ["cycle"] = Filter.Cycle?.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });
}

public sealed record MemberDeclaration(string Name, bool IsChair, bool? HasConflict, string? Reason);

/// <summary>The policy's verdict with the names the page needs.</summary>
public sealed record ResultView(ScoringResult Result, IReadOnlyDictionary<int, string> LevelNames)
{
    public string? LevelName => Result.RecommendedLevelRank is { } rank && LevelNames.TryGetValue(rank, out var name) ? name : null;
}

public sealed record AssessmentOverview(
    AssessmentHeader Header, AssessmentAccessInfo Access, IReadOnlyList<MemberDeclaration> Members, ResultView? Result,
    int MyScoredCount, int CriteriaCount);

/// <summary>A criterion on the scoring form: the catalogue, the applicant's answer and this member's own mark.</summary>
public sealed record ScoringCriterion(
    CriterionAnswer Criterion, bool AllowNotApplicable, decimal? Points, bool? Passed, bool NotApplicable, string? Note,
    IReadOnlyList<PhotoRow> Photos);

public sealed record ScoringDimension(DimensionKind Kind, decimal MinimumPercent, IReadOnlyList<ScoringCriterion> Criteria);

public sealed record PhotoFile(string FileName, string ContentType, byte[] Data);

public sealed record PhotoRow(int Id, int CriterionId, string FileName);

public sealed record ScoringSheet(AssessmentHeader Header, AssessmentAccessInfo Access, IReadOnlyList<ScoringDimension> Dimensions, ResultView Totals);

/// <summary>One autosaved mark. Points and pass/fail arrive as text so that a typo gets a message, not a 400.</summary>
public sealed class MarkForm
{
    /// <summary>Made in the browser for each change; the server applies a repeated id once.</summary>
    public Guid ChangeId { get; set; }

    public int CriterionId { get; set; }

    // No [StringLength]: its message is English and names no criterion. ScoringCatalogue.Parse
    // refuses anything that is not a mark of this criterion, in Thai.
    public string? Points { get; set; }

    /// <summary>"pass", "fail" or empty, for mandatory criteria.</summary>
    public string? Passed { get; set; }

    public bool NotApplicable { get; set; }

    [StringLength(4000, ErrorMessage = "Validation.MaxLength")]
    [NoMarkup]
    [Display(Name = "Scoring.Note")]
    public string? Note { get; set; }
}

public sealed record MarkSaved(bool AlreadyApplied, ResultView Totals);

public sealed record MemberMark(string MemberName, decimal? Points, bool? Passed, bool NotApplicable, string? Note)
{
    public bool HasMark => Points is not null || Passed is not null || NotApplicable;
}

public sealed record ReconcileRow(
    int CriterionId, string Code, string Title, int MaxPoints, bool IsMandatory, bool AllowNotApplicable,
    IReadOnlyList<MemberMark> MemberMarks, bool Disagreement,
    decimal? Points, bool? Passed, bool NotApplicable, string? Note, uint RowVersion)
{
    /// <summary>The value as the page showed it, so that a save can tell what this person actually changed.</summary>
    public string Original => MarkText.Format(Points, Passed, NotApplicable, Note);

    public bool IsReconciled => Points is not null || Passed is not null || NotApplicable;

    /// <summary>
    /// The members' common mark, offered in the form while the chair has set none: the chair decides
    /// only where members disagree, and saving adopts the offer.
    /// </summary>
    public MemberMark? Agreed => IsReconciled || Disagreement ? null
        : MemberMarks.FirstOrDefault(m => m.HasMark);
}

public sealed record ReconcileDimension(DimensionKind Kind, IReadOnlyList<ReconcileRow> Rows);

public sealed record ReconcilePage(AssessmentHeader Header, AssessmentAccessInfo Access, IReadOnlyList<string> MemberNames, IReadOnlyList<ReconcileDimension> Dimensions, ResultView Result);

public sealed class ReconcileForm
{
    public List<ReconcileInput> Rows { get; set; } = [];
}

public sealed class ReconcileInput
{
    public int CriterionId { get; set; }

    // As in MarkForm: ScoringCatalogue.Parse answers in Thai.
    public string? Points { get; set; }

    public string? Passed { get; set; }

    public bool NotApplicable { get; set; }

    [StringLength(4000, ErrorMessage = "Validation.MaxLength")]
    [NoMarkup]
    [Display(Name = "Scoring.Note")]
    public string? Note { get; set; }

    public uint RowVersion { get; set; }

    public string? Original { get; set; }
}

public sealed class ScheduleForm
{
    [Display(Name = "Assessments.Date")]
    public DateOnly? PreliminaryDate { get; set; }

    public TimeOnly? PreliminaryTime { get; set; }

    [StringLength(500, ErrorMessage = "Validation.MaxLength")]
    [Url(ErrorMessage = "Validation.Url")]
    [Display(Name = "Assessments.MeetingLink")]
    public string? MeetingLink { get; set; }

    [Display(Name = "Assessments.Date")]
    public DateOnly? OnSiteDate { get; set; }

    public TimeOnly? OnSiteTime { get; set; }

    [StringLength(500, ErrorMessage = "Validation.MaxLength")]
    [NoMarkup]
    [Display(Name = "Assessments.OnSiteAddress")]
    public string? OnSiteAddress { get; set; }

    public uint RowVersion { get; set; }
}

/// <summary>Formats a mark the same way everywhere it is compared or shown.</summary>
public static class MarkText
{
    public static string Format(decimal? points, bool? passed, bool notApplicable, string? note) =>
        string.Join('|', Value(points, passed, notApplicable), note ?? "");

    public static string Value(decimal? points, bool? passed, bool notApplicable) =>
        notApplicable ? "N/A"
        : passed is { } p ? (p ? "pass" : "fail")
        : points?.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) ?? "";
}
