using System.Net;
using GeccAssessment.Tests.Features.Assessments;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Mail;
using Ical.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace GeccAssessment.Tests.Features.Mail;

/// <summary>
/// What people control and see of the mail: the Secretariat's daily digest, the round invitations
/// read back by a calendar library, the bell, each user's preferences, the outbox page and who may
/// send a reset link. All through the real SMTP listener of <see cref="MailFactory"/>.
/// </summary>
public class MailControlTests(MailFactory app) : IClassFixture<MailFactory>
{
    private static string Tag() => Guid.NewGuid().ToString("N")[..8];

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    private Task<int> QueueAsync(MailKind kind, string email, string path, object[] args) =>
        InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<ApplicationDbContext>();
            var outbox = services.GetRequiredService<Outbox>();
            var id = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            outbox.Add(kind, await outbox.UsersAsync([id]), path, args);
            return await db.SaveChangesAsync();
        });

    private Task<int> CountQueuedAsync(string email, MailKind kind) =>
        app.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.ToAddress == email && m.Kind == kind));

    private Task<Application> SubmittedAtAsync(TestData.CycleInfo cycle, int agencyId, string point, DateOnly day, TimeOnly time) =>
        app.WithDbAsync(async db =>
        {
            var servicePoint = await TestData.CreateServicePointAsync(app, agencyId, point);
            var application = await TestData.CreateApplicationAsync(app, cycle.Id, servicePoint, ApplicationStatus.Submitted);
            var at = BuddhistEraDate.FromThailandTime(day, time);
            await db.Applications.Where(a => a.Id == application.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.SubmittedAtUtc, at));
            return application;
        });

    [Fact]
    public async Task The_secretariat_gets_one_digest_a_day_listing_that_days_submissions_however_often_the_job_runs()
    {
        var tag = Tag();
        var wants = $"digest-{tag}@mail.test";
        var doesNot = $"nodigest-{tag}@mail.test";
        await app.CreateUserAsync(wants, Roles.Secretariat);
        var quiet = await app.CreateUserAsync(doesNot, Roles.Secretariat);
        await app.WithDbAsync(db =>
        {
            db.MailPreferences.Add(new MailPreference { UserId = quiet.Id, TurnedOff = [MailKind.SubmissionDigest] });
            return db.SaveChangesAsync();
        });
        // A day of its own: the app's own job digests yesterday and must not take this one first.
        var day = BuddhistEraDate.ThailandToday(DateTime.UtcNow).AddDays(-20 - Random.Shared.Next(300));
        var cycle = await TestData.CreateCycleAsync(app, TestData.UniqueYear());
        var agency = await TestData.CreateAgencyAsync(app, "สำนักงานสรุปประจำวัน " + tag);
        var morning = await SubmittedAtAsync(cycle, agency.Id, "จุดบริการเช้า " + tag, day, new TimeOnly(8, 30));
        var lateEvening = await SubmittedAtAsync(cycle, agency.Id, "จุดบริการดึก " + tag, day, new TimeOnly(23, 59));
        var nextDay = await SubmittedAtAsync(cycle, agency.Id, "จุดบริการวันถัดไป " + tag, day.AddDays(1), new TimeOnly(0, 1));

        var job = app.Services.GetRequiredService<SubmissionDigestJob>();
        var listed = new List<int>();
        for (var run = 0; run < 3; run++)
        {
            // Three instances at once, three times.
            listed.AddRange(await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => job.RunOnceAsync(day, CancellationToken.None))));
        }

        Assert.Equal(2, listed.Sum());
        Assert.Equal(1, listed.Count(c => c > 0));
        Assert.Equal(1, await CountQueuedAsync(wants, MailKind.SubmissionDigest));
        // Turned off: no mail, but the bell still has it.
        Assert.Equal(0, await CountQueuedAsync(doesNot, MailKind.SubmissionDigest));
        Assert.True(await app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.UserId == quiet.Id && n.Kind == MailKind.SubmissionDigest)));

        var mail = Assert.Single(await app.WaitForMailToAsync(wants));
        Assert.Equal($"ใบสมัครใหม่ 2 รายการ ({BuddhistEraDate.Long(day, Web.Infrastructure.WebSetup.Thai)})", mail.Subject);
        Assert.Contains($"จุดบริการเช้า {tag} ({agency.NameTh})", mail.Text());
        Assert.Contains($"http://localhost/screening/show/{morning.Id}\n", mail.Text());
        Assert.Contains($"http://localhost/screening/show/{lateEvening.Id}\n", mail.Text());
        Assert.DoesNotContain($"/screening/show/{nextDay.Id}\n", mail.Text());
        Assert.Contains($"href=\"http://localhost/screening/show/{morning.Id}\"", mail.Html());
        // The next day's digest lists the one of the next day; a day without submissions sends nothing.
        Assert.Equal(1, await job.RunOnceAsync(day.AddDays(1), CancellationToken.None));
        Assert.Equal(0, await job.RunOnceAsync(day.AddDays(-1), CancellationToken.None));
        await Task.Delay(1000);
        Assert.Equal(2, app.Received().Count(m => m.To.Mailboxes.Any(b => b.Address == wants)));
    }

    [Fact]
    public void The_digest_of_a_day_goes_once_that_day_is_over_by_an_hour()
    {
        // 00:30 in Thailand on 30 Nov: the 29th may still be committing, the 28th is the one due.
        Assert.Equal(new DateOnly(2026, 11, 28), SubmissionDigestJob.DayToSend(new DateTime(2026, 11, 29, 17, 30, 0, DateTimeKind.Utc)));
        Assert.Equal(new DateOnly(2026, 11, 29), SubmissionDigestJob.DayToSend(new DateTime(2026, 11, 29, 18, 0, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public async Task Each_round_invitation_reads_back_as_a_calendar_with_its_time_place_or_link_and_method()
    {
        var scene = await AssessmentSteps.ArrangeAsync(app);
        var videoAt = new DateTime(2030, 3, 4, 2, 30, 0, DateTimeKind.Utc);
        var siteAt = new DateTime(2030, 3, 18, 3, 0, 0, DateTimeKind.Utc);
        const string video = "https://meet.example.go.th/gecc-round";
        const string site = "ศาลากลางจังหวัดสงขลา ถนนราชดำเนิน";

        async Task TellAsync(DateTime? beforeAt, string? beforePlace, DateTime? afterAt, string? afterPlace) =>
            await InScopeAsync(async services =>
            {
                await services.GetRequiredService<RoundNotices>().TellAsync(scene.AssessmentId, "OnSite", beforeAt, beforePlace, afterAt, afterPlace);
                return await services.GetRequiredService<ApplicationDbContext>().SaveChangesAsync();
            });

        await TellAsync(null, null, videoAt, video);
        await TellAsync(videoAt, video, siteAt, site);
        await TellAsync(siteAt, site, null, null);

        var expected = new[]
        {
            (Subject: "นัดประเมิน", Method: "REQUEST", At: videoAt, Place: video, Status: "CONFIRMED"),
            (Subject: "เปลี่ยนนัดประเมิน", Method: "REQUEST", At: siteAt, Place: site, Status: "CONFIRMED"),
            (Subject: "ยกเลิกนัดประเมิน", Method: "CANCEL", At: siteAt, Place: site, Status: "CANCELLED"),
        };
        foreach (var who in new[] { scene.Chair, scene.ApplicantEmail })
        {
            // In the order queued: the Message-Id is the outbox row's.
            var mails = (await app.WaitForMailToAsync(who, 3)).OrderBy(m => long.Parse(m.MessageId!.Split('@')[0]["outbox-".Length..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(3, mails.Count);
            for (var i = 0; i < 3; i++)
            {
                var part = Assert.Single(mails[i].Attachments.OfType<TextPart>(), p => p.ContentType.MimeType == "text/calendar");
                Assert.Equal(expected[i].Method, part.ContentType.Parameters["method"]);
                var calendar = Calendar.Load(part.Text)!;
                Assert.Equal(expected[i].Method, calendar.Method);
                var round = Assert.Single(calendar.Events);
                Assert.Equal(expected[i].At, round.DtStart!.AsUtc);
                Assert.Equal(expected[i].Place, round.Location);
                Assert.Equal(expected[i].Status, round.Status);
                Assert.Equal($"gecc-assessment-{scene.AssessmentId}-OnSite@gecc", round.Uid);
                Assert.StartsWith(expected[i].Subject + " ", mails[i].Subject);
            }

            // The plain text says where, as the calendar does.
            Assert.Contains(video, mails[0].Text());
            Assert.Contains(site, mails[1].Text());
        }
    }

    [Fact]
    public async Task The_bell_shows_unread_notifications_and_opening_one_marks_it_read()
    {
        var email = $"bell-{Tag()}@mail.test";
        var user = await app.CreateUserAsync(email, Roles.Assessor);
        await QueueAsync(MailKind.SubcommitteeAssigned, email, "/assessments", ["จุดบริการกระดิ่ง", "คณะกระดิ่ง"]);
        await QueueAsync(MailKind.SignedOff, email, "/assessments/show/1", ["จุดบริการกระดิ่ง"]);
        var browser = await AssessmentSteps.SignedInAsync(app, email);

        static string Badge(AngleSharp.Dom.IDocument page) => page.QuerySelector("button .bi-bell + .badge")?.TextContent.Trim() ?? "";
        var page = await browser.GetPageAsync("/notifications");
        Assert.Equal("2", Badge(page));
        var items = page.QuerySelectorAll(".notification-menu a[href^='/notifications/open/']");
        Assert.Equal(2, items.Length);
        Assert.Contains("คณะกระดิ่ง", string.Concat(items.Select(i => i.TextContent)));

        var opened = await browser.GetAsync(items.First(i => i.TextContent.Contains("คณะกระดิ่ง", StringComparison.Ordinal)).GetAttribute("href"));
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal("/assessments", opened.Headers.Location!.OriginalString);
        Assert.Equal("1", Badge(await browser.GetPageAsync("/notifications")));

        var readAll = await browser.SubmitFormAsync("/notifications", "form[action='/notifications/readall']", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, readAll.StatusCode);
        Assert.Equal("", Badge(await browser.GetPageAsync("/notifications")));
        Assert.Equal(0, await app.WithDbAsync(db => db.Notifications.CountAsync(n => n.UserId == user.Id && n.ReadAtUtc == null)));
    }

    [Fact]
    public async Task The_bell_counts_every_unread_up_to_99_plus_and_lists_the_newest_five()
    {
        var email = $"bellcount-{Tag()}@mail.test";
        var user = await app.CreateUserAsync(email, Roles.Assessor);
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        Task AddAsync(int from, int count) => app.WithDbAsync(db =>
        {
            db.Notifications.AddRange(Enumerable.Range(from, count).Select(i => new Notification
            {
                UserId = user.Id,
                Kind = MailKind.SignedOff,
                Text = $"แจ้งเตือนที่ {i}",
                Link = "/assessments",
                CreatedAtUtc = start.AddMinutes(i),
            }));
            return db.SaveChangesAsync();
        });
        var browser = await AssessmentSteps.SignedInAsync(app, email);
        async Task<(string Badge, string[] Items)> BellAsync()
        {
            var page = await browser.GetPageAsync("/notifications");
            return (page.QuerySelector("button .bi-bell + .badge")?.TextContent.Trim() ?? "",
                [.. page.QuerySelectorAll(".notification-menu a[href^='/notifications/open/']").Select(a => a.ChildNodes[0].TextContent.Trim())]);
        }

        // Seven unread and one read: the badge counts the seven, the menu lists the newest five, newest first.
        await AddAsync(1, 8);
        await app.WithDbAsync(db => db.Notifications.Where(n => n.UserId == user.Id && n.Text == "แจ้งเตือนที่ 8")
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAtUtc, start)));
        var (badge, items) = await BellAsync();
        Assert.Equal("7", badge);
        Assert.Equal(["แจ้งเตือนที่ 7", "แจ้งเตือนที่ 6", "แจ้งเตือนที่ 5", "แจ้งเตือนที่ 4", "แจ้งเตือนที่ 3"], items);

        // 99 unread is still a number; from 100 on the badge says 99+.
        await AddAsync(9, 92);
        Assert.Equal("99", (await BellAsync()).Badge);
        await AddAsync(101, 1);
        (badge, items) = await BellAsync();
        Assert.Equal("99+", badge);
        Assert.Equal("แจ้งเตือนที่ 101", items[0]);
        Assert.Equal(5, items.Length);
    }

    [Fact]
    public async Task A_kind_turned_off_queues_no_mail_for_that_user_but_a_password_reset_always_goes()
    {
        var email = $"prefs-{Tag()}@mail.test";
        var user = await app.CreateUserAsync(email, Roles.Applicant, (await TestData.CreateAgencyAsync(app, "สำนักงานตั้งค่า")).Id);
        var browser = await AssessmentSteps.SignedInAsync(app, email);
        var page = await browser.GetPageAsync("/notifications");
        const string form = "form[action='/notifications/preferences']";
        var fields = HtmlForms.FieldsOf(page, form);
        Assert.Contains(new KeyValuePair<string, string>("Wanted", nameof(MailKind.ApplicationReturned)), fields);
        // Every account kind of mail is absent from the choices: it cannot be turned off.
        Assert.DoesNotContain(fields, f => f.Value is nameof(MailKind.PasswordReset) or nameof(MailKind.EmailConfirmation));
        fields.RemoveAll(f => f.Key == "Wanted" && f.Value == nameof(MailKind.ApplicationReturned));
        fields.Add(new("__RequestVerificationToken", page.QuerySelector($"{form} input[name=__RequestVerificationToken]")!.GetAttribute("value")!));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync("/notifications/preferences", fields)).StatusCode);

        await QueueAsync(MailKind.ApplicationReturned, email, "/applications/edit/1", ["จุดบริการตั้งค่า", "ขาดหลักฐาน"]);
        await QueueAsync(MailKind.ApplicationAccepted, email, "/applications/edit/1", ["จุดบริการตั้งค่า"]);
        Assert.Equal(0, await CountQueuedAsync(email, MailKind.ApplicationReturned));
        Assert.Equal(1, await CountQueuedAsync(email, MailKind.ApplicationAccepted));
        Assert.True(await app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.UserId == user.Id && n.Kind == MailKind.ApplicationReturned)));

        // Even with every kind turned off, a reset link is sent.
        await app.WithDbAsync(async db =>
        {
            (await db.MailPreferences.SingleAsync(p => p.UserId == user.Id)).TurnedOff = [.. MailKinds.Optional];
            return await db.SaveChangesAsync();
        });
        await app.CreateBrowser().SubmitFormAsync("/account/forgot", "form[action='/account/forgot']", new Dictionary<string, string> { ["Email"] = email });
        Assert.Equal(1, await CountQueuedAsync(email, MailKind.PasswordReset));
        var received = await app.WaitForMailAsync(m => m.To.Mailboxes.Any(b => b.Address == email) && (m.Subject ?? "").StartsWith("ตั้งรหัสผ่านใหม่", StringComparison.Ordinal));
        Assert.Single(received);
    }

    [Fact]
    public async Task The_outbox_page_lists_sent_waiting_and_failed_with_the_reason_and_resend_queues_again_for_the_secretariat_only()
    {
        var tag = Tag();
        var now = DateTime.UtcNow;
        OutboxMessage Row(string who, OutboxStatus status, string? error, DateTime next) => new()
        {
            Kind = MailKind.ApplicationAccepted,
            ToAddress = $"{who}-{tag}@mail.test",
            Subject = $"เรื่อง {who} {tag}",
            TextBody = "t",
            HtmlBody = "h",
            Status = status,
            Attempts = error is null ? 0 : 3,
            LastError = error,
            CreatedAtUtc = now,
            NextAttemptAtUtc = next,
            SentAtUtc = status == OutboxStatus.Sent ? now : null,
        };
        var rows = new[]
        {
            Row("sent", OutboxStatus.Sent, null, now),
            // Due only in a year: the sender leaves it waiting while the page is read.
            Row("waiting", OutboxStatus.Waiting, "421 try again later", now.AddYears(1)),
            Row("failed", OutboxStatus.Failed, "550 5.1.1 mailbox unavailable", now),
        };
        await app.WithDbAsync(db =>
        {
            db.OutboxMessages.AddRange(rows);
            return db.SaveChangesAsync();
        });
        var secretariat = $"sec-{tag}@mail.test";
        await app.CreateUserAsync(secretariat, Roles.Secretariat);
        var browser = await AssessmentSteps.SignedInAsync(app, secretariat);

        var page = await browser.GetPageAsync("/mail");
        string RowText(string who) => page.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains($"{who}-{tag}@mail.test", StringComparison.Ordinal)).TextContent;
        Assert.Contains("ส่งแล้ว", RowText("sent"));
        Assert.Contains("รอส่ง", RowText("waiting"));
        Assert.Contains("421 try again later", RowText("waiting"));
        Assert.Contains("ส่งไม่สำเร็จ", RowText("failed"));
        Assert.Contains("550 5.1.1 mailbox unavailable", RowText("failed"));
        var failedOnly = await browser.GetPageAsync($"/mail?status=Failed&to=failed-{tag}%40mail.test");
        Assert.Contains("550 5.1.1", Assert.Single(failedOnly.QuerySelectorAll("tbody tr")).TextContent);

        var failedId = rows[2].Id;
        var resent = await browser.SubmitFormAsync(page, $"form[action='/mail/resend/{failedId}']", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, resent.StatusCode);
        var mail = Assert.Single(await app.WaitForMailToAsync($"failed-{tag}@mail.test"));
        Assert.Equal($"เรื่อง failed {tag}", mail.Subject);
        // The server has the mail a moment before the sender marks its row sent.
        var status = OutboxStatus.Failed;
        for (var deadline = DateTime.UtcNow.AddSeconds(15); status != OutboxStatus.Sent && DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            status = await app.WithDbAsync(db => db.OutboxMessages.Where(m => m.Id == failedId).Select(m => m.Status).SingleAsync());
        }

        Assert.Equal(OutboxStatus.Sent, status);

        // Sent already: resend queues a copy, the row itself stays as it was.
        await browser.SubmitFormAsync("/mail", $"form[action='/mail/resend/{rows[0].Id}']", new Dictionary<string, string>());
        Assert.Single(await app.WaitForMailToAsync($"sent-{tag}@mail.test"));
        Assert.Equal(2, await app.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.ToAddress == $"sent-{tag}@mail.test")));

        // Nobody else reads or resends the outbox.
        foreach (var role in new[] { Roles.Applicant, Roles.Assessor, Roles.SubcommitteeChair, Roles.SteeringCommittee, Roles.Admin })
        {
            var email = $"{role.ToLowerInvariant()}-{tag}@mail.test";
            await app.CreateUserAsync(email, role, role == Roles.Applicant ? (await TestData.CreateAgencyAsync(app, "สำนักงานห้ามอ่าน")).Id : null);
            var other = await AssessmentSteps.SignedInAsync(app, email);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("/mail")).StatusCode);
            var token = (await other.GetPageAsync("/notifications")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            var post = await other.PostFormAsync($"/mail/resend/{failedId}", [new("__RequestVerificationToken", token)]);
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        }
    }

    [Fact]
    public async Task An_admin_sends_a_reset_link_to_any_user_and_the_secretariat_only_to_those_it_manages()
    {
        var tag = Tag();
        var admin = await app.CreateUserAsync($"admin-{tag}@mail.test", Roles.Admin);
        var secretariat = await app.CreateUserAsync($"sec-{tag}@mail.test", Roles.Secretariat);
        var assessor = await app.CreateUserAsync($"assessor-{tag}@mail.test", Roles.Assessor);
        var asAdmin = await AssessmentSteps.SignedInAsync(app, admin.Email!);
        var asSecretariat = await AssessmentSteps.SignedInAsync(app, secretariat.Email!);

        // The Admin: to the Secretariat (staff above the Secretariat's reach).
        var sent = await asAdmin.SubmitFormAsync($"/users/edit/{secretariat.Id}", $"form[action='/users/sendreset/{secretariat.Id}']", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal(1, await CountQueuedAsync(secretariat.Email!, MailKind.PasswordReset));

        // The Secretariat: to an assessor, yes; to the Admin, no button and 403.
        await asSecretariat.SubmitFormAsync($"/users/edit/{assessor.Id}", $"form[action='/users/sendreset/{assessor.Id}']", new Dictionary<string, string>());
        Assert.Equal(1, await CountQueuedAsync(assessor.Email!, MailKind.PasswordReset));
        var adminPage = await asSecretariat.GetPageAsync($"/users/edit/{admin.Id}");
        Assert.Null(adminPage.QuerySelector($"form[action='/users/sendreset/{admin.Id}']"));
        var token = adminPage.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var refused = await asSecretariat.PostFormAsync($"/users/sendreset/{admin.Id}", [new("__RequestVerificationToken", token)]);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(0, await CountQueuedAsync(admin.Email!, MailKind.PasswordReset));
    }

    [Fact]
    public async Task Every_kind_of_mail_arrives_with_a_plain_text_part_carrying_its_link()
    {
        var tag = Tag();
        await InScopeAsync(async services =>
        {
            var outbox = services.GetRequiredService<Outbox>();
            foreach (var kind in Enum.GetValues<MailKind>())
            {
                outbox.Add(kind, [new MailRecipient(null, $"{kind}-{tag}@mail.test".ToLowerInvariant(), "ผู้รับ", "th", [])], $"/kinds/{kind}",
                    ["จุดบริการ", "ข้อความ", new DateOnly(2030, 1, 2), 30, "x"], new MailExtras(Items: kind == MailKind.SubmissionDigest ? [new MailItem("รายการ", "/screening/show/1")] : null));
            }

            return await services.GetRequiredService<ApplicationDbContext>().SaveChangesAsync();
        });

        var kinds = Enum.GetValues<MailKind>();
        var received = await app.WaitForMailAsync(m => m.To.Mailboxes.Any(b => b.Address.EndsWith($"-{tag}@mail.test", StringComparison.Ordinal)), kinds.Length);
        Assert.Equal(kinds.Length, received.Count);
        foreach (var kind in kinds)
        {
            var mail = received.Single(m => m.To.Mailboxes.Single().Address == $"{kind}-{tag}@mail.test".ToLowerInvariant());
            var text = mail.BodyParts.OfType<TextPart>().Single(p => p.IsPlain);
            Assert.Contains($"http://localhost/kinds/{kind}", text.Text);
            Assert.DoesNotContain("<", text.Text);
            Assert.Contains($"http://localhost/kinds/{kind}", mail.Html());
        }
    }
}
