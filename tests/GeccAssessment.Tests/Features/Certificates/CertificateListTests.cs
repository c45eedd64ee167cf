using System.Globalization;
using GeccAssessment.Tests.Features.Assessments;
using GeccAssessment.Tests.Features.Certification;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Certificates;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Tests.Features.Certificates;

/// <summary>
/// The certificates list is keyset paged (issue 16: its last page at ten times national skipped
/// 40,000 rows): a cycle's list in number order, the renewal list soonest first, across ties.
/// </summary>
public class CertificateListTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static List<string> Numbers(AngleSharp.Dom.IDocument page) =>
        page.QuerySelectorAll("tbody tr td:first-child a").Select(a => a.TextContent.Trim()).ToList();

    [Fact]
    public async Task A_cycles_certificates_page_forward_back_and_from_the_end_in_number_order()
    {
        var scene = await AssessmentSteps.ArrangeAsync(app);
        var today = BuddhistEraDate.ThailandToday(DateTime.UtcNow);
        // 32 certificates: more than a page (25). Fifteen end on one day and fifteen on an earlier one, so
        // that the renewal list (by end date, then by id) pages inside a tie; two end after its 90 days.
        var validUntil = Enumerable.Range(0, 32).Select(i => today.AddDays(i < 15 ? 60 : i < 30 ? 30 : 200 + i)).ToList();
        var planted = await CertificatePlanting.PlantAsync(app, scene, validUntil);
        var numbers = await app.WithDbAsync(db => db.Certificates.Where(c => c.CycleId == scene.Cycle.Id)
            .OrderBy(c => c.Sequence).Select(c => new { c.Id, c.Number, c.ValidUntil }).ToListAsync());
        Assert.Equal(32, numbers.Count);
        var browser = app.CreateBrowser();
        await browser.SignInOrFailAsync(scene.Secretariat);

        var first = await browser.GetPageAsync($"/certificates?cycle={I(scene.Cycle.Id)}");
        Assert.Equal(numbers.Take(25).Select(n => n.Number), Numbers(first));
        Assert.Contains("ทั้งหมด 32 รายการ", HtmlForms.TextOf(first));
        Assert.Null(first.QuerySelector("a[rel=prev]"));
        var next = await browser.GetPageAsync(first.QuerySelector("a[rel=next]")!.GetAttribute("href")!);
        Assert.Equal(numbers.Skip(25).Select(n => n.Number), Numbers(next));
        Assert.Null(next.QuerySelector("a[rel=next]"));
        var previous = await browser.GetPageAsync(next.QuerySelector("a[rel=prev]")!.GetAttribute("href")!);
        Assert.Equal(numbers.Take(25).Select(n => n.Number), Numbers(previous));
        var last = await browser.GetPageAsync($"/certificates?cycle={I(scene.Cycle.Id)}&last=true");
        Assert.Equal(numbers.Skip(7).Select(n => n.Number), Numbers(last));

        // The renewal list: the thirty ending within 90 days, the soonest first, ties by id, over two pages.
        var expiring = numbers.Where(n => n.ValidUntil <= today.AddDays(CertificateService.RenewalWindowDays))
            .OrderBy(n => n.ValidUntil).ThenBy(n => n.Id).Select(n => n.Number).ToList();
        Assert.Equal(30, expiring.Count);
        var soon = await browser.GetPageAsync($"/certificates?cycle={I(scene.Cycle.Id)}&expiringSoon=true");
        Assert.Equal(expiring.Take(25), Numbers(soon));
        var soonNext = await browser.GetPageAsync(soon.QuerySelector("a[rel=next]")!.GetAttribute("href")!);
        Assert.Equal(expiring.Skip(25), Numbers(soonNext));
        var soonLast = await browser.GetPageAsync($"/certificates?cycle={I(scene.Cycle.Id)}&expiringSoon=true&last=true");
        Assert.Equal(expiring.Skip(5), Numbers(soonLast));
        Assert.Equal(planted.Count, numbers.Count);
    }
}
