namespace GeccAssessment.Web.Domain;

/// <summary>An assessment subcommittee (คณะอนุกรรมการประเมิน) of one cycle: a chair and members.</summary>
public class Subcommittee : IAudited
{
    public int Id { get; set; }

    public int CycleId { get; set; }

    public Cycle? Cycle { get; set; }

    public required string Name { get; set; }

    /// <summary>The chair reconciles and signs off; the chair is also one of the members.</summary>
    public required string ChairUserId { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public List<SubcommitteeMember> Members { get; set; } = [];
}

public class SubcommitteeMember
{
    public int SubcommitteeId { get; set; }

    public required string UserId { get; set; }
}

public enum PreliminaryOutcome
{
    Pending = 0,
    ProceedOnSite = 1,
    Stop = 2,
}

/// <summary>
/// The assessment of one accepted application by the subcommittee it is assigned to: the two rounds,
/// the reconciliation and the chair's sign-off, which locks every score.
/// </summary>
public class Assessment : IAudited
{
    public int Id { get; set; }

    public int ApplicationId { get; set; }

    public Application? Application { get; set; }

    public int SubcommitteeId { get; set; }

    public Subcommittee? Subcommittee { get; set; }

    /// <summary>Copied from the application so the subcommittee's lists filter without a join.</summary>
    public int CycleId { get; set; }

    /// <summary>
    /// The application's province, copied so that the committee's list and the dashboard filter, sort
    /// and group by province from an index of assessments instead of joining applications and points.
    /// The database fills and follows it (triggers of migration AssessmentProvince): set on insert from
    /// the application, whatever the code sets; updated when the service point's province changes.
    /// </summary>
    public string ProvinceCode { get; private set; } = null!;

    /// <summary>
    /// The committee has recorded its decision on this assessment (a row in CertificationDecisions),
    /// copied so that the committee's pending list is read from a partial index of the undecided ones
    /// instead of an anti join against every decision of the cycle (docs/adr/0022). The database
    /// keeps it (trigger of migration PendingDecisionIndexes on CertificationDecisions); the code
    /// never sets it, and a new assessment has no decision.
    /// </summary>
    public bool Decided { get; private set; }

    public DateTime AssignedAtUtc { get; set; }

    public DateTime? PreliminaryAtUtc { get; set; }

    public string? PreliminaryMeetingLink { get; set; }

    public PreliminaryOutcome PreliminaryOutcome { get; set; }

    public string? PreliminaryStopReason { get; set; }

    public DateTime? OnSiteAtUtc { get; set; }

    /// <summary>
    /// The next visit, on site or else by video (computed by the database), so that the
    /// subcommittee's list is read in date order from an index instead of sorting every row.
    /// </summary>
    public DateTime? ScheduledAtUtc { get; private set; }

    public string? OnSiteAddress { get; set; }

    /// <summary>Until then each member sees only his or her own scores.</summary>
    public DateTime? ReconciliationOpenedAtUtc { get; set; }

    public DateTime? SignedOffAtUtc { get; set; }

    public string? SignedOffByUserId { get; set; }

    /// <summary>The policy's result, kept at sign-off so that the committee's lists need no recomputation.</summary>
    public RecommendedOutcome? RecommendedOutcome { get; set; }

    public int? RecommendedLevelRank { get; set; }

    public decimal? OverallPercent { get; set; }

    /// <summary>Per-dimension percentages at sign-off (null: every item not applicable), for the committee's table.</summary>
    public decimal? PremisesPercent { get; set; }

    public decimal? PersonnelPercent { get; set; }

    public decimal? ServiceProcessPercent { get; set; }

    public decimal? OtherPercent { get; set; }

    /// <summary>Total points earned and possible at sign-off, as printed in the assessment report.</summary>
    public decimal? EarnedPoints { get; set; }

    public decimal? PossiblePoints { get; set; }

    /// <summary>
    /// The overall percentage of the preliminary round at sign-off (members' marks combined), kept
    /// beside the final one so that the reports show how the centre did in each round.
    /// </summary>
    public decimal? PreliminaryPercent { get; set; }

    /// <summary>Whether every dimension met its minimum and every mandatory item passed, at sign-off.</summary>
    public bool? DimensionsAndMandatoryPassed { get; set; }

    /// <summary>Why the chair last unlocked a signed-off summary (the audit trail keeps every one).</summary>
    public string? UnlockReason { get; set; }

    public uint RowVersion { get; set; }

    public bool IsSignedOff => SignedOffAtUtc is not null;

    /// <summary>The round members are scoring now: on site once the chair let the assessment proceed there.</summary>
    public static AssessmentRound RoundFor(PreliminaryOutcome outcome) =>
        outcome == PreliminaryOutcome.ProceedOnSite ? AssessmentRound.OnSite : AssessmentRound.Preliminary;

    /// <summary>Keeps the policy's result at sign-off, or clears it (null) on unlock.</summary>
    public void RecordRecommendation(ScoringResult? result, decimal? preliminaryPercent = null)
    {
        EarnedPoints = result?.EarnedPoints;
        PossiblePoints = result?.PossiblePoints;
        PreliminaryPercent = result is null ? null : preliminaryPercent;
        RecommendedOutcome = result?.Outcome;
        RecommendedLevelRank = result?.RecommendedLevelRank;
        OverallPercent = result?.OverallPercent;
        decimal? Percent(DimensionKind kind) => result?.Dimensions.FirstOrDefault(d => d.Kind == kind)?.Percent;
        PremisesPercent = Percent(DimensionKind.Premises);
        PersonnelPercent = Percent(DimensionKind.Personnel);
        ServiceProcessPercent = Percent(DimensionKind.ServiceProcess);
        OtherPercent = Percent(DimensionKind.Other);
        DimensionsAndMandatoryPassed = result is null ? null : result.AllMandatoryPassed == true && result.Dimensions.All(d => d.MeetsMinimum == true);
    }

    public bool IsStopped => PreliminaryOutcome == PreliminaryOutcome.Stop;
}

/// <summary>A member's declaration of (no) conflict of interest for one assigned application.</summary>
public class ConflictDeclaration : IAudited
{
    public int Id { get; set; }

    public int AssessmentId { get; set; }

    public required string UserId { get; set; }

    public bool HasConflict { get; set; }

    public string? Reason { get; set; }

    public DateTime DeclaredAtUtc { get; set; }
}

/// <summary>
/// One member's own mark for one criterion in one round; members never see each other's until
/// reconciliation. The preliminary round's marks are kept when the on-site round starts from them.
/// </summary>
public class MemberScore : IAudited
{
    public long Id { get; set; }

    public int AssessmentId { get; set; }

    public int CriterionId { get; set; }

    public required string AssessorUserId { get; set; }

    public AssessmentRound Round { get; set; } = AssessmentRound.Preliminary;

    public Mark Mark { get; set; } = Mark.None;

    public string? Note { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    /// <summary>
    /// Counts the saves of this mark. A change names the version it was based on; one based on an
    /// older version (another laptop saved meanwhile) is not applied but shown to the person (ADR 0008).
    /// </summary>
    public int Version { get; set; }
}

/// <summary>The subcommittee's mark for one criterion, set by the chair at reconciliation.</summary>
public class ReconciledScore : IAudited
{
    public long Id { get; set; }

    public int AssessmentId { get; set; }

    public int CriterionId { get; set; }

    public Mark Mark { get; set; } = Mark.None;

    public string? Note { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public string? UpdatedByUserId { get; set; }

    /// <summary>PostgreSQL's xmin: two people reconciling the same item get a conflict, not a lost update.</summary>
    public uint RowVersion { get; set; }
}

/// <summary>
/// A score change already applied, by the id the browser gave it: a change sent twice (a retry on a
/// weak connection, later an offline queue) is applied once.
/// </summary>
public class AppliedScoreChange
{
    public Guid ChangeId { get; set; }

    public int AssessmentId { get; set; }

    public required string UserId { get; set; }

    public DateTime AppliedAtUtc { get; set; }

    /// <summary>
    /// What the change carried (criterion, mark and note, hashed): the same id arriving with
    /// anything else is refused instead of being answered "saved". Null for changes recorded before.
    /// </summary>
    public string? Fingerprint { get; set; }

    /// <summary>The mark's version this change made, so a retry is answered with it (not with a later one). Null for photos and older rows.</summary>
    public int? Version { get; set; }
}

/// <summary>A photo an assessor took at the service point for one criterion. Bytes in <see cref="AssessmentPhotoContent"/>.</summary>
public class AssessmentPhoto
{
    public int Id { get; set; }

    public int AssessmentId { get; set; }

    public int CriterionId { get; set; }

    public required string UploadedByUserId { get; set; }

    public required string FileName { get; set; }

    public required string ContentType { get; set; }

    public long SizeBytes { get; set; }

    public DateTime UploadedAtUtc { get; set; }

    public AssessmentPhotoContent? Content { get; set; }
}

public class AssessmentPhotoContent
{
    public int AssessmentPhotoId { get; set; }

    public required byte[] Data { get; set; }
}
