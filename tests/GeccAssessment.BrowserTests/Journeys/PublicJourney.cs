using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GeccAssessment.BrowserTests.Journeys;

/// <summary>The public (ประชาชน), without signing in: verifies a certificate, or finds a centre among the certified ones.</summary>
public sealed class PublicJourney(IPage page, string run) : Journey(page, run, "public")
{
    /// <summary>The page the certificate's QR code opens; returns what it says about the certificate.</summary>
    public Task<string> VerifyAsync(string number) => StepAsync("verify", async () =>
    {
        await Page.GotoAsync("/verify/" + number);
        return await StatusAsync();
    });

    /// <summary>Certified centres, filtered to Songkhla and the cycle, then the point's entry; returns what its page says.</summary>
    public Task<string> FindCertifiedCentreAsync(int cycleId, string pointName) => StepAsync("find-centre", async () =>
    {
        await Page.GotoAsync("/centres");
        var search = Page.Locator("form[role=search]");
        await search.GetByLabel("จังหวัด", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "สงขลา" });
        await search.GetByLabel("รอบการประเมิน", new() { Exact = true }).SelectOptionAsync(I(cycleId));
        await search.GetByRole(AriaRole.Button, new() { Name = "ค้นหา", Exact = true }).ClickAsync();
        await ExpectUrlAsync($"/centres\\?.*cycle={cycleId}");
        await Page.GetByRole(AriaRole.Link, new() { Name = pointName, Exact = true }).ClickAsync();
        await ExpectUrlAsync("/verify/");
        return await StatusAsync();
    });

    private async Task<string> StatusAsync()
    {
        var status = Page.Locator("#verify-status");
        await Expect(status).ToBeVisibleAsync();
        return (await status.TextContentAsync())!.Trim();
    }
}
