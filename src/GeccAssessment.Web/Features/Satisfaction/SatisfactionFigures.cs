using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace GeccAssessment.Web.Features.Satisfaction;

/// <summary>The public's figures where other features show them: the dashboard and the public list of centres.</summary>
public class SatisfactionFigures(ApplicationDbContext db, TimeProvider clock)
{
    private DateOnly Today => BuddhistEraDate.ThailandToday(clock.GetUtcNow().UtcDateTime);

    /// <summary>The last twelve months (this one included) from the monthly aggregate: provinces, agency kinds, points.</summary>
    public async Task<SatisfactionDashboard> DashboardAsync(Func<string, string> text, CancellationToken cancellationToken)
    {
        var from = SatisfactionRules.DashboardStart(Today);
        await SatisfactionAggregates.RenewYearsAsync(db, from, cancellationToken);
        // One row a point for its twelve months: every comparison below reads at most 20,000 narrow rows.
        var years = db.SatisfactionPointYears.AsNoTracking();
        var provinces = await years.GroupBy(y => y.ProvinceCode)
            .Select(g => new { g.Key, Answers = g.Sum(y => (long)y.Answers), Sum = g.Sum(y => (long)y.OverallSum) })
            .Join(db.Provinces, g => g.Key, p => p.Code, (g, p) => new { p.NameTh, g.Answers, g.Sum })
            .OrderByDescending(g => g.Answers).ToListAsync(cancellationToken);
        var kinds = await years.GroupBy(y => y.AgencyKind)
            .Select(g => new { g.Key, Answers = g.Sum(y => (long)y.Answers), Sum = g.Sum(y => (long)y.OverallSum) })
            .OrderBy(g => g.Key).ToListAsync(cancellationToken);
        var perPoint = years.Where(y => y.Answers >= SatisfactionRules.MinimumAnswers)
            .Select(y => new { Key = y.ServicePointId, Answers = (long)y.Answers, Sum = (long)y.OverallSum });
        var best = await perPoint.OrderByDescending(g => (decimal)g.Sum / g.Answers).ThenByDescending(g => g.Answers).Take(10).ToListAsync(cancellationToken);
        var worst = await perPoint.OrderBy(g => (decimal)g.Sum / g.Answers).ThenByDescending(g => g.Answers).Take(10).ToListAsync(cancellationToken);
        var ids = best.Concat(worst).Select(g => g.Key).Distinct().ToList();
        var names = await db.ServicePoints.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.Name, Province = p.Province!.NameTh }).ToDictionaryAsync(p => p.Id, p => $"{p.Name} ({p.Province})", cancellationToken);
        var national = await years.GroupBy(y => 1).Select(g => new { Answers = g.Sum(y => (long)y.Answers), Sum = g.Sum(y => (long)y.OverallSum) }).FirstOrDefaultAsync(cancellationToken);
        return new SatisfactionDashboard(
            from,
            provinces.Select(p => new ComparisonRow(p.NameTh, SatisfactionRules.Figure(p.Answers, p.Sum))).ToList(),
            kinds.Select(k => new ComparisonRow(text("AgencyKind." + k.Key), SatisfactionRules.Figure(k.Answers, k.Sum))).ToList(),
            best.Select(g => new ComparisonRow(names[g.Key], SatisfactionRules.Figure(g.Answers, g.Sum))).ToList(),
            worst.Select(g => new ComparisonRow(names[g.Key], SatisfactionRules.Figure(g.Answers, g.Sum))).ToList(),
            SatisfactionRules.Figure(national?.Answers ?? 0, national?.Sum ?? 0));
    }

    /// <summary>The overall figure of each listed certificate's point, for /centres: one grouped query for the page.</summary>
    public async Task<IReadOnlyDictionary<string, SatisfactionFigure>> ForCertificatesAsync(IEnumerable<string> numbers, CancellationToken cancellationToken)
    {
        var list = numbers.ToList();
        var points = await db.Certificates.AsNoTracking().Where(c => list.Contains(c.Number))
            .Select(c => new { c.Number, db.Applications.First(a => a.Id == c.ApplicationId).ServicePointId }).ToListAsync(cancellationToken);
        var sums = await SatisfactionDocuments.SumsAsync(db, points.Select(p => p.ServicePointId).Distinct().ToList(), SatisfactionRules.WindowStart(Today));
        return points.ToDictionary(p => p.Number, p => sums.GetValueOrDefault(p.ServicePointId, SatisfactionSumsRow.Empty).Figures.Overall);
    }
}

/// <summary>Beside each dimension of the scoring form: the public's figure for it over the last twelve months.</summary>
public class DimensionSatisfactionViewComponent(ApplicationDbContext db, TimeProvider clock) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int assessmentId, DimensionKind kind)
    {
        // The form asks once per dimension; the four figures come from one query, kept for the request.
        var key = "satisfaction-figures-" + assessmentId;
        if (HttpContext.Items[key] is not PointFigures figures)
        {
            var from = SatisfactionRules.WindowStart(BuddhistEraDate.ThailandToday(clock.GetUtcNow().UtcDateTime));
            figures = ((await SumsOfAssessedPointQuery(db, assessmentId, from))?.Sums ?? SatisfactionSumsRow.Empty).Figures;
            HttpContext.Items[key] = figures;
        }

        return View("~/Features/Satisfaction/_DimensionFigure.cshtml", (assessmentId, kind, figures.Dimensions[kind]));
    }

    /// <summary>
    /// The assessed point's sums from the daily aggregate in one compiled statement (the point found
    /// by a sub-select): every scoring page runs it, and the uncompiled pair of reads it replaced
    /// cost a tenth of the page's CPU under load, most of it EF Core's handling of the query.
    /// </summary>
    private static readonly Func<ApplicationDbContext, int, DateOnly, Task<PointSums?>> SumsOfAssessedPointQuery = EF.CompileAsyncQuery(
        (ApplicationDbContext db, int assessmentId, DateOnly from) => db.SatisfactionDaily.AsNoTracking()
            .Where(d => d.Day >= from && d.ServicePointId == db.Assessments.Where(a => a.Id == assessmentId).Select(a => a.Application!.ServicePointId).First())
            .GroupBy(d => d.ServicePointId).Select(SatisfactionDocuments.SumsOfPoint)
            .FirstOrDefault());
}

/// <summary>The dashboard's comparison of points, provinces and agency kinds, as tables.</summary>
public class SatisfactionDashboardViewComponent(SatisfactionFigures figures, IStringLocalizer<SharedResource> localizer) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync() =>
        View("~/Features/Satisfaction/_Dashboard.cshtml", await figures.DashboardAsync(key => localizer[key].Value, HttpContext.RequestAborted));
}
