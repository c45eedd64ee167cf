using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Home;

/// <summary>One thing waiting for this user: how many, and where to do it.</summary>
public sealed record WorkItem(string Key, int Count, string Url);

/// <summary>A site visit or video conference on this member's calendar.</summary>
public sealed record UpcomingRound(int AssessmentId, string ServicePointName, DateTime AtUtc, bool OnSite);

public sealed record HomeModel(string DisplayName, string? AgencyName, IReadOnlyList<WorkItem> Work, IReadOnlyList<UpcomingRound> Upcoming);

/// <summary>
/// Each role's home is its work queue: counts of what waits for this user (one COUNT each, on indexed
/// columns) with a link to the list where it is done; for members, their next rounds with dates.
/// </summary>
public class HomeService(ApplicationDbContext db, TimeProvider clock)
{
    public async Task<HomeModel> ForAsync(System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var userId = Infrastructure.ClaimsPrincipalExtensions.UserId(user) ?? "";
        var me = await db.Users.Where(u => u.Id == userId).Select(u => new { u.DisplayName, u.AgencyId, Agency = u.Agency == null ? null : u.Agency.NameTh }).SingleAsync(cancellationToken);
        var work = new List<WorkItem>();
        var upcoming = new List<UpcomingRound>();

        if (user.IsInRole(Roles.Applicant) && me.AgencyId is { } agencyId)
        {
            var mine = db.Applications.Where(a => a.AgencyId == agencyId);
            work.Add(new("Home.Work.Returned", await mine.CountAsync(a => a.Status == ApplicationStatus.Returned, cancellationToken), "/applications"));
            work.Add(new("Home.Work.Drafts", await mine.CountAsync(a => a.Status == ApplicationStatus.Draft, cancellationToken), "/applications"));
            work.Add(new("Home.Work.Certified", await db.CertificationDecisions.CountAsync(d => d.Certified && mine.Any(a => a.Id == d.ApplicationId), cancellationToken), "/applications"));
        }

        if (user.IsInRole(Roles.Secretariat))
        {
            work.Add(new("Home.Work.ToScreen", await db.Applications.CountAsync(a => a.Status == ApplicationStatus.Submitted, cancellationToken), "/screening"));
            work.Add(new("Home.Work.ToAssign", await db.Applications.CountAsync(a => a.Status == ApplicationStatus.Accepted && !db.Assessments.Any(s => s.ApplicationId == a.Id), cancellationToken), "/subcommittees/assign"));
        }

        if (user.IsInRole(Roles.Assessor) || user.IsInRole(Roles.SubcommitteeChair))
        {
            var assigned = db.Assessments.Where(a => a.SignedOffAtUtc == null
                && db.SubcommitteeMembers.Any(m => m.SubcommitteeId == a.SubcommitteeId && m.UserId == userId));
            work.Add(new("Home.Work.ToDeclare", await assigned.CountAsync(a => !db.ConflictDeclarations.Any(d => d.AssessmentId == a.Id && d.UserId == userId), cancellationToken), "/assessments"));
            work.Add(new("Home.Work.Assigned", await assigned.CountAsync(cancellationToken), "/assessments"));
            var now = clock.GetUtcNow().UtcDateTime;
            var rounds = await assigned
                .Where(a => a.PreliminaryAtUtc >= now || a.OnSiteAtUtc >= now)
                .OrderBy(a => a.PreliminaryAtUtc >= now ? a.PreliminaryAtUtc : a.OnSiteAtUtc)
                .Take(5)
                .Select(a => new { a.Id, a.Application!.ServicePoint!.Name, a.PreliminaryAtUtc, a.OnSiteAtUtc })
                .ToListAsync(cancellationToken);
            upcoming.AddRange(rounds.Select(r => r.PreliminaryAtUtc >= now
                ? new UpcomingRound(r.Id, r.Name, r.PreliminaryAtUtc!.Value, OnSite: false)
                : new UpcomingRound(r.Id, r.Name, r.OnSiteAtUtc!.Value, OnSite: true)));
        }

        if (user.IsInRole(Roles.SubcommitteeChair))
        {
            var chaired = db.Assessments.Where(a => a.SignedOffAtUtc == null && db.Subcommittees.Any(s => s.Id == a.SubcommitteeId && s.ChairUserId == userId));
            work.Add(new("Home.Work.ToSignOff", await chaired.CountAsync(a => a.ReconciliationOpenedAtUtc != null, cancellationToken), "/assessments"));
        }

        if (user.IsInRole(Roles.SteeringCommittee))
        {
            work.Add(new("Home.Work.ToDecide", await db.Assessments.CountAsync(a => a.SignedOffAtUtc != null && !a.Decided, cancellationToken), "/decisions"));
        }

        return new HomeModel(me.DisplayName, me.Agency, work, upcoming);
    }
}
