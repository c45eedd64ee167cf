using System.Globalization;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Dashboard;
using GeccAssessment.Web.Features.Subcommittees;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ServicePoint = GeccAssessment.Web.Domain.ServicePoint;

namespace GeccAssessment.Tests.Features.Dashboard;

/// <summary>
/// The running totals the database keeps (docs/adr/0018) equal what counting the rows gives, after
/// every kind of change that moves them, also when many sessions change rows at once; and the
/// dashboard and the assignment page show them.
/// </summary>
public class CycleTotalsTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string D(decimal value) => decimal.Round(value, 4).ToString("0.0000", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Totals_follow_applications_assignments_sign_offs_decisions_and_revocations()
    {
        var scene = await SceneAsync();
        await AssertTotalsMatchAsync(scene.CycleId, "after the inserts");

        // Screening: two submitted ones accepted, one accepted one returned, one draft deleted.
        await app.WithDbAsync(async db =>
        {
            var apps = await db.Applications.Where(a => a.CycleId == scene.CycleId).OrderBy(a => a.Id).ToListAsync();
            foreach (var a in apps.Where(a => a.Status == ApplicationStatus.Submitted).Take(2))
            {
                a.Status = ApplicationStatus.Accepted;
            }

            apps.First(a => a.Status == ApplicationStatus.Accepted && a.ProvinceCode == "50").Status = ApplicationStatus.Returned;
            db.Applications.Remove(apps.First(a => a.Status == ApplicationStatus.Draft));
            return await db.SaveChangesAsync();
        });
        await AssertTotalsMatchAsync(scene.CycleId, "after screening");

        // Assignment through the app's own service: every unassigned one of province 10.
        var (assigned, problem) = await WithServiceAsync<SubcommitteeService, (int, Web.Infrastructure.Message?)>(s =>
            s.AssignAsync(scene.SubcommitteeId, [], new AssignFilter { Cycle = scene.CycleId, Province = "10" }));
        Assert.Null(problem);
        Assert.True(assigned > 0);
        await AssertTotalsMatchAsync(scene.CycleId, "after assigning province 10");

        // Sign-offs with their recommendations and percentages, one without a percentage for a dimension; one left open.
        await app.WithDbAsync(async db =>
        {
            var open = await db.Assessments.Where(a => a.CycleId == scene.CycleId && a.SignedOffAtUtc == null).OrderBy(a => a.Id).ToListAsync();
            foreach (var (a, i) in open.SkipLast(1).Select((a, i) => (a, i)))
            {
                a.SignedOffAtUtc = DateTime.UtcNow;
                a.RecommendedOutcome = i % 3 == 2 ? RecommendedOutcome.DoNotCertify : RecommendedOutcome.Certify;
                a.PremisesPercent = 70.1234m + i;
                a.PersonnelPercent = 80.5m - i;
                a.ServiceProcessPercent = i == 1 ? null : 90m;
                a.OtherPercent = 60.25m;
            }

            return await db.SaveChangesAsync();
        });
        await AssertTotalsMatchAsync(scene.CycleId, "after sign-off");

        // A signed-off assessment re-scored (its percentages and recommendation change).
        await app.WithDbAsync(async db =>
        {
            var one = await db.Assessments.Where(a => a.CycleId == scene.CycleId && a.SignedOffAtUtc != null).OrderBy(a => a.Id).FirstAsync();
            one.PremisesPercent = 55m;
            one.RecommendedOutcome = RecommendedOutcome.DoNotCertify;
            return await db.SaveChangesAsync();
        });
        await AssertTotalsMatchAsync(scene.CycleId, "after a re-score");

        // The committee decides: certifies two, declines one; then one decision is changed.
        var decisionIds = await app.WithDbAsync(async db =>
        {
            var meeting = new CommitteeMeeting { CycleId = scene.CycleId, Number = "1/" + scene.Tag, HeldOn = new DateOnly(2026, 11, 1) };
            db.CommitteeMeetings.Add(meeting);
            await db.SaveChangesAsync();
            var signed = await db.Assessments.Where(a => a.CycleId == scene.CycleId && a.SignedOffAtUtc != null).OrderBy(a => a.Id).Take(3).ToListAsync();
            var decisions = signed.Select((a, i) => new CertificationDecision
            {
                AssessmentId = a.Id,
                ApplicationId = a.ApplicationId,
                CycleId = scene.CycleId,
                MeetingId = meeting.Id,
                Certified = i < 2,
                LevelRank = i < 2 ? 1 : null,
                DecidedAtUtc = DateTime.UtcNow,
            }).ToList();
            db.CertificationDecisions.AddRange(decisions);
            await db.SaveChangesAsync();
            return decisions.Select(d => d.Id).ToList();
        });
        await AssertTotalsMatchAsync(scene.CycleId, "after the decisions");
        await app.WithDbAsync(db => db.CertificationDecisions.Where(d => d.Id == decisionIds[2]).ExecuteUpdateAsync(s => s.SetProperty(d => d.Certified, true)));
        await app.WithDbAsync(db => db.CertificationDecisions.Where(d => d.Id == decisionIds[1]).ExecuteUpdateAsync(s => s.SetProperty(d => d.Certified, false)));
        await AssertTotalsMatchAsync(scene.CycleId, "after a decision changed");

        // Certificates issued for the certified, one revoked, one moved to another level.
        await app.WithDbAsync(async db =>
        {
            var certified = await db.CertificationDecisions.Where(d => d.CycleId == scene.CycleId && d.Certified).OrderBy(d => d.Id).ToListAsync();
            var year = await db.Cycles.Where(c => c.Id == scene.CycleId).Select(c => c.BuddhistYear).SingleAsync();
            db.Certificates.AddRange(certified.Select((d, i) => new Certificate
            {
                CycleId = scene.CycleId,
                Sequence = i + 1,
                Number = Certificate.FormatNumber(year, i + 1),
                ApplicationId = d.ApplicationId,
                DecisionId = d.Id,
                MeetingId = d.MeetingId,
                LevelRank = 1,
                LevelNameTh = "ระดับพื้นฐาน",
                LevelNameEn = "Basic",
                AgencyName = "หน่วยงาน",
                ServicePointName = "จุดบริการ",
                ProvinceCode = "10",
                IssuedOn = new DateOnly(2026, 11, 2),
                ValidUntil = new DateOnly(2029, 11, 1),
            }));
            return await db.SaveChangesAsync();
        });
        await AssertTotalsMatchAsync(scene.CycleId, "after the certificates");
        await app.WithDbAsync(async db =>
        {
            var certificates = await db.Certificates.Where(c => c.CycleId == scene.CycleId).OrderBy(c => c.Id).ToListAsync();
            certificates[0].RevokedAtUtc = DateTime.UtcNow;
            certificates[0].RevokeReason = "ทดสอบ";
            certificates[1].LevelRank = 2;
            return await db.SaveChangesAsync();
        });
        await AssertTotalsMatchAsync(scene.CycleId, "after a revocation");

        // A service point moves province: its application and assessment follow (ADR 0013), and so do the totals.
        await app.WithDbAsync(async db =>
        {
            var pointId = await db.Assessments.Where(a => a.CycleId == scene.CycleId && a.SignedOffAtUtc != null).OrderBy(a => a.Id)
                .Select(a => a.Application!.ServicePointId).FirstAsync();
            return await db.ServicePoints.Where(p => p.Id == pointId).ExecuteUpdateAsync(s => s.SetProperty(p => p.ProvinceCode, "90").SetProperty(p => p.DistrictCode, "9001"));
        });
        await AssertTotalsMatchAsync(scene.CycleId, "after a point moved province");

        // An assignment undone (an assessment not yet signed off deleted): its application is unassigned again.
        await app.WithDbAsync(async db =>
        {
            var open = await db.Assessments.Where(a => a.CycleId == scene.CycleId && a.SignedOffAtUtc == null).OrderBy(a => a.Id).FirstAsync();
            db.Assessments.Remove(open);
            return await db.SaveChangesAsync();
        });
        await AssertTotalsMatchAsync(scene.CycleId, "after an assignment undone");

        // Counting everything again from the rows (what the migration and the bench do) gives the same.
        var before = await TotalsAsync(scene.CycleId);
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("SELECT cycle_totals_rebuild()"));
        Assert.Equal(before, await TotalsAsync(scene.CycleId));
    }

    [Fact]
    public async Task The_dashboard_and_the_assignment_page_show_the_counted_figures()
    {
        var scene = await SceneAsync();
        await WithServiceAsync<SubcommitteeService, (int, Web.Infrastructure.Message?)>(s =>
            s.AssignAsync(scene.SubcommitteeId, [], new AssignFilter { Cycle = scene.CycleId, Province = "50" }));
        await app.WithDbAsync(async db =>
        {
            var open = await db.Assessments.Where(a => a.CycleId == scene.CycleId).OrderBy(a => a.Id).ToListAsync();
            foreach (var (a, i) in open.Select((a, i) => (a, i)))
            {
                a.SignedOffAtUtc = DateTime.UtcNow;
                a.RecommendedOutcome = i % 2 == 0 ? RecommendedOutcome.Certify : RecommendedOutcome.DoNotCertify;
                a.PremisesPercent = 61.1111m * (i + 1) / 2;
                a.PersonnelPercent = 70m;
                a.ServiceProcessPercent = 81.3333m;
                a.OtherPercent = i == 0 ? null : 99.9999m;
            }

            return await db.SaveChangesAsync();
        });

        var page = await WithServiceAsync<DashboardService, DashboardPage>(s => s.PageAsync(scene.CycleId, key => key, CancellationToken.None));
        var truth = await app.WithDbAsync(async db => new
        {
            Statuses = await db.Applications.Where(a => a.CycleId == scene.CycleId).GroupBy(a => a.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(),
            Provinces = await db.Assessments.Where(a => a.CycleId == scene.CycleId && a.SignedOffAtUtc != null).GroupBy(a => a.ProvinceCode)
                .Select(g => new { g.Key, Assessed = g.Count(), Recommended = g.Count(a => a.RecommendedOutcome == RecommendedOutcome.Certify) }).ToListAsync(),
            Averages = await db.Assessments.Where(a => a.CycleId == scene.CycleId && a.SignedOffAtUtc != null).GroupBy(a => 1)
                .Select(g => new[] { g.Average(a => a.PremisesPercent), g.Average(a => a.PersonnelPercent), g.Average(a => a.ServiceProcessPercent), g.Average(a => a.OtherPercent) })
                .SingleAsync(),
        });

        var status = page.Charts.Single(c => c.Id == "status");
        Assert.Equal(
            Enum.GetValues<ApplicationStatus>().Select(s => (decimal)(truth.Statuses.FirstOrDefault(x => x.Key == s)?.Count ?? 0)),
            status.Series.Single().Values);
        var province = page.Charts.Single(c => c.Id == "province");
        Assert.Equal(truth.Provinces.Count, province.Labels.Count);
        Assert.Equal(truth.Provinces.Sum(p => p.Assessed), province.Series[0].Values.Sum());
        Assert.Equal(truth.Provinces.Sum(p => p.Recommended), province.Series[1].Values.Sum());
        var dimension = page.Charts.Single(c => c.Id == "dimension");
        Assert.Equal(truth.Averages.Select(a => ScoringPolicy.RoundForDisplay(a!.Value)), dimension.Series.Single().Values);

        // The assignment page counts the unassigned ones from the totals, exactly, and pages them by key.
        var assign = await WithServiceAsync<SubcommitteeService, AssignPage>(s => s.AssignPageAsync(new AssignFilter { Cycle = scene.CycleId }, CancellationToken.None));
        var unassigned = await app.WithDbAsync(db => db.Applications.CountAsync(a => a.CycleId == scene.CycleId && a.Status == ApplicationStatus.Accepted
            && !db.Assessments.Any(s => s.ApplicationId == a.Id)));
        Assert.True(unassigned > 0);
        Assert.Equal(unassigned, assign.Unassigned);
        Assert.Equal(unassigned, assign.Rows.TotalCount);
        Assert.Equal(unassigned, assign.Rows.Items.Count);
        Assert.All(assign.Rows.Items, r => Assert.Null(r.SubcommitteeName));
        Assert.Equal(assign.Rows.Items.OrderBy(r => r.ProvinceCode, StringComparer.Ordinal).ThenBy(r => r.ApplicationId).Select(r => r.ApplicationId), assign.Rows.Items.Select(r => r.ApplicationId));
        var one = await WithServiceAsync<SubcommitteeService, AssignPage>(s => s.AssignPageAsync(new AssignFilter { Cycle = scene.CycleId, Province = "10" }, CancellationToken.None));
        Assert.Equal(assign.Rows.Items.Count(r => r.ProvinceCode == "10"), one.Unassigned);
    }

    [Fact]
    public async Task Totals_stay_exact_when_many_sessions_change_rows_at_once()
    {
        var scene = await SceneAsync(perProvince: 12);
        var ids = await app.WithDbAsync(db => db.Applications.Where(a => a.CycleId == scene.CycleId).OrderBy(a => a.Id).Select(a => a.Id).ToListAsync());
        var assessmentIds = await app.WithDbAsync(async db =>
        {
            // Half of them assigned now, to be signed off and decided on concurrently below.
            var accepted = await db.Applications.Where(a => a.CycleId == scene.CycleId && a.Status == ApplicationStatus.Accepted).OrderBy(a => a.Id).ToListAsync();
            var assessments = accepted.Where((_, i) => i % 2 == 0)
                .Select(a => new Assessment { ApplicationId = a.Id, SubcommitteeId = scene.SubcommitteeId, CycleId = scene.CycleId, AssignedAtUtc = DateTime.UtcNow }).ToList();
            db.Assessments.AddRange(assessments);
            await db.SaveChangesAsync();
            return assessments.Select(a => a.Id).ToList();
        });
        var meetingId = await app.WithDbAsync(async db =>
        {
            var meeting = new CommitteeMeeting { CycleId = scene.CycleId, Number = "2/" + scene.Tag, HeldOn = new DateOnly(2026, 11, 1) };
            db.CommitteeMeetings.Add(meeting);
            await db.SaveChangesAsync();
            return meeting.Id;
        });

        // Eight sessions at once, all on the same few totals rows: each moves the statuses of its own
        // applications round (submitted → returned → accepted → submitted: every pair of statuses both
        // ways) while the next session assigns those same applications and undoes the assignments, and
        // the assessments made above are signed off and decided on.
        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var mine = ids.Where((_, i) => i % 8 == w).ToList();
            var theirs = ids.Where((_, i) => i % 8 == (w + 1) % 8).ToList();
            var kept = assessmentIds.ToArray();
            for (var round = 0; round < 6; round++)
            {
                foreach (var (id, other) in mine.Zip(theirs))
                {
                    await app.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync($"""
                        UPDATE "Applications" SET "Status" = CASE "Status" WHEN 'Submitted' THEN 'Returned' WHEN 'Returned' THEN 'Accepted'
                            WHEN 'Accepted' THEN 'Submitted' ELSE "Status" END
                        WHERE "Id" = {id}
                        """));
                    await app.WithDbAsync(db => round % 2 == 0
                        ? db.Database.ExecuteSqlInterpolatedAsync($"""
                            INSERT INTO "Assessments" ("ApplicationId", "SubcommitteeId", "CycleId", "AssignedAtUtc", "ProvinceCode", "PreliminaryOutcome")
                            SELECT a."Id", {scene.SubcommitteeId}, a."CycleId", now(), a."ProvinceCode", 'Pending' FROM "Applications" a
                            WHERE a."Id" = {other} AND a."Status" = 'Accepted'
                            ON CONFLICT DO NOTHING
                            """)
                        : db.Database.ExecuteSqlInterpolatedAsync($"""
                            DELETE FROM "Assessments" WHERE "ApplicationId" = {other} AND NOT ("Id" = ANY ({kept}))
                            """));
                }
            }

            foreach (var id in assessmentIds.Where((_, i) => i % 8 == w))
            {
                await app.WithDbAsync(async db =>
                {
                    await using var transaction = await db.Database.BeginTransactionAsync();
                    await db.Database.ExecuteSqlInterpolatedAsync($"""
                        UPDATE "Assessments" SET "SignedOffAtUtc" = now(), "RecommendedOutcome" = 'Certify', "PremisesPercent" = 75.5, "OtherPercent" = 66.6667 WHERE "Id" = {id}
                        """);
                    await db.Database.ExecuteSqlInterpolatedAsync($"""
                        INSERT INTO "CertificationDecisions" ("AssessmentId", "ApplicationId", "CycleId", "MeetingId", "Certified", "LevelRank", "DecidedAtUtc")
                        SELECT s."Id", s."ApplicationId", s."CycleId", {meetingId}, s."Id" % 2 = 0, 1, now() FROM "Assessments" s WHERE s."Id" = {id}
                        """);
                    await transaction.CommitAsync();
                    return 0;
                });
            }
        })).ToList();
        await Task.WhenAll(workers);

        await AssertTotalsMatchAsync(scene.CycleId, "after concurrent changes");
        var signedOff = await app.WithDbAsync(db => db.Assessments.CountAsync(a => a.CycleId == scene.CycleId && a.SignedOffAtUtc != null));
        Assert.Equal(assessmentIds.Count, signedOff);
    }

    private sealed record Scene(int CycleId, int SubcommitteeId, string Tag);

    /// <summary>A cycle with applications in two provinces in every status, and a subcommittee.</summary>
    private async Task<Scene> SceneAsync(int perProvince = 6)
    {
        var cycle = await TestData.CreateCycleAsync(app, TestData.UniqueYear(), status: CycleStatus.Deciding);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var chair = await app.CreateUserAsync($"chair-{tag}@totals.test", Roles.SubcommitteeChair);
        var agency = await TestData.CreateAgencyAsync(app, "หน่วยงาน " + tag);
        return await app.WithDbAsync(async db =>
        {
            var subcommittee = new Subcommittee { CycleId = cycle.Id, Name = "คณะ " + tag, ChairUserId = chair.Id, CreatedAtUtc = DateTime.UtcNow };
            db.Subcommittees.Add(subcommittee);
            ApplicationStatus[] statuses = [ApplicationStatus.Draft, ApplicationStatus.Submitted, ApplicationStatus.Accepted, ApplicationStatus.Accepted, ApplicationStatus.Returned, ApplicationStatus.Accepted];
            foreach (var province in new[] { "10", "50" })
            {
                for (var i = 0; i < perProvince; i++)
                {
                    var point = new ServicePoint { AgencyId = agency.Id, Name = $"จุดบริการ {province} {i} {tag}", Address = "ถนนทดสอบ", ProvinceCode = province, DistrictCode = province + "01", CreatedAtUtc = DateTime.UtcNow };
                    var status = statuses[i % statuses.Length];
                    db.Applications.Add(new Application
                    {
                        CycleId = cycle.Id,
                        AgencyId = agency.Id,
                        ServicePoint = point,
                        ProvinceCode = province,
                        Status = status,
                        SubmittedAtUtc = status == ApplicationStatus.Draft ? null : DateTime.UtcNow,
                        CreatedAtUtc = DateTime.UtcNow,
                        UpdatedAtUtc = DateTime.UtcNow,
                    });
                }
            }

            await db.SaveChangesAsync();
            return new Scene(cycle.Id, subcommittee.Id, tag);
        });
    }

    private async Task<TResult> WithServiceAsync<TService, TResult>(Func<TService, Task<TResult>> work)
        where TService : notnull
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    private async Task AssertTotalsMatchAsync(int cycleId, string when)
    {
        var truth = await app.WithDbAsync(db => TruthAsync(db, cycleId));
        var totals = await TotalsAsync(cycleId);
        Assert.True(truth.SequenceEqual(totals), $"{when}:\n  counted: {string.Join(" | ", truth)}\n  totals:  {string.Join(" | ", totals)}");
    }

    /// <summary>The figures counted from the rows, as the dashboard counted them before the totals.</summary>
    private static async Task<List<string>> TruthAsync(ApplicationDbContext db, int cycleId)
    {
        var lines = new List<string>();
        var statuses = await db.Applications.Where(a => a.CycleId == cycleId).GroupBy(a => a.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        lines.AddRange(statuses.Select(s => $"status {s.Key}={I(s.Count)}"));
        var unassigned = await db.Applications.Where(a => a.CycleId == cycleId && a.Status == ApplicationStatus.Accepted && !db.Assessments.Any(s => s.ApplicationId == a.Id))
            .GroupBy(a => a.ProvinceCode).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        var provinces = await db.Assessments.Where(a => a.CycleId == cycleId && a.SignedOffAtUtc != null).GroupBy(a => a.ProvinceCode)
            .Select(g => new
            {
                g.Key,
                Assessed = g.Count(),
                Recommended = g.Count(a => a.RecommendedOutcome == RecommendedOutcome.Certify),
                Certified = g.Count(a => db.CertificationDecisions.Any(d => d.AssessmentId == a.Id && d.Certified)),
                Premises = g.Sum(a => a.PremisesPercent) ?? 0,
                PremisesCount = g.Count(a => a.PremisesPercent != null),
                Personnel = g.Sum(a => a.PersonnelPercent) ?? 0,
                PersonnelCount = g.Count(a => a.PersonnelPercent != null),
                Service = g.Sum(a => a.ServiceProcessPercent) ?? 0,
                ServiceCount = g.Count(a => a.ServiceProcessPercent != null),
                Other = g.Sum(a => a.OtherPercent) ?? 0,
                OtherCount = g.Count(a => a.OtherPercent != null),
            }).ToListAsync();
        foreach (var code in unassigned.Select(u => u.Key).Union(provinces.Select(p => p.Key)))
        {
            var p = provinces.FirstOrDefault(x => x.Key == code);
            lines.Add($"province {code}: unassigned={I(unassigned.FirstOrDefault(u => u.Key == code)?.Count ?? 0)} assessed={I(p?.Assessed ?? 0)} recommended={I(p?.Recommended ?? 0)} "
                + $"certified={I(p?.Certified ?? 0)} premises={D(p?.Premises ?? 0)}/{I(p?.PremisesCount ?? 0)} personnel={D(p?.Personnel ?? 0)}/{I(p?.PersonnelCount ?? 0)} "
                + $"service={D(p?.Service ?? 0)}/{I(p?.ServiceCount ?? 0)} other={D(p?.Other ?? 0)}/{I(p?.OtherCount ?? 0)}");
        }

        var levels = await db.Certificates.Where(c => c.CycleId == cycleId && c.RevokedAtUtc == null).GroupBy(c => c.LevelRank).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        lines.AddRange(levels.Select(l => $"level {I(l.Key)}={I(l.Count)}"));
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>The same figures from the totals tables (rows back at zero left out, as the pages leave them out).</summary>
    private async Task<List<string>> TotalsAsync(int cycleId) => await app.WithDbAsync(async db =>
    {
        var lines = new List<string>();
        lines.AddRange((await db.CycleStatusTotals.Where(t => t.CycleId == cycleId && t.Applications != 0).ToListAsync()).Select(t => $"status {t.Status}={I(t.Applications)}"));
        var provinces = await db.CycleProvinceTotals.Where(t => t.CycleId == cycleId && (t.Unassigned != 0 || t.Assessed != 0 || t.PremisesCount != 0 || t.Certified != 0)).ToListAsync();
        lines.AddRange(provinces.Select(p =>
            $"province {p.ProvinceCode}: unassigned={I(p.Unassigned)} assessed={I(p.Assessed)} recommended={I(p.RecommendedCertify)} "
            + $"certified={I(p.Certified)} premises={D(p.PremisesSum)}/{I(p.PremisesCount)} personnel={D(p.PersonnelSum)}/{I(p.PersonnelCount)} "
            + $"service={D(p.ServiceProcessSum)}/{I(p.ServiceProcessCount)} other={D(p.OtherSum)}/{I(p.OtherCount)}"));
        lines.AddRange((await db.CycleLevelTotals.Where(t => t.CycleId == cycleId && t.Certificates != 0).ToListAsync()).Select(t => $"level {I(t.LevelRank)}={I(t.Certificates)}"));
        lines.Sort(StringComparer.Ordinal);
        return lines;
    });
}
