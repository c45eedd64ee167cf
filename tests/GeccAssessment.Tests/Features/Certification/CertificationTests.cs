using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Tests.Pdf;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;
using static GeccAssessment.Tests.Features.Certification.CertificationSteps;

namespace GeccAssessment.Tests.Features.Certification;

/// <summary>Steps 7–8: the committee decides, certificates are issued, printed and verified in public.</summary>
public class CertificationTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    private Task<Scene> ArrangeAsync() => CertificationSteps.ArrangeAsync(app);

    private Task<HttpClient> SignedInAsync(string email) => CertificationSteps.SignedInAsync(app, email);

    [Fact]
    public async Task The_committee_certifies_two_declines_one_and_certificates_are_numbered_per_cycle()
    {
        var scene = await ArrangeAsync();
        var committee = await SignedInAsync(scene.Committee);

        // The committee's home is its queue: what awaits a decision, linked.
        var home = await committee.GetPageAsync("/");
        var waiting = home.QuerySelectorAll(".work-queue li").Single(li => li.TextContent.Contains("ผลการประเมินที่รอมติ", StringComparison.Ordinal));
        Assert.Equal("/decisions", waiting.QuerySelector("a")!.GetAttribute("href"));
        Assert.True(int.Parse(waiting.QuerySelector(".badge")!.TextContent, NumberStyles.AllowThousands, CultureInfo.InvariantCulture) >= 3);

        var list = HtmlForms.TextOf(await committee.GetPageAsync($"/decisions?cycle={I(scene.CycleId)}"));
        Assert.Contains("95.00", list);
        Assert.Contains("ระดับพื้นฐาน", list);

        var noReason = await DecideAsync(committee, scene, "decline", [scene.AssessmentIds[2]]);
        Assert.Contains("กรุณาระบุเหตุผลที่ไม่รับรอง", HtmlForms.TextOf(noReason));
        Assert.False(await app.WithDbAsync(db => db.CertificationDecisions.AnyAsync(d => d.CycleId == scene.CycleId)));

        var certified = await DecideAsync(committee, scene, "certify", [scene.AssessmentIds[0], scene.AssessmentIds[1]]);
        Assert.Contains("บันทึกมติแล้ว 2 รายการ", HtmlForms.TextOf(certified));
        await DecideAsync(committee, scene, "decline", [scene.AssessmentIds[2]], "ไม่ผ่านเกณฑ์บังคับด้านป้ายบอกทาง");

        var certificates = await app.WithDbAsync(db => db.Certificates.AsNoTracking().Where(c => c.CycleId == scene.CycleId).OrderBy(c => c.Sequence).ToListAsync());
        Assert.Equal([$"GECC-{scene.Year}-0001", $"GECC-{scene.Year}-0002"], certificates.Select(c => c.Number));
        Assert.All(certificates, c => Assert.Equal(new DateOnly(2030, 9, 29), c.ValidUntil));
        var declined = await app.WithDbAsync(db => db.CertificationDecisions.AsNoTracking().SingleAsync(d => d.AssessmentId == scene.AssessmentIds[2]));
        Assert.False(declined.Certified);

        // Deciding again on the same assessments changes nothing.
        await DecideAsync(committee, scene, "certify", [scene.AssessmentIds[0]]);
        Assert.Equal(2, await app.WithDbAsync(db => db.Certificates.CountAsync(c => c.CycleId == scene.CycleId)));

        // Only the committee decides.
        var secretariat = await SignedInAsync(scene.Secretariat);
        Assert.Equal(HttpStatusCode.Forbidden, (await secretariat.GetAsync("/decisions")).StatusCode);
    }

    [Fact]
    public async Task A_decision_is_only_shown_until_confirmed_then_lists_the_certificates_issued_with_print_all()
    {
        var scene = await ArrangeAsync();
        var committee = await SignedInAsync(scene.Committee);

        var first = await PostDecisionAsync(committee, scene, "certify", [scene.AssessmentIds[0], scene.AssessmentIds[1]]);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var summary = await HtmlForms.ParseAsync(first);
        Assert.Equal("รับรอง 2 แห่ง: ระดับพื้นฐาน 2 แห่ง", summary.QuerySelector("#decision-summary")!.TextContent.Trim());
        Assert.Equal("30 กันยายน พ.ศ. 2563", summary.QuerySelector("#confirm-meeting-date")!.TextContent);
        // Shown, not recorded: no decision, no meeting, no certificate.
        Assert.False(await app.WithDbAsync(db => db.CertificationDecisions.AnyAsync(d => d.CycleId == scene.CycleId)));
        Assert.False(await app.WithDbAsync(db => db.CommitteeMeetings.AnyAsync(m => m.CycleId == scene.CycleId)));

        var confirmed = await committee.ConfirmAsync(first, "form[action='/decisions/decide']");
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var after = await committee.GetPageAsync(confirmed.Headers.Location!.ToString());
        var certificates = await app.WithDbAsync(db => db.Certificates.AsNoTracking().Where(c => c.CycleId == scene.CycleId).OrderBy(c => c.Sequence).ToListAsync());
        Assert.Equal(2, certificates.Count);
        Assert.Equal(new DateOnly(2020, 9, 30), certificates[0].IssuedOn);
        var issued = after.QuerySelector("#issued")!;
        Assert.Contains("ออกใบรับรองแล้ว 2 ฉบับ", issued.TextContent);
        foreach (var certificate in certificates)
        {
            Assert.Equal($"/certificates/show/{I(certificate.Id)}", issued.QuerySelectorAll("a").Single(a => a.TextContent == certificate.Number).GetAttribute("href"));
        }

        // "Print all": the meeting's certificates in one PDF.
        var printAll = issued.QuerySelectorAll("a").Single(a => a.TextContent.Contains("พิมพ์ทั้งหมด", StringComparison.Ordinal)).GetAttribute("href")!;
        Assert.Equal($"/certificates/batch?meetingId={I(certificates[0].MeetingId)}", printAll);
    }

    [Fact]
    public async Task An_expired_certificate_downloads_marked_as_expired()
    {
        var scene = await ArrangeAsync();
        var committee = await SignedInAsync(scene.Committee);
        await DecideAsync(committee, scene, "certify", [scene.AssessmentIds[0]]);
        var certificate = await app.WithDbAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.CycleId == scene.CycleId));
        using (var valid = PdfDocument.Open(await committee.GetByteArrayAsync($"/certificates/pdf/{I(certificate.Id)}")))
        {
            Assert.DoesNotContain(PdfRendererTests.WithoutMarks("หมดอายุแล้ว"), PdfRendererTests.WithoutMarks(valid.GetPage(1).Text));
        }

        await app.WithDbAsync(db => db.Certificates.Where(c => c.Id == certificate.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.ValidUntil, new DateOnly(2023, 9, 29))));
        using var expired = PdfDocument.Open(await committee.GetByteArrayAsync($"/certificates/pdf/{I(certificate.Id)}"));
        Assert.Contains(PdfRendererTests.WithoutMarks("ใบรับรองนี้หมดอายุแล้วเมื่อ 29 กันยายน พ.ศ. 2566"), PdfRendererTests.WithoutMarks(expired.GetPage(1).Text));
    }

    [Fact]
    public async Task Declining_asks_first_and_says_how_many_will_be_declined()
    {
        var scene = await ArrangeAsync();
        var committee = await SignedInAsync(scene.Committee);
        var first = await PostDecisionAsync(committee, scene, "decline", [scene.AssessmentIds[2]], "ป้ายบอกทางไม่ครบ");
        Assert.Equal("ไม่รับรอง 1 แห่ง", (await HtmlForms.ParseAsync(first)).QuerySelector("#decision-summary")!.TextContent.Trim());
        Assert.False(await app.WithDbAsync(db => db.CertificationDecisions.AnyAsync(d => d.CycleId == scene.CycleId)));
    }

    [Theory]
    [InlineData("30/09/2563", "2020-09-30")]
    [InlineData("30 ก.ย. 2563", "2020-09-30")]
    [InlineData("2563-09-30", "2020-09-30")] // what a browser's date picker sent for a Buddhist year
    [InlineData("2020-09-30", "2020-09-30")]
    public async Task A_meeting_date_in_the_buddhist_era_is_stored_as_that_day(string typed, string stored)
    {
        var scene = await ArrangeAsync();
        var committee = await SignedInAsync(scene.Committee);
        await DecideAsync(committee, scene, "certify", [scene.AssessmentIds[0]], meetingDate: typed);
        var meeting = await app.WithDbAsync(db => db.CommitteeMeetings.AsNoTracking().SingleAsync(m => m.CycleId == scene.CycleId));
        Assert.Equal(DateOnly.ParseExact(stored, "yyyy-MM-dd", CultureInfo.InvariantCulture), meeting.HeldOn);
        var certificate = await app.WithDbAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.CycleId == scene.CycleId));
        Assert.Contains("30 กันยายน พ.ศ. 2563", HtmlForms.TextOf(await committee.GetPageAsync($"/certificates/show/{I(certificate.Id)}")));
    }

    [Fact]
    public async Task Meeting_dates_in_the_future_before_the_cycle_or_giving_an_expired_certificate_are_refused()
    {
        var scene = await ArrangeAsync();
        var committee = await SignedInAsync(scene.Committee);
        var tomorrow = ThaiDateInput.Format(BuddhistEraDate.ThailandToday(DateTime.UtcNow).AddDays(1), CultureInfo.GetCultureInfo("th-TH"));

        async Task<string> RefusedAsync(string date)
        {
            var response = await PostDecisionAsync(committee, scene, "certify", [scene.AssessmentIds[0]], meetingDate: date);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await RefusalTextAsync(committee, response);
        }

        Assert.Contains("ต้องไม่ก่อนวันเปิดรอบ (1 มิถุนายน พ.ศ. 2563)", await RefusedAsync(tomorrow));
        Assert.Contains("วันประชุม 31 พฤษภาคม พ.ศ. 2563 ใช้ไม่ได้", await RefusedAsync("31/05/2563"));
        Assert.Contains("ไม่มีวันที่ \"31/02/2563\" ในปฏิทิน", await RefusedAsync("31/02/2563"));
        // The era written contradicts the year: refused, never read as the other era.
        Assert.Contains("ปีใน \"30 ก.ย. ค.ศ. 2563\" ไม่ตรงกับศักราชที่เขียนไว้", await RefusedAsync("30 ก.ย. ค.ศ. 2563"));
        // Full-width digits (some input methods type them) were a server error; now a Thai message.
        Assert.Contains("อ่าน \"３０/０９/２５６３\" เป็นวันที่ไม่ได้", await RefusedAsync("３０/０９/２５６３"));

        // Three years' validity from 2563: the certificate would be dead on arrival.
        await app.WithDbAsync(db => db.Cycles.Where(c => c.Id == scene.CycleId).ExecuteUpdateAsync(s => s.SetProperty(c => c.CertificateValidityYears, 3)));
        Assert.Contains("ไม่ออกใบรับรอง: ใบรับรองที่ออกตามการประชุมวันที่ 30 กันยายน พ.ศ. 2563 จะหมดอายุแล้วตั้งแต่ 29 กันยายน พ.ศ. 2566", await RefusedAsync("30/09/2563"));
        Assert.False(await app.WithDbAsync(db => db.Certificates.AnyAsync(c => c.CycleId == scene.CycleId)));
        Assert.False(await app.WithDbAsync(db => db.CommitteeMeetings.AnyAsync(m => m.CycleId == scene.CycleId)));
    }

    [Fact]
    public async Task A_meeting_date_before_the_assessments_were_signed_off_is_refused_naming_the_first_possible_day()
    {
        var scene = await ArrangeAsync();
        var committee = await SignedInAsync(scene.Committee);
        // Signed off on 25/09/2563: a meeting the day before cannot have decided on them, and its
        // date would be printed on the certificates (as would a year's slip, 25/09/2562, were it in the cycle).
        var refused = await PostDecisionAsync(committee, scene, "certify", [scene.AssessmentIds[0]], meetingDate: "24/09/2563");

        Assert.Contains("วันประชุม 24 กันยายน พ.ศ. 2563 ใช้ไม่ได้: ต้องไม่ก่อนวันที่ลงนามรับรองผลการประเมินที่เลือก ประชุมได้ตั้งแต่ 25 กันยายน พ.ศ. 2563 เป็นต้นไป", await RefusalTextAsync(committee, refused));
        Assert.False(await app.WithDbAsync(db => db.CommitteeMeetings.AnyAsync(m => m.CycleId == scene.CycleId)));

        // The day of the sign-off itself is a possible meeting day.
        await DecideAsync(committee, scene, "certify", [scene.AssessmentIds[0]], meetingDate: "25/09/2563");
        Assert.Equal(new DateOnly(2020, 9, 25), await app.WithDbAsync(db => db.Certificates.Where(c => c.CycleId == scene.CycleId).Select(c => c.IssuedOn).SingleAsync()));
    }

    [Fact]
    public async Task A_meeting_number_already_recorded_with_another_date_is_refused_not_taken_over_the_date_typed()
    {
        var scene = await ArrangeAsync();
        var committee = await SignedInAsync(scene.Committee);
        await DecideAsync(committee, scene, "certify", [scene.AssessmentIds[0]], meetingDate: "30/09/2563");

        // Meeting 1/<year> is on record as held on 30 September; the same number typed with 1 October
        // used to issue the certificate dated 30 September, a day nobody typed for this decision.
        var refused = await PostDecisionAsync(committee, scene, "certify", [scene.AssessmentIds[1]], meetingDate: "01/10/2563");
        Assert.Contains($"การประชุมครั้งที่ 1/{I(scene.Year)} บันทึกไว้แล้วว่าประชุมเมื่อ 30 กันยายน พ.ศ. 2563 แต่ระบุวันประชุมเป็น 1 ตุลาคม พ.ศ. 2563", await RefusalTextAsync(committee, refused));
        Assert.Equal(1, await app.WithDbAsync(db => db.Certificates.CountAsync(c => c.CycleId == scene.CycleId)));

        // With the recorded date the decision joins that meeting.
        await DecideAsync(committee, scene, "certify", [scene.AssessmentIds[1]], meetingDate: "30/09/2563");
        var issued = await app.WithDbAsync(db => db.Certificates.Where(c => c.CycleId == scene.CycleId).Select(c => new { c.IssuedOn, c.MeetingId }).ToListAsync());
        Assert.Equal(2, issued.Count);
        Assert.All(issued, c => Assert.Equal(new DateOnly(2020, 9, 30), c.IssuedOn));
        Assert.Single(issued.Select(c => c.MeetingId).Distinct());
    }

    [Fact]
    public async Task A_refused_decision_comes_back_as_the_form_with_everything_typed_and_nothing_saved()
    {
        var scene = await ArrangeAsync();
        var committee = await SignedInAsync(scene.Committee);
        // A 2,000-character reason typed with a date a year early: the redirect with a flash lost it all.
        var reason = string.Concat(Enumerable.Repeat("ป้ายบอกทางและจุดรับเรื่องไม่ครบตามเกณฑ์ ", 60))[..2000];
        var refused = await PostDecisionAsync(committee, scene, "decline", [scene.AssessmentIds[2]], reason, meetingDate: "30/09/2562");

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await HtmlForms.ParseAsync(refused);
        Assert.Contains("วันประชุม 30 กันยายน พ.ศ. 2562 ใช้ไม่ได้", page.QuerySelector("#form-errors a[href='#MeetingDate']")!.TextContent);
        var date = page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#MeetingDate")!;
        Assert.Equal(("30/09/2562", "true"), (date.Value, date.GetAttribute("aria-invalid")));
        Assert.Equal(reason, page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Reason")!.Value);
        Assert.Equal("1/" + I(scene.Year), page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#MeetingNumber")!.Value);
        Assert.True(page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>($"#d-{I(scene.AssessmentIds[2])}")!.IsChecked);
        Assert.False(page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>($"#d-{I(scene.AssessmentIds[0])}")!.IsChecked);
        Assert.False(await app.WithDbAsync(db => db.CertificationDecisions.AnyAsync(d => d.CycleId == scene.CycleId)));
        Assert.False(await app.WithDbAsync(db => db.CommitteeMeetings.AnyAsync(m => m.CycleId == scene.CycleId)));

        // An unreadable date: the same, the typed text kept as typed.
        page = await HtmlForms.ParseAsync(await PostDecisionAsync(committee, scene, "decline", [scene.AssessmentIds[2]], reason, meetingDate: "31/02/2563"));
        Assert.Equal("31/02/2563", page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#MeetingDate")!.Value);
        Assert.Equal(reason, page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Reason")!.Value);
        Assert.False(await app.WithDbAsync(db => db.CertificationDecisions.AnyAsync(d => d.CycleId == scene.CycleId)));
    }

    [Fact]
    public async Task Certificates_and_reports_download_as_real_thai_pdfs()
    {
        var scene = await ArrangeAsync();
        var committee = await SignedInAsync(scene.Committee);
        await DecideAsync(committee, scene, "certify", [scene.AssessmentIds[0], scene.AssessmentIds[1]]);
        var first = await app.WithDbAsync(db => db.Certificates.AsNoTracking().Where(c => c.CycleId == scene.CycleId).OrderBy(c => c.Sequence).FirstAsync());

        var response = await committee.GetAsync($"/certificates/pdf/{I(first.Id)}");
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        using (var pdf = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync()))
        {
            Assert.Equal(1, pdf.NumberOfPages);
            var page = pdf.GetPage(1);
            Assert.True(page.Width > page.Height);
            Assert.Contains(first.Number, page.Text);
            Assert.Contains(PdfRendererTests.WithoutMarks(first.AgencyName), PdfRendererTests.WithoutMarks(page.Text));
            Assert.Contains(PdfRendererTests.WithoutMarks("ระดับพื้นฐาน"), PdfRendererTests.WithoutMarks(page.Text));
            Assert.Contains("2563", page.Text); // issued 30 Sep 2020 = พ.ศ. 2563
            Assert.True(page.Paths.Count > 50, "QR code drawn");
        }

        // Two certificates are above the test's threshold: the batch is made in the background.
        var queued = await committee.GetAsync($"/certificates/batch?meetingId={I(first.MeetingId)}");
        Assert.Equal(HttpStatusCode.Redirect, queued.StatusCode);
        var jobPage = queued.Headers.Location!.ToString();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        IDocument progress;
        do
        {
            await Task.Delay(500);
            progress = await committee.GetPageAsync(jobPage);
        }
        while (progress.QuerySelector("a[href*='batchjobfile']") is null && DateTime.UtcNow < deadline);
        Assert.Equal("100", progress.QuerySelector("progress")!.GetAttribute("value"));
        using (var batch = PdfDocument.Open(await committee.GetByteArrayAsync(progress.QuerySelector("a[href*='batchjobfile']")!.GetAttribute("href"))))
        {
            Assert.Equal(2, batch.NumberOfPages);
            Assert.Contains($"GECC-{scene.Year}-0002", batch.GetPage(2).Text);
        }

        // The public's voice at the counter is printed beside the marks: 35 answers, all "very satisfied".
        var pointId = await app.WithDbAsync(db => db.Assessments.Where(a => a.Id == scene.AssessmentIds[0]).Select(a => a.Application!.ServicePointId).SingleAsync());
        await Satisfaction.Survey.AddCountedAnswersAsync(app, pointId, 35, overall: 5);
        using (var report = PdfDocument.Open(await committee.GetByteArrayAsync($"/certificates/assessmentreport?assessmentId={I(scene.AssessmentIds[0])}")))
        {
            var text = string.Concat(report.GetPages().Select(p => p.Text));
            Assert.Contains(PdfRendererTests.WithoutMarks("ผลการประเมินความพึงพอใจของประชาชน"), PdfRendererTests.WithoutMarks(text));
            Assert.Contains("5.00", text);
            Assert.Contains("35", text);
            Assert.Contains("V-01", text);
            Assert.Contains("O-01", text);
            // Markup in a note is printed as text, never interpreted.
            Assert.Contains("<b>", text);
            Assert.Contains($"1 / {report.NumberOfPages}", text);
        }

        using (var cycleReport = PdfDocument.Open(await committee.GetByteArrayAsync($"/certificates/cyclereport?cycleId={I(scene.CycleId)}")))
        {
            var text = PdfRendererTests.WithoutMarks(string.Concat(cycleReport.GetPages().Select(p => p.Text)));
            Assert.Contains(PdfRendererTests.WithoutMarks("ผ่านการตรวจเอกสารและส่งคณะอนุกรรมการตรวจประเมิน 3"), text);
            Assert.Contains(PdfRendererTests.WithoutMarks("คณะกรรมการมีมติรับรอง 2"), text);
            Assert.Contains($"GECC-{scene.Year}-0001", text);
        }

        var anonymous = await app.CreateBrowser().GetAsync($"/certificates/pdf/{I(first.Id)}");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
    }

    [Fact]
    public async Task Public_verification_shows_valid_then_revoked_and_unknown_numbers_give_nothing_away()
    {
        var scene = await ArrangeAsync();
        var committee = await SignedInAsync(scene.Committee);
        await DecideAsync(committee, scene, "certify", [scene.AssessmentIds[0]]);
        var certificate = await app.WithDbAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.CycleId == scene.CycleId));
        // Make it expire within the renewal window (90 days) for the reminder below.
        await app.WithDbAsync(async db =>
        {
            await db.Certificates.Where(c => c.Id == certificate.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.ValidUntil, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30)));
            return 0;
        });

        var anonymous = app.CreateBrowser();
        var valid = await anonymous.GetPageAsync($"/verify/{certificate.Number}");
        Assert.Contains("ใบรับรองนี้ใช้ได้", valid.QuerySelector("#verify-status")!.TextContent);
        Assert.Contains(certificate.ServicePointName, HtmlForms.TextOf(valid));
        // By its number: other tests' points of the same name hold certificates still valid too.
        Assert.NotNull((await anonymous.GetPageAsync("/centres?province=90")).QuerySelector($"a[href='/verify/{certificate.Number}']"));

        // Renewal reminders: it expires within 90 days.
        var secretariat = await SignedInAsync(scene.Secretariat);
        Assert.Contains(certificate.Number, HtmlForms.TextOf(await secretariat.GetPageAsync("/certificates?expiringSoon=true")));

        var show = await secretariat.GetPageAsync($"/certificates/show/{I(certificate.Id)}");
        // The first press asks again and revokes nothing.
        var unconfirmed = await secretariat.SubmitFormAsync(show, "form[action$='/revoke/" + I(certificate.Id) + "']", new Dictionary<string, string> { ["reason"] = "ย้ายที่ตั้งและไม่ได้ให้บริการตามมาตรฐาน" });
        Assert.Equal(HttpStatusCode.OK, unconfirmed.StatusCode);
        Assert.Contains("ยืนยันการเพิกถอน", HtmlForms.TextOf(await HtmlForms.ParseAsync(unconfirmed)));
        Assert.Null(await app.WithDbAsync(db => db.Certificates.Where(c => c.Id == certificate.Id).Select(c => c.RevokedAtUtc).SingleAsync()));
        Assert.Contains("ใบรับรองนี้ใช้ได้", (await anonymous.GetPageAsync($"/verify/{certificate.Number}")).QuerySelector("#verify-status")!.TextContent);
        var revoke = await RevokeAsync(secretariat, certificate.Id, "ย้ายที่ตั้งและไม่ได้ให้บริการตามมาตรฐาน");
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);

        var revoked = await anonymous.GetPageAsync($"/verify/{certificate.Number}");
        Assert.Contains("ใบรับรองนี้ถูกเพิกถอนแล้ว", revoked.QuerySelector("#verify-status")!.TextContent);
        // Downloaded again by staff, the certificate says across its top that it is revoked.
        using (var pdf = PdfDocument.Open(await secretariat.GetByteArrayAsync($"/certificates/pdf/{I(certificate.Id)}")))
        {
            Assert.Contains(PdfRendererTests.WithoutMarks("ใบรับรองนี้ถูกเพิกถอนแล้ว"), PdfRendererTests.WithoutMarks(pdf.GetPage(1).Text));
        }
        Assert.Null((await anonymous.GetPageAsync("/centres?province=90")).QuerySelector($"a[href='/verify/{certificate.Number}']"));

        var unknown = await anonymous.GetAsync($"/verify/GECC-{I(scene.Year)}-9999");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var unknownText = HtmlForms.TextOf(await HtmlForms.ParseAsync(unknown));
        Assert.Contains("ไม่พบใบรับรองเลขที่นี้", unknownText);
        var garbage = HtmlForms.TextOf(await HtmlForms.ParseAsync(await anonymous.GetAsync("/verify/%3Cscript%3E")));
        Assert.Contains("ไม่พบใบรับรองเลขที่นี้", garbage);
        Assert.DoesNotContain("<script>", garbage);
    }

    [Fact]
    public async Task Export_gives_exactly_what_the_filters_show_and_the_dashboard_has_its_numbers()
    {
        var scene = await ArrangeAsync();
        var committee = await SignedInAsync(scene.Committee);
        await DecideAsync(committee, scene, "certify", [scene.AssessmentIds[0]]);

        var csv = await committee.GetAsync($"/decisions/export?cycle={I(scene.CycleId)}&pendingOnly=false&recommendation=Certify&format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(System.Text.Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        var lines = System.Text.Encoding.UTF8.GetString(bytes[3..]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("จังหวัด", lines[0]);
        Assert.Equal(3, lines.Length); // header + the two recommended, not the declined one
        Assert.Contains(lines, l => l.Contains($"GECC-{scene.Year}-0001", StringComparison.Ordinal));

        var xlsx = await committee.GetByteArrayAsync($"/decisions/export?cycle={I(scene.CycleId)}&pendingOnly=true&format=xlsx");
        using (var stream = new MemoryStream(xlsx))
        {
            var rows = MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: true).ToList();
            Assert.Equal(2, rows.Count); // still pending: the other two
        }

        var dashboard = await committee.GetPageAsync($"/dashboard?cycle={I(scene.CycleId)}");
        var status = dashboard.QuerySelector("#table-status")!;
        Assert.Contains("3", status.QuerySelectorAll("tr").Single(r => r.TextContent.Contains("ผ่านการตรวจสอบเอกสาร", StringComparison.Ordinal)).TextContent);
        Assert.Equal(4, dashboard.QuerySelectorAll("svg.dashboard-chart[role=img]").Length);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await SignedInAsync((await app.CreateUserAsync($"a-{Guid.NewGuid():N}@cert.test", Roles.Assessor)).Email!)).GetAsync("/dashboard")).StatusCode);
    }

    [Fact]
    public async Task Decisions_assignments_and_certificates_switch_to_English()
    {
        var scene = await ArrangeAsync();
        var agencyId = scene.Applications[0].AgencyId;
        await app.WithDbAsync(db => db.Agencies.Where(a => a.Id == agencyId).ExecuteUpdateAsync(s => s.SetProperty(a => a.NameEn, "Songkhla Excise Area Office")));
        var committee = await SignedInAsync(scene.Committee);
        var english = new Dictionary<string, string> { ["culture"] = "en-GB", ["returnUrl"] = "/" };
        Assert.Equal(HttpStatusCode.Redirect, (await committee.SubmitFormAsync(await committee.GetPageAsync("/"), "form[action='/culture/set']", english)).StatusCode);

        // The decisions list: the level filter, the recommended level and the agency in English.
        var decisions = await committee.GetPageAsync($"/decisions?cycle={I(scene.CycleId)}");
        Assert.Contains(decisions.QuerySelectorAll("select#level option"), o => o.TextContent == "Basic");
        Assert.DoesNotContain(decisions.QuerySelectorAll("select#level option"), o => o.TextContent.Contains("ระดับ", StringComparison.Ordinal));
        var row = decisions.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector($"input[value='{I(scene.AssessmentIds[0])}']") is not null);
        Assert.Contains("Songkhla Excise Area Office", row.TextContent);
        Assert.Contains(row.QuerySelectorAll("td"), td => td.TextContent.Trim() == "Basic");
        // An agency with no English name keeps its Thai one, marked as Thai.
        var other = decisions.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector($"input[value='{I(scene.AssessmentIds[1])}']") is not null);
        Assert.Contains(other.QuerySelectorAll("[lang=th]"), e => e.TextContent.StartsWith("สำนักงานที่ดินจังหวัดสงขลา", StringComparison.Ordinal));

        // The certificates list, a certificate and its revocation summary: the level and the agency in English.
        await DecideAsync(committee, scene, "certify", [scene.AssessmentIds[0]]);
        var id = await app.WithDbAsync(db => db.Certificates.Where(c => c.CycleId == scene.CycleId).Select(c => c.Id).SingleAsync());
        var list = await committee.GetPageAsync($"/certificates?cycle={I(scene.CycleId)}");
        var certificate = list.QuerySelector("tbody tr")!;
        Assert.Contains("Songkhla Excise Area Office", certificate.TextContent);
        Assert.Contains(certificate.QuerySelectorAll("td"), td => td.TextContent.Trim() == "Basic");
        Assert.DoesNotContain("ระดับพื้นฐาน", certificate.TextContent);
        var show = (await committee.GetPageAsync($"/certificates/show/{I(id)}")).QuerySelector("dl")!;
        Assert.Contains("Basic", show.TextContent);
        Assert.Contains("Songkhla Excise Area Office", show.TextContent);
        Assert.DoesNotContain("ระดับพื้นฐาน", show.TextContent);
        Assert.Contains(show.QuerySelectorAll("[lang=th]"), e => e.TextContent.StartsWith("ศูนย์บริการ", StringComparison.Ordinal));

        // The dashboard: its charts (drawn on the server) and their tables name the province and the status in English.
        var dashboard = await committee.GetPageAsync($"/dashboard?cycle={I(scene.CycleId)}");
        Assert.Contains(dashboard.QuerySelectorAll("#table-province tbody th"), th => th.TextContent == "Songkhla");
        Assert.Contains(dashboard.QuerySelectorAll("svg.dashboard-chart text"), t => t.TextContent == "Songkhla");
        Assert.Contains(dashboard.QuerySelectorAll("#table-status tbody th"), th => th.TextContent == "Accepted");
        Assert.DoesNotContain("สงขลา", dashboard.QuerySelector("#table-province")!.TextContent, StringComparison.Ordinal);

        // The Secretariat's assignment list: the agency in English.
        var secretariat = await SignedInAsync(scene.Secretariat);
        Assert.Equal(HttpStatusCode.Redirect, (await secretariat.SubmitFormAsync(await secretariat.GetPageAsync("/"), "form[action='/culture/set']", english)).StatusCode);
        var assign = await secretariat.GetPageAsync($"/subcommittees/assign?cycle={I(scene.CycleId)}&unassignedOnly=false");
        Assert.Contains(assign.QuerySelectorAll("tbody tr td"), td => td.TextContent.Trim() == "Songkhla Excise Area Office");
        Assert.Contains(assign.QuerySelectorAll("tbody tr td [lang=th]"), e => e.TextContent.StartsWith("สำนักงานขนส่งจังหวัดสงขลา", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_award_hand_over_is_recorded()
    {
        var scene = await ArrangeAsync();
        var committee = await SignedInAsync(scene.Committee);
        await DecideAsync(committee, scene, "certify", [scene.AssessmentIds[1]]);
        var id = await app.WithDbAsync(db => db.Certificates.Where(c => c.CycleId == scene.CycleId).Select(c => c.Id).SingleAsync());
        var secretariat = await SignedInAsync(scene.Secretariat);
        var show = await secretariat.GetPageAsync($"/certificates/show/{I(id)}");
        await secretariat.SubmitFormAsync(show, "form[action$='/award/" + I(id) + "']", new Dictionary<string, string> { ["handedOverOn"] = "2020-10-15", ["handedOverTo"] = "นายสมศักดิ์ ผู้อำนวยการ" });
        var text = HtmlForms.TextOf(await secretariat.GetPageAsync($"/certificates/show/{I(id)}"));
        Assert.Contains("15 ตุลาคม พ.ศ. 2563", text);
        Assert.Contains("นายสมศักดิ์ ผู้อำนวยการ", text);

        // A slip of the year (2658 for 2568 is the year 2115) or a day before the certificate was issued is
        // refused in Thai, and what was recorded stays.
        foreach (var slip in new[] { "15/07/2658", "01/09/2563" })
        {
            show = await secretariat.GetPageAsync($"/certificates/show/{I(id)}");
            var refused = await secretariat.SubmitFormAsync(show, "form[action$='/award/" + I(id) + "']", new Dictionary<string, string> { ["handedOverOn"] = slip, ["handedOverTo"] = "ผู้อื่น" });
            var after = HtmlForms.TextOf(await secretariat.GetPageAsync(refused.Headers.Location!.ToString()));
            Assert.Contains("วันที่มอบต้องไม่ก่อนวันที่ออกใบรับรองและไม่หลังวันนี้", after);
            Assert.Contains("15 ตุลาคม พ.ศ. 2563", after);
            Assert.DoesNotContain("ผู้อื่น", after);
        }
    }

    [Fact]
    public async Task The_applicant_sees_the_decision_and_prints_its_own_certificate_until_it_is_revoked()
    {
        var scene = await ArrangeAsync();
        var committee = await SignedInAsync(scene.Committee);
        await DecideAsync(committee, scene, "certify", [scene.AssessmentIds[0]]);
        await DecideAsync(committee, scene, "decline", [scene.AssessmentIds[2]], "ป้ายบอกทางไม่ครบตามเกณฑ์");
        var certificate = await app.WithDbAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.CycleId == scene.CycleId));
        var (certifiedApp, declinedApp) = (scene.Applications[0], scene.Applications[2]);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var owner = await SignedInAsync((await app.CreateUserAsync($"owner-{tag}@cert.test", Roles.Applicant, certifiedApp.AgencyId)).Email!);

        var page = await owner.GetPageAsync($"/applications/edit/{I(certifiedApp.Id)}");
        var outcome = page.QuerySelector("#outcome")!.TextContent;
        Assert.Contains("ได้รับการรับรอง ระดับพื้นฐาน", outcome);
        Assert.Contains(certificate.Number, outcome);
        Assert.Contains("29 กันยายน พ.ศ. 2573", outcome); // valid until, in the Buddhist era
        // The applicant's list says it too, not only "accepted".
        var row = (await owner.GetPageAsync("/applications")).QuerySelector($"a[href='/applications/edit/{I(certifiedApp.Id)}']")!.Closest("tr")!;
        Assert.Contains("ได้รับการรับรอง", row.TextContent);
        var link = page.QuerySelector("#outcome a[href*='/applications/certificate/']")!.GetAttribute("href")!;
        using (var pdf = PdfDocument.Open(await owner.GetByteArrayAsync(link)))
        {
            Assert.Contains(certificate.Number, pdf.GetPage(1).Text);
        }

        // Another agency's applicant guesses the id: nothing.
        var other = await SignedInAsync((await app.CreateUserAsync($"other-{tag}@cert.test", Roles.Applicant, declinedApp.AgencyId)).Email!);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/applications/certificate/{I(certifiedApp.Id)}")).StatusCode);
        // The declined agency sees why, as text, and has no certificate to print.
        var declined = await other.GetPageAsync($"/applications/edit/{I(declinedApp.Id)}");
        Assert.Contains("ไม่ได้รับการรับรอง", declined.QuerySelector("#outcome")!.TextContent);
        Assert.Contains("ป้ายบอกทางไม่ครบตามเกณฑ์", declined.QuerySelector("#outcome")!.TextContent);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/applications/certificate/{I(declinedApp.Id)}")).StatusCode);

        var secretariat = await SignedInAsync(scene.Secretariat);
        await RevokeAsync(secretariat, certificate.Id, "ย้ายที่ตั้ง");
        Assert.Contains("ใบรับรองถูกเพิกถอนแล้ว", (await owner.GetPageAsync($"/applications/edit/{I(certifiedApp.Id)}")).QuerySelector("#outcome")!.TextContent);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync(link)).StatusCode);
    }

    [Fact]
    public async Task The_certificate_qr_code_reads_back_as_its_verification_page()
    {
        var scene = await ArrangeAsync();
        var committee = await SignedInAsync(scene.Committee);
        await DecideAsync(committee, scene, "certify", [scene.AssessmentIds[0]]);
        var certificate = await app.WithDbAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.CycleId == scene.CycleId));

        var pdf = await committee.GetByteArrayAsync($"/certificates/pdf/{I(certificate.Id)}");
        var url = QrCodes.ReadFromPdfPage(pdf);

        Assert.Equal($"http://localhost/verify/{certificate.Number}", url);
        var page = await app.CreateBrowser().GetPageAsync(new Uri(url).PathAndQuery);
        Assert.Contains(certificate.ServicePointName, HtmlForms.TextOf(page));
        Assert.NotNull(page.QuerySelector("#verify-status"));
    }

    [Fact]
    public async Task Every_download_is_kept_by_no_cache_and_shown_only_in_a_sandbox()
    {
        var scene = await ArrangeAsync();
        var committee = await SignedInAsync(scene.Committee);
        await DecideAsync(committee, scene, "certify", [scene.AssessmentIds[0], scene.AssessmentIds[1]]);
        var certificate = await app.WithDbAsync(db => db.Certificates.AsNoTracking().FirstAsync(c => c.CycleId == scene.CycleId));
        var owner = await SignedInAsync((await app.CreateUserAsync($"owner-{Guid.NewGuid():N}@cert.test", Roles.Applicant, scene.Applications[0].AgencyId)).Email!);
        var queued = await committee.GetAsync($"/certificates/batch?meetingId={I(certificate.MeetingId)}");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        IDocument progress;
        do
        {
            await Task.Delay(300);
            progress = await committee.GetPageAsync(queued.Headers.Location!.ToString());
        }
        while (progress.QuerySelector("a[href*='batchjobfile']") is null && DateTime.UtcNow < deadline);

        var downloads = new (HttpClient Client, string Url)[]
        {
            (committee, $"/certificates/pdf/{I(certificate.Id)}"),
            (committee, progress.QuerySelector("a[href*='batchjobfile']")!.GetAttribute("href")!),
            (committee, $"/certificates/assessmentreport?assessmentId={I(scene.AssessmentIds[0])}"),
            (committee, $"/certificates/cyclereport?cycleId={I(scene.CycleId)}"),
            (committee, $"/decisions/export?cycle={I(scene.CycleId)}&format=csv"),
            (committee, $"/decisions/export?cycle={I(scene.CycleId)}&format=xlsx"),
            (owner, $"/applications/certificate/{I(scene.Applications[0].Id)}"),
        };
        foreach (var (client, url) in downloads)
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl?.NoStore, $"no-store on {url}");
            Assert.StartsWith("sandbox", string.Join(";", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        }

        // Pages are not downloads: they keep the app's own policy.
        Assert.DoesNotContain("sandbox", string.Join(";", (await committee.GetAsync("/certificates")).Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_cells_a_spreadsheet_would_run_as_formulas_are_neutralised()
    {
        var scene = await ArrangeAsync();
        var committee = await SignedInAsync(scene.Committee);
        const string agencyName = "=HYPERLINK(\"http://evil.example/\",\"คลิก\")";
        const string pointName = "@SUM(1+1)";
        await app.WithDbAsync(async db =>
        {
            var application = await db.Applications.SingleAsync(a => a.Id == scene.Applications[0].Id);
            (await db.Agencies.SingleAsync(a => a.Id == application.AgencyId)).NameTh = agencyName;
            (await db.ServicePoints.SingleAsync(p => p.Id == application.ServicePointId)).Name = pointName;
            return await db.SaveChangesAsync();
        });

        var bytes = await committee.GetByteArrayAsync($"/decisions/export?cycle={I(scene.CycleId)}&format=csv");
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.Contains("'=HYPERLINK(", text);
        Assert.Contains("'@SUM(1+1)", text);
        Assert.DoesNotMatch(@"(^|[,\n""])[=+@-]", text.Replace("'=", "", StringComparison.Ordinal).Replace("'@", "", StringComparison.Ordinal));

        // The XLSX export keeps the names as they are: its cells are typed text, never formulas.
        using var stream = new MemoryStream(await committee.GetByteArrayAsync($"/decisions/export?cycle={I(scene.CycleId)}&format=xlsx"));
        var cells = MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: true).Cast<IDictionary<string, object?>>().SelectMany(r => r.Values).OfType<string>().ToList();
        Assert.Contains(agencyName, cells);
        Assert.Contains(pointName, cells);
    }

    [Fact]
    public async Task The_streamed_csv_quotes_what_needs_quoting_and_keeps_the_lists_order()
    {
        // Issue 16: the CSV is written as the rows are read (not built in memory); a spreadsheet must
        // still read every cell back as it was, and the rows come in the list's order (province, id).
        var scene = await ArrangeAsync();
        var committee = await SignedInAsync(scene.Committee);
        const string pointName = "จุดบริการ \"หลัก\", ชั้น 2\nอาคารใหม่";
        await app.WithDbAsync(async db =>
        {
            var application = await db.Applications.SingleAsync(a => a.Id == scene.Applications[0].Id);
            (await db.ServicePoints.SingleAsync(p => p.Id == application.ServicePointId)).Name = pointName;
            return await db.SaveChangesAsync();
        });

        var response = await committee.GetAsync($"/decisions/export?cycle={I(scene.CycleId)}&format=csv&pendingOnly=false");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"gecc-results-{I(scene.CycleId)}.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var stream = new MemoryStream(bytes);
        // MiniExcel's reader joins the lines of a quoted cell with CRLF, whatever the file had.
        var rows = MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: true, excelType: MiniExcelLibs.ExcelType.CSV)
            .Cast<IDictionary<string, object?>>().Select(r => r.ToDictionary(c => c.Key, c => (c.Value as string)?.Replace("\r\n", "\n", StringComparison.Ordinal))).ToList();
        var expected = await app.WithDbAsync(db => db.Assessments.Where(a => a.CycleId == scene.CycleId && a.SignedOffAtUtc != null)
            .OrderBy(a => a.ProvinceCode).ThenBy(a => a.Id).Select(a => a.Application!.ServicePoint!.Name).ToListAsync());
        Assert.Equal(expected, rows.Select(r => r["ชื่อจุดบริการ"]));
        Assert.Contains(pointName, rows.Select(r => r["ชื่อจุดบริการ"]));
    }

    [Fact]
    public async Task Meeting_and_award_dates_outside_the_sensible_range_are_refused_in_thai()
    {
        var scene = await ArrangeAsync();
        var committee = await SignedInAsync(scene.Committee);
        var page = await committee.GetPageAsync($"/decisions?cycle={I(scene.CycleId)}");
        var fields = HtmlForms.FieldsOf(page, "form[action='/decisions/decide']")
            .With("MeetingNumber", "1/" + I(scene.Year)).With("MeetingDate", "9999-12-31").With("Decision", "certify").With("Reason", "");
        fields.Add(new("AssessmentIds", I(scene.AssessmentIds[0])));
        fields.Add(new("__RequestVerificationToken", page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("form[action='/decisions/decide'] input[name=__RequestVerificationToken]")!.Value));
        var refused = await committee.PostAsync("/decisions/decide", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("วันที่ประชุม ต้องอยู่ระหว่าง 1 มกราคม พ.ศ. 2543 ถึง 31 ธันวาคม พ.ศ. 2700", await RefusalTextAsync(committee, refused));
        Assert.False(await app.WithDbAsync(db => db.Certificates.AnyAsync(c => c.CycleId == scene.CycleId)));

        await DecideAsync(committee, scene, "certify", [scene.AssessmentIds[0]]);
        var id = await app.WithDbAsync(db => db.Certificates.Where(c => c.CycleId == scene.CycleId).Select(c => c.Id).SingleAsync());
        var secretariat = await SignedInAsync(scene.Secretariat);
        var show = await secretariat.GetPageAsync($"/certificates/show/{I(id)}");
        var award = await secretariat.SubmitFormAsync(show, "form[action$='/award/" + I(id) + "']", new Dictionary<string, string> { ["handedOverOn"] = "0001-01-01", ["handedOverTo"] = "นายสมศักดิ์ ผู้อำนวยการ" });
        Assert.Equal(HttpStatusCode.Redirect, award.StatusCode);
        Assert.Contains("วันที่มอบ ต้องอยู่ระหว่าง", HtmlForms.TextOf(await secretariat.GetPageAsync($"/certificates/show/{I(id)}")));
        Assert.Null(await app.WithDbAsync(db => db.Certificates.Where(c => c.Id == id).Select(c => c.AwardHandedOverOn).SingleAsync()));
    }

    [Fact]
    public async Task The_qr_code_points_to_the_configured_address_whatever_host_the_request_names()
    {
        var scene = await ArrangeAsync();
        var committee = await SignedInAsync(scene.Committee);
        await DecideAsync(committee, scene, "certify", [scene.AssessmentIds[0]]);
        var certificate = await app.WithDbAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.CycleId == scene.CycleId));

        var request = new HttpRequestMessage(HttpMethod.Get, $"/certificates/pdf/{I(certificate.Id)}");
        request.Headers.Host = "evil.example";
        var response = await committee.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        Assert.Equal($"http://localhost/verify/{certificate.Number}", QrCodes.ReadFromPdfPage(await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task The_certificate_names_the_cycles_signatory_and_prints_its_number_under_the_qr_code()
    {
        var scene = await ArrangeAsync();
        await app.WithDbAsync(db => db.Cycles.Where(c => c.Id == scene.CycleId).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.SignatoryName, "นางสาวสมหญิง ใจงาม").SetProperty(c => c.SignatoryPosition, "รองปลัดสำนักนายกรัฐมนตรี")));
        var committee = await SignedInAsync(scene.Committee);
        await DecideAsync(committee, scene, "certify", [scene.AssessmentIds[0]]);
        var certificate = await app.WithDbAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.CycleId == scene.CycleId));

        using var pdf = PdfDocument.Open(await committee.GetByteArrayAsync($"/certificates/pdf/{I(certificate.Id)}"));
        var page = pdf.GetPage(1);
        var text = PdfRendererTests.WithoutMarks(page.Text);
        Assert.Contains(PdfRendererTests.WithoutMarks("(นางสาวสมหญิง ใจงาม)"), text);
        Assert.Contains(PdfRendererTests.WithoutMarks("รองปลัดสำนักนายกรัฐมนตรี"), text);
        var qr = CertificateDocumentTests.QrBounds(page);
        var number = page.GetWords().Single(w => w.Text.Contains(certificate.Number, StringComparison.Ordinal)).BoundingBox;
        Assert.InRange(qr.Bottom - number.Top, 0, 20);
        Assert.InRange(Math.Abs(((number.Left + number.Right) / 2) - ((qr.Left + qr.Right) / 2)), 0, qr.Width);
    }

    [Fact]
    public async Task The_admins_emblem_is_printed_on_every_certificate_and_a_bad_upload_is_refused_in_thai()
    {
        var scene = await ArrangeAsync();
        var committee = await SignedInAsync(scene.Committee);
        await DecideAsync(committee, scene, "certify", [scene.AssessmentIds[0]]);
        var certificate = await app.WithDbAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.CycleId == scene.CycleId));
        async Task<int> ImagesAsync()
        {
            using var pdf = PdfDocument.Open(await committee.GetByteArrayAsync($"/certificates/pdf/{I(certificate.Id)}"));
            return pdf.GetPage(1).GetImages().Count();
        }

        var admin = $"admin-{Guid.NewGuid():N}@emblem.test";
        await app.CreateUserAsync(admin, Roles.Admin);
        var client = await SignedInAsync(admin);
        async Task<string> UploadAsync(string fileName, byte[] content)
        {
            var response = await client.PostMultipartAsync(await client.GetPageAsync("/emblem"), "form[action='/emblem/upload']", [], [("file", fileName, content)]);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return HtmlForms.TextOf(await client.GetPageAsync(response.Headers.Location!.ToString()));
        }

        // The generic seal is drawn, not an image.
        Assert.Equal(0, await ImagesAsync());

        Assert.Contains("ตราสัญลักษณ์ต้องเป็นไฟล์ภาพ PNG หรือ JPEG", await UploadAsync("emblem.png", "<svg onload=alert(1)>"u8.ToArray()));
        Assert.Contains("ตราสัญลักษณ์ต้องเป็นไฟล์ภาพ PNG หรือ JPEG", await UploadAsync("emblem.png", "%PDF-1.7 not an image"u8.ToArray()));
        Assert.Contains("อ่านไฟล์ภาพตราสัญลักษณ์ไม่ได้", await UploadAsync("emblem.png", [.. CertificateDocumentTests.EmblemPng()[..40], .. new byte[200]]));
        Assert.Contains("ภาพตราสัญลักษณ์เล็กเกินไป", await UploadAsync("emblem.png", CertificateDocumentTests.EmblemPng(32)));
        Assert.Contains("ไฟล์ภาพตราสัญลักษณ์ใหญ่เกิน 2 MB", await UploadAsync("emblem.png", [.. CertificateDocumentTests.EmblemPng(), .. new byte[(2 * 1024 * 1024) + 1]]));
        Assert.Contains("กรุณาเลือกไฟล์ภาพตราสัญลักษณ์", await UploadAsync("emblem.png", []));
        Assert.False(await app.WithDbAsync(db => db.OfficeEmblems.AnyAsync()));
        Assert.Equal(0, await ImagesAsync());

        // A large picture is kept scaled down: each certificate embeds a small image.
        var page = await UploadAsync("ตราสำนักงาน.png", CertificateDocumentTests.EmblemPng(1200));
        Assert.Contains("600 × 600", page);
        Assert.Equal(1, await ImagesAsync());
        Assert.Equal("image/png", (await client.GetAsync("/emblem/image")).Content.Headers.ContentType!.MediaType);

        // Removed: back to the seal.
        var removed = await client.SubmitFormAsync("/emblem", "form[action='/emblem/remove']", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(0, await ImagesAsync());
    }

    [Fact]
    public async Task The_reports_carry_a_running_header_keep_headings_with_tables_count_plainly_and_name_the_signatory()
    {
        var scene = await ArrangeAsync();
        // Provinces whose codes (63, 81, 96) do not follow the names' order (กระบี่, ตาก, นราธิวาส).
        (string Province, string District)[] places = [("63", "6301"), ("81", "8101"), ("96", "9601")];
        for (var i = 0; i < 3; i++)
        {
            var (province, district) = places[i];
            var application = scene.Applications[i];
            await app.WithDbAsync(async db =>
            {
                await db.ServicePoints.Where(p => p.Id == application.ServicePointId).ExecuteUpdateAsync(s => s.SetProperty(p => p.ProvinceCode, province).SetProperty(p => p.DistrictCode, district));
                return await db.Applications.Where(a => a.Id == application.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.ProvinceCode, province));
            });
        }

        await app.WithDbAsync(async db =>
        {
            // Levels whose Thai names sort otherwise than their ranks (ก้าวหน้า before พื้นฐาน).
            db.CertificationLevels.AddRange(
                new CertificationLevel { CycleId = scene.CycleId, Rank = 2, NameTh = "ระดับก้าวหน้า", NameEn = "Advanced", MinimumPercent = 80 },
                new CertificationLevel { CycleId = scene.CycleId, Rank = 3, NameTh = "ระดับเป็นเลิศ", NameEn = "Excellence", MinimumPercent = 90 });
            await db.SaveChangesAsync();
            await db.Cycles.Where(c => c.Id == scene.CycleId).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.SignatoryName, "นายอำนวย รับรองดี").SetProperty(c => c.SignatoryPosition, "ประธานกรรมการอำนวยการศูนย์ราชการสะดวก"));
            var chair = await db.Assessments.Where(a => a.Id == scene.AssessmentIds[0]).Select(a => a.Subcommittee!.ChairUserId).SingleAsync();
            await db.Users.Where(u => u.Id == chair).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, "นางประเมิน ตรงไปตรงมา"));
            return await db.Assessments.Where(a => a.Id == scene.AssessmentIds[0]).ExecuteUpdateAsync(s => s.SetProperty(a => a.SignedOffByUserId, chair));
        });
        var committee = await SignedInAsync(scene.Committee);
        await DecideAsync(committee, scene, "certify", [scene.AssessmentIds[0], scene.AssessmentIds[1]]);
        await DecideAsync(committee, scene, "decline", [scene.AssessmentIds[2]], "ไม่ผ่านเกณฑ์บังคับ");
        var printed = PdfRendererTests.WithoutMarks("พิมพ์เมื่อ " + BuddhistEraDate.Long(BuddhistEraDate.ThailandToday(DateTime.UtcNow), CultureInfo.GetCultureInfo("th-TH")));
        static string Flat(UglyToad.PdfPig.Content.Page page) => PdfRendererTests.WithoutMarks(page.Text);
        // The heading and the start of its table on one page, with at most a caption between them.
        static void HeadingWithItsTable(PdfDocument pdf, string heading, string tableHeader)
        {
            var page = pdf.GetPages().First(p => Flat(p).Contains(PdfRendererTests.WithoutMarks(heading), StringComparison.Ordinal));
            var text = Flat(page);
            var at = text.IndexOf(PdfRendererTests.WithoutMarks(heading), StringComparison.Ordinal);
            var table = text.IndexOf(PdfRendererTests.WithoutMarks(tableHeader), at, StringComparison.Ordinal);
            Assert.True(table > at && table - at < 160, $"{heading}: its table is not right after it on page {page.Number}");
        }

        var point = scene.Applications[0].ServicePointId;
        var pointName = await app.WithDbAsync(db => db.ServicePoints.Where(p => p.Id == point).Select(p => p.Name).SingleAsync());
        using (var report = PdfDocument.Open(await committee.GetByteArrayAsync($"/certificates/assessmentreport?assessmentId={I(scene.AssessmentIds[0])}")))
        {
            Assert.All(report.GetPages(), p =>
            {
                Assert.StartsWith(PdfRendererTests.WithoutMarks("รายงานผลการตรวจประเมิน " + pointName), Flat(p));
                Assert.Contains(printed, Flat(p));
            });
            HeadingWithItsTable(report, "ผลรายมิติ", "มิติร้อยละ");
            HeadingWithItsTable(report, "คะแนนรายเกณฑ์", "รหัสมิติเกณฑ์");
            var all = string.Concat(report.GetPages().Select(Flat));
            Assert.Contains(PdfRendererTests.WithoutMarks("(นางประเมิน ตรงไปตรงมา)ประธานอนุกรรมการ"), all);
        }

        using var cycleReport = PdfDocument.Open(await committee.GetByteArrayAsync($"/certificates/cyclereport?cycleId={I(scene.CycleId)}"));
        Assert.True(cycleReport.NumberOfPages >= 2);
        Assert.All(cycleReport.GetPages(), p =>
        {
            Assert.StartsWith(PdfRendererTests.WithoutMarks($"รายงานผลการรับรอง รอบการประเมิน พ.ศ. {scene.Year}"), Flat(p));
            Assert.Contains(printed, Flat(p));
        });
        HeadingWithItsTable(cycleReport, "สรุปจำนวน", "รายการจำนวน (แห่ง)");
        HeadingWithItsTable(cycleReport, "ผลการรับรองตามระดับ", "ระดับจำนวน (แห่ง)");
        HeadingWithItsTable(cycleReport, "จำนวนตามจังหวัด", "จังหวัดส่งตรวจประเมิน");
        HeadingWithItsTable(cycleReport, "จำนวนตามคณะอนุกรรมการ", "คณะอนุกรรมการส่งตรวจประเมิน");
        HeadingWithItsTable(cycleReport, "ผลรายใบสมัคร", "จังหวัดจุดบริการหน่วยงาน");

        var summary = Flat(cycleReport.GetPage(1));
        foreach (var (label, count) in new[]
        {
            ("ผ่านการตรวจเอกสารและส่งคณะอนุกรรมการตรวจประเมิน", 3), ("ตรวจประเมินเสร็จ คณะอนุกรรมการลงนามรับรองผลแล้ว", 3),
            ("คณะกรรมการมีมติรับรอง", 2), ("คณะกรรมการมีมติไม่รับรอง", 1), ("ลงนามรับรองผลแล้ว รอมติคณะกรรมการ", 0),
        })
        {
            Assert.Contains(PdfRendererTests.WithoutMarks(label) + I(count), summary);
        }

        // Levels by rank, then those not certified, each with its count. Letters and digits only: a
        // tone mark over an upper vowel (พื้, เป็) comes back from the PDF as an unmapped glyph.
        static string Plain(string text) => new([.. PdfRendererTests.WithoutMarks(text).Where(char.IsLetterOrDigit)]);
        var plainSummary = Plain(summary);
        var levels = new[] { ("ระดับพื้นฐาน", 2), ("ระดับก้าวหน้า", 0), ("ระดับเป็นเลิศ", 0), ("ไม่ผ่านการรับรอง", 1) }
            .Select(l => plainSummary.IndexOf(Plain(l.Item1) + I(l.Item2), StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, levels);
        Assert.Equal(levels.Order(), levels);

        // Provinces by name, not by code, in the counts and in the rows.
        var whole = string.Concat(cycleReport.GetPages().Select(Flat));
        int At(string text) => whole.IndexOf(PdfRendererTests.WithoutMarks(text), StringComparison.Ordinal);
        foreach (var text in new[] { whole[At("จำนวนตามจังหวัด")..At("จำนวนตามคณะอนุกรรมการ")], whole[At("ผลรายใบสมัคร")..] })
        {
            var order = new[] { "กระบี่", "ตาก", "นราธิวาส" }.Select(p => text.IndexOf(PdfRendererTests.WithoutMarks(p), StringComparison.Ordinal)).ToList();
            Assert.DoesNotContain(-1, order);
            Assert.Equal(order.Order(), order);
        }

        var last = Flat(cycleReport.GetPage(cycleReport.NumberOfPages));
        Assert.Contains(PdfRendererTests.WithoutMarks("(นายอำนวย รับรองดี)ประธานกรรมการอำนวยการศูนย์ราชการสะดวก"), last);
    }
}
