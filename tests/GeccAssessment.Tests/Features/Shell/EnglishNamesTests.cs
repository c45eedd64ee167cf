using System.Net;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Tests.Features.Shell;

/// <summary>
/// The English switch reaches the data's names: provinces, districts, agencies (English where given),
/// criteria, levels and cycles; a name that stays Thai is marked <c>lang="th"</c>.
/// </summary>
public class EnglishNamesTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    private static string I(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Names_switch_to_English_and_Thai_ones_say_so()
    {
        var year = TestData.UniqueYear();
        var cycle = await TestData.CreateCycleAsync(app, year);
        await app.WithDbAsync(db => db.Criteria.Where(c => c.Id == cycle.MandatoryId).ExecuteUpdateAsync(s => s.SetProperty(c => c.TitleEn, "Clear signposting")));
        var agency = await TestData.CreateAgencyAsync(app, "สำนักงานสรรพสามิตจังหวัดสงขลา");
        await app.WithDbAsync(db => db.Agencies.Where(a => a.Id == agency.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.NameEn, "Songkhla Excise Office")));
        var application = await TestData.CreateApplicationAsync(app, cycle.Id, await TestData.CreateServicePointAsync(app, agency.Id, "จุดบริการสรรพสามิต"), ApplicationStatus.Submitted);
        await app.CreateUserAsync("english@names.test", Roles.Secretariat);
        var secretariat = app.CreateBrowser();
        await secretariat.SignInOrFailAsync("english@names.test");
        var home = await secretariat.GetPageAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, (await secretariat.SubmitFormAsync(home, "form[action='/culture/set']", new Dictionary<string, string> { ["culture"] = "en-GB", ["returnUrl"] = "/" })).StatusCode);

        var queue = await secretariat.GetPageAsync($"/screening?cycle={I(cycle.Id)}");
        var row = queue.QuerySelector("tbody tr")!.TextContent;
        Assert.Contains("Songkhla Excise Office", row);
        Assert.Contains("Songkhla", queue.QuerySelector("tbody tr td:nth-child(3)")!.TextContent);
        Assert.DoesNotContain("สงขลา", queue.QuerySelector("tbody tr td:nth-child(3)")!.TextContent);
        Assert.Contains(queue.QuerySelectorAll("select[name=province] option"), o => o.TextContent == "Songkhla");
        Assert.Contains(queue.QuerySelectorAll("select[name=cycle] option"), o => o.TextContent.Contains($"B.E. {I(year)}", StringComparison.Ordinal));

        var show = await secretariat.GetPageAsync($"/screening/show/{I(application.Id)}");
        var header = show.QuerySelector("dl")!;
        Assert.Contains("Songkhla Excise Office", header.TextContent);
        Assert.Contains($"Assessment round B.E. {I(year)}", header.TextContent);
        Assert.DoesNotContain("รอบการประเมิน", header.TextContent);
        // The service point has only a Thai name: marked as Thai.
        Assert.Contains(header.QuerySelectorAll("[lang=th]"), e => e.TextContent == "จุดบริการสรรพสามิต");
        // A criterion with an English title shows it; one without keeps its Thai title, marked as Thai.
        Assert.Contains("Clear signposting", show.QuerySelector($"#ro-criterion-{I(cycle.MandatoryId)}")!.TextContent);
        Assert.Equal("มีคู่มือสำหรับประชาชน", show.QuerySelector($"#ro-criterion-{I(cycle.EvidenceId)} [lang=th]")!.TextContent);
    }
}
