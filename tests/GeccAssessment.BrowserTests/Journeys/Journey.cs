using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GeccAssessment.BrowserTests.Journeys;

/// <summary>
/// One person's steps in the real UI, in one browser window. Each step runs inside
/// <see cref="BrowserFixture.StepAsync"/>, so a failure leaves a screenshot and the page's HTML named
/// after the run, the role and the step (e.g. chain-chair-sign-off.png).
/// </summary>
public abstract class Journey(IPage page, string run, string role)
{
    public IPage Page { get; } = page;

    protected static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The id at the end of the current page's address (/applications/edit/12 → 12).</summary>
    protected int IdInUrl() => int.Parse(new Uri(Page.Url).Segments[^1], CultureInfo.InvariantCulture);

    protected Task StepAsync(string step, Func<Task> body) => BrowserFixture.StepAsync(Page, $"{run}-{role}-{step}", body);

    protected async Task<T> StepAsync<T>(string step, Func<Task<T>> body)
    {
        T result = default!;
        // A block body, so that the lambda is a Func<Task> and this calls the overload above, not itself.
        await StepAsync(step, async () => { result = await body(); });
        return result;
    }

    /// <summary>
    /// Waits until the address matches. Web-first (it polls the address) rather than WaitForURLAsync, which
    /// after a form's GET sometimes waited for a "load" event the client had already missed.
    /// </summary>
    protected Task ExpectUrlAsync(string pattern) => Expect(Page).ToHaveURLAsync(new Regex(pattern));

    /// <summary>The app's one-line outcome of a POST (Post/Redirect/Get), exactly "บันทึกแล้ว: …".</summary>
    protected Task ExpectSavedAsync(string what) =>
        Expect(Page.Locator(".alert-success[role=status]").First).ToHaveTextAsync("บันทึกแล้ว: " + what);

    /// <summary>List pages filter by cycle in a search form: the person picks the cycle and applies the filter.</summary>
    protected async Task ChooseCycleAsync(int cycleId)
    {
        var search = Page.Locator("form[role=search]");
        await search.GetByLabel("รอบการประเมิน", new() { Exact = true }).SelectOptionAsync(I(cycleId));
        await search.GetByRole(AriaRole.Button, new() { Name = "ค้นหา", Exact = true }).ClickAsync();
        await ExpectUrlAsync($"[?&]cycle={cycleId}(&|$)");
    }

    /// <summary>From "my assessments" (Secretariat, assessors and chairs alike) to one service point's assessment; its id.</summary>
    public Task<int> OpenAssessmentAsync(int cycleId, string pointName) => StepAsync("open-assessment", async () =>
    {
        await Page.GotoAsync("/assessments");
        await ChooseCycleAsync(cycleId);
        await Page.GetByRole(AriaRole.Link, new() { Name = pointName, Exact = true }).ClickAsync();
        await ExpectUrlAsync(@"/assessments/show/\d+$");
        await Expect(Page.Locator("h1")).ToContainTextAsync(pointName);
        return IdInUrl();
    });
}

/// <summary>A mark as a person enters it: points for a scored criterion or pass/fail for a mandatory one, and a note.</summary>
public sealed record MarkEntry(int CriterionId, string? Points = null, bool? Passed = null, string? Note = null);
