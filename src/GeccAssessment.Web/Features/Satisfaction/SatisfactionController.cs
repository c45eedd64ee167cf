using System.Globalization;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Assessments;
using GeccAssessment.Web.Infrastructure;
using GeccAssessment.Web.Pdf;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace GeccAssessment.Web.Features.Satisfaction;

/// <summary>
/// The public survey behind a poster's QR code (/s/{code}, no sign-in) and the staff's pages:
/// posters and codes, results, the review of bursts and the wording of the questions.
/// </summary>
public class SatisfactionController(
    SurveyService survey, SatisfactionService satisfaction, PdfRenderer renderer, AssessmentAccess access,
    IConfiguration configuration, IStringLocalizer<SharedResource> localizer) : Controller
{
    public const string DeviceCookie = "gecc.device";

    private const string Agency = Roles.Applicant + "," + Roles.Secretariat;

    /// <summary>An applicant sees its own agency's points; the Secretariat and the committee every point.</summary>
    private int? AgencyScope => User.IsInRole(Roles.Secretariat) || User.IsInRole(Roles.SteeringCommittee) ? null : User.AgencyId() ?? -1;

    private bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    [HttpGet]
    [AllowAnonymous]
    [Route("s/{code}")]
    public async Task<IActionResult> Survey(string code, CancellationToken cancellationToken)
    {
        var page = await survey.PageAsync(code, DeviceId(), null, [], English, cancellationToken);
        return page is null ? Gone() : View("Survey", page);
    }

    /// <remarks>
    /// No antiforgery token: the signed form token is bound to this device's cookie, which another
    /// site can neither read nor pair with a token of its own, so it already does that work; leaving
    /// the second token out saves two decryptions a submission on the busiest public endpoint.
    /// </remarks>
    [HttpPost]
    [AllowAnonymous]
    [IgnoreAntiforgeryToken]
    [Route("s/{code}")]
    [EnableRateLimiting(SatisfactionSetup.PerAddress)]
    public async Task<IActionResult> Survey(string code, SurveyForm form, CancellationToken cancellationToken)
    {
        var result = await survey.SubmitAsync(code, Request.Cookies[DeviceCookie], form, cancellationToken);
        switch (result.Outcome)
        {
            case SubmitOutcome.NotFound:
                return Gone();
            case SubmitOutcome.Invalid:
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return await survey.PageAsync(code, DeviceId(), form, result.Errors, English, cancellationToken) is { } page ? View("Survey", page) : Gone();
            case SubmitOutcome.NotSaved:
                Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return await survey.PageAsync(code, DeviceId(), form, ["Survey.NotSaved"], English, cancellationToken) is { } again ? View("Survey", again) : Gone();
            case SubmitOutcome.AlreadyAnswered:
                return RedirectToAction(nameof(Thanks), new { already = "true" });
            default:
                return RedirectToAction(nameof(Thanks));
        }
    }

    [HttpGet]
    [AllowAnonymous]
    [Route("s/thanks")]
    public IActionResult Thanks(bool already = false) => View("Thanks", already);

    [HttpGet]
    [Authorize(Roles = Agency)]
    public async Task<IActionResult> Index(string? q, int page = 1, CancellationToken cancellationToken = default) =>
        View(await satisfaction.PointsAsync(AgencyScope, q, page, cancellationToken));

    [HttpGet]
    [Authorize(Roles = Agency)]
    public async Task<IActionResult> Poster(int id, PosterSize size = PosterSize.A4, CancellationToken cancellationToken = default)
    {
        if (await satisfaction.LiveCodeAsync(id, AgencyScope, cancellationToken) is not { } code)
        {
            return NotFound();
        }

        var url = PublicAddress.BaseUrl(Request, configuration).TrimEnd('/') + "/s/" + code.Token;
        var pdf = renderer.Render(SatisfactionDocuments.Poster(code.PointName, code.AgencyName, url, size));
        return File(pdf, "application/pdf", $"satisfaction-poster-{id}-{size.ToString().ToLowerInvariant()}.pdf");
    }

    [HttpPost]
    [Authorize(Roles = Agency)]
    public async Task<IActionResult> Reissue(int id, CancellationToken cancellationToken)
    {
        if (!await satisfaction.ReissueAsync(id, AgencyScope, cancellationToken))
        {
            return NotFound();
        }

        TempData["Flash"] = localizer["Satisfaction.Reissued"].Value;
        return RedirectToAction(nameof(Index));
    }

    [HttpGet]
    [Authorize(Roles = Agency + "," + Roles.SteeringCommittee)]
    public async Task<IActionResult> Results(int id, int page = 1, CancellationToken cancellationToken = default) =>
        await satisfaction.ResultsAsync(id, AgencyScope, null, page, cancellationToken) is { } results ? View(results) : NotFound();

    /// <summary>The assessors' link from the scoring form: the assessed point's figures and comments.</summary>
    [HttpGet]
    [Authorize(Roles = Roles.Assessor + "," + Roles.SubcommitteeChair + "," + Roles.Secretariat + "," + Roles.SteeringCommittee + "," + Roles.Admin)]
    public async Task<IActionResult> Assessment(int id, int page = 1, CancellationToken cancellationToken = default)
    {
        var info = await access.ForAsync(id, User, cancellationToken);
        if (info is null)
        {
            return NotFound();
        }

        if (!info.CanSeeApplication)
        {
            return Forbid();
        }

        var pointId = await satisfaction.PointOfApplicationAsync(info.ApplicationId, cancellationToken);
        return await satisfaction.ResultsAsync(pointId, null, id, page, cancellationToken) is { } results ? View("Results", results) : NotFound();
    }

    [HttpGet]
    [Authorize(Roles = Roles.Secretariat)]
    public async Task<IActionResult> Review(int page = 1, CancellationToken cancellationToken = default) =>
        View(await satisfaction.SuspiciousAsync(page, cancellationToken));

    [HttpPost]
    [Authorize(Roles = Roles.Secretariat)]
    public async Task<IActionResult> Review(int pointId, DateOnly day, bool count, CancellationToken cancellationToken)
    {
        var changed = await satisfaction.ReviewAsync(pointId, day, count, cancellationToken);
        TempData["Flash"] = localizer[count ? "Satisfaction.Counted" : "Satisfaction.Rejected", changed].Value;
        return RedirectToAction(nameof(Review));
    }

    [HttpGet]
    [Authorize(Roles = Roles.Secretariat)]
    public async Task<IActionResult> Questions(int? cycle, CancellationToken cancellationToken) =>
        View(await satisfaction.QuestionsAsync(cycle, cancellationToken));

    [HttpPost]
    [Authorize(Roles = Roles.Secretariat)]
    public async Task<IActionResult> Questions([Bind(Prefix = "Form")] QuestionsForm form, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            if (!await satisfaction.SaveQuestionsAsync(form, cancellationToken))
            {
                return NotFound();
            }

            TempData["Flash"] = localizer["Satisfaction.Saved"].Value;
            return RedirectToAction(nameof(Questions), new { cycle = form.CycleId });
        }

        var page = await satisfaction.QuestionsAsync(form.CycleId, cancellationToken);
        return View(page with { Form = form });
    }

    /// <summary>An unknown or re-issued code: a plain Thai page that says the code is no longer in use.</summary>
    private ViewResult Gone()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return View("Gone");
    }

    /// <summary>The device's random id, set on first visit; the daily limit and the form token rest on it.</summary>
    private string DeviceId()
    {
        if (Request.Cookies[DeviceCookie] is { Length: >= 16 and <= 64 } known)
        {
            return known;
        }

        var id = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Response.Cookies.Append(DeviceCookie, id, new CookieOptions
        {
            Expires = DateTimeOffset.UtcNow.AddYears(1),
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = Request.IsHttps,
            Path = "/s",
        });
        return id;
    }
}
