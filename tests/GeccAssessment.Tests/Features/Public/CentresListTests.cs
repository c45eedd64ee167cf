using GeccAssessment.Tests.Features.Assessments;
using GeccAssessment.Tests.Features.Certification;
using GeccAssessment.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Tests.Features.Public;

/// <summary>
/// The public list of certified centres is keyset paged by (province, name, id) (issue 16: its last
/// page at ten times national sorted and skipped 20,000 rows). Walking it by its links shows every
/// centre in force once, in that order, across names that tie and names that mix Thai and Latin.
/// </summary>
public class CentresListTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    private static List<string> Numbers(AngleSharp.Dom.IDocument page) =>
        page.QuerySelectorAll("tbody tr td:first-child a").Select(a => a.GetAttribute("href")!["/verify/".Length..]).ToList();

    [Fact]
    public async Task Centres_page_forward_back_and_from_the_end_by_province_then_name()
    {
        var scene = await AssessmentSteps.ArrangeAsync(app);
        var today = Web.Domain.BuddhistEraDate.ThailandToday(DateTime.UtcNow);
        // 34 certificates, two of them revoked (not listed): 32 centres, more than a page (25).
        var planted = await CertificatePlanting.PlantAsync(app, scene, [.. Enumerable.Range(0, 34).Select(i => today.AddDays(100 + i))], revoked: 2);
        string[] names = ["ศูนย์บริการ ก", "ศูนย์บริการ ข", "Service Centre A", "เทศบาลตำบล", "ศูนย์บริการ ก", "ไปรษณีย์", "Service centre a", "สำนักงานที่ดิน"];
        await app.WithDbAsync(async db =>
        {
            var certificates = await db.Certificates.Where(c => c.CycleId == scene.Cycle.Id).OrderBy(c => c.Id).ToListAsync();
            for (var i = 0; i < certificates.Count; i++)
            {
                certificates[i].ServicePointName = names[i % names.Length];
                certificates[i].ProvinceCode = i % 3 == 0 ? "10" : "90";
            }

            return await db.SaveChangesAsync();
        });
        var expected = await app.WithDbAsync(db => db.Certificates.Where(c => c.CycleId == scene.Cycle.Id && c.RevokedAtUtc == null)
            .Select(c => new { c.Id, c.Number, c.ProvinceCode, c.ServicePointName }).ToListAsync());
        var order = expected.OrderBy(c => c.ProvinceCode, StringComparer.Ordinal).ThenBy(c => c.ServicePointName, StringComparer.Ordinal).ThenBy(c => c.Id)
            .Select(c => c.Number).ToList();
        Assert.Equal(32, order.Count);
        var citizen = app.CreateClient();

        var first = await citizen.GetPageAsync("/centres");
        Assert.Equal(order.Take(25), Numbers(first));
        Assert.Contains("ทั้งหมด 32 รายการ", HtmlForms.TextOf(first));
        var next = await citizen.GetPageAsync(first.QuerySelector("a[rel=next]")!.GetAttribute("href")!);
        Assert.Equal(order.Skip(25), Numbers(next));
        Assert.Null(next.QuerySelector("a[rel=next]"));
        var previous = await citizen.GetPageAsync(next.QuerySelector("a[rel=prev]")!.GetAttribute("href")!);
        Assert.Equal(order.Take(25), Numbers(previous));
        var last = await citizen.GetPageAsync("/centres?last=true");
        Assert.Equal(order.Skip(7), Numbers(last));

        // One province: the same order, its own rows only.
        var bangkok = await citizen.GetPageAsync("/centres?province=10");
        Assert.Equal(expected.Where(c => c.ProvinceCode == "10").OrderBy(c => c.ServicePointName, StringComparer.Ordinal).ThenBy(c => c.Id).Select(c => c.Number), Numbers(bangkok));
        Assert.Equal(34, planted.Count);
    }
}
