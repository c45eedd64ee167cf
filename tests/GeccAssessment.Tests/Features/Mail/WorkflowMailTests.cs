using GeccAssessment.Tests.Features.Assessments;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Certificates;
using GeccAssessment.Web.Features.Mail;
using GeccAssessment.Web.Features.Screening;
using GeccAssessment.Web.Features.Subcommittees;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GeccAssessment.Tests.Features.Mail;

/// <summary>The workflow's mail, from the service that makes the change to the SMTP listener.</summary>
public class WorkflowMailTests(MailFactory app) : IClassFixture<MailFactory>
{
    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    private Task<int> PlantCertificateAsync(AssessmentScene scene, DateOnly validUntil) =>
        app.WithDbAsync(async db =>
        {
            var year = await db.Cycles.Where(y => y.Id == scene.Cycle.Id).Select(y => y.BuddhistYear).SingleAsync();
            var meeting = new CommitteeMeeting { CycleId = scene.Cycle.Id, Number = "1/" + year, HeldOn = validUntil.AddYears(-3).AddDays(1) };
            db.CommitteeMeetings.Add(meeting);
            await db.SaveChangesAsync();
            var decision = new CertificationDecision
            {
                AssessmentId = scene.AssessmentId,
                ApplicationId = scene.Application.Id,
                CycleId = scene.Cycle.Id,
                MeetingId = meeting.Id,
                Certified = true,
                LevelRank = 1,
                DecidedAtUtc = DateTime.UtcNow,
            };
            db.CertificationDecisions.Add(decision);
            await db.SaveChangesAsync();
            var certificate = new Certificate
            {
                CycleId = scene.Cycle.Id,
                Sequence = 1,
                Number = Certificate.FormatNumber(year, 1),
                ApplicationId = scene.Application.Id,
                DecisionId = decision.Id,
                MeetingId = meeting.Id,
                LevelRank = 1,
                LevelNameTh = "ระดับพื้นฐาน",
                LevelNameEn = "Basic",
                AgencyName = "สำนักงานที่ดินจังหวัดทดสอบ",
                ServicePointName = "จุดบริการที่ดินทดสอบ",
                ProvinceCode = "90",
                IssuedOn = meeting.HeldOn,
                ValidUntil = validUntil,
            };
            db.Certificates.Add(certificate);
            await db.SaveChangesAsync();
            return certificate.Id;
        });

    [Fact]
    public async Task A_certificate_ending_in_90_days_gets_exactly_one_reminder_however_often_the_job_runs()
    {
        var scene = await AssessmentSteps.ArrangeAsync(app);
        var today = BuddhistEraDate.ThailandToday(DateTime.UtcNow);
        var certificateId = await PlantCertificateAsync(scene, today.AddDays(80));

        var job = app.Services.GetRequiredService<ReminderJob>();
        for (var run = 0; run < 3; run++)
        {
            // Several instances at once, several times.
            await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => job.RunOnceAsync(CancellationToken.None)));
        }

        var rows = await app.WithDbAsync(db => db.OutboxMessages.AsNoTracking()
            .Where(m => m.Kind == MailKind.CertificateExpiring && (m.ToAddress == scene.ApplicantEmail || m.ToAddress == scene.Secretariat)).ToListAsync());
        Assert.Equal(2, rows.Count);
        Assert.Equal([90], await app.WithDbAsync(db => db.CertificateReminders.Where(r => r.CertificateId == certificateId).Select(r => r.DaysBefore).ToListAsync()));

        var mail = Assert.Single(await app.WaitForMailToAsync(scene.ApplicantEmail));
        Assert.Contains("จะหมดอายุใน 80 วัน", mail.Subject);
        Assert.Contains($"/applications/edit/{scene.Application.Id}", mail.Text());
        Assert.Single(await app.WaitForMailToAsync(scene.Secretariat));
        await Task.Delay(1000);
        Assert.Single(app.Received(), m => m.To.Mailboxes.Any(b => b.Address == scene.ApplicantEmail));
    }

    [Fact]
    public async Task Revoking_a_certificate_tells_the_agency_why()
    {
        var scene = await AssessmentSteps.ArrangeAsync(app);
        var certificateId = await PlantCertificateAsync(scene, BuddhistEraDate.ThailandToday(DateTime.UtcNow).AddYears(2));

        var result = await InScopeAsync(services => services.GetRequiredService<CertificateService>().RevokeAsync(certificateId, "พบการปลอมแปลงหลักฐาน"));

        Assert.True(result.Succeeded);
        var mail = Assert.Single(await app.WaitForMailToAsync(scene.ApplicantEmail));
        Assert.StartsWith("เพิกถอนใบรับรองเลขที่", mail.Subject);
        Assert.Contains("พบการปลอมแปลงหลักฐาน", mail.Text());
    }

    [Fact]
    public async Task The_certified_mail_carries_the_certificate_pdf()
    {
        var scene = await AssessmentSteps.ArrangeAsync(app);
        var certificateId = await PlantCertificateAsync(scene, BuddhistEraDate.ThailandToday(DateTime.UtcNow).AddYears(3));
        await InScopeAsync(async services =>
        {
            var outbox = services.GetRequiredService<Outbox>();
            outbox.Add(MailKind.Certified, await outbox.UsersAsync([await services.GetRequiredService<ApplicationDbContext>().Users
                .Where(u => u.Email == scene.ApplicantEmail).Select(u => u.Id).SingleAsync()]),
                $"/applications/edit/{scene.Application.Id}", ["จุดบริการที่ดินทดสอบ", new Bilingual("ระดับพื้นฐาน", "Basic"), "x"],
                new MailExtras(CertificateId: certificateId));
            return await services.GetRequiredService<ApplicationDbContext>().SaveChangesAsync();
        });

        var mail = Assert.Single(await app.WaitForMailToAsync(scene.ApplicantEmail));
        Assert.Contains("ระดับพื้นฐาน", mail.Subject);
        var pdf = Assert.IsType<MimeKit.MimePart>(Assert.Single(mail.Attachments));
        Assert.Equal("application/pdf", pdf.ContentType.MimeType);
        using var content = new MemoryStream();
        await pdf.Content!.DecodeToAsync(content);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(content.ToArray(), 0, 4));
    }

    [Fact]
    public async Task Returning_an_application_tells_the_agency_the_reason_in_the_same_save()
    {
        var scene = await AssessmentSteps.ArrangeAsync(app);
        var point = await TestData.CreateServicePointAsync(app, scene.Application.AgencyId, "จุดบริการส่งคืน " + Guid.NewGuid().ToString("N")[..6]);
        var application = await TestData.CreateApplicationAsync(app, scene.Cycle.Id, point, ApplicationStatus.Submitted);
        var rowVersion = await app.WithDbAsync(db => db.Applications.Where(a => a.Id == application.Id).Select(a => a.RowVersion).SingleAsync());

        var result = await InScopeAsync(services => services.GetRequiredService<ScreeningService>()
            .DecideAsync(application.Id, rowVersion, ApplicationStatus.Returned, "กรุณาแนบภาพถ่ายป้ายบอกทาง", null));

        Assert.True(result.Succeeded);
        var mail = Assert.Single(await app.WaitForMailToAsync(scene.ApplicantEmail));
        Assert.Contains("ถูกส่งกลับให้แก้ไข", mail.Subject);
        Assert.Contains("กรุณาแนบภาพถ่ายป้ายบอกทาง", mail.Text());
        Assert.Contains($"http://localhost/applications/edit/{application.Id}", mail.Text());
        // The in-app copy for the bell.
        Assert.True(await app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.Link == $"/applications/edit/{application.Id}")));
    }

    [Fact]
    public async Task Assigning_several_points_at_once_mails_each_member_the_page_of_every_point()
    {
        var scene = await AssessmentSteps.ArrangeAsync(app);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var first = await TestData.CreateApplicationAsync(app, scene.Cycle.Id,
            await TestData.CreateServicePointAsync(app, scene.Application.AgencyId, "จุดบริการมอบหมายหนึ่ง " + suffix), ApplicationStatus.Accepted);
        var second = await TestData.CreateApplicationAsync(app, scene.Cycle.Id,
            await TestData.CreateServicePointAsync(app, scene.Application.AgencyId, "จุดบริการมอบหมายสอง " + suffix), ApplicationStatus.Accepted);

        var (assigned, problem) = await InScopeAsync(services => services.GetRequiredService<SubcommitteeService>()
            .AssignAsync(scene.SubcommitteeId, [first.Id, second.Id], null));

        Assert.Null(problem);
        Assert.Equal(2, assigned);
        var pages = await app.WithDbAsync(db => db.Assessments.Where(a => a.ApplicationId == first.Id || a.ApplicationId == second.Id)
            .Select(a => "http://localhost/assessments/show/" + a.Id).ToListAsync());
        Assert.Equal(2, pages.Count);
        foreach (var member in new[] { scene.Chair, scene.Assessor1, scene.Assessor2 })
        {
            var mail = Assert.Single(await app.WaitForMailAsync(m => m.To.Mailboxes.Any(b => b.Address == member) && m.Text().Contains(suffix)));
            Assert.All(pages, page => Assert.Contains(page, mail.Text()));
            Assert.All(pages, page => Assert.Contains(page, mail.HtmlBody));
        }
    }
}
