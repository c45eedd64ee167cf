using System.Net;
using AngleSharp.Dom;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Tests.Features.Applications;

/// <summary>Bad input gets a clear Thai message, and what was already saved stays.</summary>
public class BadInputTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>, IAsyncLifetime
{
    private TestData.CycleInfo _cycle = null!;
    private Application _application = null!;
    private HttpClient _applicant = null!;
    private int _agencyId;

    public async Task InitializeAsync()
    {
        _cycle = await TestData.CreateCycleAsync(app, TestData.UniqueYear());
        var agency = await TestData.CreateAgencyAsync(app, "หน่วยงานทดสอบข้อมูลผิด");
        _agencyId = agency.Id;
        var point = await TestData.CreateServicePointAsync(app, agency.Id, "จุดบริการทดสอบ");
        _application = await TestData.CreateApplicationAsync(app, _cycle.Id, point);
        var email = $"bad{Guid.NewGuid():N}@input.test";
        await app.CreateUserAsync(email, Roles.Applicant, agency.Id);
        _applicant = app.CreateBrowser();
        await _applicant.SignInOrFailAsync(email);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private string EditUrl => $"/applications/edit/{_application.Id}";

    private string FormSelector => $"form[action='/applications/save/{_application.Id}']";

    private static string NameOf(IDocument page, string selector) => page.QuerySelector(selector)!.GetAttribute("name")!;

    [Fact]
    public async Task Oversized_and_disguised_files_are_refused_and_the_answers_beside_them_are_kept()
    {
        var page = await _applicant.GetPageAsync(EditUrl);
        var fields = HtmlForms.FieldsOf(page, FormSelector)
            .With(NameOf(page, $"#score-{_cycle.MandatoryId}"), "7")
            .With(NameOf(page, $"#explanation-{_cycle.MandatoryId}"), "ติดตั้งป้ายครบทุกจุด")
            .With("intent", "save");

        await _applicant.PostMultipartAsync(page, FormSelector, fields,
        [
            ($"Evidence_{_cycle.EvidenceId}", "ใหญ่มาก.pdf", TestData.Pdf(50 * 1024 * 1024)),
            ($"Evidence_{_cycle.EvidenceId}", "setup.pdf", TestData.Exe()),
            ($"Evidence_{_cycle.EvidenceId}", "ดี.png", TestData.Png()),
        ]);

        page = await _applicant.GetPageAsync(EditUrl);
        var problems = page.QuerySelector("#problems")!.TextContent;
        Assert.Contains("ใหญ่มาก.pdf ใหญ่เกิน 10 MB", problems);
        Assert.Contains("setup.pdf ไม่ใช่ PDF, JPEG หรือ PNG", problems);
        Assert.Equal("7", page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>($"#score-{_cycle.MandatoryId}")!.Value);
        var files = await app.WithDbAsync(db => db.EvidenceFiles.Where(f => f.ApplicationId == _application.Id).Select(f => f.FileName).ToListAsync());
        Assert.Equal(["ดี.png"], files);
    }

    [Fact]
    public async Task A_score_above_the_maximum_is_named_and_other_answers_are_saved()
    {
        var page = await _applicant.GetPageAsync(EditUrl);
        var fields = HtmlForms.FieldsOf(page, FormSelector)
            .With(NameOf(page, $"#score-{_cycle.MandatoryId}"), "11")
            .With(NameOf(page, $"#score-{_cycle.OptionalId}"), "4")
            .With("intent", "save");

        await _applicant.PostMultipartAsync(page, FormSelector, fields);

        page = await _applicant.GetPageAsync(EditUrl);
        Assert.Contains("ข้อ P-01: คะแนนประเมินตนเองต้องเป็นตัวเลข 0 ถึง 10", page.QuerySelector("#problems")!.TextContent);
        var scores = await app.WithDbAsync(db => db.SelfAssessmentAnswers.Where(a => a.ApplicationId == _application.Id).ToDictionaryAsync(a => a.CriterionId, a => a.SelfScore));
        Assert.Equal(4m, scores[_cycle.OptionalId]);
        Assert.NotEqual(11m, scores.GetValueOrDefault(_cycle.MandatoryId));
    }

    [Fact]
    public async Task Empty_names_and_markup_in_a_service_point_are_refused_with_thai_messages()
    {
        var before = await app.WithDbAsync(db => db.ServicePoints.CountAsync(p => p.AgencyId == _agencyId));

        var empty = await _applicant.SubmitFormAsync("/servicepoints/create", "form[action='/servicepoints/save']", new Dictionary<string, string>
        {
            ["Form.Name"] = "",
            ["Form.Address"] = "ถนนทดสอบ",
            ["Form.ProvinceCode"] = "90",
            ["Form.DistrictCode"] = "9001",
        });
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        var emptyPage = await HtmlForms.ParseAsync(empty);
        Assert.Contains("กรุณากรอกชื่อจุดบริการ", emptyPage.QuerySelector("[role=alert]")!.TextContent);
        Assert.Equal("ถนนทดสอบ", emptyPage.QuerySelector("#Form_Address")!.TextContent);

        var script = await _applicant.SubmitFormAsync("/servicepoints/create", "form[action='/servicepoints/save']", new Dictionary<string, string>
        {
            ["Form.Name"] = "จุดบริการ<script>alert(1)</script>",
            ["Form.Address"] = "ถนนทดสอบ",
            ["Form.ProvinceCode"] = "90",
            ["Form.DistrictCode"] = "9001",
        });
        Assert.Contains("ต้องไม่มีแท็ก HTML", HtmlForms.TextOf(await HtmlForms.ParseAsync(script)));

        var wrongDistrict = await _applicant.SubmitFormAsync("/servicepoints/create", "form[action='/servicepoints/save']", new Dictionary<string, string>
        {
            ["Form.Name"] = "จุดบริการใหม่",
            ["Form.Address"] = "ถนนทดสอบ",
            ["Form.ProvinceCode"] = "90",
            ["Form.DistrictCode"] = "1001",
        });
        Assert.Contains("อำเภอที่เลือกไม่อยู่ในจังหวัดที่เลือก", HtmlForms.TextOf(await HtmlForms.ParseAsync(wrongDistrict)));

        Assert.Equal(before, await app.WithDbAsync(db => db.ServicePoints.CountAsync(p => p.AgencyId == _agencyId)));
    }

    [Fact]
    public async Task Outside_the_application_window_submission_is_refused()
    {
        var closed = await TestData.CreateCycleAsync(app, TestData.UniqueYear(), windowOpen: false);
        var point = await TestData.CreateServicePointAsync(app, _agencyId, "จุดบริการหลังปิดรับ");
        var late = await TestData.CreateApplicationAsync(app, closed.Id, point);
        var page = await _applicant.GetPageAsync($"/applications/edit/{late.Id}");
        var selector = $"form[action='/applications/save/{late.Id}']";
        var fields = HtmlForms.FieldsOf(page, selector).With(NameOf(page, $"#score-{closed.MandatoryId}"), "9").With("intent", "submit");

        await _applicant.PostMultipartAsync(page, selector, fields, [($"Evidence_{closed.EvidenceId}", "a.pdf", TestData.Pdf())]);

        Assert.Contains("ส่งใบสมัครได้เฉพาะช่วงเปิดรับสมัคร", (await _applicant.GetPageAsync($"/applications/edit/{late.Id}")).QuerySelector("#problems")!.TextContent);
        Assert.Equal(ApplicationStatus.Draft, await app.WithDbAsync(db => db.Applications.Where(a => a.Id == late.Id).Select(a => a.Status).SingleAsync()));
    }
}
