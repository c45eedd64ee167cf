using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Subcommittees;
using GeccAssessment.Web.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GeccAssessment.Tests.Features.Subcommittees;

/// <summary>
/// Bulk assignments that run at the same moment across the same provinces (docs/adr/0025): they
/// queue on the cycle's totals rows instead of deadlocking on them, and the one that waited assigns
/// only what the other left, so nobody sees the action fail and nothing saved is lost.
/// </summary>
public class BulkAssignmentConcurrencyTests(BulkAssignmentConcurrencyTests.Factory app) : IClassFixture<BulkAssignmentConcurrencyTests.Factory>
{
    /// <summary>Assignments started together; every other one takes its provinces the other way round.</summary>
    private const int Actors = 8;

    /// <summary>Applications each assignment takes in each of its two provinces.</summary>
    private const int Block = 40;

    [Fact]
    public async Task Assignments_across_provinces_in_opposite_orders_queue_instead_of_deadlocking()
    {
        // Eight people assign their own selections at once, each in provinces 10 and 50. By id (the
        // order PostgreSQL reads such a selection in, and the order the inserts run in), half of them
        // reach province 10 first and the other half province 50 first, as hand-picked selections
        // easily do: the applications were created in that order. Before docs/adr/0025 this deadlocked
        // 8 to 16 times in every run, and the strategy's retries gave up on one assignment in twelve runs.
        var layout = Enumerable.Range(0, Actors).SelectMany(actor => Enumerable.Repeat((Actor: actor, Province: actor % 2 == 0 ? "10" : "50"), Block))
            .Concat(Enumerable.Range(0, Actors).SelectMany(actor => Enumerable.Repeat((Actor: actor, Province: actor % 2 == 0 ? "50" : "10"), Block)))
            .ToList();
        var scene = await SceneAsync([.. layout.Select(l => l.Province)]);
        var selections = layout.Zip(scene.ApplicationIds).GroupBy(x => x.First.Actor, x => x.Second).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
        var before = Deadlocks();

        var results = await AtOnceAsync([.. selections.Select((selection, actor) => (Func<SubcommitteeService, Task<(int, Message?)>>)(s =>
            s.AssignAsync(scene.SubcommitteeIds[actor % 2], selection, null)))]);

        Assert.All(results, r => Assert.Null(r.Problem));
        Assert.Equal(selections.Select(s => s.Count), results.Select(r => r.Assigned));
        var assigned = await app.WithDbAsync(db => db.Assessments.Where(a => a.CycleId == scene.CycleId)
            .GroupBy(a => a.SubcommitteeId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));
        Assert.Equal(layout.Count / 2, assigned[scene.SubcommitteeIds[0]]);
        Assert.Equal(layout.Count / 2, assigned[scene.SubcommitteeIds[1]]);
        await AssertNothingUnassignedAsync(scene.CycleId);
        Assert.True(Deadlocks() == before, $"{Deadlocks() - before} deadlocks detected (and retried) among {Actors} assignments");
    }

    [Fact]
    public async Task Two_people_assigning_the_same_applications_at_once_each_get_an_answer_and_none_is_assigned_twice()
    {
        var scene = await SceneAsync([.. Enumerable.Range(0, 4 * Block).Select(i => i % 3 == 0 ? "10" : i % 3 == 1 ? "50" : "90")]);

        // Both ask for every unassigned application of the cycle: one assigns them all, the other
        // waits for it and then finds nothing left (a message, not an error page).
        var results = await AtOnceAsync(
            s => s.AssignAsync(scene.SubcommitteeIds[0], [], new AssignFilter { Cycle = scene.CycleId }),
            s => s.AssignAsync(scene.SubcommitteeIds[1], [], new AssignFilter { Cycle = scene.CycleId }));

        Assert.Equal(scene.ApplicationIds.Count, results.Sum(r => r.Assigned));
        Assert.Contains(results, r => r.Problem?.Key == "Subcommittees.NothingToAssign");
        await AssertNothingUnassignedAsync(scene.CycleId);
    }

    private sealed record Scene(int CycleId, int[] SubcommitteeIds, List<int> ApplicationIds);

    /// <summary>
    /// A cycle with an accepted application in each of <paramref name="provinces"/>, whose ids
    /// follow that order, and two subcommittees.
    /// </summary>
    private async Task<Scene> SceneAsync(string[] provinces)
    {
        var cycle = await TestData.CreateCycleAsync(app, TestData.UniqueYear(), status: CycleStatus.Assessing);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var chair = await app.CreateUserAsync($"chair-{tag}@bulk.test", Roles.SubcommitteeChair);
        var agency = await TestData.CreateAgencyAsync(app, "หน่วยงาน " + tag);
        return await app.WithDbAsync(async db =>
        {
            var subcommittees = new[] { "ก", "ข" }.Select(n => new Subcommittee { CycleId = cycle.Id, Name = $"คณะ {n} {tag}", ChairUserId = chair.Id, CreatedAtUtc = DateTime.UtcNow }).ToList();
            db.Subcommittees.AddRange(subcommittees);
            await db.SaveChangesAsync();
            // One statement for hundreds of points and applications (the triggers still count them).
            await db.Database.ExecuteSqlAsync($"""
                WITH points AS (
                    INSERT INTO "ServicePoints" ("AgencyId", "Name", "Address", "ProvinceCode", "DistrictCode", "CreatedAtUtc")
                    SELECT {agency.Id}, 'จุดบริการ ' || x.n || ' ' || {tag}, 'ถนนทดสอบ', x.p, x.p || '01', now()
                    FROM unnest({provinces}::text[]) WITH ORDINALITY AS x(p, n) ORDER BY x.n
                    RETURNING "Id", "ProvinceCode")
                INSERT INTO "Applications" ("CycleId", "ServicePointId", "AgencyId", "ProvinceCode", "Status", "SubmittedAtUtc", "CreatedAtUtc", "UpdatedAtUtc")
                SELECT {cycle.Id}, points."Id", {agency.Id}, points."ProvinceCode", 'Accepted', now(), now(), now() FROM points ORDER BY points."Id"
                """);
            var ids = await db.Applications.Where(a => a.CycleId == cycle.Id).OrderBy(a => a.Id).Select(a => new { a.Id, a.ProvinceCode }).ToListAsync();
            Assert.Equal(provinces, ids.Select(a => a.ProvinceCode));
            // Statistics, as a live database has them: PostgreSQL then reads a selection of a few dozen
            // ids in id order (by the primary key or the table), not by province through the status index.
            await db.Database.ExecuteSqlRawAsync("""ANALYZE "Applications", "Assessments" """);
            return new Scene(cycle.Id, [.. subcommittees.Select(s => s.Id)], [.. ids.Select(a => a.Id)]);
        });
    }

    /// <summary>Runs the assignments in their own scopes (own context, own connection), started together.</summary>
    private async Task<(int Assigned, Message? Problem)[]> AtOnceAsync(params Func<SubcommitteeService, Task<(int, Message?)>>[] work)
    {
        var scopes = work.Select(_ => app.Services.CreateAsyncScope()).ToList();
        try
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var running = work.Zip(scopes, (w, scope) => Task.Run(async () =>
            {
                var service = scope.ServiceProvider.GetRequiredService<SubcommitteeService>();
                await start.Task;
                return await w(service);
            })).ToList();
            start.SetResult();
            return await Task.WhenAll(running);
        }
        finally
        {
            foreach (var scope in scopes)
            {
                await scope.DisposeAsync();
            }
        }
    }

    /// <summary>No accepted application is left without an assessment, and the running totals say so too.</summary>
    private async Task AssertNothingUnassignedAsync(int cycleId)
    {
        var left = await app.WithDbAsync(db => db.Applications.CountAsync(a => a.CycleId == cycleId && a.Status == ApplicationStatus.Accepted
            && !db.Assessments.Any(s => s.ApplicationId == a.Id)));
        Assert.Equal(0, left);
        var totals = await app.WithDbAsync(db => db.CycleProvinceTotals.Where(t => t.CycleId == cycleId).SumAsync(t => t.Unassigned));
        Assert.Equal(0, totals);
    }

    /// <summary>
    /// Deadlocks PostgreSQL detected and the app retried, as it logged them (each deadlock once,
    /// however many events carry it).
    /// </summary>
    private int Deadlocks() => app.Logs.Events
        .SelectMany(e => Chain(e.Exception))
        .OfType<PostgresException>()
        .Where(e => e.SqlState == PostgresErrorCodes.DeadlockDetected)
        .Distinct()
        .Count();

    private static IEnumerable<Exception> Chain(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            yield return exception;
        }
    }

    /// <summary>
    /// The app with its execution strategy's retries logged: a deadlock in a save is retried by the
    /// strategy (EnableRetryOnFailure) and logged nowhere else, neither as a failed command (it ends a
    /// batch part-way) nor as a failed save (the retry succeeds).
    /// </summary>
    public sealed class Factory : GeccAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore.Infrastructure", "Information");
        }
    }
}
