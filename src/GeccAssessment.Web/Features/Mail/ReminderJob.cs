using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Mail;

/// <summary>
/// Reminds the agency and the Secretariat that a certificate ends in 180, 90 or 30 days. Each
/// (certificate, threshold) is inserted into CertificateReminders with ON CONFLICT DO NOTHING in the
/// same transaction as its mail, so a reminder goes once however often the job runs and however
/// many instances run it. A certificate first seen inside a band gets that band's reminder only.
/// </summary>
public sealed class ReminderJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ReminderJob> logger) : BackgroundService
{
    public static readonly int[] Thresholds = [180, 90, 30];

    private static readonly TimeSpan Every = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
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
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
        var today = BuddhistEraDate.ThailandToday(clock.GetUtcNow().UtcDateTime);
        var queued = 0;
        for (var i = 0; i < Thresholds.Length; i++)
        {
            var days = Thresholds[i];
            var from = today.AddDays(i + 1 < Thresholds.Length ? Thresholds[i + 1] : 0);
            var until = today.AddDays(days);
            var strategy = db.Database.CreateExecutionStrategy();
            queued += await strategy.ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var claimed = await db.Database.SqlQuery<int>($"""
                    INSERT INTO "CertificateReminders" ("CertificateId", "DaysBefore", "SentAtUtc")
                    SELECT "Id", {days}, now() FROM "Certificates"
                    WHERE "RevokedAtUtc" IS NULL AND "ValidUntil" > {from} AND "ValidUntil" <= {until}
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
                    outbox.Add(MailKind.CertificateExpiring, secretariat, $"/certificates/show/{c.Id}", args);
                }

                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return certificates.Count;
            });
        }

        return queued;
    }
}
