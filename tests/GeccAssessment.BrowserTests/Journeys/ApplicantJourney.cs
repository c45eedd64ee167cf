using System.Text.RegularExpressions;
using GeccAssessment.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GeccAssessment.BrowserTests.Journeys;

public sealed record Registration(string AgencyName, string DisplayName, string Email, string Password);

/// <summary>One criterion of the self-assessment: a score, an explanation and, where given, a PDF to attach.</summary>
public sealed record SelfAnswer(int CriterionId, string Score, string Explanation, string? EvidenceFileName = null);

/// <summary>The applicant (ผู้สมัคร): registers the agency, adds a service point, applies and submits the self-assessment.</summary>
public sealed class ApplicantJourney(IPage page, string run) : Journey(page, run, "applicant")
{
    public Task RegisterAsync(Registration who) => StepAsync("register", async () =>
    {
        await Page.GotoAsync("/account/register");
        await Page.GetByLabel("ชื่อหน่วยงาน", new() { Exact = true }).FillAsync(who.AgencyName);
        await Page.GetByLabel("ประเภทหน่วยงาน", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "กรม" });
        await Page.GetByLabel("ชื่อ-นามสกุล", new() { Exact = true }).FillAsync(who.DisplayName);
        await Page.GetByLabel("อีเมล", new() { Exact = true }).FillAsync(who.Email);
        await Page.GetByLabel("รหัสผ่าน", new() { Exact = true }).FillAsync(who.Password);
        await Page.GetByLabel("ยืนยันรหัสผ่าน", new() { Exact = true }).FillAsync(who.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "ลงทะเบียน", Exact = true }).ClickAsync();
        // Registered: the same answer as for a taken e-mail (no account enumeration), then sign in.
        await Expect(Page).ToHaveURLAsync(new Regex("/account/login"));
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("ดำเนินการลงทะเบียนแล้ว");
        await Page.FillAsync("input[name=Email]", who.Email);
        await Page.FillAsync("input[name=Password]", who.Password);
        await Page.ClickAsync("form[action='/account/login'] button[type=submit]");
        await Expect(Page).Not.ToHaveURLAsync(new Regex("/account/login"));
        await Expect(Page.Locator("main")).ToContainTextAsync(who.AgencyName);
    });

    /// <summary>Opens the confirmation link of the registration mail (needed before submitting).</summary>
    public Task ConfirmEmailAsync(string link) => StepAsync("confirm-email", async () =>
    {
        await Page.GotoAsync(link);
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("ยืนยันอีเมลเรียบร้อยแล้ว");
    });

    /// <summary>A service point in Mueang Songkhla (the district list follows the province chosen).</summary>
    public Task AddServicePointAsync(string name) => StepAsync("add-point", async () =>
    {
        await Page.GotoAsync("/servicepoints/create");
        await Page.GetByLabel("ชื่อจุดบริการ", new() { Exact = true }).FillAsync(name);
        await Page.GetByLabel("ที่อยู่", new() { Exact = true }).FillAsync("ถนนราชดำเนิน ตำบลบ่อยาง");
        await Page.GetByLabel("จังหวัด", new() { Exact = true }).SelectOptionAsync("90");
        await Page.GetByLabel("อำเภอ/เขต", new() { Exact = true }).SelectOptionAsync("9001");
        await Page.GetByLabel("เวลาทำการ", new() { Exact = true }).FillAsync("จันทร์–ศุกร์ 08:30–16:30 น.");
        await Page.GetByLabel("ชื่อผู้ประสานงาน", new() { Exact = true }).FillAsync("นางสาวใจดี มีสุข");
        await Page.GetByRole(AriaRole.Button, new() { Name = "บันทึก", Exact = true }).ClickAsync();
        await ExpectUrlAsync("/servicepoints$");
        await Expect(Page.Locator("main table").First).ToContainTextAsync(name);
    });

    /// <summary>Starts an application of the point to the given cycle (chosen by the person, not the default); its id.</summary>
    public Task<int> ApplyAsync(string pointName, int cycleId) => StepAsync("apply", async () =>
    {
        await Page.GotoAsync("/applications/create");
        await Page.GetByLabel("ชื่อจุดบริการ", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = pointName });
        await Page.GetByLabel("รอบการประเมิน", new() { Exact = true }).SelectOptionAsync(I(cycleId));
        await Page.GetByRole(AriaRole.Button, new() { Name = "สร้างใบสมัคร", Exact = true }).ClickAsync();
        await ExpectUrlAsync(@"/applications/edit/\d+$");
        await Expect(Page.Locator("main dl").First).ToContainTextAsync("ร่าง");
        return IdInUrl();
    });

    /// <summary>Fills the self-assessment on the application's page, attaches the evidence and submits it.</summary>
    public Task SubmitAsync(IReadOnlyList<SelfAnswer> answers) => StepAsync("submit", async () =>
    {
        foreach (var answer in answers)
        {
            await Page.Locator($"#score-{I(answer.CriterionId)}").FillAsync(answer.Score);
            await Page.Locator($"#explanation-{I(answer.CriterionId)}").FillAsync(answer.Explanation);
            if (answer.EvidenceFileName is { } fileName)
            {
                await Page.Locator($"#evidence-{I(answer.CriterionId)}").SetInputFilesAsync(
                    new FilePayload { Name = fileName, MimeType = "application/pdf", Buffer = TestData.Pdf() });
                // As a person waits for "uploaded" beside the file (an upload that fails shows an error state instead).
                await Expect(Page.Locator(".upload-item[data-state=saved]", new() { HasText = fileName })).ToBeVisibleAsync();
            }
        }

        await Page.GetByRole(AriaRole.Button, new() { Name = "ส่งใบสมัคร", Exact = true }).ClickAsync();
        await Expect(Page.Locator(".alert-success[role=status]")).ToContainTextAsync("ส่งใบสมัครแล้ว");
        await Expect(Page.Locator("main dl").First).ToContainTextAsync("ส่งแล้ว รอตรวจสอบ");
        foreach (var fileName in answers.Select(a => a.EvidenceFileName).OfType<string>())
        {
            await Expect(Page.GetByRole(AriaRole.Link, new() { Name = fileName })).ToBeVisibleAsync();
        }
    });

    /// <summary>After the committee's decision: the application shows it, and the agency prints its own certificate.</summary>
    public Task<byte[]> DownloadOwnCertificateAsync(int applicationId, string number) => StepAsync("own-certificate", async () =>
    {
        await Page.GotoAsync("/applications");
        await Page.Locator($"main a[href$='/applications/edit/{I(applicationId)}']").ClickAsync();
        var outcome = Page.Locator("#outcome");
        await Expect(outcome).ToContainTextAsync("ได้รับการรับรอง ระดับพื้นฐาน");
        await Expect(outcome).ToContainTextAsync(number);
        var download = await Page.RunAndWaitForDownloadAsync(() =>
            outcome.GetByRole(AriaRole.Link, new() { Name = "ดาวน์โหลดใบรับรอง (PDF)", Exact = true }).ClickAsync());
        return await File.ReadAllBytesAsync((await download.PathAsync())!);
    });
}
