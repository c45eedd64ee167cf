namespace GeccAssessment.Web.Domain;

public enum DimensionKind
{
    Premises = 1,
    Personnel = 2,
    ServiceProcess = 3,
    Other = 4,
}

/// <summary>One of the four dimensions of a cycle's catalogue, each with its own pass mark.</summary>
public class Dimension : IAudited
{
    public int Id { get; set; }

    public int CycleId { get; set; }

    public DimensionKind Kind { get; set; }

    public int SortOrder { get; set; }

    /// <summary>The dimension passes when its percentage reaches this (0–100).</summary>
    public decimal MinimumPercent { get; set; }

    public List<Criterion> Criteria { get; set; } = [];
}

/// <summary>One assessed item of a dimension.</summary>
public class Criterion : IAudited
{
    public int Id { get; set; }

    public int CycleId { get; set; }

    public int DimensionId { get; set; }

    public Dimension? Dimension { get; set; }

    /// <summary>Short code, unique in the cycle, e.g. P-01.</summary>
    public required string Code { get; set; }

    public required string TitleTh { get; set; }

    public string? TitleEn { get; set; }

    /// <summary>What the assessor looks at; shown beside the criterion on the scoring form.</summary>
    public string? Guidance { get; set; }

    public int MaxPoints { get; set; }

    /// <summary>Failing a mandatory item means not certified, whatever the total.</summary>
    public bool IsMandatory { get; set; }

    public bool EvidenceRequired { get; set; }

    public bool AllowNotApplicable { get; set; }

    public int SortOrder { get; set; }
}

/// <summary>A certification level of a cycle, reached at a minimum overall percentage.</summary>
public class CertificationLevel : IAudited
{
    public int Id { get; set; }

    public int CycleId { get; set; }

    /// <summary>1 = lowest (basic); higher ranks need higher percentages.</summary>
    public int Rank { get; set; }

    public required string NameTh { get; set; }

    public required string NameEn { get; set; }

    public decimal MinimumPercent { get; set; }
}
