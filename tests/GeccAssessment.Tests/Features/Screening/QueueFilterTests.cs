using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;
using ServicePoint = GeccAssessment.Web.Domain.ServicePoint;

namespace GeccAssessment.Tests.Features.Screening;

/// <summary>
/// The screening queue filtered by province and agency kind: its rows and its count come from
/// indexes since issue 16 (the province's own order, the agency's kind probed by (Kind, Id)); what
/// it shows must not change.
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
    }
}
