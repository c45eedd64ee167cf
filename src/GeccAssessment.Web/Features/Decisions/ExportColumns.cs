using GeccAssessment.Web.Domain;
using Microsoft.Extensions.Localization;

namespace GeccAssessment.Web.Features.Decisions;

/// <summary>The export's columns: their headings, and one row's cells in the same order.</summary>
public sealed class ExportColumns
{
    private readonly IReadOnlyDictionary<int, string> _levels;
    private readonly string _doNotCertify;
    private readonly string _declined;

    private ExportColumns(string[] headers, IReadOnlyDictionary<int, string> levels, string doNotCertify, string declined)
    {
        Headers = headers;
        _levels = levels;
        _doNotCertify = doNotCertify;
        _declined = declined;
    }

    public string[] Headers { get; }

    /// <summary>Every text looked up once, not once per row: a whole cycle is thousands of rows.</summary>
    public static ExportColumns For(IStringLocalizer localizer, IReadOnlyDictionary<int, string> levels) => new(
        [
            localizer["Field.Province"].Value,
            localizer["Field.ServicePointName"].Value,
            localizer["Field.Agency"].Value,
            localizer["Subcommittees.One"].Value,
            localizer["Dimension.Premises"].Value,
            localizer["Dimension.Personnel"].Value,
            localizer["Dimension.ServiceProcess"].Value,
            localizer["Dimension.Other"].Value,
            localizer["Result.Overall"].Value,
            localizer["Result.Recommendation"].Value,
            localizer["Decisions.Decision"].Value,
            localizer["Certificates.Number"].Value,
        ],
        levels, localizer["Result.DoNotCertify"].Value, localizer["Decisions.Declined"].Value);

    public string?[] Cells(DecisionRow r) =>
    [
        r.ProvinceName,
        r.ServicePointName,
        r.AgencyName,
        r.SubcommitteeName,
        Percent(r.PremisesPercent),
        Percent(r.PersonnelPercent),
        Percent(r.ServiceProcessPercent),
        Percent(r.OtherPercent),
        Percent(r.OverallPercent),
        r.Recommendation == RecommendedOutcome.Certify ? _levels.GetValueOrDefault(r.LevelRank ?? 0, "") : _doNotCertify,
        r.Certified switch { true => _levels.GetValueOrDefault(r.DecidedLevelRank ?? 0, ""), false => _declined, _ => "" },
        r.CertificateNumber ?? "",
    ];

    private static string Percent(decimal? p) =>
        p is { } v ? ScoringPolicy.RoundForDisplay(v).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : "";
}
