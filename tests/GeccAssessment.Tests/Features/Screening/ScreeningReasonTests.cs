using System.Net;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Tests.Features.Screening;

/// <summary>
/// Screening flags each criterion whose required evidence is missing, and returns an application with a
/// reason beside each criterion to fix; the applicant reads each reason beside its criterion.
/// </summary>
public class ScreeningReasonTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    private static string I(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Missing_evidence_is_flagged_and_reasons_per_criterion_reach_the_applicant()
    {
        var cycle = await TestData.CreateCycleAsync(app, TestData.UniqueYear());
        var agency = await TestData.CreateAgencyAsync(app, "สำนักงานที่ดินจังหวัดสงขลา");
        var point = await TestData.CreateServicePointAsync(app, agency.Id, "จุดบริการที่ดิน");
        var application = await TestData.CreateApplicationAsync(app, cycle.Id, point, ApplicationStatus.Submitted);
        await TestData.CreateEvidenceFileAsync(app, application.Id, cycle.MandatoryId, "ป้าย.pdf");
        await app.CreateUserAsync("screen@reasons.test", Roles.Secretariat);
        await app.CreateUserAsync("owner@reasons.test", Roles.Applicant, agency.Id);
        var secretariat = app.CreateBrowser();
        await secretariat.SignInOrFailAsync("screen@reasons.test");
        var show = $"/screening/show/{I(application.Id)}";

        // V-01 asks for evidence and has none: flagged in the summary and on its row; P-01 (with a file) is not.
        var page = await secretariat.GetPageAsync(show);
        Assert.Contains("V-01", page.QuerySelector("#evidence-missing")!.TextContent);
        Assert.DoesNotContain("P-01", page.QuerySelector("#evidence-missing")!.TextContent);
        Assert.NotNull(page.QuerySelector($"#ro-criterion-{I(cycle.EvidenceId)} .evidence-missing"));
        Assert.Null(page.QuerySelector($"#ro-criterion-{I(cycle.MandatoryId)} .evidence-missing"));
        // Its reason box starts with the request for that evidence; the others start empty.
        Assert.Contains("กรุณาแนบหลักฐาน", page.QuerySelector($"#criterion-reason-{I(cycle.EvidenceId)}")!.TextContent);
        Assert.Equal("", page.QuerySelector($"#criterion-reason-{I(cycle.MandatoryId)}")!.TextContent);

        // Returning with no reason at all is refused.
        var refused = await secretariat.SubmitFormAsync(page, "#return-form",
            new Dictionary<string, string> { ["reason"] = " ", [$"criteria[{I(cycle.EvidenceId)}]"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal(ApplicationStatus.Submitted, await StatusAsync(application.Id));
        Assert.Contains("กรุณาระบุเหตุผลที่ส่งคืน", HtmlForms.TextOf(await secretariat.GetPageAsync(refused.Headers.Location!.OriginalString)));

        // Reasons beside two criteria and none in general are enough; the optional criterion the applicant left blank gets its reason too.
        page = await secretariat.GetPageAsync(show);
        var returned = await secretariat.SubmitFormAsync(page, "#return-form", new Dictionary<string, string>
        {
            [$"criteria[{I(cycle.EvidenceId)}]"] = "กรุณาแนบคู่มือสำหรับประชาชนฉบับปัจจุบัน\nพร้อมหน้าปก",
            [$"criteria[{I(cycle.OptionalId)}]"] = "โปรดอธิบายนวัตกรรมให้ชัดเจน",
        });
        Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);
        Assert.Equal(ApplicationStatus.Returned, await StatusAsync(application.Id));
        var notes = await NotesAsync(application.Id);
        Assert.Equal(2, notes.Count);
        Assert.Equal("โปรดอธิบายนวัตกรรมให้ชัดเจน", notes[cycle.OptionalId]);

        // The applicant sees each reason beside its criterion (line breaks kept) and the list at the top.
        var applicant = app.CreateBrowser();
        await applicant.SignInOrFailAsync("owner@reasons.test");
        var edit = await applicant.GetPageAsync($"/applications/edit/{I(application.Id)}");
        var besideEvidence = edit.QuerySelector($"#criterion-{I(cycle.EvidenceId)} .criterion-return-note")!;
        Assert.Contains("กรุณาแนบคู่มือสำหรับประชาชนฉบับปัจจุบัน\nพร้อมหน้าปก", besideEvidence.TextContent);
        Assert.NotNull(besideEvidence.QuerySelector(".text-prewrap"));
        Assert.Contains("โปรดอธิบายนวัตกรรมให้ชัดเจน", edit.QuerySelector($"#criterion-{I(cycle.OptionalId)} .criterion-return-note")!.TextContent);
        Assert.Null(edit.QuerySelector($"#criterion-{I(cycle.MandatoryId)} .criterion-return-note"));
        var summary = edit.QuerySelector("#return-reasons")!;
        Assert.Contains("V-01", summary.TextContent);
        Assert.Contains("O-01", summary.TextContent);
        // The timeline names them too.
        Assert.Contains("V-01: กรุณาแนบคู่มือ", edit.QuerySelector("ol")!.TextContent);

        // Back in the queue (as after resubmission) and returned again with a general reason only: the old per-criterion reasons go.
        await app.WithDbAsync(async db => await db.Applications.Where(a => a.Id == application.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, ApplicationStatus.Submitted)));
        page = await secretariat.GetPageAsync(show);
        Assert.Contains("โปรดอธิบายนวัตกรรมให้ชัดเจน", page.QuerySelector($"#ro-criterion-{I(cycle.OptionalId)} .criterion-return-note")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, (await secretariat.SubmitFormAsync(page, "#return-form", new Dictionary<string, string>
        {
            ["reason"] = "กรุณาตรวจทานทั้งฉบับ",
            [$"criteria[{I(cycle.EvidenceId)}]"] = "",
        })).StatusCode);
        Assert.Empty(await NotesAsync(application.Id));
        edit = await applicant.GetPageAsync($"/applications/edit/{I(application.Id)}");
        Assert.Contains("กรุณาตรวจทานทั้งฉบับ", edit.QuerySelector("#return-reasons")!.TextContent);
        Assert.Empty(edit.QuerySelectorAll(".criterion-return-note"));
    }

    [Fact]
    public async Task A_reason_for_a_criterion_of_another_cycle_is_ignored()
    {
        var cycle = await TestData.CreateCycleAsync(app, TestData.UniqueYear());
        var other = await TestData.CreateCycleAsync(app, TestData.UniqueYear());
        var agency = await TestData.CreateAgencyAsync(app, "สำนักงานขนส่งจังหวัดสงขลา");
        var application = await TestData.CreateApplicationAsync(app, cycle.Id, await TestData.CreateServicePointAsync(app, agency.Id, "จุดบริการขนส่ง"), ApplicationStatus.Submitted);
        await app.CreateUserAsync("screen2@reasons.test", Roles.Secretariat);
        var secretariat = app.CreateBrowser();
        await secretariat.SignInOrFailAsync("screen2@reasons.test");
        var page = await secretariat.GetPageAsync($"/screening/show/{I(application.Id)}");
        var response = await secretariat.SubmitFormAsync(page, "#return-form", new Dictionary<string, string>
        {
            [$"criteria[{I(cycle.EvidenceId)}]"] = "",
            [$"criteria[{I(other.EvidenceId)}]"] = "ของรอบอื่น",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(ApplicationStatus.Submitted, await StatusAsync(application.Id));
        Assert.Empty(await app.WithDbAsync(db => db.SelfAssessmentAnswers.Where(a => a.ReturnNote != null).ToListAsync()));
    }

    private Task<ApplicationStatus> StatusAsync(int id) => app.WithDbAsync(db => db.Applications.Where(a => a.Id == id).Select(a => a.Status).SingleAsync());

    private Task<Dictionary<int, string>> NotesAsync(int id) => app.WithDbAsync(db => db.SelfAssessmentAnswers
        .Where(a => a.ApplicationId == id && a.ReturnNote != null).ToDictionaryAsync(a => a.CriterionId, a => a.ReturnNote!));
}
