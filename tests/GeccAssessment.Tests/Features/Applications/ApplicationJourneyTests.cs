using System.Net;
using AngleSharp.Dom;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Tests.Features.Applications;

/// <summary>
/// The whole of steps 1–2 as people do it: register, add a point, apply, save half, come back, finish,
/// submit, get it returned, fix, resubmit, get it accepted.
/// </summary>
public class ApplicationJourneyTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    private static string FormOf(int applicationId) => $"form[action='/applications/save/{applicationId}']";

    private static string NameOf(IDocument page, string selector) => page.QuerySelector(selector)!.GetAttribute("name")!;

    [Fact]
    public async Task From_registration_to_acceptance()
    {
        var cycle = await TestData.CreateCycleAsync(app, 2569);
        await app.CreateUserAsync("secretariat@journey.test", Roles.Secretariat);
        var applicant = app.CreateBrowser();

        // A new applicant registers.
        var registered = await applicant.SubmitFormAsync("/account/register", "form[action='/account/register']", new Dictionary<string, string>
        {
            ["AgencyName"] = "สำนักงานสรรพสามิตพื้นที่หาดใหญ่",
            ["AgencyKind"] = nameof(AgencyKind.Department),
            ["DisplayName"] = "นางสาวใจดี มีสุข",
            ["Email"] = "applicant@journey.test",
            ["Password"] = "lagoon-mango-2569",
            ["ConfirmPassword"] = "lagoon-mango-2569",
        });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        await applicant.SignInOrFailAsync("applicant@journey.test", "lagoon-mango-2569");
        // Confirms its address from the link in the mail (a self-registered applicant must, to submit).
        await applicant.GetPageAsync(await Mail.QueuedMail.LinkAsync(app, "applicant@journey.test", MailKind.EmailConfirmation));

        // Adds a service point.
        var pointSaved = await applicant.SubmitFormAsync("/servicepoints/create", "form[action='/servicepoints/save']", new Dictionary<string, string>
        {
            ["Form.Name"] = "จุดบริการ ณ ศาลากลางจังหวัดสงขลา",
            ["Form.Address"] = "ถนนราชดำเนิน ตำบลบ่อยาง",
            ["Form.ProvinceCode"] = "90",
            ["Form.DistrictCode"] = "9001",
            ["Form.OpeningHours"] = "จันทร์–ศุกร์ 08:30–16:30 น.",
        });
        Assert.Equal(HttpStatusCode.Redirect, pointSaved.StatusCode);
        Assert.Contains("จุดบริการ ณ ศาลากลางจังหวัดสงขลา", HtmlForms.TextOf(await applicant.GetPageAsync("/servicepoints")));

        // Applies to the open cycle.
        var created = await applicant.SubmitFormAsync("/applications/create", "form[action='/applications/create']", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var editUrl = created.Headers.Location!.OriginalString;
        var id = int.Parse(editUrl.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);

        // Saves a half-finished self-assessment, and finds it again.
        var page = await applicant.GetPageAsync(editUrl);
        var fields = HtmlForms.FieldsOf(page, FormOf(id))
            .With(NameOf(page, $"#score-{cycle.OptionalId}"), "3")
            .With(NameOf(page, $"#explanation-{cycle.OptionalId}"), "มีระบบจองคิวออนไลน์")
            .With("intent", "save");
        Assert.Equal(HttpStatusCode.Redirect, (await applicant.PostMultipartAsync(page, FormOf(id), fields)).StatusCode);
        page = await applicant.GetPageAsync(editUrl);
        Assert.Contains("บันทึกร่างแล้ว", HtmlForms.TextOf(page));
        Assert.Equal("3", page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>($"#score-{cycle.OptionalId}")!.Value);
        Assert.Equal("มีระบบจองคิวออนไลน์", page.QuerySelector($"#explanation-{cycle.OptionalId}")!.TextContent);

        // Submitting too early names every missing item, and keeps the draft.
        fields = HtmlForms.FieldsOf(page, FormOf(id)).With("intent", "submit");
        await applicant.PostMultipartAsync(page, FormOf(id), fields);
        page = await applicant.GetPageAsync(editUrl);
        var problems = page.QuerySelector("#problems")!.TextContent;
        Assert.Contains("ข้อ P-01", problems);
        Assert.Contains("เป็นเกณฑ์บังคับ", problems);
        Assert.Contains("ข้อ V-01", problems);
        Assert.Contains("ต้องแนบหลักฐาน", problems);
        Assert.Equal(ApplicationStatus.Draft, await StatusAsync(id));

        // Finishes (a score and a PDF) and submits.
        fields = HtmlForms.FieldsOf(page, FormOf(id)).With(NameOf(page, $"#score-{cycle.MandatoryId}"), "9").With("intent", "submit");
        var submitted = await applicant.PostMultipartAsync(page, FormOf(id), fields, [($"Evidence_{cycle.EvidenceId}", "คู่มือประชาชน.pdf", TestData.Pdf())]);
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        Assert.Equal(ApplicationStatus.Submitted, await StatusAsync(id));
        page = await applicant.GetPageAsync(editUrl);
        Assert.Contains("ส่งใบสมัครแล้ว", HtmlForms.TextOf(page));
        Assert.Contains("คู่มือประชาชน.pdf", HtmlForms.TextOf(page));
        Assert.Null(page.QuerySelector(FormOf(id)));

        // The secretariat finds it in the queue and returns it with a reason.
        var secretariat = app.CreateBrowser();
        await secretariat.SignInOrFailAsync("secretariat@journey.test");
        var queue = await secretariat.GetPageAsync($"/screening?cycle={cycle.Id}");
        Assert.Contains("จุดบริการ ณ ศาลากลางจังหวัดสงขลา", HtmlForms.TextOf(queue));
        // A "back" that is not a screening queue (another site) is not followed.
        var returned = await secretariat.SubmitFormAsync($"/screening/show/{id}", "#return-form",
            new Dictionary<string, string> { ["reason"] = "กรุณาแนบภาพถ่ายป้ายบอกทาง", ["back"] = "//evil.example/screening" });
        Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);
        Assert.Equal("/screening", returned.Headers.Location!.OriginalString);
        Assert.Equal(ApplicationStatus.Returned, await StatusAsync(id));

        // The applicant sees why, fixes it and resubmits.
        page = await applicant.GetPageAsync(editUrl);
        Assert.Contains("กรุณาแนบภาพถ่ายป้ายบอกทาง", HtmlForms.TextOf(page));
        fields = HtmlForms.FieldsOf(page, FormOf(id)).With("intent", "submit");
        await applicant.PostMultipartAsync(page, FormOf(id), fields, [($"Evidence_{cycle.MandatoryId}", "ป้าย.png", TestData.Png())]);
        Assert.Equal(ApplicationStatus.Submitted, await StatusAsync(id));

        // The secretariat opens it from the filtered queue and accepts it at the foot of the page
        // (the same buttons sit at the top); the next page is that queue, still filtered.
        var link = queue.QuerySelectorAll("a").Select(a => a.GetAttribute("href")!).Single(href => href.StartsWith($"/screening/show/{id}?back=", StringComparison.Ordinal));
        var show = await secretariat.GetPageAsync(link);
        Assert.Equal(2, show.QuerySelectorAll($"form[action='/screening/accept/{id}']").Length);
        var accepted = await secretariat.SubmitFormAsync(show, $"#decide-bottom form[action='/screening/accept/{id}']", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal($"/screening?cycle={cycle.Id}", accepted.Headers.Location!.OriginalString);
        Assert.Equal(ApplicationStatus.Accepted, await StatusAsync(id));

        // The timeline tells the whole story in Thai with Buddhist-era dates.
        var timeline = (await applicant.GetPageAsync(editUrl)).QuerySelector("ol")!.TextContent;
        var thisYear = (BuddhistEraDate.ThailandToday(DateTime.UtcNow).Year + 543).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(thisYear, timeline);
        Assert.Equal(5, (await applicant.GetPageAsync(editUrl)).QuerySelectorAll("ol > li").Length);
        Assert.Contains("ส่งคืนแก้ไข", timeline);
        Assert.Contains("ผ่านการตรวจสอบเอกสาร", timeline);

        // Every state change is in the audit trail, with who and before → after.
        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == "Application" && a.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToListAsync());
        Assert.Contains(audit, a => a.Before != null && a.Before.Contains("\"Submitted\"") && a.After!.Contains("\"Returned\"") && a.UserName == "secretariat@journey.test");
        Assert.Contains(audit, a => a.Before != null && a.Before.Contains("\"Submitted\"") && a.After!.Contains("\"Accepted\""));
        var auditPage = await secretariat.GetPageAsync($"/audit?entityType=Application&entityId={id}");
        Assert.Contains("secretariat@journey.test", HtmlForms.TextOf(auditPage));
    }

    private Task<ApplicationStatus> StatusAsync(int id) => app.WithDbAsync(db => db.Applications.Where(a => a.Id == id).Select(a => a.Status).SingleAsync());
}
