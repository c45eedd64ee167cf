using System.ComponentModel.DataAnnotations;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Applications;
using GeccAssessment.Web.Features.Catalogue;
using GeccAssessment.Web.Infrastructure;

namespace GeccAssessment.Web.Features.Assessments;

/// <summary>What every assessment page shows at the top.</summary>
public sealed record AssessmentHeader(
    int Id, int ApplicationId, int CycleId, string CycleTitle, string AgencyName, string ServicePointName, string Address, string ProvinceName,
    string SubcommitteeName, string ChairName,
    DateTime? PreliminaryAtUtc, string? PreliminaryMeetingLink, PreliminaryOutcome PreliminaryOutcome, string? PreliminaryStopReason,
    DateTime? OnSiteAtUtc, string? OnSiteAddress, DateTime? ReconciliationOpenedAtUtc, DateTime? SignedOffAtUtc,
    RecommendedOutcome? RecommendedOutcome, int? RecommendedLevelRank, decimal? OverallPercent, decimal? PreliminaryPercent,
    string? UnlockReason, uint RowVersion);

public sealed record AssignmentRow(
    int Id, string AgencyName, string ServicePointName, string ProvinceName, string SubcommitteeName,
    DateTime? PreliminaryAtUtc, DateTime? OnSiteAtUtc, PreliminaryOutcome PreliminaryOutcome, bool? HasConflict, bool IsSignedOff);

public sealed class AssignmentFilter : KeysetFilter
{
    public int? Cycle { get; set; }
}

public sealed record MyAssignments(AssignmentFilter Filter, IReadOnlyList<CycleChoice> Cycles, KeysetList<AssignmentRow> Rows)
{
    public KeysetPagerModel Pager => KeysetPagerModel.For(Rows, new Dictionary<string, string?>
    {
        ["cycle"] = Filter.Cycle?.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });
}

public sealed record MemberDeclaration(string Name, bool IsChair, bool? HasConflict, string? Reason);

/// <summary>The policy's verdict with the catalogue, whose levels the page names in the reader's language.</summary>
public sealed record ResultView(ScoringResult Result, CycleCatalogue Catalogue)
{
    public string? LevelName => Catalogue.Level(Result.RecommendedLevelRank)?.Name(System.Globalization.CultureInfo.CurrentUICulture);
}

public sealed record AssessmentOverview(
    AssessmentHeader Header, AssessmentAccessInfo Access, IReadOnlyList<MemberDeclaration> Members, ResultView? Result,
    int MyScoredCount, int CriteriaCount)
{
    /// <summary>The schedule as posted when it was refused, shown instead of the one recorded; null otherwise.</summary>
    public ScheduleForm? Schedule { get; init; }
}

/// <summary>
/// A criterion on the scoring form: the catalogue, the applicant's answer, this member's own mark in
/// the current round and, on site, the preliminary mark it started from when it has changed since.
/// </summary>
public sealed record ScoringCriterion(
    CriterionAnswer Criterion, bool AllowNotApplicable, Mark Mark, string? Note, Mark? Preliminary, IReadOnlyList<PhotoRow> Photos, int Version = 0);

public sealed record ScoringDimension(DimensionKind Kind, decimal MinimumPercent, IReadOnlyList<ScoringCriterion> Criteria);

public sealed record PhotoFile(string FileName, string ContentType, byte[] Data);

public sealed record PhotoRow(int Id, int CriterionId, string FileName);

/// <summary>
/// The scoring form: a page per dimension (<see cref="Showing"/>), so a laptop lays out a quarter of
/// the criteria at a time (ADR 0026); every dimension is still here for the counts and the links.
/// </summary>
public sealed record ScoringSheet(AssessmentHeader Header, AssessmentAccessInfo Access, IReadOnlyList<ScoringDimension> Dimensions, ResultView Totals, DimensionKind Showing)
{
    public ScoringDimension? Current => Dimensions.FirstOrDefault(d => d.Kind == Showing);
}

/// <summary>
/// What a person typed for one criterion, on the scoring form (one criterion per autosave) and on
/// the reconciliation (one row per criterion). Points and pass/fail arrive as text so that a typo gets
/// a message naming the criterion, not a 400.
/// </summary>
public class MarkInput
{
    public int CriterionId { get; set; }

    // No [StringLength]: its message is English and names no criterion. Read answers in Thai.
    public string? Points { get; set; }

    /// <summary>"pass", "fail" or empty, for mandatory criteria.</summary>
    public string? Passed { get; set; }

    public bool NotApplicable { get; set; }

    [StringLength(4000, ErrorMessage = "Validation.MaxLength")]
    [NoMarkup]
    [Display(Name = "Scoring.Note")]
    public string? Note { get; set; }

    /// <summary>The mark this input means for the criterion, or the message (a resource key) why it means none.</summary>
    public (Mark Mark, Message? Problem) Read(CatalogueCriterion criterion)
    {
        var (mark, problem) = Mark.Parse(criterion.Rules, Points, Passed, NotApplicable);
        return (mark, problem switch
        {
            null => null,
            MarkProblem.NotApplicableNotAllowed => new Message("Scoring.NotApplicableNotAllowed", criterion.Code),
            MarkProblem.PassOrFail => new Message("Scoring.PassOrFail", criterion.Code),
            _ => new Message("Scoring.PointsOutOfRange", criterion.Code, criterion.MaxPoints),
        });
    }

    public string? CleanNote => string.IsNullOrWhiteSpace(Note) ? null : Note.Trim();

    /// <summary>A mark with its note as one text, to tell whether a person changed what the page showed.</summary>
    public static string Snapshot(Mark mark, string? note) => mark.Value + "|" + note;
}

/// <summary>One autosaved mark.</summary>
public sealed class MarkForm : MarkInput
{
    /// <summary>Made in the browser for each change; the server applies a repeated id once.</summary>
    public Guid ChangeId { get; set; }

    /// <summary>
    /// The version of the mark this change was made on (0 for no mark yet). A change made on an older
    /// version than the stored one is not applied: both values go back to the person (ADR 0008).
    /// Absent (older pages), the change is applied on whatever is stored.
    /// </summary>
    public int? BaseVersion { get; set; }
}

/// <summary>One row of the chair's reconciliation.</summary>
public sealed class ReconcileInput : MarkInput
{
    public uint RowVersion { get; set; }

    public string? Original { get; set; }
}

/// <summary>A reconciliation row as stored after a save: what the page bases its next change of the row on.</summary>
public sealed record ReconciledRowState(int CriterionId, uint RowVersion, string Original);

public sealed class ReconcileForm
{
    public List<ReconcileInput> Rows { get; set; } = [];
}

/// <summary>
/// The answer to one mark change: saved (or saved before, for a retried change id) at <paramref name="Version"/>,
/// or not applied because the stored mark moved on since the change's base version (<paramref name="Theirs"/> is then what is stored).
/// </summary>
public sealed record MarkSaved(bool AlreadyApplied, ResultView Totals, int Version, StoredMark? Theirs = null)
{
    public bool IsConflict => Theirs is not null;
}

/// <summary>A member's mark as stored, with its version: what a conflicting change is shown beside.</summary>
public sealed record StoredMark(Mark Mark, string? Note, int Version, DateTime UpdatedAtUtc);

/// <summary>A member's mark on the reconciliation, with the preliminary one where the on-site round changed it.</summary>
public sealed record MemberMark(string MemberName, Mark Mark, string? Note, Mark? Preliminary);

public sealed record ReconcileRow(
    CatalogueCriterion Criterion, IReadOnlyList<MemberMark> MemberMarks, bool Disagreement, Mark Mark, string? Note, uint RowVersion)
{
    /// <summary>The value as the page showed it, so that a save can tell what this person actually changed.</summary>
    public string Original => MarkInput.Snapshot(Mark, Note);

    /// <summary>
    /// The members' common mark, offered in the form while the chair has set none: the chair decides
    /// only where members disagree, and saving adopts the offer. Members who gave no mark (a chair who
    /// only reconciles, say) do not count as disagreeing.
    /// </summary>
    public Mark Offered => Mark.IsGiven || Disagreement ? Mark : MemberMarks.Select(m => m.Mark).FirstOrDefault(m => m.IsGiven) ?? Mark.None;
}

public sealed record ReconcileDimension(DimensionKind Kind, IReadOnlyList<ReconcileRow> Rows);

public sealed record ReconcilePage(
    AssessmentHeader Header, AssessmentAccessInfo Access, IReadOnlyList<string> MemberNames, IReadOnlyList<ReconcileDimension> Dimensions, ResultView Result);

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
