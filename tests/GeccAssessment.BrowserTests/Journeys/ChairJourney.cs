using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GeccAssessment.BrowserTests.Journeys;

/// <summary>The subcommittee chair (ประธานอนุกรรมการ): records the preliminary outcome, reconciles the members' marks, signs off.</summary>
public sealed class ChairJourney(IPage page, string run) : MemberJourney(page, run, "chair")
{
    /// <summary>On the assessment's page, after the video conference: the point goes on to the site visit.</summary>
    public Task ProceedOnSiteAsync() => StepAsync("preliminary-outcome", async () =>
    {
        var form = Page.Locator("form[action*='/preliminary/']");
        await form.GetByLabel("ผ่าน ตรวจประเมินในพื้นที่ต่อ", new() { Exact = true }).CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "บันทึก", Exact = true }).ClickAsync();
        await ExpectSavedAsync("ข้อมูลการประเมิน");
        await Expect(Page.Locator("main dl").First).ToContainTextAsync("ผ่าน ตรวจประเมินในพื้นที่ต่อ");
    });

    /// <summary>Ends the members' independent scoring and opens the side-by-side reconciliation.</summary>
    public Task OpenReconciliationAsync() => StepAsync("open-reconciliation", async () =>
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "เปิดการสรุปคะแนนของคณะอนุกรรมการ", Exact = true }).ClickAsync();
        await ExpectUrlAsync(@"/assessments/reconcile/\d+$");
        await ExpectSavedAsync("ข้อมูลการประเมิน");
    });

    /// <summary>The criterion's row is highlighted and labelled where the members' marks differ.</summary>
    public Task ExpectDisagreementAsync(int criterionId) => StepAsync("disagreement", async () =>
    {
        var row = Page.Locator($"#rc-{I(criterionId)}");
        await Expect(row).ToHaveClassAsync(new Regex(@"\breconcile-disagree\b"));
        await Expect(row).ToContainTextAsync("คะแนนไม่ตรงกัน");
    });

    /// <summary>Enters the subcommittee's mark for each criterion and saves; returns the recommendation shown.</summary>
    public Task<string> ReconcileAsync(IReadOnlyList<MarkEntry> marks) => StepAsync("reconcile", async () =>
    {
        foreach (var mark in marks)
        {
            var row = Page.Locator($"#rc-{I(mark.CriterionId)}");
            if (mark.Passed is { } passed)
            {
                await row.GetByRole(AriaRole.Combobox).SelectOptionAsync(passed ? "pass" : "fail");
            }
            else
            {
                await row.GetByRole(AriaRole.Spinbutton).FillAsync(mark.Points!);
            }

            if (mark.Note is { } note)
            {
                await row.GetByRole(AriaRole.Textbox).FillAsync(note);
            }
        }

        await Page.Locator("main form").GetByRole(AriaRole.Button, new() { Name = "บันทึก", Exact = true }).ClickAsync();
        await ExpectSavedAsync("คะแนนของคณะอนุกรรมการ");
        return (await Page.Locator("#recommendation").TextContentAsync())!;
    });

    /// <summary>Back on the assessment's page, signs the result off and confirms; the scores lock and the recommendation stands.</summary>
    public Task<string> SignOffAsync() => StepAsync("sign-off", async () =>
    {
        await Page.GetByRole(AriaRole.Link, new() { Name = "การประเมิน", Exact = true }).ClickAsync();
        await ExpectUrlAsync(@"/assessments/show/\d+$");
        await Page.GetByRole(AriaRole.Button, new() { Name = "ลงนามรับรองผลการประเมิน", Exact = true }).ClickAsync();
        // Signing locks every mark: the page asks again, showing the result to be recorded.
        await Expect(Page.Locator("h1")).ToContainTextAsync("ยืนยันการลงนามรับรองผล");
        await Expect(Page.Locator("#recommendation")).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "ยืนยันการลงนาม", Exact = true }).ClickAsync();
        await ExpectSavedAsync("ข้อมูลการประเมิน");
        await Expect(Page.Locator("main dl").First).ToContainTextAsync("ลงนามรับรองผลแล้ว");
        return (await Page.Locator("#recommendation").TextContentAsync())!;
    });
}
