using System.Globalization;
using GeccAssessment.Tests.Features.Assessments;
using GeccAssessment.Web.Domain;
using Microsoft.Playwright;

namespace GeccAssessment.BrowserTests;

/// <summary>The long pages on a phone (375 px wide): nothing scrolls sideways, neither the page nor a table in it.</summary>
[Collection("browser")]
public class PhoneLayoutTests(BrowserFixture browser)
{
    [Fact]
    public async Task Long_pages_fit_375_pixels_without_sideways_scrolling()
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
            (scene.Secretariat, ["/cycles", $"/cycles/catalogue/{cycle}", "/users"]),
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
            }

            await context.CloseAsync();
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
