using GeccAssessment.Web.Domain;

namespace GeccAssessment.Web.Features.Applications;

public sealed record EvidenceRow(int Id, int CriterionId, string FileName, long SizeBytes);

/// <summary>What a save left: the problems (empty when all was kept), the application's row version now, the files kept.</summary>
public sealed record SavedPart(IReadOnlyList<Infrastructure.Message> Problems, uint RowVersion, IReadOnlyList<EvidenceRow> Files);

/// <param name="ReturnNote">What the secretariat asked to fix on this criterion when it last returned the application.</param>
public sealed record CriterionAnswer(
    int CriterionId, string Code, string Title, string? Guidance, int MaxPoints, bool IsMandatory, bool EvidenceRequired,
    decimal? SelfScore, string? Explanation, IReadOnlyList<EvidenceRow> Files, string? ReturnNote = null, string? TitleEn = null)
{
    /// <summary>The criterion asks for evidence and none is attached: screening flags it.</summary>
    public bool EvidenceMissing => EvidenceRequired && Files.Count == 0;
}

public sealed record DimensionAnswers(DimensionKind Kind, decimal MinimumPercent, IReadOnlyList<CriterionAnswer> Criteria);

/// <summary>The rounds of the assessment as the applicant is told them.</summary>
public sealed record AssessmentSchedule(
    DateTime? PreliminaryAtUtc, string? MeetingLink, PreliminaryOutcome PreliminaryOutcome, string? StopReason,
    DateTime? OnSiteAtUtc, string? OnSiteAddress, bool SignedOff);

/// <summary>The steering committee's decision on an application and, when certified, its certificate.</summary>
public sealed record ApplicationOutcome(
    int ApplicationId, bool Certified, string? LevelNameTh, string? LevelNameEn, string? Reason, string MeetingNumber, DateOnly MeetingHeldOn,
    string? CertificateNumber, DateOnly? ValidUntil, bool Revoked, string? RevokeReason);

public sealed record TimelineRow(ApplicationStatus? From, ApplicationStatus To, DateTime AtUtc, string? UserName, string? Note);

/// <summary>Everything one page shows about an application: header, self-assessment, evidence, timeline.</summary>
public sealed record ApplicationDetail(
    int Id, ApplicationStatus Status, uint RowVersion, string? ReturnReason, DateTime? SubmittedAtUtc,
    int CycleId, int BuddhistYear, string CycleTitle, DateOnly ApplicationOpensOn, DateOnly ApplicationClosesOn,
    string AgencyName, AgencyKind AgencyKind, string ServicePointName, string Address, string ProvinceName, string DistrictName,
    IReadOnlyList<DimensionAnswers> Dimensions, IReadOnlyList<TimelineRow> Timeline, AssessmentSchedule? Schedule = null,
    ApplicationOutcome? Outcome = null, string? AgencyNameEn = null, string? ProvinceNameEn = null, string? DistrictNameEn = null)
{
    public int AnsweredCount => Dimensions.Sum(d => d.Criteria.Count(c => c.SelfScore is not null));

    public int CriteriaCount => Dimensions.Sum(d => d.Criteria.Count);

    public IEnumerable<CriterionAnswer> EvidenceMissing => Dimensions.SelectMany(d => d.Criteria).Where(c => c.EvidenceMissing);

    /// <summary>Reasons per criterion from the last return, shown while the application is back with the applicant.</summary>
    public IEnumerable<CriterionAnswer> ReturnNotes => Dimensions.SelectMany(d => d.Criteria).Where(c => c.ReturnNote is not null);
}

/// <param name="Certified">The committee's decision once made (certified or not), else null.</param>
public sealed record ApplicationRow(int Id, int BuddhistYear, string ServicePointName, ApplicationStatus Status, DateTime UpdatedAtUtc, DateTime? SubmittedAtUtc, bool? Certified = null);

public sealed record NewApplicationPage(IReadOnlyList<(int Id, string Name)> ServicePoints, IReadOnlyList<(int Id, string Title)> OpenCycles, int? ServicePointId);

/// <summary>The self-assessment form: one entry per criterion; scores arrive as text so that a typo gets a message naming the criterion.</summary>
public class SelfAssessmentForm
{
    public uint RowVersion { get; set; }

    public List<AnswerInput> Answers { get; set; } = [];

    public List<int> DeleteEvidence { get; set; } = [];
}

public class AnswerInput
{
    public int CriterionId { get; set; }

    public string? SelfScore { get; set; }

    public string? Explanation { get; set; }
}

public sealed record EvidenceUpload(int CriterionId, string? FileName, long Length, Func<Stream> Open);
