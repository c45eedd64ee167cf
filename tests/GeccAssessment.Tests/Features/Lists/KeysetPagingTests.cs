using System.Globalization;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Assessments;
using GeccAssessment.Web.Features.Decisions;
using GeccAssessment.Web.Features.Screening;
using GeccAssessment.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using ServicePoint = GeccAssessment.Web.Domain.ServicePoint;

namespace GeccAssessment.Tests.Features.Lists;

/// <summary>
/// Keyset paging (docs/adr/0013): walking a list by its next links, or back from its last page by
/// its previous links, shows every row once, in the list's order, also when many rows share a sort
/// value and when some have none (nulls last).
/// </summary>
public class KeysetPagingTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    private sealed record Row(int Id, DateTime? At);

    private sealed record ProvinceRow(int Id, string ProvinceCode);

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_screening_order_walks_forward_and_back_through_ties_and_unsubmitted_rows()
    {
        var cycle = await TestData.CreateCycleAsync(app, TestData.UniqueYear());
        var agency = await TestData.CreateAgencyAsync(app, "หน่วยงานคิวตรวจเอกสาร");
        var monday = new DateTime(2026, 11, 2, 3, 0, 0, DateTimeKind.Utc);
        // 13 rows: four share one time, three another, three more have their own, three were never submitted.
        DateTime?[] times = [monday, monday.AddHours(1), monday, null, monday.AddHours(1), monday, monday.AddDays(1), null, monday.AddHours(1), monday, monday.AddDays(2), null, monday.AddDays(3)];
        await app.WithDbAsync(async db =>
        {
            // One application per service point and cycle: a point for each.
            foreach (var at in times)
            {
                var point = new ServicePoint { AgencyId = agency.Id, Name = "จุดบริการ " + Guid.NewGuid().ToString("N")[..8], Address = "ถนนทดสอบ", ProvinceCode = "10", DistrictCode = "1001", CreatedAtUtc = DateTime.UtcNow };
                db.Applications.Add(NewApplication(cycle.Id, point, at is null ? ApplicationStatus.Draft : ApplicationStatus.Submitted, at));
            }

            return await db.SaveChangesAsync();
        });

        var expected = await app.WithDbAsync(db => db.Applications.Where(a => a.CycleId == cycle.Id)
            .Select(a => new Row(a.Id, a.SubmittedAtUtc)).ToListAsync());
        expected = [.. expected.OrderBy(r => r.At is null).ThenBy(r => r.At).ThenBy(r => r.Id)];

        Task<KeysetList<Row>> PageAsync(KeysetRequest request) => app.WithDbAsync(db => KeysetList<Row>.CreateAsync(
            db.Applications.Where(a => a.CycleId == cycle.Id), ScreeningService.Order, q => q.Select(a => new Row(a.Id, a.SubmittedAtUtc)),
            r => (r.At, r.Id), request, pageSize: 3));

        var forward = await WalkForwardAsync(PageAsync);
        Assert.Equal(expected.Select(r => r.Id), forward.Rows.Select(r => r.Id));
        Assert.Equal([3, 3, 3, 3, 1], forward.PageSizes);

        var backward = await WalkBackwardAsync(PageAsync);
        Assert.Equal(expected.Select(r => r.Id), backward.Rows.Select(r => r.Id));
        // Back from the end the pages are cut from the end: the last has three rows, the first what is left, filled up to a page.
        Assert.Equal(3, backward.PageSizes[^1]);
    }

    [Fact]
    public async Task The_assessments_order_puts_unscheduled_ones_last_and_pages_through_them()
    {
        var scene = await SignedOffSceneAsync(provinces: ["10", "10", "90", "10", "90", "50", "10"], scheduled: false);
        await app.WithDbAsync(async db =>
        {
            // Three of seven scheduled, two of them at the same time.
            var at = new DateTime(2026, 12, 1, 2, 0, 0, DateTimeKind.Utc);
            await db.Assessments.Where(a => a.Id == scene.Ids[1] || a.Id == scene.Ids[4]).ExecuteUpdateAsync(s => s.SetProperty(a => a.PreliminaryAtUtc, at));
            return await db.Assessments.Where(a => a.Id == scene.Ids[6]).ExecuteUpdateAsync(s => s.SetProperty(a => a.OnSiteAtUtc, at.AddDays(-1)));
        });
        int[] expected = [scene.Ids[6], scene.Ids[1], scene.Ids[4], scene.Ids[0], scene.Ids[2], scene.Ids[3], scene.Ids[5]];

        Task<KeysetList<Row>> PageAsync(KeysetRequest request) => app.WithDbAsync(db => KeysetList<Row>.CreateAsync(
            db.Assessments.Where(a => a.CycleId == scene.CycleId), AssignmentService.Order, q => q.Select(a => new Row(a.Id, a.ScheduledAtUtc)),
            r => (r.At, r.Id), request, pageSize: 2));

        Assert.Equal(expected, (await WalkForwardAsync(PageAsync)).Rows.Select(r => r.Id));
        Assert.Equal(expected, (await WalkBackwardAsync(PageAsync)).Rows.Select(r => r.Id));
    }

    [Fact]
    public async Task The_decisions_order_pages_by_province_then_id_across_ties()
    {
        var scene = await SignedOffSceneAsync(provinces: ["90", "10", "50", "10", "90", "10", "50", "10", "90"]);
        var expected = scene.Ids.Zip(scene.Provinces).OrderBy(x => x.Second, StringComparer.Ordinal).ThenBy(x => x.First).Select(x => x.First).ToList();

        Task<KeysetList<ProvinceRow>> PageAsync(KeysetRequest request) => app.WithDbAsync(db => KeysetList<ProvinceRow>.CreateAsync(
            db.Assessments.Where(a => a.CycleId == scene.CycleId), DecisionService.Order, q => q.Select(a => new ProvinceRow(a.Id, a.ProvinceCode)),
            r => (r.ProvinceCode, r.Id), request, pageSize: 2));

        var forward = await WalkForwardAsync(PageAsync);
        Assert.Equal(expected, forward.Rows.Select(r => r.Id));
        Assert.Equal(expected, (await WalkBackwardAsync(PageAsync)).Rows.Select(r => r.Id));

        // "Previous" from the second page is the first page, whole.
        var first = await PageAsync(KeysetRequest.First);
        var second = await PageAsync(new KeysetRequest(After: first.NextKey));
        var back = await PageAsync(new KeysetRequest(Before: second.PreviousKey));
        Assert.Equal(first.Items.Select(r => r.Id), back.Items.Select(r => r.Id));
        Assert.True(back.IsFirst);
        Assert.Null(back.PreviousKey);

        // A hand-made key that is not one shows the first page rather than an error.
        var nonsense = await PageAsync(new KeysetRequest(After: "x~'; DROP"));
        Assert.Equal(first.Items.Select(r => r.Id), nonsense.Items.Select(r => r.Id));
    }

    [Fact]
    public async Task The_decisions_page_links_next_previous_and_last_over_http()
    {
        var provinces = Enumerable.Range(0, 30).Select(i => i % 3 == 0 ? "90" : "10").ToArray();
        var scene = await SignedOffSceneAsync(provinces);
        var expected = scene.Ids.Zip(scene.Provinces).OrderBy(x => x.Second, StringComparer.Ordinal).ThenBy(x => x.First).Select(x => x.First).ToList();
        await app.CreateUserAsync($"committee-{scene.Tag}@keyset.test", Roles.SteeringCommittee);
        var browser = app.CreateBrowser();
        await browser.SignInOrFailAsync($"committee-{scene.Tag}@keyset.test");

        var first = await browser.GetPageAsync($"/decisions?cycle={I(scene.CycleId)}");
        Assert.Equal(expected.Take(25), AssessmentIds((AngleSharp.Html.Dom.IHtmlDocument)first));
        Assert.Contains("ทั้งหมด 30 รายการ", first.Body!.TextContent);
        Assert.Null(first.QuerySelector("a[rel=prev]"));

        var next = await browser.GetPageAsync(first.QuerySelector("a[rel=next]")!.GetAttribute("href")!);
        Assert.Equal(expected.Skip(25), AssessmentIds((AngleSharp.Html.Dom.IHtmlDocument)next));
        Assert.Null(next.QuerySelector("a[rel=next]"));

        var previous = await browser.GetPageAsync(next.QuerySelector("a[rel=prev]")!.GetAttribute("href")!);
        Assert.Equal(expected.Take(25), AssessmentIds((AngleSharp.Html.Dom.IHtmlDocument)previous));

        var last = await browser.GetPageAsync($"/decisions?cycle={I(scene.CycleId)}&last=true");
        Assert.Equal(expected.Skip(5), AssessmentIds((AngleSharp.Html.Dom.IHtmlDocument)last));
    }

    [Fact]
    public async Task An_assessment_takes_its_applications_province_and_follows_its_service_point()
    {
        var scene = await SignedOffSceneAsync(provinces: ["10", "90"]);
        var provinces = await app.WithDbAsync(db => db.Assessments.Where(a => a.CycleId == scene.CycleId).OrderBy(a => a.Id).Select(a => a.ProvinceCode).ToListAsync());
        Assert.Equal(["10", "90"], provinces);

        // Whatever code inserts an assessment, the database takes the province from the application.
        var fresh = await app.WithDbAsync(async db =>
        {
            var application = NewApplication(scene.CycleId, await PointAsync("50", "5001"), ApplicationStatus.Accepted, DateTime.UtcNow);
            db.Applications.Add(application);
            await db.SaveChangesAsync();
            var assessment = new Assessment { ApplicationId = application.Id, SubcommitteeId = scene.SubcommitteeId, CycleId = scene.CycleId, AssignedAtUtc = DateTime.UtcNow };
            db.Assessments.Add(assessment);
            await db.SaveChangesAsync();
            // Read back on insert: the tracked entity has it without another query.
            Assert.Equal("50", assessment.ProvinceCode);
            return assessment.Id;
        });

        // The service point moves to another province: its application and assessment move with it.
        await app.WithDbAsync(async db =>
        {
            var pointId = await db.Assessments.Where(a => a.Id == fresh).Select(a => a.Application!.ServicePointId).SingleAsync();
            var point = await db.ServicePoints.SingleAsync(p => p.Id == pointId);
            point.ProvinceCode = "90";
            point.DistrictCode = "9001";
            return await db.SaveChangesAsync();
        });
        var moved = await app.WithDbAsync(db => db.Assessments.Where(a => a.Id == fresh).Select(a => new { a.ProvinceCode, Application = a.Application!.ProvinceCode }).SingleAsync());
        Assert.Equal("90", moved.ProvinceCode);
        Assert.Equal("90", moved.Application);

        // The committee's province filter reads the copy.
        await app.CreateUserAsync($"committee-p-{scene.Tag}@keyset.test", Roles.SteeringCommittee);
        var browser = app.CreateBrowser();
        await browser.SignInOrFailAsync($"committee-p-{scene.Tag}@keyset.test");
        var page = await browser.GetPageAsync($"/decisions?cycle={I(scene.CycleId)}&pendingOnly=false&province=90");
        Assert.Equal([scene.Ids[1]], AssessmentIds((AngleSharp.Html.Dom.IHtmlDocument)page));
    }

    private static List<int> AssessmentIds(AngleSharp.Html.Dom.IHtmlDocument page) =>
        [.. page.QuerySelectorAll("input[name=AssessmentIds]").Select(i => int.Parse(i.GetAttribute("value")!, CultureInfo.InvariantCulture))];

    private static async Task<(List<T> Rows, List<int> PageSizes)> WalkForwardAsync<T>(Func<KeysetRequest, Task<KeysetList<T>>> page)
    {
        var rows = new List<T>();
        var sizes = new List<int>();
        var current = await page(KeysetRequest.First);
        Assert.True(current.IsFirst);
        for (var guard = 0; guard < 100; guard++)
        {
            rows.AddRange(current.Items);
            sizes.Add(current.Items.Count);
            if (current.NextKey is null)
            {
                Assert.True(current.IsLast);
                return (rows, sizes);
            }

            current = await page(new KeysetRequest(After: current.NextKey));
        }

        throw new InvalidOperationException("the next links never ended");
    }

    private static async Task<(List<T> Rows, List<int> PageSizes)> WalkBackwardAsync<T>(Func<KeysetRequest, Task<KeysetList<T>>> page)
    {
        var pages = new List<IReadOnlyList<T>>();
        var current = await page(new KeysetRequest(Last: true));
        Assert.True(current.IsLast);
        for (var guard = 0; guard < 100; guard++)
        {
            pages.Insert(0, current.Items);
            if (current.PreviousKey is null)
            {
                Assert.True(current.IsFirst);
                // The first page reached going back may overlap the one after it (it is filled up to a page): keep each row once.
                var rows = new List<T>();
                foreach (var item in pages.SelectMany(p => p))
                {
                    if (!rows.Contains(item))
                    {
                        rows.Add(item);
                    }
                }

                return (rows, [.. pages.Select(p => p.Count)]);
            }

            current = await page(new KeysetRequest(Before: current.PreviousKey));
        }

        throw new InvalidOperationException("the previous links never ended");
    }

    private sealed record Scene(int CycleId, int SubcommitteeId, string Tag, List<int> Ids, string[] Provinces);

    /// <summary>A cycle with one signed-off assessment per province given (in that order, ids ascending), all recommended for certification.</summary>
    private async Task<Scene> SignedOffSceneAsync(string[] provinces, bool scheduled = true)
    {
        var cycle = await TestData.CreateCycleAsync(app, TestData.UniqueYear(), status: CycleStatus.Deciding);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var chair = await app.CreateUserAsync($"chair-{tag}@keyset.test", Roles.SubcommitteeChair);
        var agency = await TestData.CreateAgencyAsync(app, "หน่วยงาน " + tag);
        return await app.WithDbAsync(async db =>
        {
            var subcommittee = new Subcommittee { CycleId = cycle.Id, Name = "คณะ " + tag, ChairUserId = chair.Id, CreatedAtUtc = DateTime.UtcNow };
            db.Subcommittees.Add(subcommittee);
            await db.SaveChangesAsync();
            var ids = new List<int>();
            foreach (var (province, i) in provinces.Select((p, i) => (p, i)))
            {
                var point = new ServicePoint { AgencyId = agency.Id, Name = $"จุดบริการ {i} {tag}", Address = "ถนนทดสอบ", ProvinceCode = province, DistrictCode = province + "01", CreatedAtUtc = DateTime.UtcNow };
                var application = NewApplication(cycle.Id, point, ApplicationStatus.Accepted, DateTime.UtcNow);
                application.AgencyId = agency.Id;
                var assessment = new Assessment
                {
                    Application = application,
                    SubcommitteeId = subcommittee.Id,
                    CycleId = cycle.Id,
                    AssignedAtUtc = DateTime.UtcNow,
                    PreliminaryAtUtc = scheduled ? DateTime.UtcNow.AddDays(-3) : null,
                    ReconciliationOpenedAtUtc = DateTime.UtcNow,
                    SignedOffAtUtc = DateTime.UtcNow,
                };
                assessment.RecordRecommendation(new ScoringResult([], true, [], [], [], true, 19, 20, 95, RecommendedOutcome.Certify, 1, []));
                db.Assessments.Add(assessment);
                // One at a time, so that the ids ascend in the order given.
                await db.SaveChangesAsync();
                ids.Add(assessment.Id);
            }

            return new Scene(cycle.Id, subcommittee.Id, tag, ids, provinces);
        });
    }

    private async Task<ServicePoint> PointAsync(string province, string district)
    {
        var agency = await TestData.CreateAgencyAsync(app, "หน่วยงานจุดบริการ " + province);
        return await app.WithDbAsync(async db =>
        {
            var point = new ServicePoint { AgencyId = agency.Id, Name = "จุดบริการ " + Guid.NewGuid().ToString("N")[..8], Address = "ถนนทดสอบ", ProvinceCode = province, DistrictCode = district, CreatedAtUtc = DateTime.UtcNow };
            db.ServicePoints.Add(point);
            await db.SaveChangesAsync();
            return point;
        });
    }

    private static Application NewApplication(int cycleId, ServicePoint point, ApplicationStatus status, DateTime? submittedAtUtc) => new()
    {
        CycleId = cycleId,
        AgencyId = point.AgencyId,
        ServicePointId = point.Id,
        ServicePoint = point.Id == 0 ? point : null,
        ProvinceCode = point.ProvinceCode,
        Status = status,
        SubmittedAtUtc = submittedAtUtc,
        CreatedAtUtc = DateTime.UtcNow,
        UpdatedAtUtc = DateTime.UtcNow,
    };
}
