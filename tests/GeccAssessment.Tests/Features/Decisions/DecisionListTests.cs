using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Decisions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ServicePoint = GeccAssessment.Web.Domain.ServicePoint;

namespace GeccAssessment.Tests.Features.Decisions;

/// <summary>
/// The committee's list reads a copy of "has a decision" on the assessment and indexes that include
/// the filters' columns (docs/adr/0022). Whatever writes the decisions, the list shows the rows, the
/// order and the count that the rows themselves say, for every filter and with or without "pending".
/// </summary>
public class DecisionListTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    private sealed record Row(int Id, string ProvinceCode, int SubcommitteeId, RecommendedOutcome? Recommendation, int? Level, bool SignedOff);

    private sealed record Scene(int CycleId, int[] Subcommittees, string Tag);

    [Fact]
    public async Task The_decided_flag_follows_decisions_inserted_moved_and_deleted()
    {
        var scene = await SceneAsync(count: 12);
        var decisionIds = await DecideAsync(scene, i => i % 3 == 0);
        await AssertFlagsMatchDecisionsAsync(scene.CycleId);
        await AssertListsMatchRowsAsync(scene);

        // A decision moved to another assessment (by hand in the database), one deleted, one changed in
        // what it decides (no effect on the flag): the flags follow, the pending lists with them.
        var undecided = await app.WithDbAsync(db => db.Assessments
            .Where(a => a.CycleId == scene.CycleId && a.SignedOffAtUtc != null && !db.CertificationDecisions.Any(d => d.AssessmentId == a.Id))
            .OrderBy(a => a.Id).Select(a => new { a.Id, a.ApplicationId }).FirstAsync());
        await app.WithDbAsync(db => db.CertificationDecisions.Where(d => d.Id == decisionIds[0])
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.AssessmentId, undecided.Id).SetProperty(d => d.ApplicationId, undecided.ApplicationId)));
        await app.WithDbAsync(db => db.CertificationDecisions.Where(d => d.Id == decisionIds[1]).ExecuteDeleteAsync());
        await app.WithDbAsync(db => db.CertificationDecisions.Where(d => d.Id == decisionIds[2]).ExecuteUpdateAsync(s => s.SetProperty(d => d.Certified, false).SetProperty(d => d.LevelRank, (int?)null)));
        await AssertFlagsMatchDecisionsAsync(scene.CycleId);
        await AssertListsMatchRowsAsync(scene);
    }

    [Fact]
    public async Task Every_filter_pending_or_not_shows_the_rows_order_and_count_the_rows_say()
    {
        // 40 signed off (more than a page) in three provinces, two subcommittees, three levels and both
        // recommendations; a quarter decided through the committee's own service, three not signed off.
        var scene = await SceneAsync(count: 43);
        var ids = await app.WithDbAsync(db => db.Assessments.Where(a => a.CycleId == scene.CycleId && a.SignedOffAtUtc != null)
            .OrderBy(a => a.Id).Select(a => a.Id).ToListAsync());
        var toDecide = ids.Where((_, i) => i % 4 == 1).ToList();
        var outcome = await InScopeAsync<DecisionService, DecisionOutcome>(s => s.DecideAsync(
            new DecideForm { CycleId = scene.CycleId, AssessmentIds = toDecide, MeetingNumber = "1/" + scene.Tag, MeetingDate = BuddhistEraDate.ThailandToday(DateTime.UtcNow), Decision = "decline", Reason = "ทดสอบ" }, null));
        Assert.Equal(toDecide.Count, outcome.Decided);
        await AssertFlagsMatchDecisionsAsync(scene.CycleId);
        await AssertListsMatchRowsAsync(scene);
    }

    /// <summary>Each signed-off assessment's flag says whether it has a decision.</summary>
    private async Task AssertFlagsMatchDecisionsAsync(int cycleId)
    {
        var rows = await app.WithDbAsync(db => db.Assessments.Where(a => a.CycleId == cycleId)
            .Select(a => new { a.Id, a.Decided, HasDecision = db.CertificationDecisions.Any(d => d.AssessmentId == a.Id) }).ToListAsync());
        Assert.All(rows, r => Assert.True(r.Decided == r.HasDecision, $"assessment {r.Id}: Decided {r.Decided}, decision {r.HasDecision}"));
    }

    private async Task AssertListsMatchRowsAsync(Scene scene)
    {
        var rows = await app.WithDbAsync(db => db.Assessments.Where(a => a.CycleId == scene.CycleId)
            .Select(a => new Row(a.Id, a.ProvinceCode, a.SubcommitteeId, a.RecommendedOutcome, a.RecommendedLevelRank, a.SignedOffAtUtc != null)).ToListAsync());
        var decided = (await app.WithDbAsync(db => db.CertificationDecisions.Where(d => d.CycleId == scene.CycleId).Select(d => d.AssessmentId).ToListAsync())).ToHashSet();
        var filters = new List<Func<DecisionFilter>>
        {
            () => new(),
            () => new() { Subcommittee = scene.Subcommittees[0] },
            () => new() { Province = "50" },
            () => new() { Level = 2 },
            () => new() { Recommendation = RecommendedOutcome.DoNotCertify },
            () => new() { Subcommittee = scene.Subcommittees[1], Recommendation = RecommendedOutcome.Certify },
            () => new() { Province = "10", Level = 1 },
            () => new() { Subcommittee = scene.Subcommittees[0], Province = "90", Level = 3, Recommendation = RecommendedOutcome.Certify },
        };
        foreach (var pendingOnly in new[] { true, false })
        {
            foreach (var make in filters)
            {
                var probe = make();
                var expected = rows.Where(r => r.SignedOff && (!pendingOnly || !decided.Contains(r.Id))
                        && (probe.Subcommittee is null || r.SubcommitteeId == probe.Subcommittee)
                        && (probe.Province is null || r.ProvinceCode == probe.Province)
                        && (probe.Level is null || r.Level == probe.Level)
                        && (probe.Recommendation is null || r.Recommendation == probe.Recommendation))
                    .OrderBy(r => r.ProvinceCode, StringComparer.Ordinal).ThenBy(r => r.Id).Select(r => r.Id).ToList();
                var what = $"pending {pendingOnly}, subcommittee {probe.Subcommittee}, province {probe.Province}, level {probe.Level}, recommendation {probe.Recommendation}";

                // Forward by the next links, then back from the last page by the previous links.
                var shown = new List<int>();
                string? after = null;
                for (var guard = 0; guard < 10; guard++)
                {
                    var filter = make();
                    filter.Cycle = scene.CycleId;
                    filter.PendingOnly = pendingOnly;
                    filter.After = after;
                    var page = await InScopeAsync<DecisionService, DecisionsPage>(s => s.PageAsync(filter, CancellationToken.None));
                    Assert.True(expected.Count == page.Rows.TotalCount, $"{what}: count {page.Rows.TotalCount}, rows {expected.Count}");
                    Assert.False(page.Rows.CountIsCapped);
                    shown.AddRange(page.Rows.Items.Select(r => r.AssessmentId));
                    after = page.Rows.NextKey;
                    if (after is null)
                    {
                        break;
                    }
                }

                Assert.True(expected.SequenceEqual(shown), $"{what}: shown {string.Join(",", shown)}, rows {string.Join(",", expected)}");

                var last = make();
                last.Cycle = scene.CycleId;
                last.PendingOnly = pendingOnly;
                last.Last = true;
                var lastPage = await InScopeAsync<DecisionService, DecisionsPage>(s => s.PageAsync(last, CancellationToken.None));
                Assert.True(expected.TakeLast(Math.Min(expected.Count, 25)).SequenceEqual(lastPage.Rows.Items.Select(r => r.AssessmentId)), $"{what}: last page");
            }
        }
    }

    private async Task<List<int>> DecideAsync(Scene scene, Func<int, bool> which) => await app.WithDbAsync(async db =>
    {
        var meeting = new CommitteeMeeting { CycleId = scene.CycleId, Number = "1/" + scene.Tag, HeldOn = new DateOnly(2026, 11, 1) };
        db.CommitteeMeetings.Add(meeting);
        await db.SaveChangesAsync();
        var signed = await db.Assessments.AsNoTracking().Where(a => a.CycleId == scene.CycleId && a.SignedOffAtUtc != null).OrderBy(a => a.Id).ToListAsync();
        var decisions = signed.Where((_, i) => which(i)).Select(a => new CertificationDecision
        {
            AssessmentId = a.Id,
            ApplicationId = a.ApplicationId,
            CycleId = scene.CycleId,
            MeetingId = meeting.Id,
            Certified = true,
            LevelRank = 1,
            DecidedAtUtc = DateTime.UtcNow,
        }).ToList();
        db.CertificationDecisions.AddRange(decisions);
        await db.SaveChangesAsync();
        return decisions.Select(d => d.Id).ToList();
    });

    private async Task<TResult> InScopeAsync<TService, TResult>(Func<TService, Task<TResult>> work)
        where TService : notnull
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>
    /// A cycle with <paramref name="count"/> assessments, all but the last three signed off: provinces,
    /// subcommittees, levels and recommendations vary with the position, so every filter splits them.
    /// </summary>
    private async Task<Scene> SceneAsync(int count)
    {
        var cycle = await TestData.CreateCycleAsync(app, TestData.UniqueYear(), status: CycleStatus.Deciding);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var chair = await app.CreateUserAsync($"chair-{tag}@decisions.test", Roles.SubcommitteeChair);
        var agency = await TestData.CreateAgencyAsync(app, "หน่วยงาน " + tag);
        string[] provinces = ["90", "10", "50"];
        return await app.WithDbAsync(async db =>
        {
            var subcommittees = new[] { "ก", "ข" }.Select(n => new Subcommittee { CycleId = cycle.Id, Name = $"คณะ {n} {tag}", ChairUserId = chair.Id, CreatedAtUtc = DateTime.UtcNow }).ToArray();
            db.Subcommittees.AddRange(subcommittees);
            await db.SaveChangesAsync();
            for (var i = 0; i < count; i++)
            {
                var province = provinces[i % 3];
                var point = new ServicePoint { AgencyId = agency.Id, Name = $"จุดบริการ {i} {tag}", Address = "ถนนทดสอบ", ProvinceCode = province, DistrictCode = province + "01", CreatedAtUtc = DateTime.UtcNow };
                var application = new Application
                {
                    CycleId = cycle.Id,
                    AgencyId = agency.Id,
                    ServicePoint = point,
                    ProvinceCode = province,
                    Status = ApplicationStatus.Accepted,
                    SubmittedAtUtc = DateTime.UtcNow,
                    CreatedAtUtc = DateTime.UtcNow,
                    UpdatedAtUtc = DateTime.UtcNow,
                };
                var signedOff = i < count - 3;
                var assessment = new Assessment
                {
                    Application = application,
                    SubcommitteeId = subcommittees[i / 2 % 2].Id,
                    CycleId = cycle.Id,
                    AssignedAtUtc = DateTime.UtcNow,
                    PreliminaryAtUtc = DateTime.UtcNow.AddDays(-3),
                    ReconciliationOpenedAtUtc = DateTime.UtcNow,
                    SignedOffAtUtc = signedOff ? DateTime.UtcNow : null,
                };
                var certify = i % 5 != 0;
                assessment.RecordRecommendation(new ScoringResult([], true, [], [], [], certify, 19, 20, certify ? 95 : 40,
                    certify ? RecommendedOutcome.Certify : RecommendedOutcome.DoNotCertify, certify ? 1 + (i % 7 % 3) : null, []));
                db.Assessments.Add(assessment);
            }

            await db.SaveChangesAsync();
            return new Scene(cycle.Id, [.. subcommittees.Select(s => s.Id)], tag);
        });
    }
}
