namespace GeccAssessment.Web.Domain;

/// <summary>A government agency (หน่วยงาน) whose applicant accounts apply its service points.</summary>
public class Agency
{
    public int Id { get; set; }

    public required string NameTh { get; set; }

    public string? NameEn { get; set; }

    public AgencyKind Kind { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}
