using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Mail;

public sealed class MailFilter
{
    public OutboxStatus? Status { get; set; }

    /// <summary>One recipient's address, exactly.</summary>
    public string? To { get; set; }

    public int Page { get; set; } = 1;
}

public sealed record MailRow(long Id, MailKind Kind, string ToAddress, string Subject, OutboxStatus Status, DateTime CreatedAtUtc, DateTime? SentAtUtc, int Attempts, string? LastError, DateTime NextAttemptAtUtc);

public sealed record MailPage(MailFilter Filter, PagedList<MailRow> Rows);

/// <summary>The outbox as the Secretariat reads it: filtered and paged in the database.</summary>
public sealed class SentMail(ApplicationDbContext db, TimeProvider clock)
{
    /// <summary>The outbox grows without end: like the audit trail, only this many rows are counted.</summary>
    public const int CountLimit = 10_000;

    public async Task<MailPage> ListAsync(MailFilter filter, CancellationToken cancellationToken)
    {
        var query = db.OutboxMessages.AsNoTracking();
        if (filter.Status is { } status)
        {
            query = query.Where(m => m.Status == status);
        }

        if (!string.IsNullOrWhiteSpace(filter.To))
        {
            var to = filter.To.Trim();
            query = query.Where(m => m.ToAddress == to);
        }

        var rows = await PagedList<MailRow>.CreateAsync(
            query.OrderByDescending(m => m.CreatedAtUtc).ThenByDescending(m => m.Id)
                .Select(m => new MailRow(m.Id, m.Kind, m.ToAddress, m.Subject, m.Status, m.CreatedAtUtc, m.SentAtUtc, m.Attempts, m.LastError, m.NextAttemptAtUtc)),
            filter.Page, cancellationToken: cancellationToken, countLimit: CountLimit);
        return new MailPage(filter, rows);
    }

    /// <summary>A failed mail is tried again now; a sent one is queued once more as a copy.</summary>
    public async Task<bool> ResendAsync(long id)
    {
        var message = await db.OutboxMessages.SingleOrDefaultAsync(m => m.Id == id);
        if (message is null)
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (message.Status == OutboxStatus.Sent)
        {
            db.OutboxMessages.Add(new OutboxMessage
            {
                Kind = message.Kind,
                ToUserId = message.ToUserId,
                ToAddress = message.ToAddress,
                ToName = message.ToName,
                Subject = message.Subject,
                TextBody = message.TextBody,
                HtmlBody = message.HtmlBody,
                Calendar = message.Calendar,
                CertificateId = message.CertificateId,
                Status = OutboxStatus.Waiting,
                CreatedAtUtc = now,
                NextAttemptAtUtc = now,
            });
        }
        else
        {
            message.Status = OutboxStatus.Waiting;
            message.Attempts = 0;
            message.NextAttemptAtUtc = now;
        }

        await db.SaveChangesAsync();
        return true;
    }
}
