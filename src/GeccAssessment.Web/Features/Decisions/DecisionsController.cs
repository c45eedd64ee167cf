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

    /// <summary>
    /// Exactly the rows the current filters select, as CSV (UTF-8 with BOM, for Excel) or XLSX. The
    /// CSV is written to the response as the rows are read; the XLSX (a zip) is built in memory.
    /// </summary>
    [HttpGet]
    public async Task<IActionResult> Export(DecisionFilter filter, string format, CancellationToken cancellationToken)
    {
        if (filter.Cycle is null)
        {
            return NotFound();
        }

        var levels = await decisions.LevelNamesAsync(filter.Cycle, cancellationToken);
        var columns = ExportColumns.For(localizer, levels);
        var rows = decisions.ExportRows(filter);
        if (format == "csv")
        {
            return new StreamedFileResult("text/csv; charset=utf-8", $"gecc-results-{filter.Cycle}.csv",
                // Names come from applicants: none may reach a spreadsheet as a formula.
                (body, aborted) => CsvWriter.WriteAsync(body, columns.Headers, rows, row => Array.ConvertAll(columns.Cells(row), SpreadsheetCell.Neutralise), aborted));
        }

        var table = new List<Dictionary<string, object?>>();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            var cells = columns.Cells(row);
            var line = new Dictionary<string, object?>(cells.Length);
            for (var i = 0; i < cells.Length; i++)
            {
                // XLSX cells are typed text: names stay as they are (never formulas there).
                line[columns.Headers[i]] = cells[i];
            }

            table.Add(line);
        }

        var stream = new MemoryStream();
        await MiniExcelLibs.MiniExcel.SaveAsAsync(stream, table, excelType: MiniExcelLibs.ExcelType.XLSX, cancellationToken: cancellationToken);
        stream.Position = 0;
        return File(stream, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"gecc-results-{filter.Cycle}.xlsx");
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
