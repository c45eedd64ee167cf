using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GeccAssessment.BrowserTests.Journeys;

/// <summary>The steering committee (คณะกรรมการอำนวยการ): certifies at a meeting, then opens and downloads the certificate.</summary>
public sealed class CommitteeJourney(IPage page, string run) : Journey(page, run, "committee")
{
    /// <summary>
    /// Ticks the signed-off point among those awaiting a decision, types the meeting's date as a Thai
    /// person does (15/07/2563) and sees how it will read, presses "certify", checks the summary on the
    /// page that asks again and confirms; the list then names the certificate issued. Returns its number.
    /// </summary>
    public Task<string> CertifyAsync(int cycleId, string pointName, string meetingNumber, string meetingDateTyped, string meetingDateReads) => StepAsync("certify", async () =>
    {
        await Page.GotoAsync("/decisions");
        await ChooseCycleAsync(cycleId);
        await Page.GetByLabel("เลือก " + pointName, new() { Exact = true }).CheckAsync();
        await Page.GetByLabel("การประชุมครั้งที่", new() { Exact = true }).FillAsync(meetingNumber);
        var date = Page.GetByLabel("วันที่ประชุม", new() { Exact = true });
        await date.FillAsync(meetingDateTyped);
        await Expect(Page.Locator("#MeetingDate-reads")).ToHaveTextAsync("อ่านว่า " + meetingDateReads);
        await Page.GetByRole(AriaRole.Button, new() { Name = "รับรองรายการที่เลือก", Exact = true }).ClickAsync();

        await Expect(Page.Locator("h1")).ToHaveTextAsync("ตรวจสอบก่อนบันทึกมติ");
        await Expect(Page.Locator("#decision-summary")).ToContainTextAsync("รับรอง 1 แห่ง");
        await Expect(Page.Locator("#confirm-meeting-date")).ToHaveTextAsync(meetingDateReads);
        await Page.GetByRole(AriaRole.Button, new() { Name = "ยืนยันการรับรอง", Exact = true }).ClickAsync();

        await ExpectSavedAsync("บันทึกมติแล้ว 1 รายการ");
        var issued = Page.Locator("#issued");
        await Expect(issued).ToContainTextAsync("ออกใบรับรองแล้ว 1 ฉบับ");
        await Expect(issued.GetByRole(AriaRole.Link, new() { Name = "พิมพ์ทั้งหมด (PDF)" })).ToBeVisibleAsync();
        return (await issued.Locator("li a").First.TextContentAsync())!.Trim();
    });

    /// <summary>Finds the point's certificate in the cycle's list and opens it; returns its number.</summary>
    public Task<string> OpenCertificateAsync(int cycleId, string pointName) => StepAsync("open-certificate", async () =>
    {
        await Page.GotoAsync("/certificates");
        await ChooseCycleAsync(cycleId);
        var link = Page.Locator("main tbody tr", new() { HasText = pointName }).GetByRole(AriaRole.Link);
        var number = (await link.TextContentAsync())!.Trim();
        await link.ClickAsync();
        await ExpectUrlAsync(@"/certificates/show/\d+$");
        await Expect(Page.Locator("h1")).ToContainTextAsync(number);
        return number;
    });

    /// <summary>On the certificate's page, downloads the PDF as a person would; returns its bytes.</summary>
    public Task<byte[]> DownloadCertificateAsync() => StepAsync("download-certificate", async () =>
    {
        var download = await Page.RunAndWaitForDownloadAsync(() =>
            Page.GetByRole(AriaRole.Link, new() { Name = "ดาวน์โหลดใบรับรอง (PDF)", Exact = true }).ClickAsync());
        return await File.ReadAllBytesAsync((await download.PathAsync())!);
    });
}
