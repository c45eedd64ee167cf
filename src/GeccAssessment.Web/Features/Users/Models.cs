using System.ComponentModel.DataAnnotations;
using GeccAssessment.Web.Infrastructure;

namespace GeccAssessment.Web.Features.Users;

public sealed class UserFilter
{
    [StringLength(100)]
    public string? Q { get; set; }

    public string? Role { get; set; }

    public int Page { get; set; } = 1;
}

public sealed record UserRow(string Id, string Email, string DisplayName, string? AgencyName, bool LockedOut, bool Disabled, IReadOnlyList<string> Roles);

public sealed record UserListModel(UserFilter Filter, PagedList<UserRow> Users)
{
    public PagerModel Pager => new(Users.Page, Users.PageCount, Users.TotalCount,
        new Dictionary<string, string?> { ["q"] = Filter.Q, ["role"] = Filter.Role });
}

public class CreateUserModel
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
    [Display(Name = "Field.InitialPassword")]
    public string Password { get; set; } = "";

    [Display(Name = "Field.Roles")]
    public List<string> Roles { get; set; } = [];
}

public class EditUserModel
{
    public string Id { get; set; } = "";

    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(200, ErrorMessage = "Validation.MaxLength")]
    [NoMarkup]
    [Display(Name = "Field.DisplayName")]
    public string DisplayName { get; set; } = "";

    [Display(Name = "Field.Roles")]
    public List<string> Roles { get; set; } = [];

    [Display(Name = "Field.Unlock")]
    public bool Unlock { get; set; }

    public bool LockedOut { get; set; }

    public DateTime? DisabledAtUtc { get; set; }

    public string? DisabledReason { get; set; }
}

/// <summary>Disabling needs a reason (it goes to the audit trail); enabling takes an optional note.</summary>
public class DisableUserModel
{
    public string Id { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(500, ErrorMessage = "Validation.MaxLength")]
    [NoMarkup]
    [Display(Name = "Field.DisableReason")]
    public string Reason { get; set; } = "";
}
