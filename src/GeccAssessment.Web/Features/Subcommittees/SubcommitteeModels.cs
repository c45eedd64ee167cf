using System.ComponentModel.DataAnnotations;
using GeccAssessment.Web.Infrastructure;

namespace GeccAssessment.Web.Features.Subcommittees;

public sealed class SubcommitteeForm
{
    public int? Id { get; set; }

    public int CycleId { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(200, ErrorMessage = "Validation.MaxLength")]
    [NoMarkup]
    [Display(Name = "Subcommittees.Name")]
    public string? Name { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Subcommittees.Chair")]
    public string? ChairUserId { get; set; }

    public List<string> MemberIds { get; set; } = [];
}

public sealed record PersonOption(string Id, string Name, string Email);

public sealed record SubcommitteeRow(int Id, string Name, string ChairName, int MemberCount, int AssignedCount, int SignedOffCount);

public sealed record SubcommitteesPage(
    int? CycleId, IReadOnlyList<CycleChoice> Cycles, IReadOnlyList<SubcommitteeRow> Rows,
    SubcommitteeForm Form, IReadOnlyList<PersonOption> Chairs, IReadOnlyList<PersonOption> Assessors);

public sealed class AssignFilter : KeysetFilter
{
    public int? Cycle { get; set; }

    public string? Province { get; set; }

    /// <summary>Shows only applications no subcommittee has yet (the default: what still needs assigning).</summary>
    public bool UnassignedOnly { get; set; } = true;
}

public sealed record AssignRow(int ApplicationId, string ProvinceCode, string AgencyName, string ServicePointName, string ProvinceName, string? SubcommitteeName, string? AgencyNameEn = null, string? ProvinceNameEn = null);

public sealed record AssignPage(
    AssignFilter Filter, IReadOnlyList<CycleChoice> Cycles, Places.PlaceData Places,
    IReadOnlyList<(int Id, string Name)> Subcommittees, KeysetList<AssignRow> Rows, int Unassigned)
{
    public KeysetPagerModel Pager => KeysetPagerModel.For(Rows, new Dictionary<string, string?>
    {
        ["cycle"] = Filter.Cycle?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["province"] = Filter.Province,
        ["unassignedOnly"] = Filter.UnassignedOnly ? "true" : "false",
    });
}
