using System.Globalization;
using System.Text.RegularExpressions;
using GeccAssessment.BrowserTests.Journeys;
using GeccAssessment.Tests.Features.Assessments;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Tests.Pdf;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using UglyToad.PdfPig;
using static Microsoft.Playwright.Assertions;

namespace GeccAssessment.BrowserTests;

/// <summary>
/// The people's journeys through the real UI in Chromium: one test per journey, its preconditions
/// made quickly over HTTP or in the database, and one test that chains every journey on the same
/// data through the browser alone, from registration to a valid public certificate.
/// </summary>
[Collection("browser")]
public class JourneyTests(BrowserFixture browser) : IAsyncLifetime
{
    /// <summary>A real 1×1 PNG, for the photo an assessor takes at the site.</summary>
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    private readonly List<IPage> _pages = [];

    private GeccAppFactory App => browser.App;

    [Fact]
    public async Task Applicant_registers_adds_a_point_applies_and_submits()
    {
        var cycle = await TestData.CreateCycleAsync(App, Preconditions.NewYear());
        var tag = Guid.NewGuid().ToString("N")[..8];
        var who = Applicant(tag);
        var point = "จุดบริการ ณ ศาลากลาง " + tag;
        var applicant = new ApplicantJourney(await NewPageAsync(), "applicant");

        await applicant.RegisterAsync(who);
        await applicant.ConfirmEmailAsync(await GeccAssessment.Tests.Features.Mail.QueuedMail.LinkAsync(App, who.Email, MailKind.EmailConfirmation));
        await applicant.AddServicePointAsync(point);
        var id = await applicant.ApplyAsync(point, cycle.Id);
        await applicant.SubmitAsync(SelfAssessment(cycle));

        var application = await App.WithDbAsync(db => db.Applications.AsNoTracking()
            .Include(a => a.Answers).Include(a => a.ServicePoint!).ThenInclude(p => p.Agency)
            .SingleAsync(a => a.Id == id));
        Assert.Equal(ApplicationStatus.Submitted, application.Status);
        Assert.Equal(cycle.Id, application.CycleId);
        Assert.Equal(point, application.ServicePoint!.Name);
        Assert.Equal("9001", application.ServicePoint.DistrictCode);
        Assert.Equal(who.AgencyName, application.ServicePoint.Agency!.NameTh);
        var scores = application.Answers.ToDictionary(a => a.CriterionId, a => a.SelfScore);
        Assert.Equal<(decimal?, decimal?, decimal?)>((9m, 4m, 3m), (scores[cycle.MandatoryId], scores[cycle.EvidenceId], scores[cycle.OptionalId]));
        var evidence = await App.WithDbAsync(db => db.EvidenceFiles.AsNoTracking().Where(f => f.ApplicationId == id).ToListAsync());
        Assert.Equal(cycle.EvidenceId, Assert.Single(evidence).CriterionId);
        Assert.Equal("คู่มือประชาชน.pdf", evidence[0].FileName);
    }

    [Fact]
    public async Task Secretariat_accepts_forms_a_subcommittee_assigns_and_schedules_the_rounds()
    {
        var cycle = await TestData.CreateCycleAsync(App, Preconditions.NewYear());
        var staff = await Staff.CreateAsync(App);
        var agency = await TestData.CreateAgencyAsync(App, "สำนักงานขนส่งจังหวัดสงขลา " + staff.Tag);
        var point = await TestData.CreateServicePointAsync(App, agency.Id, "จุดบริการขนส่ง " + staff.Tag);
        var application = await TestData.CreateApplicationAsync(App, cycle.Id, point, ApplicationStatus.Submitted);
        var secretariat = new SecretariatJourney(await SignedInPageAsync(staff.Secretariat), "secretariat");
        var subcommittee = "คณะอนุกรรมการภาคใต้ " + staff.Tag;
        var schedule = Rounds(staff.Tag);

        await secretariat.AcceptAsync(cycle.Id, point.Name);
        await secretariat.FormSubcommitteeAsync(cycle.Id, subcommittee, staff.Chair, [staff.Assessor1, staff.Assessor2]);
        await secretariat.AssignAsync(cycle.Id, point.Name, subcommittee);
        var assessmentId = await secretariat.ScheduleAsync(cycle.Id, point.Name, schedule);

        Assert.Equal(ApplicationStatus.Accepted, await App.WithDbAsync(db => db.Applications.Where(a => a.Id == application.Id).Select(a => a.Status).SingleAsync()));
        var assessment = await App.WithDbAsync(db => db.Assessments.AsNoTracking()
            .Include(a => a.Subcommittee!).ThenInclude(s => s.Members).SingleAsync(a => a.ApplicationId == application.Id));
        Assert.Equal(assessmentId, assessment.Id);
        Assert.Equal(subcommittee, assessment.Subcommittee!.Name);
        var ids = await UserIdsAsync(staff.Chair, staff.Assessor1, staff.Assessor2);
        Assert.Equal(ids[staff.Chair], assessment.Subcommittee.ChairUserId);
        Assert.Equal(ids.Values.Order(), assessment.Subcommittee.Members.Select(m => m.UserId).Order());
        Assert.Equal(BuddhistEraDate.FromThailandTime(schedule.PreliminaryOn, schedule.PreliminaryAt), assessment.PreliminaryAtUtc);
        Assert.Equal(schedule.MeetingLink, assessment.PreliminaryMeetingLink);
        Assert.Equal(BuddhistEraDate.FromThailandTime(schedule.OnSiteOn, schedule.OnSiteAt), assessment.OnSiteAtUtc);
        Assert.Equal(schedule.OnSiteAddress, assessment.OnSiteAddress);
    }

    [Fact]
    public async Task Two_assessors_score_in_the_preliminary_round_and_on_site()
    {
        var scene = await AssessmentSteps.ArrangeAsync(App);
        var point = await Preconditions.PointNameAsync(App, scene);
        var first = new AssessorJourney(await SignedInPageAsync(scene.Assessor1), "assessors", "assessor1");
        var second = new AssessorJourney(await SignedInPageAsync(scene.Assessor2), "assessors", "assessor2");

        foreach (var (assessor, v01) in new[] { (first, "4"), (second, "5") })
        {
            await assessor.OpenAssessmentAsync(scene.Cycle.Id, point);
            await assessor.DeclareNoConflictAsync();
            await assessor.ScoreAsync("preliminary", Preliminary(scene.Cycle, v01));
        }

        await first.OpenAssessmentAsync(scene.Cycle.Id, point);
        // (10 + 4 + 3) / 20 and (10 + 5 + 3) / 20, as each member's own form totals them.
        Assert.Equal("85.00%", await first.ScoreAsync("on-site", OnSite(scene.Cycle), new SitePhoto(scene.Cycle.MandatoryId, "ป้ายหน้าอาคาร.png", Png)));
        await second.OpenAssessmentAsync(scene.Cycle.Id, point);
        Assert.Equal("90.00%", await second.ScoreAsync("on-site", OnSite(scene.Cycle)));

        var ids = await UserIdsAsync(scene.Assessor1, scene.Assessor2);
        var scores = await App.WithDbAsync(db => db.MemberScores.AsNoTracking().Where(s => s.AssessmentId == scene.AssessmentId).ToListAsync());
        Assert.Equal(6, scores.Count);
        Assert.Equal(4m, scores.Single(s => s.AssessorUserId == ids[scene.Assessor1] && s.CriterionId == scene.Cycle.EvidenceId).Mark.Points);
        Assert.Equal(5m, scores.Single(s => s.AssessorUserId == ids[scene.Assessor2] && s.CriterionId == scene.Cycle.EvidenceId).Mark.Points);
        Assert.All(scores.Where(s => s.CriterionId == scene.Cycle.MandatoryId), s => Assert.True(s.Mark.Passed));
        Assert.All(scores.Where(s => s.CriterionId == scene.Cycle.MandatoryId), s => Assert.Equal("ป้ายบอกทางชัดเจนทุกจุด", s.Note));
        var photo = await App.WithDbAsync(db => db.AssessmentPhotos.AsNoTracking().SingleAsync(p => p.AssessmentId == scene.AssessmentId));
        Assert.Equal((ids[scene.Assessor1], scene.Cycle.MandatoryId, "image/png"), (photo.UploadedByUserId, photo.CriterionId, photo.ContentType));
    }

    [Fact]
    public async Task The_chair_records_the_preliminary_outcome_reconciles_and_signs_off()
    {
        var scene = await AssessmentSteps.ArrangeAsync(App);
        await AssessmentSteps.BothMembersScoreAsync(App, scene);
        var point = await Preconditions.PointNameAsync(App, scene);
        var chair = new ChairJourney(await SignedInPageAsync(scene.Chair), "chair");

        await chair.OpenAssessmentAsync(scene.Cycle.Id, point);
        await chair.DeclareNoConflictAsync();
        await chair.ProceedOnSiteAsync();
        await chair.OpenReconciliationAsync();
        await chair.ExpectDisagreementAsync(scene.Cycle.EvidenceId);
        Assert.Contains("เสนอให้ได้รับการรับรอง: ระดับพื้นฐาน", await chair.ReconcileAsync(Reconciled(scene.Cycle)));
        Assert.Contains("เสนอให้ได้รับการรับรอง: ระดับพื้นฐาน", await chair.SignOffAsync());

        var assessment = await App.WithDbAsync(db => db.Assessments.AsNoTracking().SingleAsync(a => a.Id == scene.AssessmentId));
        Assert.Equal(PreliminaryOutcome.ProceedOnSite, assessment.PreliminaryOutcome);
        Assert.NotNull(assessment.SignedOffAtUtc);
        Assert.Equal(RecommendedOutcome.Certify, assessment.RecommendedOutcome);
        Assert.Equal(1, assessment.RecommendedLevelRank);
        Assert.Equal(87.5m, assessment.OverallPercent); // (10 + 4.5 + 3) / 20
        var v01 = await App.WithDbAsync(db => db.ReconciledScores.AsNoTracking().SingleAsync(s => s.AssessmentId == scene.AssessmentId && s.CriterionId == scene.Cycle.EvidenceId));
        Assert.Equal<(decimal?, string?)>((4.5m, "คู่มือมีครบแต่ยังไม่เป็นปัจจุบันบางส่วน"), (v01.Mark.Points, v01.Note));
    }

    [Fact]
    public async Task The_committee_certifies_and_the_certificate_pdf_downloads_with_its_number_and_agency()
    {
        var scene = await Preconditions.SignedOffAsync(App);
        var point = await Preconditions.PointNameAsync(App, scene);
        var email = $"committee-{Guid.NewGuid():N}@journey.test";
        await App.CreateUserAsync(email, Roles.SteeringCommittee);
        var committee = new CommitteeJourney(await SignedInPageAsync(email), "committee");

        var today = Preconditions.ThailandToday();
        var issued = await committee.CertifyAsync(scene.Cycle.Id, point, "1/2569",
            ThaiDateInput.Format(today, CultureInfo.GetCultureInfo("th-TH")), BuddhistEraDate.Long(today, CultureInfo.GetCultureInfo("th-TH")));
        var number = await committee.OpenCertificateAsync(scene.Cycle.Id, point);
        Assert.Equal(issued, number);
        var pdf = await committee.DownloadCertificateAsync();

        var certificate = await App.WithDbAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.ApplicationId == scene.Application.Id));
        var year = await App.WithDbAsync(db => db.Cycles.Where(c => c.Id == scene.Cycle.Id).Select(c => c.BuddhistYear).SingleAsync());
        Assert.Equal($"GECC-{year}-0001", number);
        Assert.Equal(number, certificate.Number);
        Assert.Equal(Preconditions.ThailandToday(), certificate.IssuedOn);
        Assert.True(await App.WithDbAsync(db => db.CertificationDecisions.AnyAsync(d => d.AssessmentId == scene.AssessmentId && d.Certified)));
        AssertCertificatePdf(pdf, number, certificate.AgencyName);
    }

    [Fact]
    public async Task A_meeting_date_typed_as_15_07_2563_is_stored_as_15_July_2020_and_printed_in_the_buddhist_era()
    {
        var scene = await Preconditions.SignedOffAsync(App);
        // A cycle that opened in 2563 and certifies for ten years, so a meeting of 2563 is within it and still valid;
        // its assessment signed off before that meeting (a meeting before the sign-off is refused).
        await App.WithDbAsync(db => db.Cycles.Where(c => c.Id == scene.Cycle.Id).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.ApplicationOpensOn, new DateOnly(2020, 6, 1)).SetProperty(c => c.CertificateValidityYears, 10)));
        await App.WithDbAsync(db => db.Assessments.Where(a => a.Id == scene.AssessmentId).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.SignedOffAtUtc, new DateTime(2020, 7, 10, 3, 0, 0, DateTimeKind.Utc))));
        var point = await Preconditions.PointNameAsync(App, scene);
        var email = $"committee-{Guid.NewGuid():N}@journey.test";
        await App.CreateUserAsync(email, Roles.SteeringCommittee);
        var committee = new CommitteeJourney(await SignedInPageAsync(email), "committee-2563");

        await committee.CertifyAsync(scene.Cycle.Id, point, "3/2563", "15/07/2563", "15 กรกฎาคม พ.ศ. 2563");

        var certificate = await App.WithDbAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.ApplicationId == scene.Application.Id));
        var heldOn = await App.WithDbAsync(db => db.CommitteeMeetings.Where(m => m.Id == certificate.MeetingId).Select(m => m.HeldOn).SingleAsync());
        Assert.Equal(new DateOnly(2020, 7, 15), heldOn);
        Assert.Equal(new DateOnly(2020, 7, 15), certificate.IssuedOn);

        await committee.OpenCertificateAsync(scene.Cycle.Id, point);
        await Expect(committee.Page.Locator("main dl")).ToContainTextAsync("15 กรกฎาคม พ.ศ. 2563");
        var pdf = await committee.DownloadCertificateAsync();
        using var document = PdfDocument.Open(pdf);
        var text = document.GetPage(1).Text;
        Assert.Contains("2563", text);
        Assert.DoesNotContain("3106", text);

        // The public page says the same.
        var anonymous = await browser.NewPageAsync();
        _pages.Add(anonymous);
        await anonymous.GotoAsync($"/verify/{certificate.Number}");
        await Expect(anonymous.Locator("main")).ToContainTextAsync("15 กรกฎาคม พ.ศ. 2563");
    }

    [Fact]
    public async Task The_public_finds_the_certified_centre_and_its_certificate_is_valid()
    {
        var (scene, number) = await Preconditions.CertifiedAsync(App);
        var point = await Preconditions.PointNameAsync(App, scene);
        var visitor = new PublicJourney(await NewPageAsync(), "public");

        var found = await visitor.FindCertifiedCentreAsync(scene.Cycle.Id, point);
        Assert.Equal($"{number}: ใบรับรองนี้ใช้ได้", found);
        Assert.Equal(found, await visitor.VerifyAsync(number));
    }

    /// <summary>
    /// Every journey in order on the same data, through the browser alone: only the cycle and the
    /// staff accounts exist beforehand.
    /// </summary>
    [Fact]
    public async Task Chained_from_registration_to_a_valid_certificate()
    {
        var year = Preconditions.NewYear();
        var cycle = await TestData.CreateCycleAsync(App, year);
        var staff = await Staff.CreateAsync(App);
        var who = Applicant(staff.Tag);
        var point = "จุดบริการ ณ ศาลากลาง " + staff.Tag;
        var subcommittee = "คณะอนุกรรมการภาคใต้ " + staff.Tag;

        // The applicant registers, adds a point, applies and submits.
        var applicant = new ApplicantJourney(await NewPageAsync(), "chain");
        await applicant.RegisterAsync(who);
        // From the mail itself, as received by the SMTP server.
        var confirmation = await Mailbox.Shared.WaitForAsync(who.Email, "ยืนยันอีเมลของคุณ");
        await applicant.ConfirmEmailAsync(new Uri(Regex.Match(confirmation.TextBody ?? "", @"https?://\S+/account/confirm\?\S+").Value).PathAndQuery);
        await applicant.AddServicePointAsync(point);
        var applicationId = await applicant.ApplyAsync(point, cycle.Id);
        await applicant.SubmitAsync(SelfAssessment(cycle));

        // The Secretariat accepts, forms the subcommittee, assigns and schedules.
        var secretariat = new SecretariatJourney(await SignedInPageAsync(staff.Secretariat), "chain");
        await secretariat.AcceptAsync(cycle.Id, point);
        await secretariat.FormSubcommitteeAsync(cycle.Id, subcommittee, staff.Chair, [staff.Assessor1, staff.Assessor2]);
        await secretariat.AssignAsync(cycle.Id, point, subcommittee);
        var assessmentId = await secretariat.ScheduleAsync(cycle.Id, point, Rounds(staff.Tag));

        // The preliminary round by video conference: each assessor scores the documents.
        var first = new AssessorJourney(await SignedInPageAsync(staff.Assessor1), "chain", "assessor1");
        var second = new AssessorJourney(await SignedInPageAsync(staff.Assessor2), "chain", "assessor2");
        foreach (var (assessor, v01) in new[] { (first, "4"), (second, "5") })
        {
            Assert.Equal(assessmentId, await assessor.OpenAssessmentAsync(cycle.Id, point));
            await assessor.DeclareNoConflictAsync();
            await assessor.ScoreAsync("preliminary", Preliminary(cycle, v01));
        }

        // The chair sends the point on to the site visit.
        var chair = new ChairJourney(await SignedInPageAsync(staff.Chair), "chain");
        await chair.OpenAssessmentAsync(cycle.Id, point);
        await chair.DeclareNoConflictAsync();
        await chair.ProceedOnSiteAsync();

        // On site, both assessors score the rest, one with a photo.
        await first.OpenAssessmentAsync(cycle.Id, point);
        Assert.Equal("85.00%", await first.ScoreAsync("on-site", OnSite(cycle), new SitePhoto(cycle.MandatoryId, "ป้ายหน้าอาคาร.png", Png)));
        await second.OpenAssessmentAsync(cycle.Id, point);
        Assert.Equal("90.00%", await second.ScoreAsync("on-site", OnSite(cycle)));

        // The chair reconciles the disagreement on V-01 and signs off.
        await chair.OpenAssessmentAsync(cycle.Id, point);
        await chair.OpenReconciliationAsync();
        await chair.ExpectDisagreementAsync(cycle.EvidenceId);
        await chair.ReconcileAsync(Reconciled(cycle));
        Assert.Contains("เสนอให้ได้รับการรับรอง: ระดับพื้นฐาน", await chair.SignOffAsync());

        // The committee certifies; the certificate is opened and its PDF downloaded.
        var committee = new CommitteeJourney(await SignedInPageAsync(staff.Committee), "chain");
        await committee.CertifyAsync(cycle.Id, point, $"1/{year}",
            ThaiDateInput.Format(Preconditions.ThailandToday(), CultureInfo.GetCultureInfo("th-TH")), BuddhistEraDate.Long(Preconditions.ThailandToday(), CultureInfo.GetCultureInfo("th-TH")));
        var number = await committee.OpenCertificateAsync(cycle.Id, point);
        Assert.Equal($"GECC-{year}-0001", number);
        AssertCertificatePdf(await committee.DownloadCertificateAsync(), number, who.AgencyName);

        // The applicant sees the decision on its application and prints its own certificate.
        AssertCertificatePdf(await applicant.DownloadOwnCertificateAsync(applicationId, number), number, who.AgencyName);

        // Anyone can check it: the QR code's page, and the list of certified centres.
        var visitor = new PublicJourney(await NewPageAsync(), "chain");
        Assert.Equal($"{number}: ใบรับรองนี้ใช้ได้", await visitor.VerifyAsync(number));
        Assert.Equal($"{number}: ใบรับรองนี้ใช้ได้", await visitor.FindCertifiedCentreAsync(cycle.Id, point));

        // What the pages said is what was stored.
        var assessment = await App.WithDbAsync(db => db.Assessments.AsNoTracking().Include(a => a.Application).SingleAsync(a => a.Id == assessmentId));
        Assert.Equal(applicationId, assessment.ApplicationId);
        Assert.Equal(ApplicationStatus.Accepted, assessment.Application!.Status);
        Assert.Equal(PreliminaryOutcome.ProceedOnSite, assessment.PreliminaryOutcome);
        Assert.Equal((RecommendedOutcome.Certify, 1, 87.5m), (assessment.RecommendedOutcome!.Value, assessment.RecommendedLevelRank!.Value, assessment.OverallPercent!.Value));
        // Each member's one preliminary mark (V-01) survives the on-site round, where it was carried over
        // beside the two marks given on site: one in the preliminary round and three on site per member.
        Assert.Equal(2, await App.WithDbAsync(db => db.MemberScores.CountAsync(s => s.AssessmentId == assessmentId && s.Round == AssessmentRound.Preliminary)));
        Assert.Equal(6, await App.WithDbAsync(db => db.MemberScores.CountAsync(s => s.AssessmentId == assessmentId && s.Round == AssessmentRound.OnSite)));
        Assert.Equal([4m, 5m], await App.WithDbAsync(db => db.MemberScores
            .Where(s => s.AssessmentId == assessmentId && s.Round == AssessmentRound.Preliminary && s.CriterionId == cycle.EvidenceId)
            .Select(s => s.Mark.Points!.Value).OrderBy(p => p).ToListAsync()));
        var certificate = await App.WithDbAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.ApplicationId == applicationId));
        Assert.Equal((number, who.AgencyName, point), (certificate.Number, certificate.AgencyName, certificate.ServicePointName));

        await ExpectJourneyMailAsync(staff, who.Email, point, subcommittee, applicationId, assessmentId, number);
    }

    /// <summary>
    /// Each actor of the chained journey found the mail of each step at the SMTP server: its Thai
    /// subject, its link, a plain-text part, the rounds' calendar invitations, the certificate PDF.
    /// </summary>
    private async Task ExpectJourneyMailAsync(Staff staff, string applicant, string point, string subcommittee, int applicationId, int assessmentId, string number)
    {
        var mailbox = Mailbox.Shared;
        var baseUrl = browser.App.BaseUrl;
        var schedule = Rounds(staff.Tag);
        var preliminaryAt = BuddhistEraDate.FromThailandTime(schedule.PreliminaryOn, schedule.PreliminaryAt);
        var onSiteAt = BuddhistEraDate.FromThailandTime(schedule.OnSiteOn, schedule.OnSiteAt);

        async Task<MimeKit.MimeMessage> ExpectAsync(string to, string subject, string link)
        {
            var mail = await mailbox.WaitForAsync(to, subject);
            Assert.Contains(baseUrl + link, mail.TextBody ?? "");
            Assert.Contains("href=\"" + baseUrl + link, mail.HtmlBody ?? "");
            return mail;
        }

        async Task ExpectRoundsAsync(string to, string link)
        {
            var rounds = (await mailbox.ToAsync(to)).Where(m => (m.Subject ?? "").StartsWith($"นัดประเมิน {point}: ", StringComparison.Ordinal)).ToList();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (rounds.Count < 2 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
                rounds = [.. (await mailbox.ToAsync(to)).Where(m => (m.Subject ?? "").StartsWith($"นัดประเมิน {point}: ", StringComparison.Ordinal))];
            }

            var invitations = rounds.Select(m =>
            {
                Assert.Contains(baseUrl + link, m.TextBody ?? "");
                var part = Assert.Single(m.Attachments.OfType<MimeKit.TextPart>(), p => p.ContentType.MimeType == "text/calendar");
                var calendar = Ical.Net.Calendar.Load(part.Text)!;
                Assert.Equal("REQUEST", calendar.Method);
                var round = Assert.Single(calendar.Events);
                return (At: round.DtStart!.AsUtc, Place: round.Location);
            }).OrderBy(r => r.At).ToList();
            Assert.Equal(2, invitations.Count);
            Assert.Equal((preliminaryAt, schedule.MeetingLink), (invitations[0].At, invitations[0].Place));
            Assert.Equal((onSiteAt, schedule.OnSiteAddress), (invitations[1].At, invitations[1].Place));
        }

        // The applicant's agency: submitted, accepted, both rounds with their invitations, certified with the PDF.
        var applicationLink = $"/applications/edit/{applicationId}";
        await ExpectAsync(applicant, $"ได้รับใบสมัครของ {point} แล้ว", applicationLink);
        await ExpectAsync(applicant, $"ใบสมัครของ {point} ผ่านการตรวจสอบ", applicationLink);
        await ExpectRoundsAsync(applicant, applicationLink);
        var certified = await ExpectAsync(applicant, $"{point} ได้รับการรับรอง", applicationLink);
        var pdf = Assert.IsType<MimeKit.MimePart>(Assert.Single(certified.Attachments), exactMatch: false);
        Assert.Equal("application/pdf", pdf.ContentType.MimeType);
        using (var content = new MemoryStream())
        {
            await pdf.Content!.DecodeToAsync(content);
            AssertCertificatePdf(content.ToArray(), number, await App.WithDbAsync(db => db.Certificates.Where(c => c.Number == number).Select(c => c.AgencyName).SingleAsync()));
        }

        // The subcommittee: assigned (with the link to the page where each declares a conflict of
        // interest or none), both rounds, signed off; the reconciliation opened goes to the chair alone.
        var assessmentLink = $"/assessments/show/{assessmentId}";
        foreach (var member in new[] { staff.Chair, staff.Assessor1, staff.Assessor2 })
        {
            await ExpectAsync(member, $"มอบหมายการประเมิน {point} ให้ {subcommittee}", assessmentLink);
            await ExpectRoundsAsync(member, assessmentLink);
            await ExpectAsync(member, $"ลงนามรับรองผลการประเมิน {point} แล้ว", assessmentLink);
        }

        await ExpectAsync(staff.Chair, $"เปิดการสรุปคะแนน {point}", $"/assessments/reconcile/{assessmentId}");
        foreach (var member in new[] { staff.Assessor1, staff.Assessor2 })
        {
            Assert.DoesNotContain(await mailbox.ToAsync(member), m => (m.Subject ?? "").StartsWith("เปิดการสรุปคะแนน", StringComparison.Ordinal));
        }

        // The Secretariat: today's digest lists the submission with the link to screen it.
        await App.Services.GetRequiredService<SubmissionDigestJob>().RunOnceAsync(Preconditions.ThailandToday(), CancellationToken.None);
        await ExpectAsync(staff.Secretariat, "ใบสมัครใหม่ ", $"/screening/show/{applicationId}");

        // Every mail of every actor has a plain-text part.
        foreach (var to in new[] { applicant, staff.Chair, staff.Assessor1, staff.Assessor2, staff.Secretariat })
        {
            Assert.All(await mailbox.ToAsync(to), m => Assert.False(string.IsNullOrWhiteSpace(m.TextBody), $"no plain text in '{m.Subject}' to {to}"));
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Every window a test opened is closed, whether it passed or not.</summary>
    public async Task DisposeAsync()
    {
        foreach (var page in _pages)
        {
            await page.Context.CloseAsync();
        }
    }

    private static Registration Applicant(string tag) =>
        new("สำนักงานสรรพสามิตพื้นที่หาดใหญ่ " + tag, "นางสาวใจดี มีสุข", $"applicant-{tag}@journey.test", "lagoon-mango-2569");

    /// <summary>Every criterion answered, with the evidence V-01 requires.</summary>
    private static SelfAnswer[] SelfAssessment(TestData.CycleInfo cycle) =>
    [
        new(cycle.MandatoryId, "9", "ป้ายบอกทางติดตั้งทุกชั้นและลานจอดรถ"),
        new(cycle.EvidenceId, "4", "เผยแพร่คู่มือประชาชนทุกงานบริการ", "คู่มือประชาชน.pdf"),
        new(cycle.OptionalId, "3", "มีระบบจองคิวออนไลน์"),
    ];

    /// <summary>Within the test cycle's assessment window (40 to 90 days ahead): the video conference first, the site visit two weeks later.</summary>
    private static Schedule Rounds(string tag) => new(
        Preconditions.ThailandToday().AddDays(45), new TimeOnly(9, 30), $"https://meet.example.go.th/gecc-{tag}",
        Preconditions.ThailandToday().AddDays(59), new TimeOnly(10, 0), "ศาลากลางจังหวัดสงขลา ถนนราชดำเนิน");

    /// <summary>By video conference the assessors can judge the published service manual (V-01).</summary>
    private static MarkEntry[] Preliminary(TestData.CycleInfo cycle, string v01) => [new(cycle.EvidenceId, Points: v01, Note: "คู่มือประชาชนเผยแพร่ครบทุกงาน")];

    /// <summary>On site: the signs (mandatory) and the innovation they see in use.</summary>
    private static MarkEntry[] OnSite(TestData.CycleInfo cycle) =>
        [new(cycle.MandatoryId, Passed: true, Note: "ป้ายบอกทางชัดเจนทุกจุด"), new(cycle.OptionalId, Points: "3")];

    /// <summary>The members gave V-01 4 and 5; the chair settles on 4.5, which departs from both, so with a note.</summary>
    private static MarkEntry[] Reconciled(TestData.CycleInfo cycle) =>
    [
        new(cycle.MandatoryId, Passed: true),
        new(cycle.EvidenceId, Points: "4.5", Note: "คู่มือมีครบแต่ยังไม่เป็นปัจจุบันบางส่วน"),
        new(cycle.OptionalId, Points: "3"),
    ];

    private static void AssertCertificatePdf(byte[] pdf, string number, string agencyName)
    {
        using var document = PdfDocument.Open(pdf);
        var text = string.Concat(document.GetPages().Select(p => p.Text));
        Assert.Contains(number, text);
        Assert.Contains(PdfRendererTests.WithoutMarks(agencyName), PdfRendererTests.WithoutMarks(text));
        Assert.Contains(PdfRendererTests.WithoutMarks("ระดับพื้นฐาน"), PdfRendererTests.WithoutMarks(text));
    }

    private async Task<Dictionary<string, string>> UserIdsAsync(params List<string> emails) =>
        await App.WithDbAsync(db => db.Users.Where(u => emails.Contains(u.Email!)).ToDictionaryAsync(u => u.Email!, u => u.Id));

    private async Task<IPage> NewPageAsync()
    {
        var page = await browser.NewPageAsync();
        _pages.Add(page);
        return page;
    }

    private async Task<IPage> SignedInPageAsync(string email)
    {
        var page = await browser.SignedInPageAsync(email);
        _pages.Add(page);
        return page;
    }
}
