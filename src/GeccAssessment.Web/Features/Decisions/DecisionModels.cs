using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Infrastructure;

namespace GeccAssessment.Web.Features.Decisions;

public sealed class DecisionFilter : KeysetFilter
{
    public int? Cycle { get; set; }

    public int? Subcommittee { get; set; }

    public string? Province { get; set; }

    public int? Level { get; set; }

    public RecommendedOutcome? Recommendation { get; set; }

    /// <summary>Shows only those still waiting for a decision (the default).</summary>
    public bool PendingOnly { get; set; } = true;
}

public sealed record DecisionRow(
    int AssessmentId, int ApplicationId, string AgencyName, string ServicePointName, string ProvinceName, string SubcommitteeName,
    RecommendedOutcome? Recommendation, int? LevelRank, decimal? OverallPercent,
    decimal? PremisesPercent, decimal? PersonnelPercent, decimal? ServiceProcessPercent, decimal? OtherPercent,
    bool? Certified, int? DecidedLevelRank, string? CertificateNumber, string? AgencyNameEn = null, string? ProvinceNameEn = null, string ProvinceCode = "");

public sealed record DecisionsPage(
    DecisionFilter Filter, IReadOnlyList<CycleChoice> Cycles, IReadOnlyList<(int Id, string Name)> Subcommittees,
    IReadOnlyList<(int Rank, string Name)> Levels, Places.PlaceData Places, KeysetList<DecisionRow> Rows)
{
    /// <summary>The decision form's values: empty on the list, what was typed when a post is refused.</summary>
    public DecideForm Form { get; init; } = new();

    public string LevelName(int? rank) => Levels.FirstOrDefault(l => l.Rank == rank).Name ?? "–";

    public KeysetPagerModel Pager => KeysetPagerModel.For(Rows, new Dictionary<string, string?>
    {
        ["cycle"] = Filter.Cycle?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["subcommittee"] = Filter.Subcommittee?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["province"] = Filter.Province,
        ["level"] = Filter.Level?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["recommendation"] = Filter.Recommendation?.ToString(),
        ["pendingOnly"] = Filter.PendingOnly ? "true" : "false",
    });
}

/// <summary>The committee's decision on the selected assessments, recorded against a meeting.</summary>
public sealed class DecideForm
{
    public int CycleId { get; set; }

    public List<int> AssessmentIds { get; set; } = [];

    public string? MeetingNumber { get; set; }

    [System.ComponentModel.DataAnnotations.Display(Name = "Decisions.MeetingDate")]
    public DateOnly? MeetingDate { get; set; }

    /// <summary>"certify" (at the recommended level, or <see cref="LevelRank"/> when given) or "decline".</summary>
    public string? Decision { get; set; }

    public int? LevelRank { get; set; }

    public string? Reason { get; set; }

    /// <summary>Set only by the confirmation page's button: without it a decision is shown, never recorded.</summary>
    public bool Confirmed { get; set; }
}

public sealed record DecisionPreviewRow(string ServicePointName, string ProvinceName, int? LevelRank, string? LevelName);

/// <summary>The confirmation step: what the committee is about to record, before anything is recorded.</summary>
public sealed record DecisionPreview(
    DecideForm Form, string CycleTitle, string MeetingNumber, DateOnly MeetingHeldOn, DateOnly? ValidUntil, bool Certify,
    IReadOnlyList<(string LevelName, int Count)> ByLevel, IReadOnlyList<DecisionPreviewRow> Rows)
{
    /// <summary>Recommended "do not certify" and no level named: certifying skips them.</summary>
    public int NeedLevel => Certify ? Rows.Count(r => r.LevelRank is null) : 0;
}

public sealed record IssuedCertificate(int Id, string Number, string ServicePointName);

public sealed record DecisionOutcome(int Decided, IReadOnlyList<Message> Problems, int? MeetingId = null, IReadOnlyList<IssuedCertificate>? Issued = null);
