using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Data.Seeding;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GeccAssessment.Tests.Data;

/// <summary>What `./gecc run` shows a first-time user: a plausible cycle with work at every step.</summary>
public class DemoSeedTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    private async Task SeedAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await DemoSeeder.SeedAsync(scope.ServiceProvider, CancellationToken.None);
    }

    [Fact]
    public async Task The_demo_has_a_plausible_catalogue_work_at_every_step_and_can_be_seeded_twice()
    {
        await SeedAsync();
        await SeedAsync(); // every start of ./gecc run seeds again: nothing may double

        var cycle = await app.WithDbAsync(db => db.Cycles.AsNoTracking().Include(c => c.Dimensions).ThenInclude(d => d.Criteria).Include(c => c.Levels)
            .SingleAsync(c => c.BuddhistYear == DemoSeeder.HistoricalYear));
        Assert.Equal(4, cycle.Dimensions.Count);
        Assert.All(cycle.Dimensions, d => Assert.InRange(d.Criteria.Count, 8, 15));
        Assert.Contains(cycle.Dimensions.SelectMany(d => d.Criteria), c => c.IsMandatory);
        Assert.Contains(cycle.Dimensions.SelectMany(d => d.Criteria), c => !c.IsMandatory);
        Assert.Equal([1, 2, 3], cycle.Levels.OrderBy(l => l.Rank).Select(l => l.Rank));

        var agencies = await app.WithDbAsync(db => db.Agencies.Select(a => a.NameTh).ToListAsync());
        Assert.Contains("สำนักงานสรรพสามิตจังหวัดสงขลา", agencies);
        Assert.Contains("การไฟฟ้าส่วนภูมิภาคจังหวัดสงขลา", agencies);
        Assert.True(agencies.Count >= 22, $"{agencies.Count} agencies");
        Assert.Equal(agencies.Count, agencies.Distinct().Count());
        Assert.True(await app.WithDbAsync(db => db.Agencies.Select(a => a.ProvinceCode).Distinct().CountAsync()) >= 5);

        var statuses = await app.WithDbAsync(db => db.Applications.Where(a => a.CycleId == cycle.Id).Select(a => a.Status).Distinct().ToListAsync());
        Assert.Equal(Enum.GetValues<ApplicationStatus>().Order(), statuses.Order());

        // The committee has something to decide: several signed off, at least one not recommended.
        var signedOff = await app.WithDbAsync(db => db.Assessments.AsNoTracking().Where(a => a.CycleId == cycle.Id && a.SignedOffAtUtc != null).ToListAsync());
        Assert.True(signedOff.Count >= 3, $"{signedOff.Count} signed off");
        Assert.Contains(signedOff, a => a.RecommendedOutcome == RecommendedOutcome.Certify);
        Assert.Contains(signedOff, a => a.RecommendedOutcome == RecommendedOutcome.DoNotCertify);
        Assert.True(await app.WithDbAsync(db => db.Assessments.AnyAsync(a => a.CycleId == cycle.Id && a.ReconciliationOpenedAtUtc != null && a.SignedOffAtUtc == null)));
        Assert.True(await app.WithDbAsync(db => db.ConflictDeclarations.AnyAsync(c => c.HasConflict)));

        // A cycle open today, so that a new applicant can apply at once.
        Assert.True(await app.WithDbAsync(db => db.Cycles.AnyAsync(c => c.Status == CycleStatus.Open)));

        var roles = await app.WithDbAsync(db => (from u in db.Users
                                                 join ur in db.UserRoles on u.Id equals ur.UserId
                                                 join r in db.Roles on ur.RoleId equals r.Id
                                                 where u.Email!.EndsWith("@gecc.test")
                                                 select r.Name!).Distinct().ToListAsync());
        Assert.Equal(Roles.All.Order(), roles.Order());
    }
}
