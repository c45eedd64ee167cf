namespace GeccAssessment.Web.Domain;

/// <summary>A government agency (หน่วยงาน) whose applicant accounts apply its service points.</summary>
public class Agency : IAudited
{
    public int Id { get; set; }

    public required string NameTh { get; set; }

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
