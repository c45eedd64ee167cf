using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Mail;

/// <summary>A round scheduled, moved or cancelled: the subcommittee's members (but those with a conflict in it) and the agency, with an .ics.</summary>
public sealed class RoundNotices(ApplicationDbContext db, Outbox outbox, MailLinks links, TimeProvider clock)
{
    public async Task TellAsync(int assessmentId, string round, DateTime? beforeAt, string? beforePlace, DateTime? afterAt, string? afterPlace)
    {
        // Nothing changed, or a round still without a date (only its link or place was typed): no invitation yet.
        if ((beforeAt == afterAt && beforePlace == afterPlace) || (beforeAt is null && afterAt is null))
        {
            return;
        }

        var kind = beforeAt is null ? MailKind.RoundScheduled : afterAt is null ? MailKind.RoundCancelled : MailKind.RoundChanged;
        var at = afterAt ?? beforeAt!.Value;
        var place = (afterAt is null ? beforePlace : afterPlace) ?? "-";
        var about = await db.Assessments.Where(a => a.Id == assessmentId)
            .Select(a => new
            {
                a.ApplicationId,
                Point = db.Applications.Where(p => p.Id == a.ApplicationId).Select(p => p.ServicePoint!.Name).Single(),
                AgencyId = db.Applications.Where(p => p.Id == a.ApplicationId).Select(p => p.AgencyId).Single(),
                Chair = db.Subcommittees.Where(s => s.Id == a.SubcommitteeId).Select(s => s.ChairUserId).Single(),
                Members = db.SubcommitteeMembers.Where(m => m.SubcommitteeId == a.SubcommitteeId).Select(m => m.UserId).ToList(),
                // Out of this assessment: not invited to assess it.
                Conflicted = db.ConflictDeclarations.Where(c => c.AssessmentId == a.Id && c.HasConflict).Select(c => c.UserId).ToList(),
            }).SingleAsync();
        var memberPath = $"/assessments/show/{assessmentId}";
        var agencyPath = $"/applications/edit/{about.ApplicationId}";
        var now = clock.GetUtcNow().UtcDateTime;
        var calendar = RoundInvitation.Create(assessmentId, round, at, about.Point, place, links.To(memberPath), kind == MailKind.RoundCancelled, now);
        object[] args = [about.Point, at, place];
        outbox.Add(kind, await outbox.UsersAsync(((List<string>)[about.Chair, .. about.Members]).Except(about.Conflicted)), memberPath, args, new MailExtras(calendar));
        outbox.Add(kind, await outbox.AgencyUsersAsync([about.AgencyId]), agencyPath, args,
            new MailExtras(RoundInvitation.Create(assessmentId, round, at, about.Point, place, links.To(agencyPath), kind == MailKind.RoundCancelled, now)));
    }
}
