using System.Globalization;
using GeccAssessment.Tests.Features.Assessments;
using GeccAssessment.Web.Domain;
using Microsoft.Playwright;

namespace GeccAssessment.BrowserTests;

/// <summary>
/// The long pages on a phone (375 px wide): nothing scrolls sideways, neither the page nor a table in it;
/// a table shown as cards is still a table to assistive technology; axe finds nothing serious.
/// </summary>
[Collection("browser")]
public class PhoneLayoutTests(BrowserFixture browser)
{
    [Fact]
    public async Task Long_pages_fit_375_pixels_without_sideways_scrolling_and_keep_their_table_semantics()
    {
        var app = browser.App;
        var scene = await AssessmentSteps.ArrangeAsync(app);
        var id = scene.AssessmentId.ToString(CultureInfo.InvariantCulture);
        await AssessmentSteps.BothMembersScoreAsync(app, scene);
        var chair = await AssessmentSteps.SignedInAsync(app, scene.Chair);
        await AssessmentSteps.DeclareAsync(chair, scene.AssessmentId, conflict: false);
        await AssessmentSteps.PostPageFormAsync(chair, $"/assessments/show/{id}", $"form[action$='/openreconciliation/{id}']");
        await app.CreateUserAsync($"phone-{Guid.NewGuid():N}@a-rather-long-domain-name-for-a-phone.test", Roles.Applicant, displayName: "นางสาวชื่อยาวมากเป็นพิเศษ นามสกุลยาวมากเป็นพิเศษเช่นกัน");
        var cycle = scene.Cycle.Id.ToString(CultureInfo.InvariantCulture);

        var plan = new (string Who, string[] Urls)[]
        {
            (scene.Secretariat, ["/cycles", $"/cycles/catalogue/{cycle}", "/users", "/audit"]),
            (scene.Chair, [$"/assessments/reconcile/{id}"]),
        };
        var problems = new List<string>();
        foreach (var (who, urls) in plan)
        {
            var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = app.BaseUrl,
                Locale = "th-TH",
                ViewportSize = new ViewportSize { Width = 375, Height = 812 },
                IsMobile = true,
                HasTouch = true,
            });
            var page = await context.NewPageAsync();
            await BrowserFixture.SignInAsync(page, who);
            foreach (var url in urls)
            {
                await page.GotoAsync(url);
                var widths = await page.EvaluateAsync<double[]>("""
                    () => [document.documentElement.scrollWidth, window.innerWidth,
                           Math.max(0, ...[...document.querySelectorAll('.table-responsive')].map(b => b.scrollWidth - b.clientWidth))]
                    """);
                if (widths[0] > widths[1])
                {
                    problems.Add($"{url}: the page is {widths[0]} px wide in a {widths[1]} px window");
                }

                if (widths[2] > 1)
                {
                    problems.Add($"{url}: a table scrolls {widths[2]} px sideways");
                }

                // Stacked into cards (display: block), each table keeps its roles: a table, its rows, its headers and cells.
                var stacked = await page.EvaluateAsync<string[]>("""
                    () => [...document.querySelectorAll('table.table-stack')].flatMap(t => {
                        const missing = [];
                        if (t.getAttribute('role') !== 'table') missing.push('table');
                        if ([...t.querySelectorAll('tr')].some(r => r.getAttribute('role') !== 'row')) missing.push('row');
                        if ([...t.querySelectorAll('td')].some(c => c.getAttribute('role') !== 'cell')) missing.push('cell');
                        if ([...t.querySelectorAll('thead th')].some(c => c.getAttribute('role') !== 'columnheader')) missing.push('columnheader');
                        return missing.map(m => (t.id || t.className) + ': ' + m);
                    })
                    """);
                problems.AddRange(stacked.Select(s => $"{url}: a stacked table lost a role ({s})"));
                if (await page.Locator("table.table-stack").CountAsync() > 0)
                {
                    var table = page.GetByRole(AriaRole.Table).First;
                    if (await table.GetByRole(AriaRole.Row).CountAsync() == 0 || await page.GetByRole(AriaRole.Columnheader).CountAsync() == 0)
                    {
                        problems.Add($"{url}: no table rows or column headers in the accessibility tree");
                    }
                }

                problems.AddRange((await Axe.SeriousViolationsAsync(page))
                    .Select(v => $"{url} at 375 px: {v.Id} ({v.Impact}) {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}"));
            }

            await context.CloseAsync();
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
