using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Certificates;

/// <summary>
/// Runs queued <see cref="DocumentJob"/>s one at a time. A job is claimed with FOR UPDATE SKIP LOCKED,
/// so several app instances can run workers without making the same PDF twice. The claim is a lease
/// (docs/adr/0009-several-instances.md): renewed by a heartbeat while the job runs, and once it has
/// expired (the instance was killed, stopped or lost the database) any instance takes the job over.
/// </summary>
public sealed class DocumentJobWorker(IServiceScopeFactory scopes, InstanceIdentity instance, IConfiguration configuration, ILogger<DocumentJobWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(2);

    /// <summary>A job that was claimed this many times without finishing is given up (it may be what kills its instance).</summary>
    public const int MaxAttempts = 3;

    /// <summary>How long a claim holds without a heartbeat; the heartbeat renews it three times as often.</summary>
    public TimeSpan Lease => TimeSpan.FromSeconds(configuration.GetValue("Gecc:Jobs:LeaseSeconds", 30));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var worked = false;
            try
            {
                worked = await RunOneAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be away for a moment; the job stays queued and is tried again.
                logger.LogWarning(e, "Document job worker failed; retrying");
            }

            if (!worked)
            {
                try
                {
                    await Task.Delay(Idle, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public async Task<bool> RunOneAsync(CancellationToken stoppingToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var documents = scope.ServiceProvider.GetRequiredService<CertificationDocuments>();
        var leaseSeconds = Lease.TotalSeconds;
        // The database's clock, not this instance's: every instance compares leases against the same one.
        var claimed = await db.Database.SqlQuery<Guid>($"""
            UPDATE "DocumentJobs" SET "Status" = 'Running', "LeaseOwner" = {instance.Id},
                "LeaseExpiresAtUtc" = now() + make_interval(secs => {leaseSeconds}), "Attempts" = "Attempts" + 1
            WHERE "Id" = (SELECT "Id" FROM "DocumentJobs"
                WHERE "Status" = 'Queued' OR ("Status" = 'Running' AND ("LeaseExpiresAtUtc" IS NULL OR "LeaseExpiresAtUtc" < now()))
                ORDER BY "CreatedAtUtc" LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING "Id" AS "Value"
            """).ToListAsync(stoppingToken);
        if (claimed.Count == 0)
        {
            return false;
        }

        var job = await db.DocumentJobs.AsNoTracking().SingleAsync(j => j.Id == claimed[0], stoppingToken);
        if (job.Attempts > 1)
        {
            logger.LogWarning("Document job {JobId} taken over (attempt {Attempt}) after its lease expired", job.Id, job.Attempts);
        }

        if (job.Attempts > MaxAttempts)
        {
            logger.LogError("Document job {JobId} given up after {Attempts} attempts", job.Id, job.Attempts - 1);
            await FinishAsync(db, job.Id, DocumentJobStatus.Failed, null, stoppingToken);
            return true;
        }

        using var leaseHeld = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var heartbeat = HeartbeatAsync(job.Id, leaseHeld);
        DocumentJobStatus status;
        byte[]? pdf = null;
        try
        {
            var lastReported = 0;
            pdf = await documents.MeetingBatchAsync(job.MeetingId, job.VerifyBaseUrl ?? "", (done, total) =>
            {
                // Stopped, or the lease went to another instance: this one lets the job go.
                leaseHeld.Token.ThrowIfCancellationRequested();
                // Progress goes to the database every few pages, where every instance can read it.
                if (done - lastReported >= 5 || done == total)
                {
                    lastReported = done;
                    db.DocumentJobs.Where(j => j.Id == job.Id && j.LeaseOwner == instance.Id)
                        .ExecuteUpdate(s => s.SetProperty(j => j.PagesDone, done).SetProperty(j => j.PagesTotal, total));
                }
            }, leaseHeld.Token);
            status = pdf is null ? DocumentJobStatus.Failed : DocumentJobStatus.Done;
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("Document job {JobId} lost its lease to another instance; leaving it", job.Id);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Document job {JobId} failed", job.Id);
            status = DocumentJobStatus.Failed;
        }
        finally
        {
            // A stop (OperationCanceledException from the stopping token) leaves the job Running
            // under its lease, exactly as a killed instance would: one path, taken over at expiry.
            await leaseHeld.CancelAsync();
            await heartbeat;
        }

        await FinishAsync(db, job.Id, status, pdf, stoppingToken);
        return true;
    }

    /// <summary>Only while this instance still holds the lease: a job taken over is the new owner's to finish.</summary>
    private Task FinishAsync(ApplicationDbContext db, Guid jobId, DocumentJobStatus status, byte[]? pdf, CancellationToken cancellationToken) =>
        db.DocumentJobs.Where(j => j.Id == jobId && j.LeaseOwner == instance.Id).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, status)
            .SetProperty(j => j.Result, pdf)
            .SetProperty(j => j.LeaseExpiresAtUtc, (DateTime?)null)
            .SetProperty(j => j.FinishedAtUtc, DateTime.UtcNow), cancellationToken);

    /// <summary>
    /// Renews the lease on its own connection (the job's DbContext is busy rendering) until the job
    /// ends; if the lease turns out to be another instance's, cancels the job here.
    /// </summary>
    private async Task HeartbeatAsync(Guid jobId, CancellationTokenSource leaseHeld)
    {
        var leaseSeconds = Lease.TotalSeconds;
        using var timer = new PeriodicTimer(Lease / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(leaseHeld.Token))
            {
                try
                {
                    using var scope = scopes.CreateScope();
                    var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
                    var renewed = await db.Database.ExecuteSqlAsync($"""
                        UPDATE "DocumentJobs" SET "LeaseExpiresAtUtc" = now() + make_interval(secs => {leaseSeconds})
                        WHERE "Id" = {jobId} AND "LeaseOwner" = {instance.Id} AND "Status" = 'Running'
                        """, leaseHeld.Token);
                    if (renewed == 0)
                    {
                        await leaseHeld.CancelAsync();
                        return;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The next beat may get through; the lease lasts three beats.
                    logger.LogWarning(e, "Document job {JobId}: lease not renewed", jobId);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The job ended (or the instance stops): no more beats.
        }
    }
}
