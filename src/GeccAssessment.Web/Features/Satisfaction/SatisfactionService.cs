using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Satisfaction;

/// <summary>
/// The staff's side of the survey: codes and posters, results, the review of bursts, the wording.
/// The agencyId parameters scope an applicant to its own points (null = staff, every point).
/// </summary>
public class SatisfactionService(ApplicationDbContext db, TimeProvider clock)
{
    public DateOnly Today => BuddhistEraDate.ThailandToday(clock.GetUtcNow().UtcDateTime);

    public async Task<SatisfactionPointsPage> PointsAsync(int? agencyId, string? search, int page, CancellationToken cancellationToken)
    {
        var from = SatisfactionRules.WindowStart(Today);
        var points = db.ServicePoints.AsNoTracking();
        if (agencyId is { } agency)
        {
            points = points.Where(p => p.AgencyId == agency);
        }

        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = "%" + search.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            points = points.Where(p => EF.Functions.ILike(p.Name, pattern));
        }

        var rows = await PagedList<SatisfactionPointRow>.CreateAsync(
            points.OrderBy(p => p.Name).ThenBy(p => p.Id).Select(p => new SatisfactionPointRow(
                p.Id, p.Name, p.Agency!.NameTh, p.Province!.NameTh,
                db.SatisfactionLinks.Any(l => l.ServicePointId == p.Id && l.RevokedAtUtc == null),
                db.SatisfactionDaily.Where(d => d.ServicePointId == p.Id && d.Day >= from).Sum(d => (long)d.Answers),
                db.SatisfactionDaily.Where(d => d.ServicePointId == p.Id && d.Day >= from).Sum(d => (long)d.OverallSum))),
            page, cancellationToken: cancellationToken);
        return new SatisfactionPointsPage(agencyId is null, search, rows);
    }

    /// <summary>The point's live code, made on first use.</summary>
    /// <returns>null when the point does not exist or is not the agency's.</returns>
    public async Task<(string PointName, string AgencyName, string Token)?> LiveCodeAsync(int pointId, int? agencyId, CancellationToken cancellationToken)
    {
        var point = await Points(agencyId).Where(p => p.Id == pointId)
            .Select(p => new { p.Name, Agency = p.Agency!.NameTh, Token = db.SatisfactionLinks.Where(l => l.ServicePointId == p.Id && l.RevokedAtUtc == null).Select(l => l.Token).FirstOrDefault() })
            .SingleOrDefaultAsync(cancellationToken);
        if (point is null)
        {
            return null;
        }

        if (point.Token is { } token)
        {
            return (point.Name, point.Agency, token);
        }

        var link = new SatisfactionLink { ServicePointId = pointId, Token = NewToken(), IssuedAtUtc = clock.GetUtcNow().UtcDateTime };
        db.SatisfactionLinks.Add(link);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two first prints at once: the other one's code stands (one live code per point, a unique index).
            db.ChangeTracker.Clear();
            return await LiveCodeAsync(pointId, agencyId, cancellationToken);
        }

        return (point.Name, point.Agency, link.Token);
    }

    /// <summary>A new code for the point; the old one stops working at once.</summary>
    /// <returns>false when the point does not exist or is not the agency's.</returns>
    public async Task<bool> ReissueAsync(int pointId, int? agencyId, CancellationToken cancellationToken)
    {
        if (!await Points(agencyId).AnyAsync(p => p.Id == pointId, cancellationToken))
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        // Revoke, then issue, in one transaction (one live code per point is a unique index); retried as a whole.
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Tracked (not ExecuteUpdate), so that the audit trail records the revocation.
            foreach (var old in await db.SatisfactionLinks.Where(l => l.ServicePointId == pointId && l.RevokedAtUtc == null).ToListAsync(cancellationToken))
            {
                old.RevokedAtUtc = now;
            }

            await db.SaveChangesAsync(cancellationToken);
            db.SatisfactionLinks.Add(new SatisfactionLink { ServicePointId = pointId, Token = NewToken(), IssuedAtUtc = now });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
        return true;
    }

    public async Task<SatisfactionResultsPage?> ResultsAsync(int pointId, int? agencyId, int? assessmentId, int page, CancellationToken cancellationToken)
    {
        var point = await Points(agencyId).Where(p => p.Id == pointId).Select(p => new { p.Name, Agency = p.Agency!.NameTh }).SingleOrDefaultAsync(cancellationToken);
        if (point is null)
        {
            return null;
        }

        var today = Today;
        var from = SatisfactionRules.WindowStart(today);
        var firstMonth = SatisfactionRules.MonthOf(today).AddMonths(-23);
        var months = await db.SatisfactionMonthly.AsNoTracking().Where(m => m.ServicePointId == pointId && m.Month >= firstMonth)
            .OrderByDescending(m => m.Month).ToListAsync(cancellationToken);
        // Only the counted answers' comments, as in the figures: a burst's comments wait for the Secretariat's review like its scores.
        var comments = await PagedList<CommentRow>.CreateAsync(
            db.SatisfactionResponses.AsNoTracking()
                .Where(r => r.ServicePointId == pointId && r.Comment != null && r.Status == SatisfactionStatus.Counted)
                .OrderByDescending(r => r.SubmittedAtUtc).ThenByDescending(r => r.Id)
                .Select(r => new CommentRow(r.SubmittedAtUtc, r.Overall, r.Service, r.Comment!)),
            page, cancellationToken: cancellationToken, countLimit: 10_000);
        return new SatisfactionResultsPage(
            pointId, point.Name, point.Agency, from, await FiguresAsync(pointId, from, cancellationToken),
            months.Select(m => new MonthRow(m.Month, Sums(m).Figures)).ToList(), comments, assessmentId);
    }

    /// <summary>A point's counted answers from <paramref name="from"/> to today: at most 366 rows of the daily aggregate.</summary>
    public async Task<PointFigures> FiguresAsync(int pointId, DateOnly from, CancellationToken cancellationToken) =>
        (await db.SatisfactionDaily.AsNoTracking().Where(d => d.ServicePointId == pointId && d.Day >= from)
            .GroupBy(d => d.ServicePointId).Select(g => new SatisfactionSumsRow(
                g.Sum(d => (long)d.Answers), g.Sum(d => (long)d.OverallSum),
                g.Sum(d => (long)d.PremisesAnswers), g.Sum(d => (long)d.PremisesSum),
                g.Sum(d => (long)d.PersonnelAnswers), g.Sum(d => (long)d.PersonnelSum),
                g.Sum(d => (long)d.ServiceProcessAnswers), g.Sum(d => (long)d.ServiceProcessSum),
                g.Sum(d => (long)d.OtherAnswers), g.Sum(d => (long)d.OtherSum)))
            .FirstOrDefaultAsync(cancellationToken) ?? SatisfactionSumsRow.Empty).Figures;

    public Task<PagedList<SuspiciousGroup>> SuspiciousAsync(int page, CancellationToken cancellationToken) =>
        PagedList<SuspiciousGroup>.CreateAsync(
            db.SatisfactionResponses.AsNoTracking().Where(r => r.Status == SatisfactionStatus.Suspicious)
                .GroupBy(r => new { r.ServicePointId, r.Day })
                .Select(g => new { g.Key.ServicePointId, g.Key.Day, Answers = g.Count(), First = g.Min(r => r.SubmittedAtUtc), Last = g.Max(r => r.SubmittedAtUtc) })
                .OrderBy(g => g.Day).ThenBy(g => g.ServicePointId)
                .Select(g => new SuspiciousGroup(g.ServicePointId, db.ServicePoints.Where(p => p.Id == g.ServicePointId).Select(p => p.Name).First(),
                    db.ServicePoints.Where(p => p.Id == g.ServicePointId).Select(p => p.Agency!.NameTh).First(), g.Day, g.Answers, g.First, g.Last)),
            page, cancellationToken: cancellationToken);

    /// <summary>Counts a burst's answers (added to the aggregates in the same statement) or rejects them for good.</summary>
    public async Task<int> ReviewAsync(int pointId, DateOnly day, bool count, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (!count)
        {
            return await db.SatisfactionResponses.Where(r => r.ServicePointId == pointId && r.Day == day && r.Status == SatisfactionStatus.Suspicious)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, SatisfactionStatus.Rejected).SetProperty(r => r.ReviewedAtUtc, now), cancellationToken);
        }

        var sql = SatisfactionAggregates.WithAggregates("""
            UPDATE "SatisfactionResponses" SET "Status" = 0, "ReviewedAtUtc" = {2}
            WHERE "ServicePointId" = {0} AND "Day" = {1} AND "Status" = 1
            RETURNING "ServicePointId", "Day", "Overall", "Premises", "Personnel", "ServiceProcess", "Other", "Status"
            """, "{3}") + " SELECT count(*)::int AS \"Value\" FROM r";
        return (await db.Database.SqlQueryRaw<int>(sql, pointId, day, now, SatisfactionRules.DashboardStart(Today)).ToListAsync(cancellationToken)).Single();
    }

    public async Task<QuestionsPage> QuestionsAsync(int? cycleId, CancellationToken cancellationToken)
    {
        var cycles = await CycleChoice.NewestFirstAsync(db, cancellationToken);
        var chosen = cycleId is { } id && cycles.Any(c => c.Id == id) ? id : cycles.FirstOrDefault()?.Id ?? 0;
        var saved = await db.SatisfactionQuestions.AsNoTracking().Where(q => q.CycleId == chosen).ToListAsync(cancellationToken);
        var form = new QuestionsForm
        {
            CycleId = chosen,
            Questions = Enum.GetValues<DimensionKind>().Select(k => saved.FirstOrDefault(q => q.Kind == k) is { } q
                ? new QuestionText { Kind = k, TextTh = q.TextTh, TextEn = q.TextEn }
                : new QuestionText { Kind = k }).ToList(),
        };
        return new QuestionsPage(cycles, form);
    }

    /// <returns>false when the cycle does not exist.</returns>
    public async Task<bool> SaveQuestionsAsync(QuestionsForm form, CancellationToken cancellationToken)
    {
        if (!await db.Cycles.AnyAsync(c => c.Id == form.CycleId, cancellationToken))
        {
            return false;
        }

        var saved = await db.SatisfactionQuestions.Where(q => q.CycleId == form.CycleId).ToListAsync(cancellationToken);
        foreach (var kind in Enum.GetValues<DimensionKind>())
        {
            if (form.Questions.FirstOrDefault(q => q.Kind == kind) is not { } text)
            {
                continue;
            }

            var question = saved.FirstOrDefault(q => q.Kind == kind);
            if (question is null)
            {
                question = new SatisfactionQuestion { CycleId = form.CycleId, Kind = kind, TextTh = "", TextEn = "" };
                db.SatisfactionQuestions.Add(question);
            }

            question.TextTh = text.TextTh.Trim();
            question.TextEn = text.TextEn.Trim();
        }

        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public Task<int> PointOfApplicationAsync(int applicationId, CancellationToken cancellationToken) =>
        db.Applications.AsNoTracking().Where(a => a.Id == applicationId).Select(a => a.ServicePointId).SingleAsync(cancellationToken);

    private IQueryable<ServicePoint> Points(int? agencyId) =>
        agencyId is { } agency ? db.ServicePoints.AsNoTracking().Where(p => p.AgencyId == agency) : db.ServicePoints.AsNoTracking();

    private static string NewToken() =>
        Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static SatisfactionSumsRow Sums(SatisfactionSums s) => new(
        s.Answers, s.OverallSum, s.PremisesAnswers, s.PremisesSum, s.PersonnelAnswers, s.PersonnelSum,
        s.ServiceProcessAnswers, s.ServiceProcessSum, s.OtherAnswers, s.OtherSum);
}
