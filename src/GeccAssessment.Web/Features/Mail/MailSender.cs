using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MimeKit;

namespace GeccAssessment.Web.Features.Mail;

/// <summary>
/// Sends the outbox. A batch of due rows is claimed with FOR UPDATE SKIP LOCKED and leased to this
/// sender, so that two app instances never take the same row; a refused message is retried later
/// with a growing wait, and after <see cref="MailOptions.MaxAttempts"/> it is marked failed. A mail
/// server out of reach is no fault of the mail: it waits, with no attempt counted, however long the
/// outage lasts (counted, a weekend's outage failed every mail and each had to be sent again by hand).
/// </summary>
public sealed class MailSender(IServiceScopeFactory scopes, IOptions<MailOptions> options, ILogger<MailSender> logger) : BackgroundService
{
    private MailOptions Options => options.Value;

    /// <summary>How many times in a row this sender found the server out of reach: its rows' wait grows with it.</summary>
    private int _unreachableInARow;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Options.IsConfigured)
        {
            logger.LogInformation("No mail server configured (Gecc:Mail:Host): mail waits in the outbox");
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                sent = await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be away for a moment: the rows stay and their lease runs out.
                logger.LogWarning(e, "Mail sender failed; retrying");
            }

            if (sent == 0)
            {
                // With the server away, claiming the next batch only to find it away again would cycle
                // through every waiting mail: the sender itself waits, as the postponed mail does.
                var wait = _unreachableInARow > 0 ? Math.Max(Options.PollSeconds, OutageWaitSeconds()) : Options.PollSeconds;
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(wait), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Claims one batch and tries to send it.</summary>
    /// <returns>How many rows were claimed and tried (none when the server was out of reach: the caller waits before the next).</returns>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var token = Guid.NewGuid();
        try
        {
            return await RunOnceAsync(scope.ServiceProvider, db, token, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The instance is stopping (TERM, a deploy): what it claimed and did not send is given back
            // at once, for another instance to send now rather than when the lease runs out.
            await ReleaseAsync(db, token);
            throw;
        }
    }

    private async Task<int> RunOnceAsync(IServiceProvider services, ApplicationDbContext db, Guid token, CancellationToken cancellationToken)
    {
        var lease = Options.LeaseSeconds;
        var batch = Options.BatchSize;
        // The database's clock, not this instance's, decides what is due and whose lease ran out.
        var claimed = await db.Database.SqlQuery<long>($"""
            UPDATE "OutboxMessages" SET "LeaseToken" = {token}, "LeaseUntilUtc" = now() + make_interval(secs => {lease})
            WHERE "Id" IN (
                SELECT "Id" FROM "OutboxMessages"
                WHERE "Status" = 'Waiting' AND "NextAttemptAtUtc" <= now() AND ("LeaseUntilUtc" IS NULL OR "LeaseUntilUtc" < now())
                ORDER BY "NextAttemptAtUtc" LIMIT {batch}
                FOR UPDATE SKIP LOCKED)
            RETURNING "Id" AS "Value"
            """).ToListAsync(cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }

        var messages = await db.OutboxMessages.AsNoTracking().Where(m => claimed.Contains(m.Id)).OrderBy(m => m.Id).ToListAsync(cancellationToken);
        // A mail queued for an account disabled since (a backlog while the mail server was away, a retry)
        // is not sent: the person is out, and the mail would still bring the link, the list or the
        // certificate. It is marked failed with why, once, and the Secretariat sees it at /mail.
        var userIds = messages.Where(m => m.ToUserId is not null).Select(m => m.ToUserId!).Distinct().ToList();
        if (userIds.Count > 0)
        {
            var disabled = await db.Users.Where(u => userIds.Contains(u.Id) && u.DisabledAtUtc != null).Select(u => u.Id).ToListAsync(cancellationToken);
            foreach (var message in messages.Where(m => m.ToUserId is not null && disabled.Contains(m.ToUserId)))
            {
                await FailAsync(db, message, token, ThaiText(services, "Mail.RecipientDisabled"), permanent: true);
            }

            messages.RemoveAll(m => m.ToUserId is not null && disabled.Contains(m.ToUserId));
            if (messages.Count == 0)
            {
                return claimed.Count;
            }
        }

        var attachments = services.GetRequiredService<MailAttachments>();
        var started = DateTime.UtcNow;
        using var client = new SmtpClient { Timeout = Options.TimeoutSeconds * 1000 };
        try
        {
            await ConnectAsync(client, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Mail server {Host}:{Port} not reachable: {Error}", Options.Host, Options.Port, e.Message);
            _unreachableInARow++;
            await PostponeAsync(db, claimed, token, e.Message);
            return 0;
        }

        _unreachableInARow = 0;

        foreach (var message in messages)
        {
            // Never send on a lease that may have run out: another sender may hold the row by then.
            if (DateTime.UtcNow - started > TimeSpan.FromSeconds(lease / 2))
            {
                await ReleaseAsync(db, token, message.Id);
                continue;
            }

            try
            {
                var mime = await ComposeAsync(message, attachments);
                await client.SendAsync(mime, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A 5xx for the recipient or the message will not change by waiting; anything else may.
                var permanent = e is SmtpCommandException refused && (int)refused.StatusCode >= 500
                    && refused.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted;
                logger.LogWarning("Mail {MessageId} not sent: {Error}", message.Id, e.Message);
                await FailAsync(db, message, token, e.Message, permanent);
                if (!client.IsConnected && !await TryReconnectAsync(client, cancellationToken))
                {
                    // The server went away mid-batch: the rest were not tried, and wait without an attempt counted.
                    _unreachableInARow++;
                    await PostponeAsync(db, [.. messages.Where(m => m.Id > message.Id).Select(m => m.Id)], token, e.Message);
                    return messages.Count;
                }

                continue;
            }

            await MarkSentAsync(db, message.Id, token);
        }

        await client.DisconnectAsync(quit: true, CancellationToken.None);
        return messages.Count;
    }

    private async Task ConnectAsync(SmtpClient client, CancellationToken cancellationToken)
    {
        var security = Enum.Parse<SecureSocketOptions>(Options.Security, ignoreCase: true);
        await client.ConnectAsync(Options.Host, Options.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(Options.UserName))
        {
            await client.AuthenticateAsync(Options.UserName, Options.Password, cancellationToken);
        }
    }

    private async Task<bool> TryReconnectAsync(SmtpClient client, CancellationToken cancellationToken)
    {
        try
        {
            await ConnectAsync(client, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<MimeMessage> ComposeAsync(OutboxMessage message, MailAttachments attachments)
    {
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(Options.FromName, Options.FromAddress));
        mime.To.Add(new MailboxAddress(message.ToName, message.ToAddress));
        mime.Subject = message.Subject;
        // The same id on every attempt: a receiving server may drop a repeat of a mail it already has.
        mime.MessageId = $"outbox-{message.Id}@{MailboxAddress.Parse(Options.FromAddress).Domain}";
        var body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody };
        if (message.Calendar is { } calendar)
        {
            var invitation = new TextPart("calendar") { Text = calendar };
            invitation.ContentType.Parameters.Add("method", calendar.Contains("METHOD:CANCEL", StringComparison.Ordinal) ? "CANCEL" : "REQUEST");
            invitation.ContentType.Charset = "utf-8";
            invitation.ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = "invite.ics" };
            body.Attachments.Add(invitation);
        }

        if (message.CertificateId is { } certificateId && await attachments.CertificateAsync(certificateId) is { } pdf)
        {
            body.Attachments.Add(pdf.FileName, pdf.Content, new ContentType("application", "pdf"));
        }

        mime.Body = body.ToMessageBody();
        return mime;
    }

    private async Task FailAsync(ApplicationDbContext db, OutboxMessage message, Guid token, string error, bool permanent)
    {
        var attempts = message.Attempts + 1;
        var failed = permanent || attempts >= Options.MaxAttempts;
        var next = DateTime.UtcNow.AddSeconds(RetryWaitSeconds(attempts));
        var reason = Reason(error);
        await db.OutboxMessages.Where(m => m.Id == message.Id && m.LeaseToken == token).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, failed ? OutboxStatus.Failed : OutboxStatus.Waiting)
            .SetProperty(m => m.Attempts, attempts)
            .SetProperty(m => m.LastError, reason)
            .SetProperty(m => m.NextAttemptAtUtc, next)
            .SetProperty(m => m.LeaseToken, (Guid?)null)
            .SetProperty(m => m.LeaseUntilUtc, (DateTime?)null), CancellationToken.None);
    }

    /// <summary>
    /// The server has the mail: the row must say so, or it is sent again. Kept apart from the sending, and
    /// tried again over a few seconds: a moment's failure here was taken for a refused mail, and the
    /// mail went out a second time half a minute later. A database away longer leaves the row leased, to
    /// be sent again when the lease runs out (the same Message-Id lets the receiving server drop it).
    /// </summary>
    private async Task MarkSentAsync(ApplicationDbContext db, long id, Guid token)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.OutboxMessages.Where(m => m.Id == id && m.LeaseToken == token).ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Status, OutboxStatus.Sent)
                    .SetProperty(m => m.SentAtUtc, DateTime.UtcNow)
                    .SetProperty(m => m.Attempts, m => m.Attempts + 1)
                    .SetProperty(m => m.LastError, (string?)null)
                    .SetProperty(m => m.LeaseToken, (Guid?)null)
                    .SetProperty(m => m.LeaseUntilUtc, (DateTime?)null), CancellationToken.None);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException && attempt < 4)
            {
                logger.LogWarning("Mail {MessageId} sent but not yet marked sent (try {Attempt}): {Error}", id, attempt, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(attempt), CancellationToken.None);
            }
        }
    }

    /// <summary>Rows not tried because the server was out of reach: they wait, with the reason, and no attempt is counted.</summary>
    private async Task PostponeAsync(ApplicationDbContext db, IReadOnlyList<long> ids, Guid token, string error)
    {
        var next = DateTime.UtcNow.AddSeconds(OutageWaitSeconds());
        var reason = Reason(error);
        await db.OutboxMessages.Where(m => ids.Contains(m.Id) && m.LeaseToken == token).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.LastError, reason)
            .SetProperty(m => m.NextAttemptAtUtc, next)
            .SetProperty(m => m.LeaseToken, (Guid?)null)
            .SetProperty(m => m.LeaseUntilUtc, (DateTime?)null), CancellationToken.None);
    }

    /// <summary>The wait after the <paramref name="nth"/> failure in a row: doubling, at most an hour.</summary>
    private double RetryWaitSeconds(int nth) => Math.Min(Options.RetryBaseSeconds * Math.Pow(2, nth - 1), 3600);

    /// <summary>The wait while the server is away: doubling with the failures in a row, capped short so that mail flows soon after it is back.</summary>
    private double OutageWaitSeconds() => Math.Min(RetryWaitSeconds(_unreachableInARow), Options.OutageRetryCapSeconds);

    private static string Reason(string error) => error.Length > 2000 ? error[..2000] : error;

    /// <summary>The reason recorded for the Secretariat in Thai, whatever culture this background thread runs in.</summary>
    private static string ThaiText(IServiceProvider services, string key)
    {
        using var thai = Certificates.ThaiDocument.Begin();
        return services.GetRequiredService<IStringLocalizer<SharedResource>>()[key].Value;
    }

    /// <summary>Gives back one claimed row, or every row this batch still holds.</summary>
    private static Task ReleaseAsync(ApplicationDbContext db, Guid token, long? id = null) =>
        db.OutboxMessages.Where(m => m.LeaseToken == token && (id == null || m.Id == id)).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.LeaseToken, (Guid?)null)
            .SetProperty(m => m.LeaseUntilUtc, (DateTime?)null), CancellationToken.None);
}
