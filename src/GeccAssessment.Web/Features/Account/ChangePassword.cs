using System.ComponentModel.DataAnnotations;

namespace GeccAssessment.Web.Features.Account;

/// <summary>A new password typed twice: the change-password and reset-password forms.</summary>
public abstract class NewPasswordModel
{
    [Required(ErrorMessage = "Validation.Required")]
    [DataType(DataType.Password)]
    [Display(Name = "Field.NewPassword")]
    public string NewPassword { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [DataType(DataType.Password)]
    [Compare(nameof(NewPassword), ErrorMessage = "Validation.PasswordsDiffer")]
    [Display(Name = "Field.ConfirmPassword")]
    public string ConfirmPassword { get; set; } = "";
}

/// <summary>A signed-in user changes their own password; their other sessions end.</summary>
public class ChangePasswordModel : NewPasswordModel
{
    [Required(ErrorMessage = "Validation.Required")]
    [DataType(DataType.Password)]
    [Display(Name = "Field.CurrentPassword")]
    public string CurrentPassword { get; set; } = "";
}
