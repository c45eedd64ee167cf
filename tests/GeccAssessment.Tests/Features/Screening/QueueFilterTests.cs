using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;
using ServicePoint = GeccAssessment.Web.Domain.ServicePoint;

namespace GeccAssessment.Tests.Features.Screening;

/// <summary>
/// The screening queue filtered by province and agency kind: its rows and its count come from
/// indexes since issue 16 (the province's own order, the agency's kind copied onto each application
/// and kept by the database); what it shows must not change.
/// </summary>
public class QueueFilterTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    private static string I(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Province_and_agency_kind_show_and_count_only_the_matching_applications_oldest_first()
    {
        var cycle = await TestData.CreateCycleAsync(app, TestData.UniqueYear());
        var tag = Guid.NewGuid().ToString("N")[..6];
        var department = await TestData.CreateAgencyAsync(app, "กรมทดสอบตัวกรอง " + tag);
        var local = await TestData.CreateAgencyAsync(app, "เทศบาลทดสอบตัวกรอง " + tag);
        await app.WithDbAsync(db => db.Agencies.Where(a => a.Id == local.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Kind, AgencyKind.LocalGovernment)));

        async Task<string> ApplicationAsync(Agency agency, string province, string district, ApplicationStatus status, DateTime submitted)
        {
            var name = "จุด " + Guid.NewGuid().ToString("N")[..8];
            await app.WithDbAsync(async db =>
            {
                var point = new ServicePoint { AgencyId = agency.Id, Name = name, Address = "ถนนทดสอบ", ProvinceCode = province, DistrictCode = district, CreatedAtUtc = DateTime.UtcNow };
                db.ServicePoints.Add(point);
                await db.SaveChangesAsync();
                db.Applications.Add(new Application
                {
                    CycleId = cycle.Id,
                    ServicePointId = point.Id,
                    AgencyId = agency.Id,
                    ProvinceCode = province,
                    Status = status,
                    SubmittedAtUtc = submitted,
                    CreatedAtUtc = DateTime.UtcNow,
                    UpdatedAtUtc = DateTime.UtcNow,
                });
                return await db.SaveChangesAsync();
            });
            return name;
        }

        var now = DateTime.UtcNow;
        var newer = await ApplicationAsync(department, "90", "9001", ApplicationStatus.Accepted, now.AddDays(-1));
        var older = await ApplicationAsync(department, "90", "9001", ApplicationStatus.Accepted, now.AddDays(-3));
        await ApplicationAsync(local, "90", "9001", ApplicationStatus.Accepted, now.AddDays(-5)); // another kind
        await ApplicationAsync(department, "10", "1001", ApplicationStatus.Accepted, now.AddDays(-5)); // another province
        await ApplicationAsync(department, "90", "9001", ApplicationStatus.Submitted, now.AddDays(-5)); // another status

        await app.CreateUserAsync($"filters-{tag}@screening.test", Roles.Secretariat);
        var secretariat = app.CreateBrowser();
        await secretariat.SignInOrFailAsync($"filters-{tag}@screening.test");
        var page = await secretariat.GetPageAsync($"/screening?cycle={I(cycle.Id)}&status=Accepted&province=90&kind=Department");

        Assert.Equal([older, newer], page.QuerySelectorAll("tbody tr td:nth-child(2) a").Select(a => a.TextContent.Trim()));
        Assert.Contains("ทั้งหมด 2 รายการ", HtmlForms.TextOf(page));

        // The copy follows the agency: once the municipality is recorded as a department, its application is one.
        await app.WithDbAsync(async db =>
        {
            var agency = await db.Agencies.SingleAsync(a => a.Id == local.Id);
            agency.Kind = AgencyKind.Department;
            return await db.SaveChangesAsync();
        });
        page = await secretariat.GetPageAsync($"/screening?cycle={I(cycle.Id)}&status=Accepted&province=90&kind=Department");
        Assert.Equal(3, page.QuerySelectorAll("tbody tr td:nth-child(2) a").Length);
        Assert.Contains("ทั้งหมด 3 รายการ", HtmlForms.TextOf(page));
        page = await secretariat.GetPageAsync($"/screening?cycle={I(cycle.Id)}&status=Accepted&province=90&kind=LocalGovernment");
        Assert.Empty(page.QuerySelectorAll("tbody tr td:nth-child(2) a"));
    }

    /// <summary>The first page comes from compiled reads (docs/adr/0021): without filters, the never-submitted rows still follow the submitted ones.</summary>
    [Fact]
    public async Task Unfiltered_first_page_lists_submitted_oldest_first_then_drafts_and_counts_them_all()
    {
        var cycle = await TestData.CreateCycleAsync(app, TestData.UniqueYear());
        var tag = Guid.NewGuid().ToString("N")[..6];
        var agency = await TestData.CreateAgencyAsync(app, "กรมทดสอบหน้าแรก " + tag);
        var now = DateTime.UtcNow;
        (ApplicationStatus Status, DateTime? Submitted)[] rows =
            [(ApplicationStatus.Draft, null), (ApplicationStatus.Submitted, now.AddDays(-1)), (ApplicationStatus.Accepted, now.AddDays(-4)), (ApplicationStatus.Draft, null)];
        var names = new List<string>();
        foreach (var (status, submitted) in rows)
        {
            var name = "จุด " + Guid.NewGuid().ToString("N")[..8];
            names.Add(name);
            await app.WithDbAsync(async db =>
            {
                var point = new ServicePoint { AgencyId = agency.Id, Name = name, Address = "ถนนทดสอบ", ProvinceCode = "10", DistrictCode = "1001", CreatedAtUtc = DateTime.UtcNow };
                db.ServicePoints.Add(point);
                await db.SaveChangesAsync();
                db.Applications.Add(new Application
                {
                    CycleId = cycle.Id,
                    ServicePointId = point.Id,
                    AgencyId = agency.Id,
                    ProvinceCode = "10",
                    Status = status,
                    SubmittedAtUtc = submitted,
                    CreatedAtUtc = DateTime.UtcNow,
                    UpdatedAtUtc = DateTime.UtcNow,
                });
                return await db.SaveChangesAsync();
            });
        }

        await app.CreateUserAsync($"first-{tag}@screening.test", Roles.Secretariat);
        var secretariat = app.CreateBrowser();
        await secretariat.SignInOrFailAsync($"first-{tag}@screening.test");
        var page = await secretariat.GetPageAsync($"/screening?cycle={I(cycle.Id)}&status=&province=&kind=");

        // Oldest submission first, then the drafts by id; all four counted.
        Assert.Equal([names[2], names[1], names[0], names[3]], page.QuerySelectorAll("tbody tr td:nth-child(2) a").Select(a => a.TextContent.Trim()));
        Assert.Contains("ทั้งหมด 4 รายการ", HtmlForms.TextOf(page));
        var submittedOnly = await secretariat.GetPageAsync($"/screening?cycle={I(cycle.Id)}&status=Submitted");
        Assert.Equal([names[1]], submittedOnly.QuerySelectorAll("tbody tr td:nth-child(2) a").Select(a => a.TextContent.Trim()));

        // The last page reads the drafts from their own index (they end the order), then the submitted rows before them.
        var last = await secretariat.GetPageAsync($"/screening?cycle={I(cycle.Id)}&status=&province=&kind=&last=true");
        Assert.Equal([names[2], names[1], names[0], names[3]], last.QuerySelectorAll("tbody tr td:nth-child(2) a").Select(a => a.TextContent.Trim()));
        var lastAccepted = await secretariat.GetPageAsync($"/screening?cycle={I(cycle.Id)}&status=Accepted&last=true");
        Assert.Equal([names[2]], lastAccepted.QuerySelectorAll("tbody tr td:nth-child(2) a").Select(a => a.TextContent.Trim()));
    }
}
