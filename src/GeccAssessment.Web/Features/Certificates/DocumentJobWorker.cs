using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Certificates;

/// <summary>
/// Runs queued <see cref="DocumentJob"/>s one at a time. A job is claimed with FOR UPDATE SKIP LOCKED,
/// so several app instances can run workers without making the same PDF twice.
/// </summary>
public sealed class DocumentJobWorker(IServiceScopeFactory scopes, ILogger<DocumentJobWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(2);

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

    public async Task<bool> RunOneAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var documents = scope.ServiceProvider.GetRequiredService<CertificationDocuments>();
        var claimed = await db.Database.SqlQuery<Guid>($"""
            UPDATE "DocumentJobs" SET "Status" = 'Running'
            WHERE "Id" = (SELECT "Id" FROM "DocumentJobs" WHERE "Status" = 'Queued' ORDER BY "CreatedAtUtc" LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING "Id" AS "Value"
            """).ToListAsync(cancellationToken);
        if (claimed.Count == 0)
        {
            return false;
        }

        var job = await db.DocumentJobs.SingleAsync(j => j.Id == claimed[0], cancellationToken);
        var lastReported = 0;
        try
        {
            var pdf = await documents.MeetingBatchAsync(job.MeetingId, job.VerifyBaseUrl ?? "", (done, total) =>
            {
                // Progress goes to the database every few pages, where every instance can read it.
                if (done - lastReported >= 5 || done == total)
                {
                    lastReported = done;
                    db.DocumentJobs.Where(j => j.Id == job.Id)
                        .ExecuteUpdate(s => s.SetProperty(j => j.PagesDone, done).SetProperty(j => j.PagesTotal, total));
                }
            });
            job.Result = pdf;
            job.Status = pdf is null ? DocumentJobStatus.Failed : DocumentJobStatus.Done;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Document job {JobId} failed", job.Id);
            job.Status = DocumentJobStatus.Failed;
        }

        job.FinishedAtUtc = DateTime.UtcNow;
        await db.DocumentJobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, job.Status)
            .SetProperty(j => j.Result, job.Result)
            .SetProperty(j => j.FinishedAtUtc, job.FinishedAtUtc), cancellationToken);
        return true;
    }
}
