namespace GeccAssessment.Web.Domain;

/// <summary>One of Thailand's 77 provinces (จังหวัด), keyed by its official two-digit code.</summary>
public class Province
{
    public required string Code { get; set; }

    public required string NameTh { get; set; }

    public required string NameEn { get; set; }
}

/// <summary>A district (อำเภอ, or เขต in Bangkok), keyed by its official four-digit code.</summary>
public class District
{
    public required string Code { get; set; }

    public required string ProvinceCode { get; set; }

    public required string NameTh { get; set; }

    public required string NameEn { get; set; }
}
