using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GeccAssessment.Tests.Features.Mail;

public class OutboxTests(MailFactory app) : IClassFixture<MailFactory>
{
    private async Task<List<long>> QueueAsync(string prefix, int count, string language = "th")
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Web.Data.ApplicationDbContext>();
        var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
        var recipients = Enumerable.Range(1, count)
            .Select(i => new MailRecipient(null, $"{prefix}-{i}@example.test", $"ผู้รับ {i}", language, []));
        outbox.Add(MailKind.ApplicationAccepted, recipients, "/applications/42", ["ศูนย์บริการร่วม ทดสอบ"]);
        await db.SaveChangesAsync();
        return await db.OutboxMessages.Where(m => m.ToAddress.StartsWith(prefix + "-")).Select(m => m.Id).ToListAsync();
    }

    private Task<List<OutboxMessage>> RowsAsync(string prefix) =>
        app.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.ToAddress.StartsWith(prefix + "-")).ToListAsync());

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_queued_mail_reaches_the_smtp_server_with_thai_subject_link_and_a_plain_text_part()
    {
        await QueueAsync("one", 1);

        var mail = Assert.Single(await app.WaitForMailToAsync("one-1@example.test"));
        Assert.Equal("gecc@example.test", mail.From.Mailboxes.Single().Address);
        Assert.Equal("ใบสมัครของ ศูนย์บริการร่วม ทดสอบ ผ่านการตรวจสอบ", mail.Subject);
        Assert.Contains("เรียน คุณผู้รับ 1", mail.Text());
        Assert.Contains("http://localhost/applications/42", mail.Text());
        Assert.Contains("href=\"http://localhost/applications/42\"", mail.Html());
        Assert.Contains("width=device-width", mail.Html());

        await WaitUntilAsync(async () => (await RowsAsync("one")).Single().Status == OutboxStatus.Sent);
    }

    [Fact]
    public async Task A_recipient_who_chose_english_gets_english()
    {
        await QueueAsync("english", 1, language: "en");

        var mail = Assert.Single(await app.WaitForMailToAsync("english-1@example.test"));
        Assert.Equal("Application accepted: ศูนย์บริการร่วม ทดสอบ", mail.Subject);
        Assert.Contains("Dear ผู้รับ 1,", mail.Text());
    }

    [Fact]
    public async Task Nothing_is_saved_when_the_change_is_not_saved()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // The outbox only adds rows to the caller's context: no SaveChanges, no mail.
            scope.ServiceProvider.GetRequiredService<Outbox>()
                .Add(MailKind.ApplicationAccepted, [new MailRecipient(null, "unsaved-1@example.test", "x", "th", [])], "/", ["x"]);
        }

        Assert.Empty(await RowsAsync("unsaved"));
    }

    [Fact]
    public async Task A_mail_server_stopped_for_a_while_loses_nothing_and_sends_nothing_twice()
    {
        app.StopSmtp();
        try
        {
            var ids = await QueueAsync("outage", 6);

            // Every row is tried, and waits for its next attempt with the reason kept; the server out of
            // reach is no fault of the mail, so no attempt is counted against it.
            await WaitUntilAsync(async () => (await RowsAsync("outage")).All(m => m.LastError != null));
            var waiting = await RowsAsync("outage");
            Assert.All(waiting, m => Assert.Equal(OutboxStatus.Waiting, m.Status));
            Assert.All(waiting, m => Assert.Equal(0, m.Attempts));
        }
        finally
        {
            app.StartSmtp();
        }

        var received = await app.WaitForMailAsync(m => m.To.Mailboxes.Any(b => b.Address.StartsWith("outage-", StringComparison.Ordinal)), 6);
        Assert.Equal(6, received.Count);
        await WaitUntilAsync(async () => (await RowsAsync("outage")).All(m => m.Status == OutboxStatus.Sent));

        // A while later still exactly one of each.
        await Task.Delay(1500);
        var again = app.Received().Where(m => m.To.Mailboxes.Any(b => b.Address.StartsWith("outage-", StringComparison.Ordinal))).ToList();
        Assert.Equal(6, again.Count);
        Assert.Equal(6, again.Select(m => m.To.Mailboxes.Single().Address).Distinct().Count());
    }

    /// <summary>
    /// The server took the mail, then the database refused for a moment to record it sent (a failover):
    /// the row is marked sent on a second try, and the person gets one mail. Before, the refusal was
    /// taken for a refused mail, and the same mail went out again at the next retry.
    /// </summary>
    [Fact]
    public async Task A_mail_the_server_took_goes_once_though_recording_it_sent_failed_for_a_moment()
    {
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("""
            CREATE SEQUENCE mark_sent_refusals;
            CREATE FUNCTION refuse_first_mark_sent() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF nextval('mark_sent_refusals') = 1 THEN RAISE EXCEPTION 'database away for a moment'; END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER refuse_first_mark_sent BEFORE UPDATE ON "OutboxMessages" FOR EACH ROW
                WHEN (NEW."Status" = 'Sent' AND NEW."ToAddress" = 'marked-1@example.test') EXECUTE FUNCTION refuse_first_mark_sent();
            """));

        await QueueAsync("marked", 1);

        Assert.Single(await app.WaitForMailToAsync("marked-1@example.test"));
        await WaitUntilAsync(async () => (await RowsAsync("marked")).Single().Status == OutboxStatus.Sent);
        var refusals = await app.WithDbAsync(db => db.Database.SqlQueryRaw<long>("""SELECT last_value AS "Value" FROM mark_sent_refusals""").SingleAsync());
        Assert.Equal(2, refusals);
        // Well past the next retry (half a second here): still the one mail.
        await Task.Delay(3000);
        Assert.Single(app.Received(), m => m.To.Mailboxes.Any(b => b.Address == "marked-1@example.test"));
        Assert.Equal(1, (await RowsAsync("marked")).Single().Attempts);
    }

    /// <summary>
    /// Mail waits while the mail server is away; meanwhile one of its recipients is disabled (offboarded).
    /// When the server is back, the others get theirs, and the disabled account's mail is not sent but
    /// marked failed with why: before, it went out all the same, link, list or certificate attached.
    /// </summary>
    [Fact]
    public async Task Mail_waiting_for_an_account_disabled_meanwhile_is_not_sent()
    {
        var stays = await app.CreateUserAsync("stays-1@offboard.test", Roles.Secretariat);
        var leaves = await app.CreateUserAsync("leaves-1@offboard.test", Roles.Secretariat);
        app.StopSmtp();
        try
        {
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<Web.Data.ApplicationDbContext>();
                var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
                outbox.Add(MailKind.ApplicationAccepted, await outbox.UsersAsync([stays.Id, leaves.Id]), "/applications/42", ["ศูนย์บริการร่วม ทดสอบ"]);
                await db.SaveChangesAsync();
            }

            await WaitUntilAsync(async () => (await app.WithDbAsync(db => db.OutboxMessages.AsNoTracking()
                .Where(m => m.ToAddress.EndsWith("@offboard.test")).ToListAsync())).All(m => m.LastError != null));
            await app.WithDbAsync(db => db.Users.Where(u => u.Id == leaves.Id).ExecuteUpdateAsync(s => s
                .SetProperty(u => u.DisabledAtUtc, DateTime.UtcNow).SetProperty(u => u.SecurityStamp, Guid.NewGuid().ToString())));
        }
        finally
        {
            app.StartSmtp();
        }

        Assert.Single(await app.WaitForMailToAsync("stays-1@offboard.test"));
        await WaitUntilAsync(async () => await app.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.ToUserId == leaves.Id && m.Status == OutboxStatus.Failed)));
        var row = await app.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.ToUserId == leaves.Id));
        Assert.Contains("ปิดการใช้งาน", row.LastError);
        Assert.Null(row.SentAtUtc);
        Assert.DoesNotContain(app.Received(), m => m.To.Mailboxes.Any(b => b.Address == "leaves-1@offboard.test"));
    }

    [Fact]
    public async Task Several_senders_at_once_send_each_mail_exactly_once()
    {
        await QueueAsync("crowd", 30);

        // Three more senders beside the app's own, as other app instances would be.
        var senders = Enumerable.Range(0, 3).Select(_ => new MailSender(
            app.Services.GetRequiredService<IServiceScopeFactory>(),
            app.Services.GetRequiredService<IOptions<MailOptions>>(),
            app.Services.GetRequiredService<ILogger<MailSender>>())).ToList();
        var until = DateTime.UtcNow.AddSeconds(20);
        await Task.WhenAll(senders.Select(async sender =>
        {
            while (DateTime.UtcNow < until && (await RowsAsync("crowd")).Any(m => m.Status != OutboxStatus.Sent))
            {
                await sender.RunOnceAsync(CancellationToken.None);
            }
        }));

        Assert.All(await RowsAsync("crowd"), m => Assert.Equal(OutboxStatus.Sent, m.Status));
        var received = app.Received().Where(m => m.To.Mailboxes.Any(b => b.Address.StartsWith("crowd-", StringComparison.Ordinal))).ToList();
        Assert.Equal(30, received.Count);
        Assert.Equal(30, received.Select(m => m.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task A_mail_that_keeps_failing_is_marked_failed_with_the_reason_after_the_last_attempt()
    {
        // The server answers, but this mail cannot be sent (its address is not one): after MaxAttempts it is failed.
        await OutboxRows.AddAsync(app, "tired-1 at example.test", attempts: 9);

        await WaitUntilAsync(async () => (await RowsAsync("tired")).Single().Status == OutboxStatus.Failed);
        var row = (await RowsAsync("tired")).Single();
        Assert.Equal(10, row.Attempts);
        Assert.False(string.IsNullOrEmpty(row.LastError));
    }

    /// <summary>
    /// A mail one attempt short of failing, through an outage many polls long: it waits, with the reason,
    /// no attempt counted, and is sent when the server is back. (Counted, an outage of a few hours failed
    /// every waiting mail, and the Secretariat had to send each again by hand.)
    /// </summary>
    [Fact]
    public async Task An_outage_of_the_mail_server_fails_no_mail_however_long_it_lasts()
    {
        app.StopSmtp();
        try
        {
            await OutboxRows.AddAsync(app, "longoutage-1@example.test", attempts: 9);
            var sender = new MailSender(
                app.Services.GetRequiredService<IServiceScopeFactory>(),
                app.Services.GetRequiredService<IOptions<MailOptions>>(),
                app.Services.GetRequiredService<ILogger<MailSender>>());
            for (var poll = 0; poll < 12; poll++)
            {
                // Due again at once, as after a long outage: this sender or the app's own tries it.
                await app.WithDbAsync(db => db.OutboxMessages.Where(m => m.ToAddress == "longoutage-1@example.test")
                    .ExecuteUpdateAsync(u => u.SetProperty(m => m.NextAttemptAtUtc, DateTime.UtcNow.AddSeconds(-1))));
                await sender.RunOnceAsync(CancellationToken.None);
            }

            // The app's own sender may hold it at this moment: its answer is awaited, not raced.
            await WaitUntilAsync(async () => (await RowsAsync("longoutage")).Single() is { LastError: not null, LeaseToken: null });
            var row = (await RowsAsync("longoutage")).Single();
            Assert.Equal(OutboxStatus.Waiting, row.Status);
            Assert.Equal(9, row.Attempts);
            Assert.False(string.IsNullOrEmpty(row.LastError));
        }
        finally
        {
            app.StartSmtp();
        }

        await app.WithDbAsync(db => db.OutboxMessages.Where(m => m.ToAddress == "longoutage-1@example.test")
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.NextAttemptAtUtc, DateTime.UtcNow.AddSeconds(-1))));
        Assert.Single(await app.WaitForMailToAsync("longoutage-1@example.test"));
        await WaitUntilAsync(async () => (await RowsAsync("longoutage")).Single().Status == OutboxStatus.Sent);
    }
}
