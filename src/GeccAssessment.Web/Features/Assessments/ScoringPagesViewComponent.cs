using Microsoft.AspNetCore.Mvc;

namespace GeccAssessment.Web.Features.Assessments;

/// <summary>
/// On a member's home and list of assessments: the scoring pages of the assessments he or she still
/// scores, which the page's script puts in the service worker's cache, so that a visit can be scored
/// without the network even where its page was never opened on that laptop (ADR 0008). Bounded, so a
/// member of many subcommittees does not fetch them all.
/// </summary>
public class ScoringPagesViewComponent(AssessmentAccess access) : ViewComponent
{
    public const int Limit = 10;

    public async Task<IViewComponentResult> InvokeAsync()
    {
        var ids = await access.StillToScoreAsync(HttpContext.User, Limit, HttpContext.RequestAborted);
        return View("~/Features/Assessments/_ScoringPages.cshtml", ids);
    }
}
