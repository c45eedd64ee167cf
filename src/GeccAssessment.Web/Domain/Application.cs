namespace GeccAssessment.Web.Domain;

/// <summary>A service point's application (ใบสมัคร) to one cycle, with its self-assessment.</summary>
public class Application : IAudited
{
    public int Id { get; set; }

    public int CycleId { get; set; }

    public Cycle? Cycle { get; set; }

    public int ServicePointId { get; set; }

    public ServicePoint? ServicePoint { get; set; }

    /// <summary>Copied from the service point so that access checks and filters need no join.</summary>
    public int AgencyId { get; set; }

    /// <summary>Copied from the service point for the screening queue's province filter.</summary>
    public required string ProvinceCode { get; set; }

    /// <summary>
    /// The agency's kind, copied for the screening queue's kind filter (a count reads the index alone).
    /// Kept by the database: set from the agency on insert, whatever the code sets, and updated when the agency's kind changes.
    /// </summary>
    public AgencyKind AgencyKind { get; private set; }

    public ApplicationStatus Status { get; set; } = ApplicationStatus.Draft;

    public DateTime? SubmittedAtUtc { get; set; }

    /// <summary>Why the secretariat returned it, shown to the applicant until resubmission.</summary>
    public string? ReturnReason { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    /// <summary>PostgreSQL's xmin: two people saving the same application cannot overwrite each other.</summary>
    public uint RowVersion { get; set; }

    public List<SelfAssessmentAnswer> Answers { get; set; } = [];

    public List<ApplicationStatusChange> StatusChanges { get; set; } = [];
}

/// <summary>The applicant's own answer to one criterion.</summary>
public class SelfAssessmentAnswer
{
    public int Id { get; set; }

    public int ApplicationId { get; set; }

    public int CriterionId { get; set; }

    public decimal? SelfScore { get; set; }

    public string? Explanation { get; set; }

    /// <summary>What the secretariat asked to fix on this criterion when it last returned the application; cleared on acceptance.</summary>
    public string? ReturnNote { get; set; }

    public DateTime UpdatedAtUtc { get; set; }
}

/// <summary>A document or photo supporting a self-assessment answer. The bytes live in <see cref="EvidenceFileContent"/>.</summary>
public class EvidenceFile
{
    public int Id { get; set; }

    public int ApplicationId { get; set; }

    public int CriterionId { get; set; }

    public required string FileName { get; set; }

    public required string ContentType { get; set; }

    public long SizeBytes { get; set; }

    public required string Sha256 { get; set; }

    public DateTime UploadedAtUtc { get; set; }

    public string? UploadedByUserId { get; set; }

    public EvidenceFileContent? Content { get; set; }
}

/// <summary>Kept apart from <see cref="EvidenceFile"/> so that listing files never reads their bytes.</summary>
public class EvidenceFileContent
{
    public int EvidenceFileId { get; set; }

    public required byte[] Data { get; set; }
}

/// <summary>The application's timeline, as the applicant sees it.</summary>
public class ApplicationStatusChange
{
    public long Id { get; set; }

    public int ApplicationId { get; set; }

    public ApplicationStatus? FromStatus { get; set; }

    public ApplicationStatus ToStatus { get; set; }

    public DateTime AtUtc { get; set; }

    public string? UserId { get; set; }

    public string? Note { get; set; }
}
