using System.Globalization;
using GeccAssessment.Tests.Features.Assessments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace GeccAssessment.BrowserTests;

/// <summary>Keyboard use of the main forms (axe on every page: <see cref="EveryPageAccessibilityTests"/>).</summary>
[Collection("browser")]
public class AccessibilityTests(BrowserFixture browser)
{
    /// <summary>The checker every axe test relies on finds what it must: a page made worse is reported, the next document is checked afresh.</summary>
    [Fact]
    public async Task The_axe_check_reports_an_image_without_text_and_a_field_without_a_label_and_checks_each_new_page()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/account/login");
        Assert.Empty(await Axe.SeriousViolationsAsync(page));

        await page.EvaluateAsync("""
            () => {
                document.querySelectorAll('label').forEach(l => l.remove());
                const img = document.createElement('img');
                img.src = '/favicon.ico';
                document.querySelector('main').append(img);
            }
            """);
        var found = (await Axe.SeriousViolationsAsync(page)).Select(v => v.Id).ToList();
        Assert.Contains("image-alt", found);
        Assert.Contains("label", found);

        // A new document has neither axe nor the damage: it is injected again and finds nothing.
        await page.GotoAsync("/account/login");
        Assert.Empty(await Axe.SeriousViolationsAsync(page));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_sign_in_form_works_by_keyboard_and_announces_errors()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.StepAsync(page, "keyboard-sign-in", async () =>
        {
            await page.GotoAsync("/account/login");
            await page.Locator("input[name=Email]").FocusAsync();
            await page.Keyboard.TypeAsync("nobody@keyboard.test");
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.TypeAsync("wrong-password-1");
            await page.Keyboard.PressAsync("Enter");
            var alert = page.Locator("[role=alert]").First;
            await Assertions.Expect(alert).ToBeVisibleAsync();
            Assert.False(string.IsNullOrWhiteSpace(await alert.TextContentAsync()));
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_scoring_form_works_by_keyboard_alone_and_autosaves()
    {
        var app = browser.App;
        var scene = await AssessmentSteps.ArrangeAsync(app);
        await AssessmentSteps.DeclareAsync(await AssessmentSteps.SignedInAsync(app, scene.Assessor1), scene.AssessmentId, conflict: false);
        var page = await browser.SignedInPageAsync(scene.Assessor1);
        var id = scene.AssessmentId.ToString(CultureInfo.InvariantCulture);
        string Card(int criterionId) => "#c-" + criterionId.ToString(CultureInfo.InvariantCulture);

        // Tab from the top of the page to a control, as a person without a mouse does.
        async Task TabToAsync(string selector)
        {
            for (var i = 0; i < 300; i++)
            {
                if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector))
                {
                    return;
                }

                await page.Keyboard.PressAsync("Tab");
            }

            Assert.Fail("Tab never reached " + selector);
        }

        await BrowserFixture.StepAsync(page, "keyboard-scoring", async () =>
        {
            await page.GotoAsync($"/assessments/score/{id}");
            await TabToAsync($"{Card(scene.Cycle.MandatoryId)} input[name=Passed][value=pass]");
            await page.Keyboard.PressAsync("Space");
            await Assertions.Expect(page.Locator($"{Card(scene.Cycle.MandatoryId)} form.score-form")).ToHaveAttributeAsync("data-state", "saved");

            // A page per dimension: to the service process page by its link at the top, by keyboard.
            await TabToAsync("#dimension-jumps a:has(.scored-dimension[data-kind=ServiceProcess])");
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync("**/serviceprocess");
            await TabToAsync($"{Card(scene.Cycle.EvidenceId)} input[name=Points]");
            await page.Keyboard.TypeAsync("4");
            await page.Keyboard.PressAsync("Tab");
            await Assertions.Expect(page.Locator($"{Card(scene.Cycle.EvidenceId)} form.score-form")).ToHaveAttributeAsync("data-state", "saved");
            await Assertions.Expect(page.Locator($"{Card(scene.Cycle.EvidenceId)} .save-state")).ToContainTextAsync("บันทึกแล้ว");
        });

        var marks = await app.WithDbAsync(db => db.MemberScores.Where(m => m.AssessmentId == scene.AssessmentId)
            .Select(m => new { m.CriterionId, m.Mark.Passed, m.Mark.Points }).ToListAsync());
        Assert.Contains(marks, m => m.CriterionId == scene.Cycle.MandatoryId && m.Passed == true);
        Assert.Contains(marks, m => m.CriterionId == scene.Cycle.EvidenceId && m.Points == 4m);
        await page.Context.CloseAsync();
    }
}
