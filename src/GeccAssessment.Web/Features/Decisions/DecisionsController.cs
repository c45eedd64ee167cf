using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace GeccAssessment.Web.Features.Decisions;

[Authorize(Policy = Policies.Decisions)]
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
        // Every text looked up once, not once per row: a whole cycle is thousands of rows.
        var (province, point, agency, subcommittee, premises, personnel, service, other, overall, recommendation, decision, number) = (
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
            localizer["Certificates.Number"].Value);
        var (doNotCertify, declined) = (localizer["Result.DoNotCertify"].Value, localizer["Decisions.Declined"].Value);
        var table = rows.Select(r => new Dictionary<string, object?>
        {
            [province] = r.ProvinceName,
            [point] = r.ServicePointName,
            [agency] = r.AgencyName,
            [subcommittee] = r.SubcommitteeName,
            [premises] = Percent(r.PremisesPercent),
            [personnel] = Percent(r.PersonnelPercent),
            [service] = Percent(r.ServiceProcessPercent),
            [other] = Percent(r.OtherPercent),
            [overall] = Percent(r.OverallPercent),
            [recommendation] = r.Recommendation == RecommendedOutcome.Certify ? levels.GetValueOrDefault(r.LevelRank ?? 0, "") : doNotCertify,
            [decision] = r.Certified switch { true => levels.GetValueOrDefault(r.DecidedLevelRank ?? 0, ""), false => declined, _ => "" },
            [number] = r.CertificateNumber ?? "",
        }).ToList();
        var csv = format == "csv";
        if (csv)
        {
            // Names come from applicants: none may reach a spreadsheet as a formula (XLSX cells are typed text already).
            foreach (var row in table)
            {
                foreach (var key in row.Keys.ToList())
                {
                    row[key] = SpreadsheetCell.Neutralise(row[key] as string);
                }
            }
        }

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

    /// <summary>
    /// Two steps: the first post shows what would be recorded ("รับรอง 3 แห่ง ระดับก้าวหน้า…") and
    /// records nothing; only the confirmation page's button (<see cref="DecideForm.Confirmed"/>) records.
    /// </summary>
    [HttpPost]
    public async Task<IActionResult> Decide(DecideForm form, DecisionFilter filter)
    {
        // A value binding refused (a meeting date outside the sensible range) is told as it is, not as "missing".
        IReadOnlyList<Message> problems = ModelState.IsValid
            ? []
            : [.. ModelState.Values.SelectMany(v => v.Errors).Select(e => new Message(e.ErrorMessage))];
        if (problems.Count == 0 && !form.Confirmed)
        {
            var (preview, previewProblems) = await decisions.PreviewAsync(form);
            if (preview is not null)
            {
                ViewData["Filter"] = filter;
                return View("Confirm", preview);
            }

            problems = previewProblems;
        }

        if (problems.Count == 0)
        {
            var outcome = await decisions.DecideAsync(form, User.UserId());
            problems = outcome.Problems;
            if (outcome.Decided > 0)
            {
                TempData["Saved"] = localizer["Decisions.Decided", outcome.Decided].Value;
                if (outcome.Issued is { Count: > 0 } issued)
                {
                    // The numbers just issued, shown once on the list with links and "print all".
                    TempData["IssuedMeeting"] = outcome.MeetingId;
                    TempData["Issued"] = string.Join("\n", issued.Select(c => $"{c.Id}\t{c.Number}\t{c.ServicePointName}"));
                }
            }
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
