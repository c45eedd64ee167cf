using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GeccAssessment.BrowserTests.Journeys;

/// <summary>A photo taken at the site for one criterion.</summary>
public sealed record SitePhoto(int CriterionId, string FileName, byte[] Png);

/// <summary>What every member of a subcommittee (assessor or chair) does first: declare no conflict of interest.</summary>
public abstract class MemberJourney(IPage page, string run, string role) : Journey(page, run, role)
{
    /// <summary>On the assessment's page: "I have no conflict of interest"; the application then opens.</summary>
    public Task DeclareNoConflictAsync() => StepAsync("declare", async () =>
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "ข้าพเจ้าไม่มีส่วนได้เสีย", Exact = true }).ClickAsync();
        await ExpectSavedAsync("ข้อมูลการประเมิน");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "ข้าพเจ้าไม่มีส่วนได้เสีย", Exact = true })).ToHaveCountAsync(0);
    });
}

/// <summary>An assessor (ผู้ตรวจประเมิน): scores the assigned point on the autosaving form, with notes and site photos.</summary>
public sealed class AssessorJourney(IPage page, string run, string who) : MemberJourney(page, run, who)
{
    /// <summary>
    /// From the assessment's page, opens the scoring form and enters the marks of one round (the video
    /// conference or the site visit). Each mark is saved by the page's script as it is entered; the
    /// step waits for "บันทึกแล้ว", then reloads the form to see that the server has every mark.
    /// </summary>
    /// <returns>The overall percentage the form shows for this member's marks so far.</returns>
    public Task<string> ScoreAsync(string round, IReadOnlyList<MarkEntry> marks, SitePhoto? photo = null) => StepAsync("score-" + round, async () =>
    {
        await Page.GetByRole(AriaRole.Link, new() { Name = "เปิดแบบให้คะแนน" }).ClickAsync();
        await ExpectUrlAsync(@"/assessments/score/\d+$");
        if (photo is not null)
        {
            await ToCriterionAsync(photo.CriterionId);
            // Chosen, the photo joins the page's queue and is sent like a mark; saved, it links to the stored file.
            var card = Page.Locator($"#c-{I(photo.CriterionId)}");
            await card.GetByLabel("เพิ่มภาพถ่าย (JPEG/PNG)").SetInputFilesAsync(new FilePayload { Name = photo.FileName, MimeType = "image/png", Buffer = photo.Png });
            await Expect(Page.Locator($"#c-{I(photo.CriterionId)} .photo-list a img.scoring-photo")).ToHaveCountAsync(1);
            await Expect(Page.Locator("#save-summary")).ToHaveTextAsync("บันทึกแล้ว");
        }

        foreach (var mark in marks)
        {
            await ToCriterionAsync(mark.CriterionId);
            await EnterAsync(mark);
        }

        await Page.ReloadAsync();
        foreach (var mark in marks)
        {
            await ToCriterionAsync(mark.CriterionId);
            await ExpectStoredAsync(mark);
        }

        return (await Page.Locator("#total-overall").TextContentAsync())!.Trim();
    });

    /// <summary>
    /// Types one mark the way a person does: the value first (a change saves at once), then the note
    /// (saved when the person moves on). Waits until the page says every change is saved.
    /// </summary>
    private async Task EnterAsync(MarkEntry mark)
    {
        var card = Page.Locator($"#c-{I(mark.CriterionId)}");
        await Page.RunAndWaitForResponseAsync(async () =>
        {
            if (mark.Passed is { } passed)
            {
                await card.GetByLabel(passed ? "ผ่าน" : "ไม่ผ่าน", new() { Exact = true }).CheckAsync();
            }
            else
            {
                var points = card.GetByRole(AriaRole.Spinbutton);
                await points.FillAsync(mark.Points!);
                await points.PressAsync("Tab");
            }

            if (mark.Note is { } note)
            {
                var field = card.GetByLabel("หมายเหตุ", new() { Exact = true });
                await field.FillAsync(note);
                await field.PressAsync("Tab");
            }
        }, response => response.Url.Contains("/assessments/mark/", StringComparison.Ordinal) && response.Request.Method == "POST");
        await Expect(card.Locator("form.score-form")).ToHaveAttributeAsync("data-state", "saved");
        await Expect(Page.Locator("#save-summary")).ToHaveTextAsync("บันทึกแล้ว");
    }

    /// <summary>To the page of the dimension that holds the criterion (a page per dimension), through the links at the top.</summary>
    private async Task ToCriterionAsync(int criterionId)
    {
        var card = Page.Locator($"#c-{I(criterionId)}");
        var others = await Page.Locator("#dimension-jumps a[data-page]").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        foreach (var href in others)
        {
            if (await card.CountAsync() > 0)
            {
                return;
            }

            await Page.Locator($"#dimension-jumps a[href='{href}']").ClickAsync();
            await Page.WaitForURLAsync("**" + href);
        }

        await Expect(card).ToHaveCountAsync(1);
    }

    private async Task ExpectStoredAsync(MarkEntry mark)
    {
        var card = Page.Locator($"#c-{I(mark.CriterionId)}");
        if (mark.Passed is { } passed)
        {
            await Expect(card.GetByLabel(passed ? "ผ่าน" : "ไม่ผ่าน", new() { Exact = true })).ToBeCheckedAsync();
        }
        else
        {
            await Expect(card.GetByRole(AriaRole.Spinbutton)).ToHaveValueAsync(mark.Points!);
        }

        if (mark.Note is { } note)
        {
            await Expect(card.GetByLabel("หมายเหตุ", new() { Exact = true })).ToHaveValueAsync(note);
        }
    }
}
