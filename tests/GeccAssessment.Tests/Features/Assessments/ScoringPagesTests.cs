using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using GeccAssessment.Tests.Infrastructure;
using static GeccAssessment.Tests.Features.Assessments.AssessmentSteps;

namespace GeccAssessment.Tests.Features.Assessments;

/// <summary>
/// The scoring form is a page per dimension (ADR 0026): each page holds its own dimension's criteria,
/// names every dimension with how many of its criteria are scored, and a browser without script is
/// sent back to the page of the criterion it saved.
/// </summary>
public class ScoringPagesTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Each_dimension_has_its_own_page_with_its_criteria_and_links_to_the_others_with_their_counts()
    {
        var scene = await ArrangeAsync(app);
        var member = await SignedInAsync(app, scene.Assessor1);
        await DeclareAsync(member, scene.AssessmentId, conflict: false);
        var first = $"/assessments/score/{I(scene.AssessmentId)}";
        Assert.Equal(HttpStatusCode.OK, (await MarkAsync(member, await member.GetPageAsync(first), scene.Cycle.OptionalId, new Dictionary<string, string> { ["Points"] = "3" })).StatusCode);

        // The first page is the premises: only its criterion, and it is the page the bar marks as current.
        var premises = await member.GetPageAsync(first);
        Assert.Equal([$"c-{I(scene.Cycle.MandatoryId)}"], Cards(premises));
        Assert.Equal("Premises", premises.QuerySelector("#dimension-jumps a[aria-current=page] .scored-dimension")!.GetAttribute("data-kind"));
        Assert.Equal(
            [
                ("Premises", "#dim-Premises", "0", "1"),
                ("Personnel", $"{first}/personnel", "0", "0"),
                ("ServiceProcess", $"{first}/serviceprocess", "0", "1"),
                ("Other", $"{first}/other", "1", "1"),
            ],
            premises.QuerySelectorAll("#dimension-jumps a").Select(a =>
            {
                var count = a.QuerySelector(".scored-dimension")!;
                return (count.GetAttribute("data-kind")!, a.GetAttribute("href")!, count.GetAttribute("data-scored")!, count.GetAttribute("data-count")!);
            }));
        Assert.Contains("ให้คะแนนแล้ว 1 จาก 3", premises.QuerySelector("#scored-overall")!.TextContent);
        Assert.Null(premises.QuerySelector("#dimension-steps a[rel=prev]"));
        Assert.Equal($"{first}/personnel", premises.QuerySelector("#dimension-steps a[rel=next]")!.GetAttribute("href"));

        // Another dimension's page: its criterion with the mark given, the previous and next pages around it.
        var service = await member.GetPageAsync($"{first}/serviceprocess");
        Assert.Equal([$"c-{I(scene.Cycle.EvidenceId)}"], Cards(service));
        Assert.Equal($"{first}/personnel", service.QuerySelector("#dimension-steps a[rel=prev]")!.GetAttribute("href"));
        Assert.Equal($"{first}/other", service.QuerySelector("#dimension-steps a[rel=next]")!.GetAttribute("href"));
        var other = await member.GetPageAsync($"{first}/other");
        Assert.Equal("3", other.QuerySelector($"#c-{I(scene.Cycle.OptionalId)} input[name=Points]")!.GetAttribute("value"));
        Assert.Null(other.QuerySelector("#dimension-steps a[rel=next]"));

        // The totals of every dimension stay in the bar on every page.
        Assert.All(["Premises", "Personnel", "ServiceProcess", "Other"], kind => Assert.NotNull(service.QuerySelector("#total-" + kind)));

        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"{first}/nowhere")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"{first}/99")).StatusCode);
    }

    [Fact]
    public async Task A_browser_without_script_saving_a_mark_comes_back_to_that_criterions_page()
    {
        var scene = await ArrangeAsync(app);
        var member = await SignedInAsync(app, scene.Assessor1);
        await DeclareAsync(member, scene.AssessmentId, conflict: false);
        var first = $"/assessments/score/{I(scene.AssessmentId)}";

        var onOther = await MarkAsync(member, await member.GetPageAsync($"{first}/other"), scene.Cycle.OptionalId, new Dictionary<string, string> { ["Points"] = "2" }, json: false);
        Assert.Equal(HttpStatusCode.Redirect, onOther.StatusCode);
        Assert.Equal($"{first}/other#c-{I(scene.Cycle.OptionalId)}", onOther.Headers.Location!.OriginalString);

        var onFirst = await MarkAsync(member, await member.GetPageAsync(first), scene.Cycle.MandatoryId, new Dictionary<string, string> { ["Passed"] = "pass" }, json: false);
        Assert.Equal($"{first}#c-{I(scene.Cycle.MandatoryId)}", onFirst.Headers.Location!.OriginalString);
    }

    private static string[] Cards(IDocument page) => [.. page.QuerySelectorAll("article.card[id^=c-]").Select(a => a.Id!)];
}
