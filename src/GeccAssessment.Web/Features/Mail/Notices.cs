using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Mail;

/// <summary>
/// The workflow's notices in one line each for the feature services: who is told is decided here,
/// the rows go into the caller's DbContext and are saved by the caller's SaveChanges.
/// </summary>
public sealed class Notices(ApplicationDbContext db, Outbox outbox)
{
    /// <summary>Tells the application's agency; the service point's name is the texts' first argument.</summary>
    public async Task ToAgencyAsync(MailKind kind, int applicationId, string path, params object[] more)
    {
        var about = await db.Applications.Where(a => a.Id == applicationId)
            .Select(a => new { a.AgencyId, Point = a.ServicePoint!.Name }).SingleAsync();
        outbox.Add(kind, await outbox.AgencyUsersAsync([about.AgencyId]), path, [about.Point, .. more]);
    }

    /// <summary>
    /// Tells the subcommittee's members (<paramref name="chairOnly"/>: its chair alone) about one
    /// assessment; the link goes to <paramref name="page"/> of the assessment (its summary by default).
    /// A member who declared a conflict of interest in it is out of it and is not told.
    /// </summary>
    public async Task ToSubcommitteeAsync(MailKind kind, int assessmentId, bool chairOnly, string page = "show", params object[] more)
    {
        var about = await db.Assessments.Where(a => a.Id == assessmentId)
            .Select(a => new
            {
                Point = db.Applications.Where(p => p.Id == a.ApplicationId).Select(p => p.ServicePoint!.Name).Single(),
                Chair = db.Subcommittees.Where(s => s.Id == a.SubcommitteeId).Select(s => s.ChairUserId).Single(),
                Members = db.SubcommitteeMembers.Where(m => m.SubcommitteeId == a.SubcommitteeId).Select(m => m.UserId).ToList(),
                Conflicted = db.ConflictDeclarations.Where(c => c.AssessmentId == a.Id && c.HasConflict).Select(c => c.UserId).ToList(),
            }).SingleAsync();
        var told = (chairOnly ? [about.Chair] : (List<string>)[about.Chair, .. about.Members]).Except(about.Conflicted);
        outbox.Add(kind, await outbox.UsersAsync(told), $"/assessments/{page}/{assessmentId}", [about.Point, .. more]);
    }
}
