using System.Text.RegularExpressions;
using GeccAssessment.BrowserTests.Journeys;
using GeccAssessment.Tests.Features.Satisfaction;
using GeccAssessment.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace GeccAssessment.BrowserTests;

/// <summary>
/// A citizen at the counter: the agency prints the poster, a phone (no JavaScript) reads its QR
/// code and answers, and the answer reaches the agency's results, the scoring form beside each
/// dimension, the committee's dashboard and the public list of centres.
/// </summary>
[Collection("browser")]
public class SatisfactionTests(BrowserFixture browser)
{
    private GeccAppFactory App => browser.App;

    [Fact]
    public async Task A_citizen_scans_the_poster_answers_on_a_phone_and_the_answer_reaches_every_page_that_shows_it()
    {
        var (scene, _) = await Preconditions.CertifiedAsync(App);
        var pointId = scene.Application.ServicePointId;
        var pointName = await Preconditions.PointNameAsync(App, scene);
        await App.WithDbAsync(async db =>
        {
            (await db.ServicePoints.FindAsync(pointId))!.ServicesOffered = "ยื่นคำขอ, รับใบอนุญาต";
            return await db.SaveChangesAsync();
        });
        // The wording of the four questions is data of the cycle, as the Secretariat would have saved it.
        await App.WithDbAsync(async db =>
        {
            db.SatisfactionQuestions.AddRange(GeccAssessment.Web.Data.Seeding.DemoSatisfaction.Questions.Select(q =>
                new GeccAssessment.Web.Domain.SatisfactionQuestion { CycleId = scene.Cycle.Id, Kind = q.Kind, TextTh = q.Th, TextEn = q.En }));
            return await db.SaveChangesAsync();
        });
        var comment = "เจ้าหน้าที่ยิ้มแย้ม <b>ขอบคุณ</b> " + Guid.NewGuid().ToString("N")[..6];

        // The agency prints the A4 poster; the QR code is read from the rendered page, as a phone camera would.
        var agency = await browser.SignedInPageAsync(scene.ApplicantEmail);
        var url = await StepAsync(agency, "poster", async () =>
        {
            await agency.GotoAsync("/satisfaction");
            var download = await agency.RunAndWaitForDownloadAsync(() => agency.Locator($"tr[data-point='{pointId}'] a.poster-a4").ClickAsync());
            return QrCodes.ReadFromPdfPage(await File.ReadAllBytesAsync((await download.PathAsync())!));
        });
        Assert.StartsWith(browser.App.BaseUrl + "/s/", url);

        // A cheap phone: small screen, touch, no JavaScript; the page (HTML and CSS, fonts aside) stays under 50 KB.
        var phoneContext = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "th-TH",
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },
            IsMobile = true,
            HasTouch = true,
            JavaScriptEnabled = false,
        });
        var phone = await phoneContext.NewPageAsync();
        var bytes = 0L;
        phone.Response += (_, response) =>
        {
            if (!Regex.IsMatch(response.Url, @"\.(woff2?|ttf)(\?|$)"))
            {
                Interlocked.Add(ref bytes, long.Parse(response.Headers.GetValueOrDefault("content-length", "0"), System.Globalization.CultureInfo.InvariantCulture));
            }
        };
        await StepAsync(phone, "answer", async () =>
        {
            var loaded = await phone.GotoAsync(url);
            var html = (await loaded!.BodyAsync()).Length;
            await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "ประเมินความพึงพอใจการให้บริการ" })).ToBeVisibleAsync();
            await Assertions.Expect(phone.Locator("main")).ToContainTextAsync(pointName);
            Assert.True(html + Interlocked.Read(ref bytes) < 50_000, $"page weight {html} + {bytes} bytes");
            await phone.Locator("label[for=overall-5]").TapAsync();
            await Assertions.Expect(phone.Locator("main")).ToContainTextAsync(GeccAssessment.Web.Data.Seeding.DemoSatisfaction.Questions[1].Th);
            foreach (var (name, value) in new[] { ("Premises", 4), ("Personnel", 5), ("ServiceProcess", 4), ("Other", 5) })
            {
                await phone.Locator($"label[for={name}-{value}]").TapAsync();
            }

            await phone.SelectOptionAsync("select[name=Service]", "รับใบอนุญาต");
            await phone.FillAsync("textarea[name=Comment]", comment);
            // A person takes more than the minimum fill time (3 s) to read and tap.
            await phone.WaitForTimeoutAsync(3_500);
            await phone.GetByRole(AriaRole.Button, new() { Name = "ส่งความเห็น" }).TapAsync();
            await Assertions.Expect(phone.Locator("#survey-thanks")).ToContainTextAsync("ได้รับความเห็นของท่านแล้ว");
        });
        await phoneContext.CloseAsync();
        var stored = await App.WithDbAsync(db => db.SatisfactionResponses.AsNoTracking().SingleAsync(r => r.ServicePointId == pointId));
        Assert.Equal<(short, string?, string?)>((5, "รับใบอนุญาต", comment), (stored.Overall, stored.Service, stored.Comment));

        // The agency's own results: one answer, not enough for an average, the comment as text.
        await StepAsync(agency, "agency-results", async () =>
        {
            await agency.GotoAsync($"/satisfaction/results/{pointId}");
            await Assertions.Expect(agency.Locator("#satisfaction-last12")).ToContainTextAsync("ข้อมูลไม่เพียงพอ (1 คำตอบ)");
            await Assertions.Expect(agency.Locator("#satisfaction-comments")).ToContainTextAsync(comment);
        });

        // Beside the criteria of each dimension in the scoring form.
        var assessor = await browser.SignedInPageAsync(scene.Assessor1);
        await StepAsync(assessor, "scoring-form", async () =>
        {
            await assessor.GotoAsync($"/assessments/score/{scene.AssessmentId}");
            await Assertions.Expect(assessor.Locator("#public-Premises")).ToContainTextAsync("1 คำตอบ");
            await assessor.GotoAsync($"/assessments/score/{scene.AssessmentId}/personnel");
            await Assertions.Expect(assessor.Locator("#public-Personnel")).ToContainTextAsync("ข้อมูลไม่เพียงพอ");
            await assessor.GotoAsync($"/assessments/score/{scene.AssessmentId}");
            await assessor.Locator("#public-Premises a").ClickAsync();
            await Assertions.Expect(assessor.Locator("#satisfaction-comments")).ToContainTextAsync(comment);
        });

        // With 30 more answers the figures rest on enough: the dashboard compares the point, /centres shows it.
        await Survey.AddCountedAnswersAsync(App, pointId, 30, overall: 4);
        await StepAsync(assessor, "scoring-form-enough", async () =>
        {
            await assessor.GotoAsync($"/assessments/score/{scene.AssessmentId}/personnel");
            await Assertions.Expect(assessor.Locator("#public-Personnel")).ToContainTextAsync("31 คำตอบ");
        });
        var secretariat = await browser.SignedInPageAsync(scene.Secretariat);
        await StepAsync(secretariat, "dashboard", async () =>
        {
            await secretariat.GotoAsync("/dashboard");
            var points = secretariat.Locator("#satisfaction-best");
            await Assertions.Expect(points).ToContainTextAsync(pointName);
            await Assertions.Expect(points.Locator("tr", new() { HasText = pointName })).ToContainTextAsync("4.03 / 5 (31 คำตอบ)");
            await Assertions.Expect(secretariat.Locator("#satisfaction-provinces")).ToContainTextAsync("สงขลา");
        });
        var visitor = await browser.NewPageAsync();
        await StepAsync(visitor, "centres", async () =>
        {
            await visitor.GotoAsync($"/centres?cycle={scene.Cycle.Id}");
            await Assertions.Expect(visitor.Locator("tr", new() { HasText = pointName })).ToContainTextAsync("4.03 / 5");
        });
    }

    [Fact]
    public async Task The_public_survey_page_has_no_serious_accessibility_violations_in_thai_or_english()
    {
        var (_, point, applicant) = await Survey.ArrangeAsync(App);
        var url = await Survey.CodeUrlAsync(App, applicant, point.Id);
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(375, 740);
        var problems = new List<string>();
        foreach (var step in new[] { "th", "en" })
        {
            await page.GotoAsync(url);
            if (step == "en")
            {
                await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
                await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            }

            problems.AddRange((await Axe.SeriousViolationsAsync(page))
                .Select(v => $"{step}: {v.Id} ({v.Impact}) {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}"));
        }

        await page.GotoAsync("/s/thanks");
        problems.AddRange((await Axe.SeriousViolationsAsync(page)).Select(v => $"thanks: {v.Id}"));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        await page.Context.CloseAsync();
    }

    private static async Task<T> StepAsync<T>(IPage page, string name, Func<Task<T>> step)
    {
        T result = default!;
        await BrowserFixture.StepAsync(page, "satisfaction-" + name, async () => result = await step());
        return result;
    }

    private static Task StepAsync(IPage page, string name, Func<Task> step) => BrowserFixture.StepAsync(page, "satisfaction-" + name, step);
}
