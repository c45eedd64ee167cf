using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace GeccAssessment.Web.Features.Decisions;

[Authorize(Roles = Roles.SteeringCommittee)]
public class DecisionsController(DecisionService decisions, IStringLocalizer<SharedResource> localizer) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(DecisionFilter filter, CancellationToken cancellationToken) =>
        View(await decisions.PageAsync(filter, cancellationToken));

    /// <summary>Exactly the rows the current filters select, as CSV (UTF-8 with BOM, for Excel) or XLSX.</summary>
    [HttpGet]
    public async Task<IActionResult> Export(DecisionFilter filter, string format, CancellationToken cancellationToken)
    {
        if (filter.Cycle is null)
        {
            return NotFound();
        }

        var (rows, levels) = await decisions.ExportAsync(filter, cancellationToken);
        string Percent(decimal? p) => p is { } v ? ScoringPolicy.RoundForDisplay(v).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : "";
        var table = rows.Select(r => new Dictionary<string, object?>
        {
            [localizer["Field.Province"]] = r.ProvinceName,
            [localizer["Field.ServicePointName"]] = r.ServicePointName,
            [localizer["Field.Agency"]] = r.AgencyName,
            [localizer["Subcommittees.One"]] = r.SubcommitteeName,
            [localizer["Dimension.Premises"]] = Percent(r.PremisesPercent),
            [localizer["Dimension.Personnel"]] = Percent(r.PersonnelPercent),
            [localizer["Dimension.ServiceProcess"]] = Percent(r.ServiceProcessPercent),
            [localizer["Dimension.Other"]] = Percent(r.OtherPercent),
            [localizer["Result.Overall"]] = Percent(r.OverallPercent),
            [localizer["Result.Recommendation"]] = r.Recommendation == RecommendedOutcome.Certify ? levels.GetValueOrDefault(r.LevelRank ?? 0, "") : localizer["Result.DoNotCertify"].Value,
            [localizer["Decisions.Decision"]] = r.Certified switch { true => levels.GetValueOrDefault(r.DecidedLevelRank ?? 0, ""), false => localizer["Decisions.Declined"].Value, _ => "" },
            [localizer["Certificates.Number"]] = r.CertificateNumber ?? "",
        }).ToList();
        var csv = format == "csv";
        var stream = new MemoryStream();
        if (csv)
        {
            // The byte-order mark makes Excel read the Thai in a CSV as UTF-8.
            stream.Write(System.Text.Encoding.UTF8.Preamble);
        }

        await MiniExcelLibs.MiniExcel.SaveAsAsync(stream, table, excelType: csv ? MiniExcelLibs.ExcelType.CSV : MiniExcelLibs.ExcelType.XLSX, cancellationToken: cancellationToken);
        stream.Position = 0;
        return File(stream, csv ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"gecc-results-{filter.Cycle}.{(csv ? "csv" : "xlsx")}");
    }

    [HttpPost]
    public async Task<IActionResult> Decide(DecideForm form, DecisionFilter filter)
    {
        var (decided, problems) = await decisions.DecideAsync(form, User.UserId());
        if (decided > 0)
        {
            TempData["Saved"] = localizer["Decisions.Decided", decided].Value;
        }

        if (problems.Count > 0)
        {
            TempData["Error"] = string.Join(" ", problems.Select(p => localizer[p.Key, p.Args].Value));
        }

        return RedirectToAction(nameof(Index), new
        {
            cycle = form.CycleId,
            subcommittee = filter.Subcommittee,
            province = filter.Province,
            level = filter.Level,
            recommendation = filter.Recommendation,
            pendingOnly = filter.PendingOnly,
        });
    }
}
