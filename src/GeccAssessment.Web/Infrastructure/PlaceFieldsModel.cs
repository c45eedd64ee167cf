namespace GeccAssessment.Web.Infrastructure;

/// <summary>The province (and optionally district) selects of a form; DistrictField "" shows the province only.</summary>
public sealed record PlaceFieldsModel(Places.PlaceData Places, string ProvinceField, string? ProvinceCode, string DistrictField, string? DistrictCode);
