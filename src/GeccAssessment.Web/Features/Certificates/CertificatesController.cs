using GeccAssessment.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace GeccAssessment.Web.Features.Certificates;

[Authorize(Policy = Policies.Certificates)]
public class CertificatesController(
    CertificateService certificates, CertificationDocuments documents, IConfiguration configuration, IStringLocalizer<SharedResource> localizer) : Controller
{
    private string PublicBaseUrl => PublicAddress.BaseUrl(Request, configuration);

    [HttpGet]
    public async Task<IActionResult> Pdf(int id) =>
        await documents.CertificateAsync(id, PublicBaseUrl) is { } pdf ? File(pdf, "application/pdf", $"certificate-{id}.pdf") : NotFound();

    /// <summary>All certificates issued at one meeting, in one PDF; a large batch is made in the background.</summary>
    [HttpGet]
    public async Task<IActionResult> Batch(int meetingId)
    {
        var count = await documents.MeetingCertificateCountAsync(meetingId);
        if (count == 0)
        {
            return NotFound();
        }

        if (count <= documents.BackgroundBatchThreshold)
        {
            return File((await documents.MeetingBatchAsync(meetingId, PublicBaseUrl))!, "application/pdf", $"certificates-meeting-{meetingId}.pdf");
        }

        var job = await certificates.QueueBatchAsync(meetingId, User.UserId() ?? "", PublicBaseUrl);
        return RedirectToAction(nameof(BatchJob), new { id = job });
    }

    [HttpGet]
    public async Task<IActionResult> BatchJob(Guid id) => await certificates.JobAsync(id) is { } job ? View(job) : NotFound();

    /// <summary>The batch page's progress, asked for every few seconds by js/batch-job.js.</summary>
    [HttpGet]
    public async Task<IActionResult> BatchJobStatus(Guid id)
    {
        if (await certificates.JobAsync(id) is not { } job)
        {
            return NotFound();
        }

        var text = localizer["DocumentJobStatus." + job.Status].Value + (job.PagesTotal > 0 ? $" ({job.PagesDone} / {job.PagesTotal})" : "");
        var finished = job.Status is not (Domain.DocumentJobStatus.Queued or Domain.DocumentJobStatus.Running);
        return Json(new { percent = job.Percent, statusText = text, finished, done = job.Status == Domain.DocumentJobStatus.Done });
    }

    [HttpGet]
    public async Task<IActionResult> BatchJobFile(Guid id) =>
        await certificates.JobResultAsync(id) is { } pdf ? File(pdf, "application/pdf", $"certificates-{id}.pdf") : NotFound();

    [HttpGet]
    public async Task<IActionResult> AssessmentReport(int assessmentId) =>
        await documents.AssessmentReportAsync(assessmentId) is { } pdf ? File(pdf, "application/pdf", $"assessment-report-{assessmentId}.pdf") : NotFound();

    [HttpGet]
    public async Task<IActionResult> CycleReport(int cycleId) =>
        await documents.CycleReportAsync(cycleId) is { } pdf ? File(pdf, "application/pdf", $"cycle-report-{cycleId}.pdf") : NotFound();

    [HttpGet]
    public async Task<IActionResult> Index(CertificateFilter filter, CancellationToken cancellationToken) =>
        View(await certificates.ListAsync(filter, cancellationToken));

    [HttpGet]
    public async Task<IActionResult> Show(int id) => await certificates.DetailAsync(id) is { } detail ? View(detail) : NotFound();

    /// <summary>Revoking cannot be undone: the first post shows what will happen, only the confirmation's button revokes.</summary>
    [HttpPost]
    public async Task<IActionResult> Revoke(int id, string? reason, bool confirmed)
    {
        if (confirmed)
        {
            return Done(id, await certificates.RevokeAsync(id, reason), "Certificates.Revoked");
        }

        if (await certificates.DetailAsync(id) is not { } detail)
        {
            return NotFound();
        }

        if (CertificateService.RevokeProblem(detail.Certificate, reason) is { } problem)
        {
            TempData["Error"] = localizer[problem].Value;
            return RedirectToAction(nameof(Show), new { id });
        }

        ViewData["Reason"] = reason!.Trim();
        return View("RevokeConfirm", detail);
    }

    [HttpPost]
    public async Task<IActionResult> Award(int id, [System.ComponentModel.DataAnnotations.Display(Name = "Certificates.AwardDate")] DateOnly? handedOverOn, string? handedOverTo)
    {
        if (ModelState[nameof(handedOverOn)]?.Errors is [{ } error, ..])
        {
            TempData["Error"] = error.ErrorMessage;
            return RedirectToAction(nameof(Show), new { id });
        }

        return Done(id, await certificates.RecordAwardAsync(id, handedOverOn, handedOverTo), "Certificates.AwardRecorded");
    }

    private IActionResult Done(int id, Infrastructure.SaveResult result, string savedKey)
    {
        if (result.IsNotFound)
        {
            return NotFound();
        }

        TempData[result.Succeeded ? "Saved" : "Error"] = localizer[result.Succeeded ? savedKey : result.Errors[0]].Value;
        return RedirectToAction(nameof(Show), new { id });
    }
}
