namespace GeccAssessment.Web.Domain;

/// <summary>A yearly certification round (รอบการประเมิน) with its own criteria catalogue.</summary>
public class Cycle : IAudited
{
    public int Id { get; set; }

    /// <summary>The Buddhist-era year that names the round, e.g. 2563.</summary>
    public int BuddhistYear { get; set; }

    public required string Title { get; set; }

    public DateOnly ApplicationOpensOn { get; set; }

    public DateOnly ApplicationClosesOn { get; set; }

    public DateOnly AssessmentStartsOn { get; set; }

    public DateOnly AssessmentEndsOn { get; set; }

    public DateOnly? AwardOn { get; set; }

    public int CertificateValidityYears { get; set; } = 3;

    public CycleStatus Status { get; set; } = CycleStatus.Draft;

    /// <summary>Set when the first application is submitted: from then on the catalogue is frozen.</summary>
    public DateTime? CatalogueLockedAtUtc { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public List<Dimension> Dimensions { get; set; } = [];

    public List<CertificationLevel> Levels { get; set; } = [];

    public bool IsApplicationWindowOpen(DateOnly today) =>
        Status == CycleStatus.Open && today >= ApplicationOpensOn && today <= ApplicationClosesOn;
}

public enum CycleStatus
{
    Draft = 0,
    Open = 1,
    Assessing = 2,
    Deciding = 3,
    Closed = 4,
}
