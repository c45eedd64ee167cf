namespace GeccAssessment.Web.Domain;

/// <summary>A meeting of the steering committee (คณะกรรมการอำนวยการ) at which decisions are recorded.</summary>
public class CommitteeMeeting : IAudited
{
    public int Id { get; set; }

    public int CycleId { get; set; }

    /// <summary>As the minutes number it, e.g. "2/2563".</summary>
    public required string Number { get; set; }

    public DateOnly HeldOn { get; set; }
}

/// <summary>The committee's decision on one signed-off assessment: certified at a level, or not with a reason.</summary>
public class CertificationDecision : IAudited
{
    public int Id { get; set; }

    public int AssessmentId { get; set; }

    public int ApplicationId { get; set; }

    public int CycleId { get; set; }

    public int MeetingId { get; set; }

    public CommitteeMeeting? Meeting { get; set; }

    public bool Certified { get; set; }

    public int? LevelRank { get; set; }

    public string? Reason { get; set; }

    public DateTime DecidedAtUtc { get; set; }

    public string? DecidedByUserId { get; set; }
}

/// <summary>
/// A certificate (ใบรับรอง) issued for a certified application. Names are copied at issue so that
/// a later rename of the agency does not change what was certified, and so is the signatory: a
/// certificate is a legal document and re-downloads as it was issued.
/// </summary>
public class Certificate : IAudited
{
    public int Id { get; set; }

    public int CycleId { get; set; }

    /// <summary>Running number within the cycle; with the year it makes <see cref="Number"/>.</summary>
    public int Sequence { get; set; }

    /// <summary>GECC-2563-0001.</summary>
    public required string Number { get; set; }

    public int ApplicationId { get; set; }

    public int DecisionId { get; set; }

    /// <summary>Set with the decision it follows from, so that both are written in one save.</summary>
    public CertificationDecision? Decision { get; set; }

    public int MeetingId { get; set; }

    public int LevelRank { get; set; }

    public required string LevelNameTh { get; set; }

    public required string LevelNameEn { get; set; }

    public required string AgencyName { get; set; }

    public required string ServicePointName { get; set; }

    public required string ProvinceCode { get; set; }

    /// <summary>
    /// The printed name under the signature, copied from <see cref="Cycle.SignatoryName"/> when the
    /// certificate is issued; a later change of the cycle's signatory leaves it as it was.
    /// </summary>
    public string? SignatoryName { get; set; }

    /// <summary>The signatory's position as printed under the name, copied with <see cref="SignatoryName"/>.</summary>
    public string? SignatoryPosition { get; set; }

    public DateOnly IssuedOn { get; set; }

    public DateOnly ValidUntil { get; set; }

    public DateTime? RevokedAtUtc { get; set; }

    public string? RevokeReason { get; set; }

    public DateOnly? AwardHandedOverOn { get; set; }

    public string? AwardHandedOverTo { get; set; }

    public static string FormatNumber(int buddhistYear, int sequence) =>
        $"GECC-{buddhistYear.ToString(System.Globalization.CultureInfo.InvariantCulture)}-{sequence.ToString("0000", System.Globalization.CultureInfo.InvariantCulture)}";

    public CertificateStatus StatusOn(DateOnly today) =>
        RevokedAtUtc is not null ? CertificateStatus.Revoked
        : today > ValidUntil ? CertificateStatus.Expired
        : CertificateStatus.Valid;
}

public enum CertificateStatus
{
    Valid = 0,
    Expired = 1,
    Revoked = 2,
}

public enum DocumentJobStatus
{
    Queued = 0,
    Running = 1,
    Done = 2,
    Failed = 3,
}

/// <summary>
/// A large PDF made in the background (a meeting's batch of certificates). Kept in the database so
/// that any app instance can run it and any instance can serve its progress and result.
/// </summary>
public class DocumentJob
{
    public Guid Id { get; set; }

    public int MeetingId { get; set; }

    public required string RequestedByUserId { get; set; }

    public DocumentJobStatus Status { get; set; }

    public int PagesDone { get; set; }

    public int PagesTotal { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? FinishedAtUtc { get; set; }

    public string? VerifyBaseUrl { get; set; }

    public byte[]? Result { get; set; }

    /// <summary>The app instance running the job (<c>Infrastructure/InstanceIdentity</c>) while it is Running.</summary>
    public string? LeaseOwner { get; set; }

    /// <summary>
    /// Renewed by the running instance's heartbeat; once past, another instance may take the job
    /// over (its instance was killed or lost the database).
    /// </summary>
    public DateTime? LeaseExpiresAtUtc { get; set; }

    /// <summary>How many times an instance has claimed the job; a job that keeps killing its instance fails.</summary>
    public int Attempts { get; set; }
}

/// <summary>
/// One fixed window of a shared rate limit (sign-in per address, account creation): every app
/// instance counts in the same row, so the limit holds however many instances there are.
/// </summary>
public class RateLimitCounter
{
    public required string Key { get; set; }

    public DateTime WindowStartUtc { get; set; }

    public int Count { get; set; }

    /// <summary>When the window is over and the row may be deleted.</summary>
    public DateTime ExpiresAtUtc { get; set; }
}
