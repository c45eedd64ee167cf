using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Tests.Features.Screening;

/// <summary>
/// Lists open on the newest cycle that has work for them, not on a newer empty one, and every cycle
/// drop-down names the year.
/// </summary>
public class CycleDefaultTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    private static string I(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Queues_open_on_the_cycle_with_work_and_choices_show_the_year()
    {
        var year = TestData.UniqueYear();
        var busy = await TestData.CreateCycleAsync(app, year);
        // A newer cycle, just opened, with nothing in it yet, and a title that does not say its year.
        var emptyYear = TestData.UniqueYear(); // not always year + 1: tests running beside this one take years too
        var empty = await TestData.CreateCycleAsync(app, emptyYear);
        await app.WithDbAsync(db => db.Cycles.Where(c => c.Id == busy.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Title, "รอบการประเมินประจำปี")));
        var agency = await TestData.CreateAgencyAsync(app, "สำนักงานเขตทดสอบรอบ");
        await TestData.CreateApplicationAsync(app, busy.Id, await TestData.CreateServicePointAsync(app, agency.Id, "จุดรอตรวจ"), ApplicationStatus.Submitted);
        await TestData.CreateApplicationAsync(app, busy.Id, await TestData.CreateServicePointAsync(app, agency.Id, "จุดรอมอบหมาย"), ApplicationStatus.Accepted);
        await app.CreateUserAsync("queues@cycles.test", Roles.Secretariat);
        var secretariat = app.CreateBrowser();
        await secretariat.SignInOrFailAsync("queues@cycles.test");

        foreach (var list in new[] { "/screening", "/subcommittees/assign", "/subcommittees", "/dashboard" })
        {
            var page = await secretariat.GetPageAsync(list);
            var selected = page.QuerySelector("select#cycle option[selected]") ?? page.QuerySelector("select[name=cycle] option[selected]");
            Assert.True(selected is not null, list);
            Assert.Equal(I(busy.Id), selected!.GetAttribute("value"));
            // The year is added where the title lacks it, and not repeated where it has it.
            Assert.Equal($"รอบการประเมินประจำปี (พ.ศ. {I(year)})", selected.TextContent.Trim());
            var newer = page.QuerySelector($"select[name=cycle] option[value='{I(empty.Id)}']")!;
            Assert.Equal($"รอบการประเมิน พ.ศ. {I(emptyYear)}", newer.TextContent.Trim());
        }

        Assert.Contains("จุดรอตรวจ", HtmlForms.TextOf(await secretariat.GetPageAsync("/screening")));
        Assert.Contains("จุดรอมอบหมาย", HtmlForms.TextOf(await secretariat.GetPageAsync("/subcommittees/assign")));
        // A cycle chosen by hand is kept.
        var chosen = await secretariat.GetPageAsync($"/screening?cycle={I(empty.Id)}");
        Assert.Equal(I(empty.Id), chosen.QuerySelector("select[name=cycle] option[selected]")!.GetAttribute("value"));
    }
}
