using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Mail;

/// <summary>
/// Reminds the agency that a certificate ends in 180, 90 or 30 days, and the Secretariat once per
/// batch with the list (a band holds thousands of certificates: a mail each would bury them). Each
/// (certificate, threshold) is inserted into CertificateReminders with ON CONFLICT DO NOTHING in the
/// same transaction as its mail, so a reminder goes once however often the job runs and however
/// many instances run it. A certificate first seen inside a band gets that band's reminder only.
/// A band is claimed in batches of <see cref="BatchSize"/>, each in a transaction of its own, so a
/// stop (or a failure) loses one batch at most, which the next run redoes.
/// </summary>
public sealed class ReminderJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ReminderJob> logger) : BackgroundService
{
    public static readonly int[] Thresholds = [180, 90, 30];

    /// <summary>
    /// Certificates claimed per transaction. A band can hold tens of thousands (ten times national
    /// scale: 40,000), and one transaction for all of them, with their mails, outlived an app's
    /// life: every stop cancelled it and the band never finished. 500 (with their mails) is a short
    /// transaction, and few enough batches that the per-batch reads (recipients, the probe) cost little.
    /// </summary>
    public const int DefaultBatchSize = 500;

    private static readonly TimeSpan Every = TimeSpan.FromHours(1);

    /// <summary>The most certificates the Secretariat's summary lists one by one; the rest are on the renewal list.</summary>
    public const int MaxListed = 100;

    /// <summary>The renewal list as far ahead as the band reaches, so that it shows every certificate the summary counts.</summary>
    private static string RenewalList(int days) => $"/certificates?expiringSoon=true&within={days}";

    /// <summary>Settable for tests, which cannot plant 500 certificates cheaply.</summary>
    internal int BatchSize { get; init; } = DefaultBatchSize;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping: the batch in hand rolled back; the next run, here or elsewhere, redoes it.
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Certificate reminders failed; trying again later");
            }

            try
            {
                await Task.Delay(Every, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <returns>How many reminders were queued.</returns>
    /// <exception cref="OperationCanceledException">Between batches or inside one (which rolls back).</exception>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
        // SaveChanges inside our transaction would set a savepoint and, when cancelled, roll back to it
        // with the cancelled token, which fails and is logged as a transaction error at every stop.
        // A failed batch is rolled back whole anyway, so the savepoint buys nothing.
        db.Database.AutoSavepointsEnabled = false;
        var today = BuddhistEraDate.ThailandToday(clock.GetUtcNow().UtcDateTime);
        var queued = 0;
        for (var i = 0; i < Thresholds.Length; i++)
        {
            var days = Thresholds[i];
            var from = today.AddDays(i + 1 < Thresholds.Length ? Thresholds[i + 1] : 0);
            var until = today.AddDays(days);
            int claimed;
            do
            {
                cancellationToken.ThrowIfCancellationRequested();
                claimed = await ClaimBatchAsync(db, outbox, today, days, from, until, cancellationToken);
                queued += claimed;
            }
            // An empty batch ends the band: none left, or the rest claimed by another instance still
            // at work (its batch conflicted with ours), which goes on until it claims nothing itself.
            while (claimed > 0);
        }

        return queued;
    }

    /// <summary>
    /// Claims up to <see cref="BatchSize"/> certificates of the band with no reminder yet for this
    /// threshold (probed through the key of CertificateReminders, (CertificateId, DaysBefore)) and
    /// queues their mails, in one transaction.
    /// </summary>
    private Task<int> ClaimBatchAsync(ApplicationDbContext db, Outbox outbox, DateOnly today, int days, DateOnly from, DateOnly until, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // NOT EXISTS skips what is already claimed so that each batch moves on; ON CONFLICT DO NOTHING
            // still decides between two instances claiming the same rows at once. In Id order, so that
            // two such inserts take the rows' locks in the same order and cannot deadlock.
            var claimed = await db.Database.SqlQuery<int>($"""
                INSERT INTO "CertificateReminders" ("CertificateId", "DaysBefore", "SentAtUtc")
                SELECT c."Id", {days}, now() FROM "Certificates" c
                WHERE c."RevokedAtUtc" IS NULL AND c."ValidUntil" > {from} AND c."ValidUntil" <= {until}
                  AND NOT EXISTS (SELECT 1 FROM "CertificateReminders" r WHERE r."CertificateId" = c."Id" AND r."DaysBefore" = {days})
                ORDER BY c."Id"
                LIMIT {BatchSize}
                ON CONFLICT DO NOTHING
                RETURNING "CertificateId" AS "Value"
                """).ToListAsync(cancellationToken);
            if (claimed.Count == 0)
            {
                return 0;
            }

            var certificates = await db.Certificates.AsNoTracking().Where(c => claimed.Contains(c.Id))
                .Select(c => new { c.Id, c.Number, c.ServicePointName, c.ValidUntil, c.ApplicationId, AgencyId = db.Applications.Where(a => a.Id == c.ApplicationId).Select(a => a.AgencyId).Single() })
                .ToListAsync(cancellationToken);
            var agencies = (await outbox.AgencyUsersAsync(certificates.Select(c => c.AgencyId))).ToLookup(r => r.AgencyId);
            var secretariat = await outbox.RoleAsync(Roles.Secretariat);
            foreach (var c in certificates)
            {
                object[] args = [c.Number, c.ServicePointName, c.ValidUntil, c.ValidUntil.DayNumber - today.DayNumber];
                outbox.Add(MailKind.CertificateExpiring, agencies[c.AgencyId], $"/applications/edit/{c.ApplicationId}", args);
            }

            var listed = certificates.OrderBy(c => c.ValidUntil).ThenBy(c => c.Id).Take(MaxListed)
                .Select(c => new MailItem($"{c.Number} {c.ServicePointName}", $"/certificates/show/{c.Id}"));
            outbox.Add(MailKind.CertificatesExpiringDigest, secretariat, RenewalList(days), [certificates.Count, days],
                MailExtras.Listing(listed, certificates.Count, RenewalList(days)));

            await db.SaveChangesAsync(cancellationToken);
            // Not cancellable: a batch that got this far is done and kept; cancelling the COMMIT itself
            // would only leave its outcome unknown and log a transaction error.
            await transaction.CommitAsync(CancellationToken.None);
            return certificates.Count;
        });
}
