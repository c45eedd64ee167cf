using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Screening;

/// <summary>The secretariat's document screening (ตรวจสอบเอกสาร): accept, or return with a reason.</summary>
public class ScreeningService(ApplicationDbContext db, Places places, TimeProvider clock, Mail.Notices notices)
{
    public async Task<ScreeningQueue> QueueAsync(ScreeningFilter filter, CancellationToken cancellationToken)
    {
        var cycles = await db.Cycles.AsNoTracking().OrderByDescending(c => c.BuddhistYear).Select(c => new { c.Id, c.Title }).ToListAsync(cancellationToken);
        // By default the latest cycle with applications waiting for screening, not merely the latest cycle.
        filter.Cycle ??= await db.Cycles
            .Where(c => db.Applications.Any(a => a.CycleId == c.Id && a.Status == ApplicationStatus.Submitted))
            .OrderByDescending(c => c.BuddhistYear).Select(c => (int?)c.Id).FirstOrDefaultAsync(cancellationToken)
            ?? cycles.FirstOrDefault()?.Id;

        var query = db.Applications.AsNoTracking().Where(a => a.CycleId == filter.Cycle);
        if (filter.Status is { } status)
        {
            query = query.Where(a => a.Status == status);
        }

        if (!string.IsNullOrEmpty(filter.Province))
        {
            query = query.Where(a => a.ProvinceCode == filter.Province);
        }

        if (filter.Kind is { } kind)
        {
            query = query.Where(a => db.Agencies.Any(g => g.Id == a.AgencyId && g.Kind == kind));
        }

        var rows = await PagedList<ScreeningRow>.CreateAsync(
            query.OrderBy(a => a.SubmittedAtUtc).ThenBy(a => a.Id).Select(a => new ScreeningRow(
                a.Id, a.ServicePoint!.Agency!.NameTh, a.ServicePoint.Agency.Kind, a.ServicePoint.Name,
                a.ServicePoint.Province!.NameTh, a.Status, a.SubmittedAtUtc)),
            filter.Page, cancellationToken: cancellationToken);
        return new ScreeningQueue(filter, [.. cycles.Select(c => (c.Id, c.Title))], await places.GetAsync(), rows);
    }

    /// <summary>Accepts or returns a submitted application; <paramref name="rowVersion"/> guards against a decision on a stale page.</summary>
    public async Task<SaveResult> DecideAsync(int id, uint rowVersion, ApplicationStatus to, string? reason, string? userId)
    {
        var application = await db.Applications.SingleOrDefaultAsync(a => a.Id == id);
        if (application is null)
        {
            return SaveResult.NotFound;
        }

        if (!ApplicationWorkflow.CanMove(application.Status, to, WorkflowActor.Secretariat))
        {
            return SaveResult.Invalid("Workflow.NotAllowed");
        }

        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (to == ApplicationStatus.Returned && reason is null)
        {
            return SaveResult.Invalid("Screening.ReasonRequired");
        }

        db.Entry(application).Property(a => a.RowVersion).OriginalValue = rowVersion;
        var now = clock.GetUtcNow().UtcDateTime;
        application.StatusChanges.Add(new ApplicationStatusChange { FromStatus = application.Status, ToStatus = to, AtUtc = now, UserId = userId, Note = reason });
        application.Status = to;
        application.ReturnReason = to == ApplicationStatus.Returned ? reason : null;
        application.UpdatedAtUtc = now;
        if (to is ApplicationStatus.Returned or ApplicationStatus.Accepted)
        {
            await notices.ToAgencyAsync(to == ApplicationStatus.Returned ? MailKind.ApplicationReturned : MailKind.ApplicationAccepted,
                application.Id, $"/applications/edit/{application.Id}", reason ?? "");
        }

        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            return SaveResult.Invalid("Applications.ChangedByOthers");
        }

        return SaveResult.Saved;
    }
}
