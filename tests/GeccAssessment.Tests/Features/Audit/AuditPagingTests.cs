using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Tests.Features.Audit;

/// <summary>The audit trail grows without end: its pages reach back a fixed number of entries, so no page counts or skips them all.</summary>
public class AuditPagingTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    [Fact]
    public async Task A_far_page_is_the_last_of_the_newest_entries_and_says_so()
    {
        var pages = AuditTrail.BrowsableEntries / 50;
        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"""
            INSERT INTO "AuditEntries" ("AtUtc", "EntityType", "EntityId", "Action")
            SELECT now() - i * interval '1 minute', 'Application', i::text, 'Modified' FROM generate_series(1, {AuditTrail.BrowsableEntries + 100}) i
            """));
        await app.CreateUserAsync("admin@audit-paging.test", Roles.Admin);
        var browser = app.CreateBrowser();
        await browser.SignInOrFailAsync("admin@audit-paging.test");

        var page = await browser.GetPageAsync("/audit?page=1000000");

        var text = page.Body!.TextContent;
        Assert.Contains($"รายการล่าสุด {AuditTrail.BrowsableEntries} รายการ", text);
        Assert.Contains($"หน้า {pages} จาก {pages}", text);
        Assert.Equal(50, page.QuerySelectorAll("tbody tr").Length);
    }

    [Fact]
    public async Task A_short_trail_is_counted_in_full()
    {
        await app.CreateUserAsync("admin2@audit-paging.test", Roles.Admin);
        var browser = app.CreateBrowser();
        await browser.SignInOrFailAsync("admin2@audit-paging.test");

        var page = await browser.GetPageAsync("/audit?entityType=Application&entityId=no-such-record");

        Assert.Contains("ทั้งหมด 0 รายการ", page.Body!.TextContent);
    }
}
