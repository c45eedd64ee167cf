namespace GeccAssessment.Web.Domain;

/// <summary>A government agency (หน่วยงาน) whose applicant accounts apply its service points.</summary>
public class Agency : IAudited
{
    public int Id { get; set; }

    public required string NameTh { get; set; }

    /// <summary>
    /// NameTh trimmed, inner spaces collapsed, Unicode NFC and lower case, computed by PostgreSQL
    /// and unique: "กระทรวงการคลัง " and "กระทรวง​การคลัง" in another spelling are one agency.
    /// </summary>
    public string NormalizedName { get; private set; } = "";

    /// <summary>
    /// A ministry or department from the seeded reference list (Data/ReferenceData/government-bodies.csv):
    /// the only agencies offered as parents; nobody registers one or renames into one.
    /// </summary>
    public bool IsReference { get; set; }

    public string? NameEn { get; set; }

    public AgencyKind Kind { get; set; }

    /// <summary>A department belongs to a ministry, an office to a department.</summary>
    public int? ParentAgencyId { get; set; }

    public Agency? ParentAgency { get; set; }

    public string? ProvinceCode { get; set; }

    public Province? Province { get; set; }

    public string? ContactName { get; set; }

    public string? ContactPhone { get; set; }

    public string? ContactEmail { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}
