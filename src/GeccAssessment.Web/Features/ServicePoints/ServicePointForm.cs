using System.ComponentModel.DataAnnotations;
using GeccAssessment.Web.Infrastructure;

namespace GeccAssessment.Web.Features.ServicePoints;

public class ServicePointForm
{
    public int Id { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(300, ErrorMessage = "Validation.MaxLength")]
    [NoMarkup]
    [Display(Name = "Field.ServicePointName")]
    public string Name { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(1000, ErrorMessage = "Validation.MaxLength")]
    [NoMarkup]
    [Display(Name = "Field.Address")]
    public string Address { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Field.Province")]
    public string? ProvinceCode { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Field.District")]
    public string? DistrictCode { get; set; }

    [StringLength(300, ErrorMessage = "Validation.MaxLength")]
    [NoMarkup]
    [Display(Name = "Field.OpeningHours")]
    public string? OpeningHours { get; set; }

    [StringLength(2000, ErrorMessage = "Validation.MaxLength")]
    [NoMarkup]
    [Display(Name = "Field.ServicesOffered")]
    public string? ServicesOffered { get; set; }

    [StringLength(200, ErrorMessage = "Validation.MaxLength")]
    [NoMarkup]
    [Display(Name = "Field.ContactName")]
    public string? ContactName { get; set; }

    [StringLength(50, ErrorMessage = "Validation.MaxLength")]
    [Phone(ErrorMessage = "Validation.Phone")]
    [Display(Name = "Field.ContactPhone")]
    public string? ContactPhone { get; set; }

    [StringLength(256, ErrorMessage = "Validation.MaxLength")]
    [EmailAddress(ErrorMessage = "Validation.Email")]
    [Display(Name = "Field.ContactEmail")]
    public string? ContactEmail { get; set; }
}

public sealed record ServicePointRow(int Id, string Name, string ProvinceName, string DistrictName, int ApplicationCount);

public sealed record ServicePointFormPage(ServicePointForm Form, Places.PlaceData Places);
