using System.Text.RegularExpressions;
using GeccAssessment.Tests.Features.Assessments;
using GeccAssessment.Tests.Features.Certification;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Certificates;
using GeccAssessment.Web.Features.Mail;
using GeccAssessment.Web.Features.Screening;
using GeccAssessment.Web.Features.Subcommittees;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

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
            var decision = CertificatePlanting.Decision(scene.AssessmentId, scene.Application.Id, meeting);
            db.CertificationDecisions.Add(decision);
            await db.SaveChangesAsync();
            var certificate = CertificatePlanting.Certificate(year, 1, decision, "จุดบริการที่ดินทดสอบ", validUntil);
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

        Assert.Equal(2, await app.WithDbAsync(db => ExpiryMails(db, scene).CountAsync()));
        Assert.Equal([90], await app.WithDbAsync(db => db.CertificateReminders.Where(r => r.CertificateId == certificateId).Select(r => r.DaysBefore).ToListAsync()));

        var mail = Assert.Single(await app.WaitForMailToAsync(scene.ApplicantEmail));
        Assert.Contains("จะหมดอายุใน 80 วัน", mail.Subject);
        Assert.Contains($"/applications/edit/{scene.Application.Id}", mail.Text());
        // The Secretariat's summary lists it, linked to the certificate.
        var summary = Assert.Single(await app.WaitForMailToAsync(scene.Secretariat));
        Assert.Contains("ใบรับรอง 1 ฉบับจะหมดอายุภายใน 90 วัน", summary.Subject);
        Assert.Contains($"/certificates/show/{certificateId}", summary.Text());
        await Task.Delay(1000);
        Assert.Single(app.Received(), m => m.To.Mailboxes.Any(b => b.Address == scene.ApplicantEmail));
    }

    private Task<List<(int CertificateId, int ApplicationId)>> PlantCertificatesAsync(AssessmentScene scene, IReadOnlyList<DateOnly> validUntil, int revoked = 0) =>
        CertificatePlanting.PlantAsync(app, scene, validUntil, revoked);

    /// <summary>The expiry reminders to the scene's agency and the Secretariat's summaries, in the outbox.</summary>
    private static IQueryable<OutboxMessage> ExpiryMails(ApplicationDbContext db, AssessmentScene scene) => db.OutboxMessages.AsNoTracking()
        .Where(m => (m.Kind == MailKind.CertificateExpiring || m.Kind == MailKind.CertificatesExpiringDigest)
            && (m.ToAddress == scene.ApplicantEmail || m.ToAddress == scene.Secretariat));

    /// <summary>Each certificate's reminder thresholds, its reminder mails to the agency, and the Secretariat's summaries that list it.</summary>
    private async Task<List<(string Thresholds, int ToAgency, int ToSecretariat)>> RemindersOfAsync(AssessmentScene scene, List<(int CertificateId, int ApplicationId)> certificates)
    {
        var ids = certificates.Select(c => c.CertificateId).ToList();
        var reminders = await app.WithDbAsync(db => db.CertificateReminders.AsNoTracking().Where(r => ids.Contains(r.CertificateId)).ToListAsync());
        var mails = await app.WithDbAsync(db => ExpiryMails(db, scene).Select(m => new { m.ToAddress, m.TextBody }).ToListAsync());
        // The link ends its line in the text body ("...: {link}\n"), so /show/12 does not count /show/123.
        return [.. certificates.Select(c => (
            string.Join(",", reminders.Where(r => r.CertificateId == c.CertificateId).Select(r => r.DaysBefore).Order()),
            mails.Count(m => m.ToAddress == scene.ApplicantEmail && m.TextBody.Contains($"/applications/edit/{c.ApplicationId}\n", StringComparison.Ordinal)),
            mails.Count(m => m.ToAddress == scene.Secretariat && m.TextBody.Contains($"/certificates/show/{c.CertificateId}\n", StringComparison.Ordinal))))];
    }

    private ReminderJob JobWithBatchesOf(int size) => new(app.Services.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System,
        app.Services.GetRequiredService<ILogger<ReminderJob>>())
    { BatchSize = size };

    [Fact]
    public async Task One_run_reminds_every_certificate_of_a_band_larger_than_a_batch_once()
    {
        var scene = await AssessmentSteps.ArrangeAsync(app);
        var today = BuddhistEraDate.ThailandToday(DateTime.UtcNow);
        // Five in the 90-day band (three batches of two), three in the 180-day band, one revoked.
        var certificates = await PlantCertificatesAsync(scene,
            [.. Enumerable.Repeat(today.AddDays(80), 5), .. Enumerable.Repeat(today.AddDays(150), 3), today.AddDays(80)], revoked: 1);

        var queued = await JobWithBatchesOf(2).RunOnceAsync(CancellationToken.None);

        Assert.True(queued >= 8, $"queued {queued}");
        var reminders = await RemindersOfAsync(scene, certificates);
        Assert.All(reminders[..5], r => Assert.Equal(("90", 1, 1), r));
        Assert.All(reminders[5..8], r => Assert.Equal(("180", 1, 1), r));
        Assert.Equal(("", 0, 0), reminders[8]);

        // The Secretariat gets one summary per batch, listing that batch's certificates, not a mail per certificate.
        var summaries = await app.WithDbAsync(db => db.OutboxMessages.AsNoTracking()
            .Where(m => m.Kind == MailKind.CertificatesExpiringDigest && m.ToAddress == scene.Secretariat).Select(m => m.TextBody).ToListAsync());
        var listed = summaries.Select(text => text.Split("/certificates/show/").Length - 1).ToList();
        Assert.All(listed, count => Assert.InRange(count, 1, 2));
        Assert.True(summaries.Count < listed.Sum(), $"{summaries.Count} summaries for {listed.Sum()} certificates");
    }

    [Fact]
    public async Task The_secretariats_summary_of_a_band_links_to_a_list_that_shows_its_certificates()
    {
        var scene = await AssessmentSteps.ArrangeAsync(app);
        var today = BuddhistEraDate.ThailandToday(DateTime.UtcNow);
        // One in the 180-day band: further off than the 90 days of the renewal list as it opens.
        var certificates = await PlantCertificatesAsync(scene, [today.AddDays(150)]);

        await JobWithBatchesOf(10).RunOnceAsync(CancellationToken.None);

        var summary = await app.WithDbAsync(db => db.OutboxMessages.AsNoTracking()
            .Where(m => m.Kind == MailKind.CertificatesExpiringDigest && m.ToAddress == scene.Secretariat).Select(m => m.TextBody).SingleAsync());
        var number = await app.WithDbAsync(db => db.Certificates.Where(c => c.Id == certificates[0].CertificateId).Select(c => c.Number).SingleAsync());
        // The mail's own link ("เปิดหน้านี้: …"), which the HTML part's button carries too.
        var open = Regex.Match(summary, @"เปิดหน้านี้: (\S+)").Groups[1].Value;
        var secretariat = await AssessmentSteps.SignedInAsync(app, scene.Secretariat);
        Assert.Contains(number, HtmlForms.TextOf(await secretariat.GetPageAsync(new Uri(open).PathAndQuery)));
    }

    [Fact]
    public async Task Jobs_claiming_batches_at_once_remind_each_certificate_exactly_once()
    {
        var scene = await AssessmentSteps.ArrangeAsync(app);
        var today = BuddhistEraDate.ThailandToday(DateTime.UtcNow);
        var certificates = await PlantCertificatesAsync(scene, [.. Enumerable.Range(0, 9).Select(i => today.AddDays(20 + i % 3))]);

        var jobs = new[] { JobWithBatchesOf(2), JobWithBatchesOf(2), JobWithBatchesOf(3), app.Services.GetRequiredService<ReminderJob>() };
        for (var run = 0; run < 2; run++)
        {
            await Task.WhenAll(jobs.Select(job => Task.Run(() => job.RunOnceAsync(CancellationToken.None))));
        }

        Assert.All(await RemindersOfAsync(scene, certificates), r => Assert.Equal(("30", 1, 1), r));
    }

    [Fact]
    public async Task Stopping_the_job_mid_band_keeps_whole_batches_and_logs_no_error()
    {
        var scene = await AssessmentSteps.ArrangeAsync(app);
        var certificates = await PlantCertificatesAsync(scene, [.. Enumerable.Repeat(BuddhistEraDate.ThailandToday(DateTime.UtcNow).AddDays(60), 80)]);
        var started = DateTimeOffset.UtcNow;

        // Stopped as the host stops it, at moments that fall between batches and inside one: in its
        // claim, its reads, its SaveChanges. A batch is kept whole (reminder and both mails) or not at all.
        for (var ms = 0; ms < 60; ms += 4)
        {
            var job = JobWithBatchesOf(1);
            await job.StartAsync(CancellationToken.None);
            await Task.Delay(ms);
            await job.StopAsync(CancellationToken.None);
            Assert.All(await RemindersOfAsync(scene, certificates), r => Assert.True(r == ("90", 1, 1) || r == ("", 0, 0), r.ToString()));
        }

        static string? Source(Serilog.Events.LogEvent e) =>
            e.Properties.TryGetValue("SourceContext", out var source) ? (source as Serilog.Events.ScalarValue)?.Value as string : null;
        Assert.DoesNotContain(app.Logs.Events, e => e.Timestamp >= started && e.Level >= Serilog.Events.LogEventLevel.Warning
            && (Source(e) == typeof(ReminderJob).FullName || Source(e)?.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) == true));

        await JobWithBatchesOf(7).RunOnceAsync(CancellationToken.None);
        Assert.All(await RemindersOfAsync(scene, certificates), r => Assert.Equal(("90", 1, 1), r));
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
    public async Task Two_revocations_of_one_certificate_at_once_revoke_it_once_and_tell_the_agency_once()
    {
        var scene = await AssessmentSteps.ArrangeAsync(app);
        var certificateId = await PlantCertificateAsync(scene, BuddhistEraDate.ThailandToday(DateTime.UtcNow).AddYears(2));

        // Two confirmations posted at once (a double click, or two staff on the same page): the test
        // holds the certificate's row until both are inside the database, then lets them go.
        await using var hold = new NpgsqlConnection(TestDatabase.ConnectionStringFor(app.DatabaseName, pooling: false));
        await hold.OpenAsync();
        var transaction = await hold.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("""SELECT 1 FROM "Certificates" WHERE "Id" = @id FOR UPDATE""", hold, transaction))
        {
            lockRow.Parameters.AddWithValue("id", certificateId);
            await lockRow.ExecuteNonQueryAsync();
        }

        var revocations = new[] { "พบการปลอมแปลงหลักฐาน", "ยื่นข้อมูลเท็จ" }
            .Select(reason => Task.Run(() => InScopeAsync(services => services.GetRequiredService<CertificateService>().RevokeAsync(certificateId, reason))))
            .ToList();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var waiting = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()", hold);
            if ((long)(await waiting.ExecuteScalarAsync())! >= 2)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "the revocations never reached the database");
            await Task.Delay(50);
        }

        await transaction.RollbackAsync();
        await transaction.DisposeAsync();
        var results = await Task.WhenAll(revocations);

        Assert.Single(results, r => r.Succeeded);
        Assert.Equal(1, await app.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == MailKind.CertificateRevoked && m.ToAddress == scene.ApplicantEmail)));
    }

    [Fact]
    public async Task A_member_who_declared_a_conflict_is_not_invited_to_the_rounds_nor_told_of_the_sign_off()
    {
        var scene = await AssessmentSteps.ArrangeAsync(app);
        await app.WithDbAsync(async db =>
        {
            var ids = await db.Users.Where(u => u.Email == scene.Assessor1 || u.Email == scene.Assessor2).ToDictionaryAsync(u => u.Email!, u => u.Id);
            db.ConflictDeclarations.AddRange(
                new ConflictDeclaration { AssessmentId = scene.AssessmentId, UserId = ids[scene.Assessor1], HasConflict = false, DeclaredAtUtc = DateTime.UtcNow },
                new ConflictDeclaration { AssessmentId = scene.AssessmentId, UserId = ids[scene.Assessor2], HasConflict = true, Reason = "เป็นญาติกับหัวหน้าจุดบริการ", DeclaredAtUtc = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });

        await InScopeAsync(async services =>
        {
            await services.GetRequiredService<RoundNotices>().TellAsync(scene.AssessmentId, "OnSite", null, null, new DateTime(2030, 3, 18, 3, 0, 0, DateTimeKind.Utc), "ศาลากลางจังหวัดสงขลา");
            await services.GetRequiredService<Notices>().ToSubcommitteeAsync(MailKind.SignedOff, scene.AssessmentId, chairOnly: false);
            return await services.GetRequiredService<ApplicationDbContext>().SaveChangesAsync();
        });

        // The member with a conflict is out of this assessment (403 on its pages): no invitation to
        // assess it, no result; the others, and the agency, are told as before.
        string[] scenePeople = [scene.Chair, scene.Assessor1, scene.Assessor2, scene.ApplicantEmail];
        var told = await app.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => scenePeople.Contains(m.ToAddress))
            .Select(m => new { m.Kind, m.ToAddress }).ToListAsync());
        Assert.DoesNotContain(told, m => m.ToAddress == scene.Assessor2);
        foreach (var member in new[] { scene.Chair, scene.Assessor1 })
        {
            Assert.Contains(told, m => m.ToAddress == member && m.Kind == MailKind.RoundScheduled);
            Assert.Contains(told, m => m.ToAddress == member && m.Kind == MailKind.SignedOff);
        }

        Assert.Contains(told, m => m.ToAddress == scene.ApplicantEmail && m.Kind == MailKind.RoundScheduled);
    }

    /// <summary>The calendar's METHOD, UID and SEQUENCE.</summary>
    private static (string Method, string Uid, int Sequence) Ics(string calendar) => (
        Regex.Match(calendar, "^METHOD:(\\S+)", RegexOptions.Multiline).Groups[1].Value,
        Regex.Match(calendar, "^UID:(\\S+)", RegexOptions.Multiline).Groups[1].Value,
        int.Parse(Regex.Match(calendar, "^SEQUENCE:(\\d+)", RegexOptions.Multiline).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

    private static string CalendarOf(MimeKit.MimeMessage mail) =>
        mail.Attachments.OfType<MimeKit.TextPart>().Single(p => p.ContentType.MimeType == "text/calendar").Text;

    /// <summary>The chair schedules both rounds, in the cycle's assessment window, as on the assessment's page.</summary>
    private async Task ScheduleBothRoundsAsync(AssessmentScene scene)
    {
        var chair = await AssessmentSteps.SignedInAsync(app, scene.Chair);
        await AssessmentSteps.DeclareAsync(chair, scene.AssessmentId, conflict: false);
        var day = BuddhistEraDate.ThailandToday(DateTime.UtcNow).AddDays(50);
        var response = await AssessmentSteps.PostPageFormAsync(chair, $"/assessments/show/{scene.AssessmentId}", $"form[action$='/schedule/{scene.AssessmentId}']",
            new Dictionary<string, string>
            {
                ["PreliminaryDate"] = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["MeetingLink"] = "https://meet.example.go.th/gecc-w",
                ["OnSiteDate"] = day.AddDays(10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["OnSiteAddress"] = "ศาลากลางจังหวัดสงขลา",
            });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task A_member_who_declares_a_conflict_after_the_rounds_were_scheduled_gets_both_invitations_cancelled()
    {
        var scene = await AssessmentSteps.ArrangeAsync(app);
        await ScheduleBothRoundsAsync(scene);
        var invitations = await app.WaitForMailAsync(m => m.To.Mailboxes.Any(b => b.Address == scene.Assessor2) && m.Subject?.StartsWith("นัดประเมิน", StringComparison.Ordinal) == true, count: 2);
        Assert.Equal(2, invitations.Count);
        // A SEQUENCE counts seconds: the declaration comes at least one later, as it would in life.
        await Task.Delay(1100);

        await AssessmentSteps.DeclareAsync(await AssessmentSteps.SignedInAsync(app, scene.Assessor2), scene.AssessmentId, conflict: true, reason: "เป็นญาติกับหัวหน้าจุดบริการ");

        var cancellations = await app.WaitForMailAsync(m => m.To.Mailboxes.Any(b => b.Address == scene.Assessor2) && m.Subject?.StartsWith("ยกเลิกนัดประเมิน", StringComparison.Ordinal) == true, count: 2);
        Assert.Equal(2, cancellations.Count);
        var invited = invitations.Select(m => Ics(CalendarOf(m))).ToList();
        Assert.All(invited, i => Assert.Equal("REQUEST", i.Method));
        foreach (var cancellation in cancellations)
        {
            var cancel = Ics(CalendarOf(cancellation));
            Assert.Equal("CANCEL", cancel.Method);
            Assert.Contains("STATUS:CANCELLED", CalendarOf(cancellation));
            // The same event as its invitation, superseding it.
            var invitation = Assert.Single(invited, i => i.Uid == cancel.Uid);
            Assert.True(cancel.Sequence > invitation.Sequence, $"{cancel.Sequence} after {invitation.Sequence}");
            Assert.Contains($"/assessments/show/{scene.AssessmentId}", cancellation.Text());
        }

        Assert.Equal(2, cancellations.Select(m => Ics(CalendarOf(m)).Uid).Distinct().Count());
        // The rounds go on: nobody else is told anything, and a later declaration of no conflict cancels nothing.
        await AssessmentSteps.DeclareAsync(await AssessmentSteps.SignedInAsync(app, scene.Assessor1), scene.AssessmentId, conflict: false);
        Assert.Equal([scene.Assessor2, scene.Assessor2], await app.WithDbAsync(db => db.OutboxMessages.AsNoTracking()
            .Where(m => m.Kind == MailKind.RoundWithdrawn || m.Kind == MailKind.RoundCancelled).Select(m => m.ToAddress)
            .Where(a => a == scene.Chair || a == scene.Assessor1 || a == scene.Assessor2 || a == scene.ApplicantEmail).ToListAsync()));
    }

    [Fact]
    public async Task A_member_removed_from_a_subcommittee_gets_the_rounds_ahead_of_its_open_assessments_cancelled()
    {
        var scene = await AssessmentSteps.ArrangeAsync(app);
        await ScheduleBothRoundsAsync(scene);
        // Two more of the subcommittee's assessments: one signed off (its round left on the record, told
        // nothing), one whose preliminary round is over and whose on-site round is ahead.
        var now = DateTime.UtcNow;
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var signedOff = await TestData.CreateApplicationAsync(app, scene.Cycle.Id,
            await TestData.CreateServicePointAsync(app, scene.Application.AgencyId, "จุดบริการลงนามแล้ว " + suffix), ApplicationStatus.Accepted);
        var halfway = await TestData.CreateApplicationAsync(app, scene.Cycle.Id,
            await TestData.CreateServicePointAsync(app, scene.Application.AgencyId, "จุดบริการครึ่งทาง " + suffix), ApplicationStatus.Accepted);
        var halfwayId = await app.WithDbAsync(async db =>
        {
            var done = new Assessment { ApplicationId = signedOff.Id, SubcommitteeId = scene.SubcommitteeId, CycleId = scene.Cycle.Id, AssignedAtUtc = now, OnSiteAtUtc = now.AddDays(20), SignedOffAtUtc = now };
            var half = new Assessment { ApplicationId = halfway.Id, SubcommitteeId = scene.SubcommitteeId, CycleId = scene.Cycle.Id, AssignedAtUtc = now, PreliminaryAtUtc = now.AddDays(-3), OnSiteAtUtc = now.AddDays(30), OnSiteAddress = "ที่ว่าการอำเภอ" };
            db.Assessments.AddRange(done, half);
            await db.SaveChangesAsync();
            return half.Id;
        });
        var invitations = await app.WithDbAsync(db => db.OutboxMessages.AsNoTracking()
            .Where(m => m.ToAddress == scene.Assessor2 && m.Kind == MailKind.RoundScheduled).Select(m => m.Calendar!).ToListAsync());
        Assert.Equal(2, invitations.Count);
        await Task.Delay(1100);

        var form = await InScopeAsync(services => services.GetRequiredService<SubcommitteeService>().FormAsync(scene.SubcommitteeId));
        var assessor2 = await app.WithDbAsync(db => db.Users.Where(u => u.Email == scene.Assessor2).Select(u => u.Id).SingleAsync());
        Assert.Contains(assessor2, form!.MemberIds);
        form.MemberIds.Remove(assessor2);
        var saved = await InScopeAsync(services => services.GetRequiredService<SubcommitteeService>().SaveAsync(form));
        Assert.True(saved.Succeeded);

        var cancelled = await app.WithDbAsync(db => db.OutboxMessages.AsNoTracking()
            .Where(m => m.Kind == MailKind.RoundWithdrawn && (m.ToAddress == scene.Assessor2 || m.ToAddress == scene.Assessor1 || m.ToAddress == scene.Chair))
            .Select(m => new { m.ToAddress, m.Calendar, m.TextBody }).ToListAsync());
        Assert.All(cancelled, c => Assert.Equal(scene.Assessor2, c.ToAddress));
        var byUid = cancelled.Select(c => Ics(c.Calendar!)).ToList();
        string[] expected = [$"gecc-assessment-{halfwayId}-onsite@gecc", $"gecc-assessment-{scene.AssessmentId}-onsite@gecc", $"gecc-assessment-{scene.AssessmentId}-preliminary@gecc"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), byUid.Select(c => c.Uid).Order(StringComparer.Ordinal));
        Assert.All(byUid, c => Assert.Equal("CANCEL", c.Method));
        foreach (var invitation in invitations.Select(Ics))
        {
            Assert.True(byUid.Single(c => c.Uid == invitation.Uid).Sequence > invitation.Sequence);
        }

        var mail = Assert.Single(await app.WaitForMailAsync(m => m.To.Mailboxes.Any(b => b.Address == scene.Assessor2) && m.Text().Contains($"/assessments/show/{halfwayId}")));
        Assert.Equal("CANCEL", mail.Attachments.OfType<MimeKit.TextPart>().Single().ContentType.Parameters["method"]);
    }

    [Fact]
    public async Task A_member_added_to_a_subcommittee_is_invited_to_the_rounds_ahead_of_its_open_assessments()
    {
        var scene = await AssessmentSteps.ArrangeAsync(app);
        // The preliminary round is over, the on-site round is ahead and its invitation went to the members.
        var now = DateTime.UtcNow;
        var onSite = now.AddDays(30);
        await app.WithDbAsync(async db =>
        {
            var assessment = await db.Assessments.SingleAsync(a => a.Id == scene.AssessmentId);
            assessment.PreliminaryAtUtc = now.AddDays(-3);
            assessment.PreliminaryMeetingLink = "https://meet.example.go.th/gecc-past";
            assessment.OnSiteAtUtc = onSite;
            assessment.OnSiteAddress = "ศาลากลางจังหวัดสงขลา";
            return await db.SaveChangesAsync();
        });
        await InScopeAsync(async services =>
        {
            await services.GetRequiredService<RoundNotices>().TellAsync(scene.AssessmentId, RoundNotices.OnSite, null, null, onSite, "ศาลากลางจังหวัดสงขลา");
            return await services.GetRequiredService<ApplicationDbContext>().SaveChangesAsync();
        });
        var invited = Ics(await app.WithDbAsync(db => db.OutboxMessages.AsNoTracking()
            .Where(m => m.ToAddress == scene.Assessor1 && m.Kind == MailKind.RoundScheduled).Select(m => m.Calendar!).SingleAsync()));

        // Joining: an assessor of another subcommittee, a new chair (the old one stays a member), and
        // one who declared a conflict in the assessment (once a member, say) and stays out of it.
        var tag = Guid.NewGuid().ToString("N")[..8];
        var newChair = await app.CreateUserAsync($"chair2-{tag}@assess.test", Roles.SubcommitteeChair, displayName: "ประธานใหม่ " + tag);
        var conflicted = await app.CreateUserAsync($"conflicted-{tag}@assess.test", Roles.Assessor, displayName: "กรรมการมีส่วนได้เสีย " + tag);
        await app.WithDbAsync(db =>
        {
            db.ConflictDeclarations.Add(new ConflictDeclaration { AssessmentId = scene.AssessmentId, UserId = conflicted.Id, HasConflict = true, Reason = "เป็นญาติกับหัวหน้าจุดบริการ", DeclaredAtUtc = now });
            return db.SaveChangesAsync();
        });
        string[] stayed = [scene.Chair, scene.Assessor1, scene.Assessor2];
        var mailsOfStayed = await app.WithDbAsync(db => db.OutboxMessages.CountAsync(m => stayed.Contains(m.ToAddress)));
        var ids = await app.WithDbAsync(db => db.Users.Where(u => u.Email == scene.Chair || u.Email == scene.Outsider).ToDictionaryAsync(u => u.Email!, u => u.Id));

        var form = await InScopeAsync(services => services.GetRequiredService<SubcommitteeService>().FormAsync(scene.SubcommitteeId));
        form!.ChairUserId = newChair.Id;
        form.MemberIds.AddRange([ids[scene.Outsider], conflicted.Id]);
        Assert.Contains(ids[scene.Chair], form.MemberIds);
        var saved = await InScopeAsync(services => services.GetRequiredService<SubcommitteeService>().SaveAsync(form));
        Assert.True(saved.Succeeded);

        foreach (var joiner in new[] { scene.Outsider, newChair.Email! })
        {
            var mail = Assert.Single(await app.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.ToAddress == joiner)
                .Select(m => new { m.Kind, m.Calendar, m.TextBody }).ToListAsync()));
            Assert.Equal(MailKind.RoundScheduled, mail.Kind);
            var invitation = Ics(mail.Calendar!);
            Assert.Equal("REQUEST", invitation.Method);
            Assert.Equal($"gecc-assessment-{scene.AssessmentId}-onsite@gecc", invitation.Uid);
            Assert.Equal(invited.Uid, invitation.Uid);
            Assert.Contains($"/assessments/show/{scene.AssessmentId}", mail.TextBody);
        }

        Assert.Equal(0, await app.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.ToAddress == conflicted.Email)));
        Assert.Equal(mailsOfStayed, await app.WithDbAsync(db => db.OutboxMessages.CountAsync(m => stayed.Contains(m.ToAddress))));
        var sent = Assert.Single(await app.WaitForMailToAsync(scene.Outsider));
        Assert.Equal("REQUEST", sent.Attachments.OfType<MimeKit.TextPart>().Single().ContentType.Parameters["method"]);
    }

    [Fact]
    public async Task The_language_switch_of_a_signed_in_user_sets_the_language_of_the_next_mail_and_an_anonymous_or_forged_switch_writes_nothing()
    {
        var scene = await AssessmentSteps.ArrangeAsync(app);
        var member = await AssessmentSteps.SignedInAsync(app, scene.Assessor1);
        var memberId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == scene.Assessor1).Select(u => u.Id).SingleAsync());
        Task<string?> LanguageAsync() => app.WithDbAsync(db => db.MailPreferences.Where(p => p.UserId == memberId).Select(p => p.Language).SingleOrDefaultAsync());

        // The layout's switch, as the member clicks it on one of his or her pages.
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await member.SubmitFormAsync(await member.GetPageAsync("/notifications"), "form[action='/culture/set']", new Dictionary<string, string>())).StatusCode);
        Assert.Equal("en", await LanguageAsync());
        await InScopeAsync(async services =>
        {
            await services.GetRequiredService<Notices>().ToSubcommitteeAsync(MailKind.SignedOff, scene.AssessmentId, chairOnly: false);
            return await services.GetRequiredService<ApplicationDbContext>().SaveChangesAsync();
        });
        var mail = Assert.Single(await app.WaitForMailToAsync(scene.Assessor1));
        Assert.StartsWith("Assessment signed off:", mail.Subject);
        Assert.StartsWith("Dear ", mail.Text());

        // Back to Thai; the kinds turned off on the Notifications page stay as they were.
        await app.WithDbAsync(db => db.MailPreferences.Where(p => p.UserId == memberId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.TurnedOff, new List<MailKind> { MailKind.RoundChanged })));
        await member.SubmitFormAsync(await member.GetPageAsync("/notifications"), "form[action='/culture/set']", new Dictionary<string, string>());
        Assert.Equal("th", await LanguageAsync());
        Assert.Equal([MailKind.RoundChanged], await app.WithDbAsync(db => db.MailPreferences.Where(p => p.UserId == memberId).Select(p => p.TurnedOff).SingleAsync()));

        // Posted without the page's token (another site's form in the member's browser): the page's
        // language switches as before, the mail's does not.
        var forged = await member.PostAsync("/culture/set", new FormUrlEncodedContent(new Dictionary<string, string> { ["culture"] = "en-GB", ["returnUrl"] = "/" }));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, forged.StatusCode);
        Assert.Equal("th", await LanguageAsync());

        // Anonymous: the page carries no token and sets no cookie (it can be kept), the switch sets
        // the language cookie and the mark for the next sign-in (SignInTests), and writes no row.
        var rows = await app.WithDbAsync(db => db.MailPreferences.CountAsync());
        var visitor = app.CreateBrowser();
        var centres = await visitor.GetAsync("/centres");
        Assert.False(centres.Headers.Contains("Set-Cookie"));
        var page = await HtmlForms.ParseAsync(centres);
        Assert.Null(page.QuerySelector("form[action='/culture/set'] input[name='__RequestVerificationToken']"));
        var switched = await visitor.SubmitFormAsync(page, "form[action='/culture/set']", new Dictionary<string, string>());
        Assert.Equal(System.Net.HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal([".AspNetCore.Culture", "gecc.language-chosen"], switched.Headers.GetValues("Set-Cookie").Select(c => c.Split('=')[0]).Order(StringComparer.Ordinal));
        Assert.Equal(rows, await app.WithDbAsync(db => db.MailPreferences.CountAsync()));
    }

    [Fact]
    public async Task An_agency_account_that_no_longer_acts_for_it_is_not_told_of_its_applications()
    {
        var scene = await AssessmentSteps.ArrangeAsync(app);
        var tag = Guid.NewGuid().ToString("N")[..8];
        // A colleague who left: the Applicant role taken away (the account keeps its agency, and may
        // keep another role); and one whose account was disabled.
        var left = await app.CreateUserAsync($"left-{tag}@assess.test", Roles.Applicant, scene.Application.AgencyId);
        var disabled = await app.CreateUserAsync($"disabled-{tag}@assess.test", Roles.Applicant, scene.Application.AgencyId);
        await InScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<ApplicationUser>>();
            await users.RemoveFromRoleAsync((await users.FindByIdAsync(left.Id))!, Roles.Applicant);
            var db = services.GetRequiredService<ApplicationDbContext>();
            return await db.Users.Where(u => u.Id == disabled.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisabledAtUtc, (DateTime?)DateTime.UtcNow));
        });

        await InScopeAsync(async services =>
        {
            await services.GetRequiredService<Notices>().ToAgencyAsync(MailKind.ApplicationAccepted, scene.Application.Id, $"/applications/edit/{scene.Application.Id}");
            return await services.GetRequiredService<ApplicationDbContext>().SaveChangesAsync();
        });

        var told = await app.WithDbAsync(db => db.OutboxMessages.AsNoTracking()
            .Where(m => m.Kind == MailKind.ApplicationAccepted && m.TextBody.Contains($"/applications/edit/{scene.Application.Id}\n"))
            .Select(m => m.ToAddress).ToListAsync());
        Assert.Equal([scene.ApplicantEmail], told);
        Assert.False(await app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.UserId == left.Id || n.UserId == disabled.Id)));
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
