using System.Text.RegularExpressions;
using GeccAssessment.Tests.Features.Certification;
using GeccAssessment.Web.Domain;
using static Microsoft.Playwright.Assertions;

namespace GeccAssessment.BrowserTests;

/// <summary>The certificate batch page, which asks for its job's progress every few seconds (js/batch-job.js).</summary>
[Collection("browser")]
public class BatchJobTests(BrowserFixture browser)
{
    [Fact]
    public async Task Signed_out_in_another_tab_the_batch_page_stops_asking_says_so_in_thai_and_offers_the_sign_in()
    {
        var app = browser.App;
        var email = $"batch-{Guid.NewGuid():N}@browser.test";
        await app.CreateUserAsync(email, Roles.Secretariat);
        var job = await CertificatePlanting.RunningBatchAsync(app, "browser-test");
        var page = await browser.SignedInPageAsync(email);
        var polls = 0;
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/batchjobstatus/", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref polls);
            }
        };
        await page.GotoAsync($"/certificates/batchjob/{job}");
        await Expect(page.Locator("#job-status")).ToContainTextAsync("กำลังจัดทำ");
        await Expect(page.Locator("#job-signin")).ToBeHiddenAsync();

        await BrowserFixture.StepAsync(page, "batch-job-signed-out", async () =>
        {
            var other = await page.Context.NewPageAsync();
            await other.GotoAsync("/");
            await other.EvaluateAsync("() => document.querySelector(\"form[action='/account/logout']\").requestSubmit()");
            await Expect(other).ToHaveURLAsync(new Regex("/account/login"));
            await other.CloseAsync();

            await Expect(page.Locator("#job-status")).ToContainTextAsync("ออกจากระบบแล้วหรือการเข้าสู่ระบบหมดอายุ");
            await Expect(page.Locator("#job-status")).Not.ToContainTextAsync("กำลังจัดทำ");
            await Expect(page.Locator("#job-signin")).ToBeVisibleAsync();
            await Expect(page.Locator("#job-signin")).ToHaveTextAsync("เข้าสู่ระบบใหม่");
        });

        // No more requests: before, it asked every few seconds for ever, each refused.
        var seen = Volatile.Read(ref polls);
        await page.WaitForTimeoutAsync(5000);
        Assert.Equal(seen, Volatile.Read(ref polls));

        await page.Locator("#job-signin").ClickAsync();
        await page.FillAsync("input[name=Email]", email);
        await page.FillAsync("input[name=Password]", Tests.Infrastructure.GeccAppFactory.Password);
        await page.ClickAsync("form[action^='/account/login'] button[type=submit]");
        await Expect(page).ToHaveURLAsync(new Regex($"/certificates/batchjob/{job}$"));
        await Expect(page.Locator("#job-status")).ToContainTextAsync("กำลังจัดทำ");
    }
}
