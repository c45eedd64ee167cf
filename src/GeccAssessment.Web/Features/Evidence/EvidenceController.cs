using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Assessments;
using GeccAssessment.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Evidence;

/// <summary>
/// Evidence files, served to the application's own agency, to the secretariat and committee, and to
/// members of the subcommittee assessing it who declared no conflict.
/// </summary>
[Authorize]
public class EvidenceController(ApplicationDbContext db, AssessmentAccess assessmentAccess) : Controller
{
    /// <param name="inline">Shown in the page (the scoring form opens files in place) rather than downloaded.</param>
    [HttpGet]
    [Route("evidence/{id:int}")]
    public async Task<IActionResult> Download(int id, bool inline = false)
    {
        var agencyId = User.AgencyId();
        var file = await db.EvidenceFiles.AsNoTracking()
            .Where(f => f.Id == id)
            .Select(f => new { f.ApplicationId, OwnAgency = db.Applications.Any(a => a.Id == f.ApplicationId && a.AgencyId == agencyId), f.FileName, f.ContentType })
            .SingleOrDefaultAsync();
        // The role as well as the link: an account stripped of its roles keeps its agency and its
        // subcommittee seats in the data, and must not keep the files.
        var allowed = file is not null && ((file.OwnAgency && User.IsInRole(Roles.Applicant)) || AssessmentAccess.IsStaffViewer(User)
            || (AssessmentAccess.IsMemberRole(User) && await assessmentAccess.CanSeeApplicationAsync(file.ApplicationId, User.UserId() ?? "")));
        if (!allowed)
        {
            // The same answer for "does not exist" and "not yours": ids reveal nothing.
            return NotFound();
        }

        var data = await db.EvidenceFileContents.AsNoTracking().Where(c => c.EvidenceFileId == id).Select(c => c.Data).SingleAsync();
        Response.Headers.XContentTypeOptions = "nosniff";
        if (inline)
        {
            Response.Headers.ContentSecurityPolicy = SecurityHeaders.FramedFilePolicy;
        }

        return inline
            ? File(data, file!.ContentType)
            : File(data, file!.ContentType, file.FileName, enableRangeProcessing: false);
    }
}
