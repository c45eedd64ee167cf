using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Catalogue;
using GeccAssessment.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Dashboard;

/// <summary>One chart's data: labels and one or more series; the page draws it (<see cref="BarChart"/>) and shows it as a table.</summary>
public sealed record ChartData(string Id, string Title, IReadOnlyList<string> Labels, IReadOnlyList<(string Name, IReadOnlyList<decimal> Values)> Series);

public sealed record DashboardPage(int? CycleId, IReadOnlyList<CycleChoice> Cycles, IReadOnlyList<ChartData> Charts);

/// <summary>Counts and averages for the secretariat and the committee, read from the running totals the database keeps.</summary>
public class DashboardService(ReadDb reads, CatalogueProvider catalogues)
{
    public async Task<DashboardPage> PageAsync(int? cycleId, Func<string, string> text, CancellationToken cancellationToken)
    {
        // The replica when there is one (ConnectionStrings:ReadOnly): figures may be a moment behind.
        var db = await reads.GetAsync(cancellationToken);
        var cycles = await CycleChoice.NewestFirstAsync(db, cancellationToken);
        // By default the newest cycle with applications, not an empty one just opened.
        cycleId ??= await db.Cycles.Where(c => db.Applications.Any(a => a.CycleId == c.Id)).OrderByDescending(c => c.BuddhistYear)
            .Select(c => (int?)c.Id).FirstOrDefaultAsync(cancellationToken) ?? cycles.FirstOrDefault()?.Id;

        // Every figure below comes from the cycle's running totals, kept by the database as the work
        // happens (docs/adr/0018): a few dozen rows to read at any scale, never a count of the cycle.
        var byStatus = await db.CycleStatusTotals.AsNoTracking().Where(t => t.CycleId == cycleId)
            .Select(t => new { t.Status, Count = t.Applications }).ToListAsync(cancellationToken);
        var statusChart = new ChartData("status", text("Dashboard.ByStatus"),
            [.. Enum.GetValues<ApplicationStatus>().Select(s => text("ApplicationStatus." + s))],
            [(text("Dashboard.Applications"), [.. Enum.GetValues<ApplicationStatus>().Select(s => (decimal)(byStatus.FirstOrDefault(x => x.Status == s)?.Count ?? 0))])]);

        // The provinces with a signed-off assessment (a province's totals stay when they fall back to zero).
        var byProvince = await db.CycleProvinceTotals.AsNoTracking().Where(t => t.CycleId == cycleId && t.Assessed > 0)
            .Join(db.Provinces, t => t.ProvinceCode, p => p.Code, (t, p) => new
            {
                p.NameTh,
                p.NameEn,
                t.Assessed,
                Recommended = t.RecommendedCertify,
                t.Certified,
                t.PremisesSum,
                t.PremisesCount,
                t.PersonnelSum,
                t.PersonnelCount,
                t.ServiceProcessSum,
                t.ServiceProcessCount,
                t.OtherSum,
                t.OtherCount,
            })
            .OrderBy(x => x.NameTh).ToListAsync(cancellationToken);
        var provinceChart = new ChartData("province", text("Dashboard.ByProvince"), [.. byProvince.Select(p => LocalNames.Text(p.NameTh, p.NameEn))],
        [
            (text("Dashboard.Assessed"), [.. byProvince.Select(p => (decimal)p.Assessed)]),
            (text("Decisions.RecommendCertify"), [.. byProvince.Select(p => (decimal)p.Recommended)]),
            (text("Dashboard.Certified"), [.. byProvince.Select(p => (decimal)p.Certified)]),
        ]);

        // The averages of the cycle's signed-off assessments, as avg() gives them: sums over counts of non-null values.
        static decimal? Average(decimal sum, int count) => count == 0 ? null : sum / count;
        var averages = new
        {
            Premises = Average(byProvince.Sum(p => p.PremisesSum), byProvince.Sum(p => p.PremisesCount)),
            Personnel = Average(byProvince.Sum(p => p.PersonnelSum), byProvince.Sum(p => p.PersonnelCount)),
            Service = Average(byProvince.Sum(p => p.ServiceProcessSum), byProvince.Sum(p => p.ServiceProcessCount)),
            Other = Average(byProvince.Sum(p => p.OtherSum), byProvince.Sum(p => p.OtherCount)),
        };
        var dimensionChart = new ChartData("dimension", text("Dashboard.AverageByDimension"),
            [.. Enum.GetValues<DimensionKind>().Select(k => text("Dimension." + k))],
            [(text("Result.Percent"), [Round(averages.Premises), Round(averages.Personnel), Round(averages.Service), Round(averages.Other)])]);

        // Certificates not revoked, by cycle and level.
        var certified = await db.CycleLevelTotals.AsNoTracking().Where(t => t.Certificates > 0)
            .Select(t => new { t.CycleId, t.LevelRank, Count = t.Certificates }).ToListAsync(cancellationToken);
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
