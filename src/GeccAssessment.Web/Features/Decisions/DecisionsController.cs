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
    /// A refused post comes back as the form with everything typed (meeting, date, a long reason, the
    /// ticks) and each message by its field: a redirect with a flash made the committee type it all again.
    /// </summary>
    [HttpPost]
    public async Task<IActionResult> Decide(DecideForm form, DecisionFilter filter, CancellationToken cancellationToken)
    {
        // A value binding refused (a date unreadable or outside the sensible range) is already in ModelState by its field.
        if (!ModelState.IsValid)
        {
            return await RefusedAsync(form, filter, [], cancellationToken);
        }

        if (!form.Confirmed)
        {
            var (preview, previewProblems) = await decisions.PreviewAsync(form);
            if (preview is null)
            {
                return await RefusedAsync(form, filter, previewProblems, cancellationToken);
            }

            ViewData["Filter"] = filter;
            return View("Confirm", preview);
        }

        var outcome = await decisions.DecideAsync(form, User.UserId());
        if (outcome.Decided == 0)
        {
            return await RefusedAsync(form, filter, outcome.Problems, cancellationToken);
        }

        TempData["Saved"] = localizer["Decisions.Decided", outcome.Decided].Value;
        if (outcome.Issued is { Count: > 0 } issued)
        {
            // The numbers just issued, shown once on the list with links and "print all".
            TempData["IssuedMeeting"] = outcome.MeetingId;
            TempData["Issued"] = string.Join("\n", issued.Select(c => $"{c.Id}\t{c.Number}\t{c.ServicePointName}"));
        }

        if (outcome.Problems.Count > 0)
        {
            // Recorded, but some skipped (recommended "do not certify" and no level named): said alongside.
            TempData["Error"] = string.Join(" ", outcome.Problems.Select(p => localizer[p.Key, p.Args].Value));
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

    /// <summary>The list again, its decision form filled with what was posted and the errors by their fields.</summary>
    private async Task<IActionResult> RefusedAsync(DecideForm form, DecisionFilter filter, IReadOnlyList<Message> problems, CancellationToken cancellationToken)
    {
        foreach (var problem in problems)
        {
            ModelState.AddModelError(DecisionService.FieldOf(problem.Key), localizer[problem.Key, problem.Args]);
        }

        filter.Cycle = form.CycleId;
        return View(nameof(Index), await decisions.PageAsync(filter, cancellationToken) with { Form = form });
    }
}
