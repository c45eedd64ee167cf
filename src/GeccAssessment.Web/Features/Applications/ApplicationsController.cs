using GeccAssessment.Web.Features.Certificates;
using GeccAssessment.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace GeccAssessment.Web.Features.Applications;

[Authorize(Policy = Policies.Applicants)]
public class ApplicationsController(
    ApplicationService applications, ApplicationDetails details, CertificationDocuments documents, IConfiguration configuration,
    IStringLocalizer<SharedResource> localizer) : Controller
{
    private int AgencyId => User.AgencyId() ?? throw new InvalidOperationException("An applicant account without an agency.");

    [HttpGet]
    public async Task<IActionResult> Index(int page = 1, CancellationToken cancellationToken = default) =>
        View(await applications.ListAsync(AgencyId, page, cancellationToken));

    [HttpGet]
    public async Task<IActionResult> Create(int? servicePointId) => View(await applications.NewAsync(AgencyId, servicePointId));

    [HttpPost]
    public async Task<IActionResult> Create(int servicePointId, int cycleId)
    {
        var (id, problem) = await applications.CreateAsync(AgencyId, servicePointId, cycleId, User.UserId());
        if (problem is not null)
        {
            if (id is { } existing)
            {
                TempData["Error"] = Localize(problem);
                return RedirectToAction(nameof(Edit), new { id = existing });
            }

            ModelState.AddModelError("", Localize(problem));
            return View(await applications.NewAsync(AgencyId, servicePointId));
        }

        return RedirectToAction(nameof(Edit), new { id });
    }

    /// <summary>The self-assessment page: answers, evidence, timeline; read-only once submitted.</summary>
    [HttpGet]
    public async Task<IActionResult> Edit(int id) => await details.LoadAsync(id, AgencyId) is { } detail ? View(detail) : NotFound();

    /// <summary>The agency's certificate for this application, to print; nothing once revoked.</summary>
    [HttpGet]
    public async Task<IActionResult> Certificate(int id) =>
        await documents.AgencyCertificateAsync(id, AgencyId, PublicAddress.BaseUrl(Request, configuration)) is { } pdf
            ? File(pdf, "application/pdf", $"certificate-application-{id}.pdf")
            : NotFound();

    [HttpPost]
    [RequestSizeLimit(EvidenceOptions.MaxRequestBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = EvidenceOptions.MaxRequestBytes)]
    public async Task<IActionResult> Save(int id, SelfAssessmentForm form, string? intent)
    {
        var uploads = Request.HasFormContentType ? EvidenceUploads(Request.Form.Files) : [];
        var submit = intent == "submit";
        var problems = submit
            ? await applications.SubmitAsync(AgencyId, id, form, uploads, User.UserId())
            : await applications.SaveAsync(AgencyId, id, form, uploads, User.UserId());
        if (problems is null)
        {
            return NotFound();
        }

        if (problems.Count == 0)
        {
            TempData["Notice"] = localizer[submit ? "Applications.Submitted" : "Applications.DraftSaved"].Value;
        }
        else
        {
            TempData["Problems"] = string.Join("\n", problems.Select(Localize));
            TempData["ProblemTitle"] = localizer[submit ? "Applications.CannotSubmit" : "Applications.PartlySaved"].Value;
            TempData["ConfirmEmail"] = problems.Any(p => p.Key == "Submission.ConfirmEmailFirst") ? "1" : null;
        }

        return RedirectToAction(nameof(Edit), new { id });
    }

    /// <summary>
    /// The page's autosave of one criterion's answer, or one evidence file uploaded as it is chosen:
    /// JSON with the application's new row version, which the page sends with its next save.
    /// </summary>
    [HttpPost]
    [RequestSizeLimit(EvidenceOptions.MaxRequestBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = EvidenceOptions.MaxRequestBytes)]
    public async Task<IActionResult> SavePart(int id, SelfAssessmentForm form)
    {
        var uploads = Request.HasFormContentType ? EvidenceUploads(Request.Form.Files) : [];
        if (await applications.SavePartAsync(AgencyId, id, form, uploads, User.UserId()) is not { } part)
        {
            return NotFound();
        }

        var answer = new
        {
            saved = part.Problems.Count == 0,
            rowVersion = part.RowVersion,
            files = part.Files.Select(f => new { id = f.Id, criterionId = f.CriterionId, name = f.FileName, size = f.SizeBytes, url = "/evidence/" + f.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
            error = string.Join(" ", part.Problems.Select(Localize)),
            // Refused only because the application changed meanwhile: the page keeps the file and sends it again.
            conflict = part.Problems.Any(p => p.Key == "Applications.ChangedByOthers"),
        };
        return part.Problems.Count == 0 ? Json(answer) : UnprocessableEntity(answer);
    }

    /// <summary>Files arrive as inputs named Evidence_{criterionId}.</summary>
    private static List<EvidenceUpload> EvidenceUploads(IFormFileCollection files) =>
        [.. files
            .Where(f => f.Name.StartsWith("Evidence_", StringComparison.Ordinal) && int.TryParse(f.Name.AsSpan("Evidence_".Length), out _))
            .Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName))
            .Select(f => new EvidenceUpload(int.Parse(f.Name.AsSpan("Evidence_".Length), System.Globalization.CultureInfo.InvariantCulture), f.FileName, f.Length, f.OpenReadStream))];

    private string Localize(Message message) => localizer[message.Key, message.Args].Value;
}
