using System.ComponentModel.DataAnnotations;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Infrastructure;

namespace GeccAssessment.Web.Features.Account;

/// <summary>Self-registration of an applicant: the account and the agency it belongs to.</summary>
public class RegisterModel
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(200, ErrorMessage = "Validation.MaxLength")]
    [NoMarkup]
    [Display(Name = "Field.DisplayName")]
    public string DisplayName { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [EmailAddress(ErrorMessage = "Validation.Email")]
    [StringLength(256, ErrorMessage = "Validation.MaxLength")]
    [Display(Name = "Field.Email")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [DataType(DataType.Password)]
    [Display(Name = "Field.Password")]
    public string Password { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [DataType(DataType.Password)]
    [Compare(nameof(Password), ErrorMessage = "Validation.PasswordsDiffer")]
    [Display(Name = "Field.ConfirmPassword")]
    public string ConfirmPassword { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(300, ErrorMessage = "Validation.MaxLength")]
    [NoMarkup]
    [Display(Name = "Field.AgencyName")]
    public string AgencyName { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [EnumDataType(typeof(AgencyKind), ErrorMessage = "Validation.Invalid")]
    [Display(Name = "Field.AgencyKind")]
    public AgencyKind? AgencyKind { get; set; }
}
