using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Mail;

/// <summary>A round scheduled, moved or cancelled: the subcommittee's members (but those with a conflict in it) and the agency, with an .ics.</summary>
public sealed class RoundNotices(ApplicationDbContext db, Outbox outbox, MailLinks links, TimeProvider clock)
{
    /// <summary>The rounds' names in the invitations' UIDs: a cancellation must name the round exactly as its invitation did.</summary>
    public const string Preliminary = "preliminary";

    public const string OnSite = "onsite";

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

    /// <summary>
    /// Takes these users out of the rounds still ahead of the open (not signed-off) assessments chosen:
    /// each gets a cancellation of each round's invitation (same UID, later SEQUENCE), since a later move
    /// or cancellation will no longer reach them and their calendar would keep the round otherwise.
    /// A user who declared a conflict in an assessment is left out of it: that declaration cancelled
    /// the rounds then scheduled, and later rounds never invited him or her. Two queries, however many
    /// assessments (a subcommittee may hold hundreds).
    /// </summary>
    public Task WithdrawAsync(IQueryable<Assessment> assessments, IReadOnlyCollection<string> userIds) =>
        AheadAsync(assessments, userIds, MailKind.RoundWithdrawn);

    /// <summary>
    /// Brings these users into the rounds still ahead of the open assessments chosen (members just
    /// added to the subcommittee): each gets the invitation the others got (same UID), so that the
    /// round is in their calendar and its later moves and cancellations update it. A user who declared
    /// a conflict in an assessment is left out of it, as <see cref="TellAsync"/> leaves him or her out.
    /// Two queries, however many assessments.
    /// </summary>
    public Task InviteAsync(IQueryable<Assessment> assessments, IReadOnlyCollection<string> userIds) =>
        AheadAsync(assessments, userIds, MailKind.RoundScheduled);

    /// <summary>Each round ahead of the open assessments, to these users but those with a conflict in it: an invitation or its cancellation.</summary>
    private async Task AheadAsync(IQueryable<Assessment> assessments, IReadOnlyCollection<string> userIds, MailKind kind)
    {
        if (userIds.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var ahead = await assessments.AsNoTracking()
            .Where(a => a.SignedOffAtUtc == null && (a.PreliminaryAtUtc > now || a.OnSiteAtUtc > now))
            .OrderBy(a => a.Id)
            .Select(a => new
            {
                a.Id,
                a.PreliminaryAtUtc,
                a.PreliminaryMeetingLink,
                a.OnSiteAtUtc,
                a.OnSiteAddress,
                Point = db.Applications.Where(p => p.Id == a.ApplicationId).Select(p => p.ServicePoint!.Name).Single(),
                // Written out here as in TellAsync and Notices: EF Core cannot translate a helper method
                // given the row's id, and one given a captured id is run as a query of its own.
                Conflicted = db.ConflictDeclarations.Where(c => c.AssessmentId == a.Id && c.HasConflict && userIds.Contains(c.UserId)).Select(c => c.UserId).ToList(),
            }).ToListAsync();
        if (ahead.Count == 0)
        {
            return;
        }

        var people = await outbox.UsersAsync(userIds);
        foreach (var assessment in ahead)
        {
            var told = people.Where(p => !assessment.Conflicted.Contains(p.UserId!)).ToList();
            var path = $"/assessments/show/{assessment.Id}";
            foreach (var (round, at, place) in new[] { (Preliminary, assessment.PreliminaryAtUtc, assessment.PreliminaryMeetingLink), (OnSite, assessment.OnSiteAtUtc, assessment.OnSiteAddress) })
            {
                if (at is { } start && start > now && told.Count > 0)
                {
                    outbox.Add(kind, told, path, [assessment.Point, start, place ?? "-"],
                        new MailExtras(RoundInvitation.Create(assessment.Id, round, start, assessment.Point, place, links.To(path), cancelled: kind == MailKind.RoundWithdrawn, now)));
                }
            }
        }
    }
}
