using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Mail;

/// <summary>
/// Sends every Secretariat user one mail a day listing the applications submitted the day before
/// (Thailand's calendar), each with a link to its screening page. The day is claimed by inserting it
/// into SubmissionDigestDays with ON CONFLICT DO NOTHING in the same transaction as the mails, so a
/// day's digest goes once however often the job runs and however many instances run it. A day with
/// no submission sends nothing. A user who turned the digest off still sees it under the bell.
/// </summary>
public sealed class SubmissionDigestJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<SubmissionDigestJob> logger) : BackgroundService
{
    /// <summary>More than this many submissions in a day are counted in full but listed only so far; the mail links the queue.</summary>
    public const int MaxListed = 300;

    private static readonly TimeSpan Every = TimeSpan.FromMinutes(30);

    /// <summary>
    /// The day to digest now: yesterday, once today is an hour old, so that a submission saved in the
    /// last second of the day (its transaction still committing at midnight) is in it.
    /// </summary>
    public static DateOnly DayToSend(DateTime utcNow) => BuddhistEraDate.ThailandToday(utcNow.AddHours(-1)).AddDays(-1);

    /// <summary>How far back a day missed while every instance was down is still sent.</summary>
    public const int CatchUpDays = 7;

    /// <summary>
    /// The days to digest, oldest first: <paramref name="latest"/>, and the days since the last one
    /// claimed that were missed (at most <see cref="CatchUpDays"/> in all). A new installation, with
    /// none claimed, starts with <paramref name="latest"/> only, not with a week of old digests.
    /// </summary>
    public static IReadOnlyList<DateOnly> DaysToSend(DateOnly latest, DateOnly? lastClaimed)
    {
        if (lastClaimed is not { } last || last >= latest)
        {
            return lastClaimed == latest ? [] : [latest];
        }

        var first = last.AddDays(1) > latest.AddDays(1 - CatchUpDays) ? last.AddDays(1) : latest.AddDays(1 - CatchUpDays);
        return [.. Enumerable.Range(0, latest.DayNumber - first.DayNumber + 1).Select(first.AddDays)];
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using (var scope = scopes.CreateAsyncScope())
                {
                    var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
                    var lastClaimed = await db.SubmissionDigestDays.MaxAsync(d => (DateOnly?)d.Day, stoppingToken);
                    foreach (var day in DaysToSend(DayToSend(clock.GetUtcNow().UtcDateTime), lastClaimed))
                    {
                        await RunOnceAsync(day, stoppingToken);
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Submission digest failed; trying again later");
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

    /// <summary>Queues the digest of <paramref name="day"/> unless it was queued already.</summary>
    /// <returns>How many submissions the digest lists (0 when already sent or none that day).</returns>
    public async Task<int> RunOnceAsync(DateOnly day, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
        var from = BuddhistEraDate.FromThailandTime(day, TimeOnly.MinValue);
        var until = BuddhistEraDate.FromThailandTime(day.AddDays(1), TimeOnly.MinValue);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var submitted = db.Applications.AsNoTracking().Where(a => a.SubmittedAtUtc >= from && a.SubmittedAtUtc < until);
            var count = await submitted.CountAsync(cancellationToken);
            var claimed = await db.Database.SqlQuery<DateOnly>($"""
                INSERT INTO "SubmissionDigestDays" ("Day", "Submissions", "SentAtUtc") VALUES ({day}, {count}, now())
                ON CONFLICT DO NOTHING
                RETURNING "Day" AS "Value"
                """).ToListAsync(cancellationToken);
            if (claimed.Count == 0 || count == 0)
            {
                await transaction.CommitAsync(cancellationToken);
                return 0;
            }

            var listed = await submitted.OrderBy(a => a.SubmittedAtUtc).ThenBy(a => a.Id).Take(MaxListed)
                .Select(a => new { a.Id, Point = a.ServicePoint!.Name, Agency = a.ServicePoint.Agency!.NameTh })
                .ToListAsync(cancellationToken);
            var listing = MailExtras.Listing(listed.Select(a => new MailItem($"{a.Point} ({a.Agency})", $"/screening/show/{a.Id}")), count, "/screening");
            outbox.Add(MailKind.SubmissionDigest, await outbox.RoleAsync(Roles.Secretariat), "/screening", [count, day], listing);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return count;
        });
    }
}
