using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Evidence;

/// <summary>Evidence files, served only to the application's own agency and to the assessment staff.</summary>
[Authorize]
public class EvidenceController(ApplicationDbContext db) : Controller
{
    private static readonly string[] StaffRoles = [Roles.Secretariat, Roles.Assessor, Roles.SubcommitteeChair, Roles.SteeringCommittee, Roles.Admin];

    [HttpGet]
    [Route("evidence/{id:int}")]
    public async Task<IActionResult> Download(int id)
    {
        var isStaff = StaffRoles.Any(User.IsInRole);
        var agencyId = User.AgencyId();
        var file = await db.EvidenceFiles.AsNoTracking()
            .Where(f => f.Id == id && (isStaff || db.Applications.Any(a => a.Id == f.ApplicationId && a.AgencyId == agencyId)))
            .Select(f => new { f.FileName, f.ContentType, f.Content!.Data })
            .SingleOrDefaultAsync();
        if (file is null)
        {
            // The same answer for "does not exist" and "not yours": ids reveal nothing.
            return NotFound();
        }

        Response.Headers.XContentTypeOptions = "nosniff";
        return File(file.Data, file.ContentType, file.FileName, enableRangeProcessing: false);
    }
}
