using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Infrastructure;

namespace GeccAssessment.Web.Features.Screening;

public sealed class ScreeningFilter : KeysetFilter
{
    public int? Cycle { get; set; }

    public string? Province { get; set; }

    public AgencyKind? Kind { get; set; }

    /// <summary>Defaults to Submitted: the queue shows what waits for the secretariat.</summary>
    public ApplicationStatus? Status { get; set; } = ApplicationStatus.Submitted;
}

public sealed record ScreeningRow(int Id, string AgencyName, AgencyKind AgencyKind, string ServicePointName, string ProvinceName, ApplicationStatus Status, DateTime? SubmittedAtUtc,
    string? AgencyNameEn = null, string? ProvinceNameEn = null);

public sealed record ScreeningQueue(ScreeningFilter Filter, IReadOnlyList<CycleChoice> Cycles, Places.PlaceData Places, KeysetList<ScreeningRow> Rows)
{
    public KeysetPagerModel Pager => KeysetPagerModel.For(Rows, new Dictionary<string, string?>
    {
        ["cycle"] = Filter.Cycle?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["province"] = Filter.Province,
        ["kind"] = Filter.Kind?.ToString(),
        ["status"] = Filter.Status?.ToString(),
    });
}
