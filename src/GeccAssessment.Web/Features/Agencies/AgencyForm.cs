using System.ComponentModel.DataAnnotations;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Infrastructure;

namespace GeccAssessment.Web.Features.Agencies;

public class AgencyForm
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(300, ErrorMessage = "Validation.MaxLength")]
    [NoMarkup]
    [Display(Name = "Field.AgencyName")]
    public string NameTh { get; set; } = "";

    [StringLength(300, ErrorMessage = "Validation.MaxLength")]
    [NoMarkup]
    [Display(Name = "Field.AgencyNameEn")]
    public string? NameEn { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Field.AgencyKind")]
    public AgencyKind? Kind { get; set; }

    [Display(Name = "Field.ParentAgency")]
    public int? ParentAgencyId { get; set; }

    [Display(Name = "Field.Province")]
    public string? ProvinceCode { get; set; }

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

public sealed record ParentOption(int Id, string Name);

public sealed record ColleagueRow(string DisplayName, string Email);

public sealed record AgencyFormPage(AgencyForm Form, Places.PlaceData Places, IReadOnlyList<ParentOption> Parents, IReadOnlyList<ColleagueRow> Colleagues)
{
    public ColleagueForm NewColleague { get; init; } = new();
}

/// <summary>Another applicant account for the same agency, added by one of its applicants.</summary>
public class ColleagueForm
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
}

public sealed class AgencyFilter
{
    public string? Q { get; set; }

    public AgencyKind? Kind { get; set; }

    public string? Province { get; set; }

    public int Page { get; set; } = 1;
}

public sealed record AgencyRow(int Id, string NameTh, AgencyKind Kind, string? ParentName, string? ProvinceName, int ServicePointCount);

public sealed record AgencyListPage(AgencyFilter Filter, PagedList<AgencyRow> Agencies, Places.PlaceData Places)
{
    public PagerModel Pager => new(Agencies.Page, Agencies.PageCount, Agencies.TotalCount,
        new Dictionary<string, string?> { ["q"] = Filter.Q, ["kind"] = Filter.Kind?.ToString(), ["province"] = Filter.Province });
}
