using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Catalogue;
using GeccAssessment.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Dashboard;

/// <summary>One chart's data: labels and one or more series; the page draws it (<see cref="BarChart"/>) and shows it as a table.</summary>
public sealed record ChartData(string Id, string Title, IReadOnlyList<string> Labels, IReadOnlyList<(string Name, IReadOnlyList<decimal> Values)> Series);

public sealed record DashboardPage(int? CycleId, IReadOnlyList<CycleChoice> Cycles, IReadOnlyList<ChartData> Charts);

/// <summary>Counts and averages for the secretariat and the committee, each one grouped in the database.</summary>
public class DashboardService(ReadDb reads, CatalogueProvider catalogues)
{
    public async Task<DashboardPage> PageAsync(int? cycleId, Func<string, string> text, CancellationToken cancellationToken)
    {
        // The replica when there is one (ConnectionStrings:ReadOnly): figures may be a moment behind.
        var db = await reads.GetAsync(cancellationToken);
        var cycles = await CycleChoice.NewestFirstAsync(db.Cycles, cancellationToken);
        // By default the newest cycle with applications, not an empty one just opened.
        cycleId ??= await db.Cycles.Where(c => db.Applications.Any(a => a.CycleId == c.Id)).OrderByDescending(c => c.BuddhistYear)
            .Select(c => (int?)c.Id).FirstOrDefaultAsync(cancellationToken) ?? cycles.FirstOrDefault()?.Id;

        var byStatus = await db.Applications.AsNoTracking().Where(a => a.CycleId == cycleId)
            .GroupBy(a => a.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var statusChart = new ChartData("status", text("Dashboard.ByStatus"),
            [.. Enum.GetValues<ApplicationStatus>().Select(s => text("ApplicationStatus." + s))],
            [(text("Dashboard.Applications"), [.. Enum.GetValues<ApplicationStatus>().Select(s => (decimal)(byStatus.FirstOrDefault(x => x.Status == s)?.Count ?? 0))])]);

        // By the province copied onto the assessment: no join of applications and service points.
        var byProvince = await db.Assessments.AsNoTracking().Where(a => a.CycleId == cycleId && a.SignedOffAtUtc != null)
            .Join(db.Provinces, a => a.ProvinceCode, p => p.Code, (a, p) => new { a.Id, a.RecommendedOutcome, p.NameTh, p.NameEn })
            .GroupBy(a => new { a.NameTh, a.NameEn })
            .Select(g => new
            {
                g.Key.NameTh,
                g.Key.NameEn,
                Assessed = g.Count(),
                Recommended = g.Count(a => a.RecommendedOutcome == RecommendedOutcome.Certify),
                Certified = g.Count(a => db.CertificationDecisions.Any(d => d.AssessmentId == a.Id && d.Certified)),
            })
            .OrderBy(x => x.NameTh).ToListAsync(cancellationToken);
        var provinceChart = new ChartData("province", text("Dashboard.ByProvince"), [.. byProvince.Select(p => LocalNames.Text(p.NameTh, p.NameEn))],
        [
            (text("Dashboard.Assessed"), [.. byProvince.Select(p => (decimal)p.Assessed)]),
            (text("Decisions.RecommendCertify"), [.. byProvince.Select(p => (decimal)p.Recommended)]),
            (text("Dashboard.Certified"), [.. byProvince.Select(p => (decimal)p.Certified)]),
        ]);

        var averages = await db.Assessments.AsNoTracking().Where(a => a.CycleId == cycleId && a.SignedOffAtUtc != null)
            .GroupBy(a => 1)
            .Select(g => new
            {
                Premises = g.Average(a => a.PremisesPercent),
                Personnel = g.Average(a => a.PersonnelPercent),
                Service = g.Average(a => a.ServiceProcessPercent),
                Other = g.Average(a => a.OtherPercent),
            })
            .FirstOrDefaultAsync(cancellationToken);
        var dimensionChart = new ChartData("dimension", text("Dashboard.AverageByDimension"),
            [.. Enum.GetValues<DimensionKind>().Select(k => text("Dimension." + k))],
            [(text("Result.Percent"), [Round(averages?.Premises), Round(averages?.Personnel), Round(averages?.Service), Round(averages?.Other)])]);

        var certified = await db.Certificates.AsNoTracking().Where(c => c.RevokedAtUtc == null)
            .GroupBy(c => new { c.CycleId, c.LevelRank }).Select(g => new { g.Key.CycleId, g.Key.LevelRank, Count = g.Count() }).ToListAsync(cancellationToken);
        var years = cycles.Where(c => certified.Any(x => x.CycleId == c.Id)).OrderBy(c => c.BuddhistYear).ToList();
        // The levels are the cycles' own (named as the latest of them names them), not a fixed 1–3.
        var named = years.Count == 0 ? [] : (await catalogues.GetAsync(years[^1].Id, cancellationToken)).Levels;
        string LevelName(int rank) => named.FirstOrDefault(l => l.Rank == rank)?.Name(System.Globalization.CultureInfo.CurrentUICulture) ?? rank.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var levelChart = new ChartData("level", text("Dashboard.CertifiedByLevel"),
            [.. years.Select(y => y.BuddhistYear.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            [.. certified.Select(x => x.LevelRank).Distinct().Order().Select(rank => (LevelName(rank), (IReadOnlyList<decimal>)[.. years.Select(y => (decimal)(certified.FirstOrDefault(x => x.CycleId == y.Id && x.LevelRank == rank)?.Count ?? 0))]))]);

        // The three short charts first, side by side on a wide screen; the provinces' long one last, across.
        return new DashboardPage(cycleId, cycles, [statusChart, dimensionChart, levelChart, provinceChart]);
    }

    private static decimal Round(decimal? value) => value is { } v ? ScoringPolicy.RoundForDisplay(v) : 0;
}
