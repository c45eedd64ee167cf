using System.Globalization;
using System.Net;
using System.Text;
using AngleSharp.Dom;
using GeccAssessment.Tests.Features.Assessments;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static GeccAssessment.Tests.Features.Assessments.AssessmentSteps;

namespace GeccAssessment.Tests.Features.Security;

/// <summary>
/// Evidence files and assessors' photos that lie about what they are, are too big, or carry a
/// folder in their name: refused in Thai or stored under a plain name that says what the bytes
/// are; nothing saved before is lost, and a download never names a folder.
/// </summary>
public class HostileUploadTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    private static readonly byte[] Html = Encoding.UTF8.GetBytes("<html><body><script>alert(1)</script></body></html>");

    private static readonly byte[] Svg = Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>");

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private long MaxBytes => app.Services.GetRequiredService<IOptions<EvidenceOptions>>().Value.MaxBytes;

    /// <summary>Saves the self-assessment form with these files for V-01 and these fields (by element id) changed; returns the page after.</summary>
    private static Task<IDocument> SaveEvidenceAsync(
        HttpClient applicant, AssessmentScene scene, IEnumerable<(string FileName, byte[] Content)> files, Dictionary<string, string>? changes = null) =>
        Hostile.SaveSelfAssessmentAsync(applicant, scene,
            (page, fields) => (changes ?? []).Aggregate(fields, (all, change) => all.With(Hostile.FieldName(page, change.Key), change.Value)),
            files.Select(f => ($"Evidence_{I(scene.Cycle.EvidenceId)}", f.FileName, f.Content)));

    private Task<List<string>> EvidenceNamesAsync(AssessmentScene scene) =>
        app.WithDbAsync(db => db.EvidenceFiles.Where(f => f.ApplicationId == scene.Application.Id).OrderBy(f => f.Id).Select(f => f.FileName).ToListAsync());

    [Fact]
    public async Task Evidence_that_is_not_what_it_claims_or_too_big_is_refused_in_Thai_and_what_was_saved_stays()
    {
        var (scene, applicant) = await Hostile.EditableApplicationAsync(app);
        var evidence = $"explanation-{I(scene.Cycle.EvidenceId)}";
        await SaveEvidenceAsync(applicant, scene, [("คู่มือเดิม.pdf", TestData.Pdf())], new() { [$"score-{I(scene.Cycle.EvidenceId)}"] = "4" });

        var page = await SaveEvidenceAsync(applicant, scene,
        [
            ("หน้าเว็บ.pdf", Html),
            ("โปรแกรม.png", TestData.Exe()),
            ("ภาพเวกเตอร์.png", Svg),
            ("ใหญ่เกิน.pdf", TestData.Pdf((int)MaxBytes + 1)),
            ("ว่าง.pdf", []),
        ], new() { [evidence] = "แนบคู่มือฉบับปรับปรุง" });

        var problems = page.QuerySelector("#problems")!.TextContent;
        Assert.Contains("ไฟล์ หน้าเว็บ.pdf ไม่ใช่ PDF, JPEG หรือ PNG", problems);
        Assert.Contains("ไฟล์ โปรแกรม.png ไม่ใช่ PDF, JPEG หรือ PNG", problems);
        Assert.Contains("ไฟล์ ภาพเวกเตอร์.png ไม่ใช่ PDF, JPEG หรือ PNG", problems);
        Assert.Contains($"ไฟล์ ใหญ่เกิน.pdf ใหญ่เกิน {MaxBytes / (1024 * 1024)} MB", problems);
        Assert.Contains("ไฟล์ ว่าง.pdf ว่างเปล่า", problems);
        Assert.Equal(["คู่มือเดิม.pdf"], await EvidenceNamesAsync(scene));
        var answer = await app.WithDbAsync(db => db.SelfAssessmentAnswers.SingleAsync(a => a.ApplicationId == scene.Application.Id && a.CriterionId == scene.Cycle.EvidenceId));
        Assert.Equal(4m, answer.SelfScore);
        Assert.Equal("แนบคู่มือฉบับปรับปรุง", answer.Explanation);

        // The limit is the limit: a file of exactly the largest size is taken.
        await SaveEvidenceAsync(applicant, scene, [("ขนาดพอดี.pdf", TestData.Pdf((int)MaxBytes))]);
        Assert.Equal(["คู่มือเดิม.pdf", "ขนาดพอดี.pdf"], await EvidenceNamesAsync(scene));
    }

    [Theory]
    [InlineData("../../etc/passwd.pdf", "passwd.pdf")]
    [InlineData("..\\..\\windows\\win.ini.pdf", "win.ini.pdf")]
    [InlineData("C:\\x\\y.pdf", "y.pdf")]
    [InlineData("/var/www/html/คู่มือ.pdf", "คู่มือ.pdf")]
    public async Task A_folder_in_an_evidence_file_name_is_dropped_and_the_download_names_no_folder(string uploaded, string stored)
    {
        var (scene, applicant) = await Hostile.EditableApplicationAsync(app);

        await SaveEvidenceAsync(applicant, scene, [(uploaded, TestData.Pdf())]);

        Assert.Equal([stored], await EvidenceNamesAsync(scene));
        await AssertDownloadNamedAsync(applicant, scene, stored, "application/pdf");
    }

    /// <summary>
    /// A PDF saved as "คู่มือ.hta" runs as a program when opened on Windows; a right-to-left override
    /// makes "fdp.exe" read as "exe.pdf". The stored name must say what the bytes are.
    /// </summary>
    [Theory]
    [InlineData("คู่มือ.hta", "pdf", "คู่มือ.hta.pdf")]
    [InlineData("setup.exe", "pdf", "setup.exe.pdf")]
    [InlineData("หน้าแรก.html", "pdf", "หน้าแรก.html.pdf")]
    [InlineData("รายงาน\u202Efdp.exe", "pdf", "รายงานfdp.exe.pdf")]
    [InlineData("ป้าย.svg", "png", "ป้าย.svg.png")]
    [InlineData("ป้าย.PNG", "png", "ป้าย.PNG")]
    [InlineData("สำเนา.pdf", "png", "สำเนา.pdf.png")]
    public async Task An_evidence_file_name_that_claims_another_kind_gets_the_extension_of_its_content(string uploaded, string kind, string stored)
    {
        var (scene, applicant) = await Hostile.EditableApplicationAsync(app);

        await SaveEvidenceAsync(applicant, scene, [(uploaded, kind == "pdf" ? TestData.Pdf() : TestData.Png())]);

        Assert.Equal([stored], await EvidenceNamesAsync(scene));
        await AssertDownloadNamedAsync(applicant, scene, stored, kind == "pdf" ? "application/pdf" : "image/png");
    }

    private async Task AssertDownloadNamedAsync(HttpClient applicant, AssessmentScene scene, string stored, string contentType)
    {
        var id = await app.WithDbAsync(db => db.EvidenceFiles.Where(f => f.ApplicationId == scene.Application.Id).Select(f => f.Id).SingleAsync());
        var download = await applicant.GetAsync($"/evidence/{I(id)}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(contentType, download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        var disposition = download.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        var name = disposition.FileNameStar ?? disposition.FileName!.Trim('"');
        Assert.Equal(stored, name);
        Assert.DoesNotContain('/', name);
        Assert.DoesNotContain('\\', name);
        Assert.False(name.StartsWith('.'), name);
    }

    [Fact]
    public async Task A_photo_that_is_not_a_picture_or_too_big_is_refused_in_Thai_and_earlier_photos_stay()
    {
        var scene = await ArrangeAsync(app);
        var member = await SignedInAsync(app, scene.Assessor1);
        await DeclareAsync(member, scene.AssessmentId, conflict: false);
        var first = await PhotoAsync(member, scene, "ป้ายหน้าอาคาร.png", TestData.Png());
        Assert.Contains("ภาพถ่าย", first);

        Assert.Contains("ไฟล์ คู่มือ.jpg ไม่ใช่ภาพ JPEG หรือ PNG", await PhotoAsync(member, scene, "คู่มือ.jpg", TestData.Pdf()));
        Assert.Contains("ไฟล์ หน้าเว็บ.png ไม่ใช่ภาพ JPEG หรือ PNG", await PhotoAsync(member, scene, "หน้าเว็บ.png", Html));
        Assert.Contains("ไฟล์ ภาพเวกเตอร์.png ไม่ใช่ภาพ JPEG หรือ PNG", await PhotoAsync(member, scene, "ภาพเวกเตอร์.png", Svg));
        Assert.Contains($"ไฟล์ ใหญ่มาก.png ใหญ่เกิน {MaxBytes / (1024 * 1024)} MB", await PhotoAsync(member, scene, "ใหญ่มาก.png", TestData.Png((int)MaxBytes + 1)));
        Assert.Contains("ไฟล์ ว่าง.png ว่างเปล่า", await PhotoAsync(member, scene, "ว่าง.png", []));

        var photos = await app.WithDbAsync(db => db.AssessmentPhotos.Where(p => p.AssessmentId == scene.AssessmentId).Select(p => p.FileName).ToListAsync());
        Assert.Equal(["ป้ายหน้าอาคาร.png"], photos);
    }

    [Theory]
    [InlineData("C:\\Users\\somchai\\ป้าย.png", "ป้าย.png")]
    [InlineData("../../../ทางลาด.png", "ทางลาด.png")]
    [InlineData("ป้าย.html", "ป้าย.html.png")]
    public async Task A_photo_keeps_only_a_plain_name_that_says_it_is_a_picture(string uploaded, string stored)
    {
        var scene = await ArrangeAsync(app);
        var member = await SignedInAsync(app, scene.Assessor1);
        await DeclareAsync(member, scene.AssessmentId, conflict: false);

        await PhotoAsync(member, scene, uploaded, TestData.Png());

        var photo = await app.WithDbAsync(db => db.AssessmentPhotos.SingleAsync(p => p.AssessmentId == scene.AssessmentId));
        Assert.Equal(stored, photo.FileName);
        var file = await member.GetAsync($"/assessments/photofile/{I(scene.AssessmentId)}?photoId={I(photo.Id)}");
        Assert.Equal("image/png", file.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", file.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Null(file.Content.Headers.ContentDisposition?.FileName);
    }

    /// <summary>
    /// Beyond what one request may carry (64 MB for a photo), the app answers before reading the body:
    /// 413 with the Thai page, and nothing changes.
    /// </summary>
    [Fact]
    public async Task A_request_larger_than_the_endpoint_accepts_gets_the_Thai_413_page_and_changes_nothing()
    {
        var scene = await ArrangeAsync(app);
        var member = await SignedInAsync(app, scene.Assessor1);
        await DeclareAsync(member, scene.AssessmentId, conflict: false);
        await PhotoAsync(member, scene, "ป้ายหน้าอาคาร.png", TestData.Png());
        var page = await ScoringPageOfAsync(member, scene.AssessmentId, scene.Cycle.OptionalId);

        var response = await member.PostMultipartAsync(page, $"#c-{I(scene.Cycle.OptionalId)} form.photo-form",
            [new("criterionId", I(scene.Cycle.OptionalId))], [("photo", "ใหญ่มาก.png", TestData.Png((64 * 1024 * 1024) + 1))]);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("ใหญ่เกินกำหนด", HtmlForms.TextOf(await HtmlForms.ParseAsync(response)));
        Assert.Equal(1, await app.WithDbAsync(db => db.AssessmentPhotos.CountAsync(p => p.AssessmentId == scene.AssessmentId)));
    }

    [Fact]
    public async Task A_garbled_upload_gets_the_Thai_400_page_not_a_server_error()
    {
        var (scene, applicant) = await Hostile.EditableApplicationAsync(app);
        using var content = new ByteArrayContent("--xyz\r\nContent-Disposition: form-data; name=\"intent\"\r\n\r\nsave"u8.ToArray());
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz");

        var response = await applicant.PostAsync($"/applications/save/{I(scene.Application.Id)}", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("คำขอไม่ถูกต้อง", HtmlForms.TextOf(await HtmlForms.ParseAsync(response)));
    }

    /// <summary>Uploads one photo for O-01 as the scoring page does; returns the message shown after.</summary>
    private static async Task<string> PhotoAsync(HttpClient member, AssessmentScene scene, string fileName, byte[] content)
    {
        var page = await ScoringPageOfAsync(member, scene.AssessmentId, scene.Cycle.OptionalId);
        var response = await member.PostMultipartAsync(page, $"#c-{I(scene.Cycle.OptionalId)} form.photo-form",
            [new("criterionId", I(scene.Cycle.OptionalId))], [("photo", fileName, content)]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await member.GetPageAsync(response.Headers.Location!.ToString());
        return after.QuerySelector(".alert")?.TextContent ?? "";
    }
}
