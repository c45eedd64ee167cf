namespace GeccAssessment.Web.Domain;

/// <summary>A public service point (จุดบริการประชาชน) of an agency: what gets certified.</summary>
public class ServicePoint : IAudited
{
    public int Id { get; set; }

    public int AgencyId { get; set; }

    public Agency? Agency { get; set; }

    public required string Name { get; set; }

    public required string Address { get; set; }

    public required string ProvinceCode { get; set; }

    public Province? Province { get; set; }

    public required string DistrictCode { get; set; }

    public District? District { get; set; }

    public string? OpeningHours { get; set; }

    public string? ServicesOffered { get; set; }

    public string? ContactName { get; set; }

    public string? ContactPhone { get; set; }

    public string? ContactEmail { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}
