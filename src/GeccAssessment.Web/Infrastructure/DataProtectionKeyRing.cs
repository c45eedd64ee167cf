using GeccAssessment.Web.Data;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Infrastructure;

/// <summary>
/// Makes sure the shared Data Protection key ring (kept in PostgreSQL) has a key before this
/// instance serves anything. Left to itself, each instance that finds no key makes its own at its
/// first request: two instances started together on a new database then each signed cookies and
/// antiforgery tokens the other could not read (400 on a form fetched from one and posted to the
/// other) until their next key-ring refresh a day later. One instance at a time decides, under a
/// PostgreSQL advisory lock, and the next key is made before the current one expires.
/// </summary>
public static class DataProtectionKeyRing
{
    private static readonly TimeSpan KeyLifetime = TimeSpan.FromDays(90);

    public static async Task EnsureAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DataProtectionKeyRing));
        try
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            var keys = services.GetRequiredService<IKeyManager>();
            var strategy = db.Database.CreateExecutionStrategy();
            await strategy.ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                // Released at commit; the key manager writes on its own connection meanwhile.
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext('gecc-data-protection-keys'))", cancellationToken);
                var now = DateTimeOffset.UtcNow;
                var usable = keys.GetAllKeys().Where(k => !k.IsRevoked).ToList();
                var current = usable.Where(k => k.ActivationDate <= now && k.ExpirationDate > now).MaxBy(k => k.ExpirationDate);
                if (current is null)
                {
                    keys.CreateNewKey(now, now + KeyLifetime);
                    logger.LogInformation("Data Protection key ring was empty; created the first key");
                }
                else if (current.ExpirationDate < now.AddDays(7) && !usable.Any(k => k.ActivationDate > now))
                {
                    keys.CreateNewKey(current.ExpirationDate, current.ExpirationDate + KeyLifetime);
                    logger.LogInformation("Data Protection key expires soon; created the next one");
                }

                await transaction.CommitAsync(cancellationToken);
            });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The database is away at start: the app still starts (/ready says not ready) and Data
            // Protection makes a key lazily, as before.
            logger.LogWarning(e, "Data Protection key ring not checked at start");
        }
    }
}
