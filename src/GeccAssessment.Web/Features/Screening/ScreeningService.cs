using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Screening;

/// <summary>The secretariat's document screening (ตรวจสอบเอกสาร): accept, or return with a reason.</summary>
public class ScreeningService(ApplicationDbContext db, Places places, TimeProvider clock, Mail.Notices notices, Catalogue.CatalogueProvider catalogues)
{
    /// <summary>The queue's order: oldest submission first (drafts, never submitted, last), then by id.</summary>
    public static readonly KeysetOrder<Application, DateTime?> Order = new(a => a.SubmittedAtUtc, a => a.Id, KeysetFormats.FormatTime, KeysetFormats.ParseTime);

    public async Task<ScreeningQueue> QueueAsync(ScreeningFilter filter, CancellationToken cancellationToken)
    {
        var cycles = await CycleChoice.NewestFirstAsync(db, cancellationToken);
        // By default the latest cycle with applications waiting for screening, not merely the latest cycle.
        filter.Cycle ??= await db.Cycles
            .Where(c => db.Applications.Any(a => a.CycleId == c.Id && a.Status == ApplicationStatus.Submitted))
            .OrderByDescending(c => c.BuddhistYear).Select(c => (int?)c.Id).FirstOrDefaultAsync(cancellationToken)
            ?? cycles.FirstOrDefault()?.Id;

        // Keyset paging on (SubmittedAtUtc, Id), the index's order: a far page costs what the first does.
        // The count and the queue's first page, read on nearly every visit, through compiled reads of the
        // same filter (docs/adr/0021); the null checks on their parameters drop out of the SQL. The LINQ
        // filter below is built only for the statements they do not cover (docs/adr/0028).
        var (cycle, province) = (filter.Cycle, string.IsNullOrEmpty(filter.Province) ? null : filter.Province);
        var compiled = new KeysetList<ScreeningRow>.CompiledReads(
            limit => CountQuery(db, cycle, filter.Status, province, filter.Kind, limit),
            count => FirstSubmittedQuery(db, cycle, filter.Status, province, filter.Kind, count).ToListAsync(cancellationToken).AsTask());
        var rows = await KeysetList<ScreeningRow>.CreateAsync(() => Filtered(filter), Order,
            page => page.Select(Row),
            r => (r.SubmittedAtUtc, r.Id), filter.Paging, cancellationToken: cancellationToken, compiled: compiled);
        return new ScreeningQueue(filter, cycles, await places.GetAsync(), rows);
    }

    /// <summary>The queue's rows as plain LINQ: the same filter as <see cref="CountQuery"/> and <see cref="FirstSubmittedQuery"/>.</summary>
    private IQueryable<Application> Filtered(ScreeningFilter filter)
    {
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
            query = query.Where(a => a.AgencyKind == kind);
        }

        return query;
    }

    /// <summary>A queue row as the page shows it: one projection for the keyset pages and the compiled first page.</summary>
    private static readonly System.Linq.Expressions.Expression<Func<Application, ScreeningRow>> Row = a => new ScreeningRow(
        a.Id, a.ServicePoint!.Agency!.NameTh, a.ServicePoint.Agency.Kind, a.ServicePoint.Name,
        a.ServicePoint.Province!.NameTh, a.Status, a.SubmittedAtUtc, a.ServicePoint.Agency.NameEn, a.ServicePoint.Province.NameEn);

    /// <summary>The queue's rows counted up to a limit: the same filter as <see cref="QueueAsync"/> builds.</summary>
    private static readonly Func<ApplicationDbContext, int?, ApplicationStatus?, string?, AgencyKind?, int, Task<int>> CountQuery = EF.CompileAsyncQuery(
        (ApplicationDbContext db, int? cycle, ApplicationStatus? status, string? province, AgencyKind? kind, int limit) => db.Applications.AsNoTracking()
            .Where(a => a.CycleId == cycle && (status == null || a.Status == status) && (province == null || a.ProvinceCode == province)
                && (kind == null || a.AgencyKind == kind))
            .Take(limit).Count());

    /// <summary>The queue's first submitted rows in its order (<see cref="Order"/>): the same filter and projection as <see cref="QueueAsync"/>.</summary>
    private static readonly Func<ApplicationDbContext, int?, ApplicationStatus?, string?, AgencyKind?, int, IAsyncEnumerable<ScreeningRow>> FirstSubmittedQuery = EF.CompileAsyncQuery(
        (ApplicationDbContext db, int? cycle, ApplicationStatus? status, string? province, AgencyKind? kind, int count) => db.Applications.AsNoTracking()
            .Where(a => a.CycleId == cycle && (status == null || a.Status == status) && (province == null || a.ProvinceCode == province)
                && (kind == null || a.AgencyKind == kind))
            .Where(a => a.SubmittedAtUtc != null)
            .OrderBy(a => a.SubmittedAtUtc).ThenBy(a => a.Id).Take(count)
            .Select(Row));

    /// <summary>The longest reason kept for one criterion.</summary>
    public const int CriterionReasonMaxLength = 1000;

    /// <summary>
    /// Accepts or returns a submitted application; <paramref name="rowVersion"/> guards against a decision on a stale page.
    /// A return needs a reason: a general one, one per criterion (<paramref name="criterionReasons"/>, by criterion id), or both.
    /// </summary>
    public async Task<SaveResult> DecideAsync(int id, uint rowVersion, ApplicationStatus to, string? reason, string? userId,
        IReadOnlyDictionary<int, string?>? criterionReasons = null)
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
        var criteria = (await catalogues.GetAsync(application.CycleId)).Dimensions.SelectMany(d => d.Criteria).ToList();
        // In catalogue order, so that the timeline and the mail list them as the application does.
        var perCriterion = to != ApplicationStatus.Returned || criterionReasons is null
            ? []
            : criteria.Select(c => (Criterion: c, Reason: criterionReasons.GetValueOrDefault(c.Id)?.Trim()))
                .Where(x => !string.IsNullOrEmpty(x.Reason)).Select(x => (x.Criterion, Reason: x.Reason!)).ToList();
        if (perCriterion.Any(x => x.Reason.Length > CriterionReasonMaxLength))
        {
            return SaveResult.Invalid("Screening.CriterionReasonTooLong");
        }

        if (to == ApplicationStatus.Returned && reason is null && perCriterion.Count == 0)
        {
            return SaveResult.Invalid("Screening.ReasonRequired");
        }

        db.Entry(application).Property(a => a.RowVersion).OriginalValue = rowVersion;
        var now = clock.GetUtcNow().UtcDateTime;
        var note = Note(reason, perCriterion.Select(x => $"{x.Criterion.Code}: {x.Reason}"));
        application.StatusChanges.Add(new ApplicationStatusChange { FromStatus = application.Status, ToStatus = to, AtUtc = now, UserId = userId, Note = note });
        application.Status = to;
        application.ReturnReason = to == ApplicationStatus.Returned ? reason : null;
        application.UpdatedAtUtc = now;
        await KeepCriterionReasonsAsync(id, perCriterion.ToDictionary(x => x.Criterion.Id, x => x.Reason), now);
        if (to is ApplicationStatus.Returned or ApplicationStatus.Accepted)
        {
            await notices.ToAgencyAsync(to == ApplicationStatus.Returned ? MailKind.ApplicationReturned : MailKind.ApplicationAccepted,
                application.Id, $"/applications/edit/{application.Id}", note ?? "");
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

    /// <summary>The timeline's note: the general reason, then one line per criterion, cut to what the column holds.</summary>
    private static string? Note(string? reason, IEnumerable<string> criterionLines)
    {
        var text = string.Join('\n', new[] { reason }.Concat(criterionLines).Where(l => l is not null));
        return text.Length == 0 ? null : text.Length > 2000 ? text[..1999] + "…" : text;
    }

    /// <summary>Each criterion keeps only the latest screening's reason: earlier ones are cleared (acceptance clears all).</summary>
    private async Task KeepCriterionReasonsAsync(int applicationId, Dictionary<int, string> reasons, DateTime now)
    {
        var ids = reasons.Keys.ToList();
        var answers = await db.SelfAssessmentAnswers
            .Where(a => a.ApplicationId == applicationId && (a.ReturnNote != null || ids.Contains(a.CriterionId)))
            .ToDictionaryAsync(a => a.CriterionId);
        foreach (var answer in answers.Values.Where(a => !reasons.ContainsKey(a.CriterionId)))
        {
            answer.ReturnNote = null;
        }

        foreach (var (criterionId, text) in reasons)
        {
            if (!answers.TryGetValue(criterionId, out var answer))
            {
                // The applicant left this criterion blank: the reason still needs a place beside it.
                answer = new SelfAssessmentAnswer { ApplicationId = applicationId, CriterionId = criterionId, UpdatedAtUtc = now };
                db.SelfAssessmentAnswers.Add(answer);
            }

            answer.ReturnNote = text;
        }
    }
}
