using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Infrastructure;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Certificates;

public sealed class CertificateFilter : KeysetFilter
{
    public int? Cycle { get; set; }

    /// <summary>Only valid certificates expiring within <see cref="WithinDays"/>: the renewal reminder list.</summary>
    public bool ExpiringSoon { get; set; }

    /// <summary>
    /// How far ahead <see cref="ExpiringSoon"/> looks, in days: 90 unless given (the reminders' summary
    /// of the 180-day band links to the list of 180 days, which holds what it counts).
    /// </summary>
    public int? Within { get; set; }

    public int WithinDays => Within is > 0 and <= 366 ? Within.Value : CertificateService.RenewalWindowDays;
}

public sealed record CertificateRow(
    int Id, string Number, string AgencyName, string ServicePointName, string ProvinceName, string LevelNameTh,
    DateOnly IssuedOn, DateOnly ValidUntil, DateTime? RevokedAtUtc, DateOnly? AwardHandedOverOn,
    string? LevelNameEn = null, string? AgencyNameEn = null, string? ProvinceNameEn = null, int Sequence = 0);

public sealed record CertificatesPage(CertificateFilter Filter, IReadOnlyList<CycleChoice> Cycles, DateOnly Today, KeysetList<CertificateRow> Rows)
{
    public KeysetPagerModel Pager => KeysetPagerModel.For(Rows, new Dictionary<string, string?>
    {
        ["cycle"] = Filter.Cycle?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["expiringSoon"] = Filter.ExpiringSoon ? "true" : "false",
        ["within"] = Filter.Within?.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });
}

public sealed record DocumentJobView(Guid Id, int MeetingId, DocumentJobStatus Status, int PagesDone, int PagesTotal, DateTime CreatedAtUtc)
{
    public int Percent => PagesTotal == 0 ? 0 : PagesDone * 100 / PagesTotal;
}

public sealed record CertificateDetail(
    Certificate Certificate, string ProvinceName, string MeetingNumber, DateOnly MeetingHeldOn, int BuddhistYear, DateOnly Today,
    string? ProvinceNameEn = null, string? AgencyNameEn = null);

/// <summary>Certificates after issue: the list, revocation, the award hand-over.</summary>
public class CertificateService(ApplicationDbContext db, TimeProvider clock, Mail.Outbox outbox, IOutputCacheStore publicPages)
{
    public const int RenewalWindowDays = 90;

    public DateOnly Today => BuddhistEraDate.ThailandToday(clock.GetUtcNow().UtcDateTime);

    public async Task<CertificatesPage> ListAsync(CertificateFilter filter, CancellationToken cancellationToken)
    {
        var cycles = await CycleChoice.NewestFirstAsync(db, cancellationToken);
        var today = Today;
        var query = db.Certificates.AsNoTracking();
        if (filter.Cycle is { } cycle)
        {
            query = query.Where(c => c.CycleId == cycle);
        }

        if (filter.ExpiringSoon)
        {
            var horizon = today.AddDays(filter.WithinDays);
            query = query.Where(c => c.RevokedAtUtc == null && c.ValidUntil >= today && c.ValidUntil <= horizon);
        }

        // Keyset paged (docs/adr/0013): the order is one the indexes hold, so the last page of a
        // cycle of 40,000 certificates is one seek, not 40,000 rows skipped.
        var paging = filter.Paging;
        var rows = filter.ExpiringSoon
            ? await KeysetList<CertificateRow>.CreateAsync(query, SoonestExpiring, Rows, r => (r.ValidUntil, r.Id), paging, cancellationToken: cancellationToken)
            : filter.Cycle is not null
                ? await KeysetList<CertificateRow>.CreateAsync(query, InCycle, Rows, r => (r.Sequence, r.Id), paging, cancellationToken: cancellationToken)
                : await KeysetList<CertificateRow>.CreateAsync(query, ByNumber, Rows, r => (r.Number, r.Id), paging, cancellationToken: cancellationToken);
        return new CertificatesPage(filter, cycles, today, rows);
    }

    /// <summary>One cycle's certificates in number order: the number is the cycle's year and this sequence.</summary>
    private static readonly KeysetOrder<Certificate, int> InCycle = new(c => c.Sequence, c => c.Id, KeysetFormats.FormatInt, KeysetFormats.ParseInt);

    /// <summary>Every cycle's certificates in number order ("GECC-2569-0001": ASCII, so byte order and any collation agree).</summary>
    private static readonly KeysetOrder<Certificate, string> ByNumber = new(c => c.Number, c => c.Id, KeysetFormats.FormatText, KeysetFormats.ParseText, StringComparer.Ordinal);

    /// <summary>The renewal list: the soonest to expire first.</summary>
    private static readonly KeysetOrder<Certificate, DateOnly> SoonestExpiring = new(c => c.ValidUntil, c => c.Id, KeysetFormats.FormatDate, KeysetFormats.ParseDate);

    private IQueryable<CertificateRow> Rows(IQueryable<Certificate> page) => page.Select(c => new CertificateRow(
        c.Id, c.Number, c.AgencyName, c.ServicePointName, db.Provinces.Where(p => p.Code == c.ProvinceCode).Select(p => p.NameTh).First(),
        c.LevelNameTh, c.IssuedOn, c.ValidUntil, c.RevokedAtUtc, c.AwardHandedOverOn, c.LevelNameEn,
        db.Applications.Where(a => a.Id == c.ApplicationId).Select(a => a.ServicePoint!.Agency!.NameEn).FirstOrDefault(),
        db.Provinces.Where(p => p.Code == c.ProvinceCode).Select(p => p.NameEn).First(), c.Sequence));

    public async Task<CertificateDetail?> DetailAsync(int id) =>
        await db.Certificates.AsNoTracking().Where(c => c.Id == id).Select(c => new CertificateDetail(
            c, db.Provinces.Where(p => p.Code == c.ProvinceCode).Select(p => p.NameTh).First(),
            db.CommitteeMeetings.Where(m => m.Id == c.MeetingId).Select(m => m.Number).First(),
            db.CommitteeMeetings.Where(m => m.Id == c.MeetingId).Select(m => m.HeldOn).First(),
            db.Cycles.Where(y => y.Id == c.CycleId).Select(y => y.BuddhistYear).First(), Today,
            db.Provinces.Where(p => p.Code == c.ProvinceCode).Select(p => p.NameEn).First(),
            db.Applications.Where(a => a.Id == c.ApplicationId).Select(a => a.ServicePoint!.Agency!.NameEn).FirstOrDefault())).SingleOrDefaultAsync();

    public async Task<Guid> QueueBatchAsync(int meetingId, string userId, string verifyBaseUrl)
    {
        var job = new DocumentJob
        {
            Id = Guid.NewGuid(),
            MeetingId = meetingId,
            RequestedByUserId = userId,
            Status = DocumentJobStatus.Queued,
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
            VerifyBaseUrl = verifyBaseUrl,
        };
        db.DocumentJobs.Add(job);
        await db.SaveChangesAsync();
        return job.Id;
    }

    public Task<DocumentJobView?> JobAsync(Guid id) =>
        db.DocumentJobs.AsNoTracking().Where(j => j.Id == id)
            .Select(j => new DocumentJobView(j.Id, j.MeetingId, j.Status, j.PagesDone, j.PagesTotal, j.CreatedAtUtc))
            .SingleOrDefaultAsync();

    public Task<byte[]?> JobResultAsync(Guid id) =>
        db.DocumentJobs.AsNoTracking().Where(j => j.Id == id && j.Status == DocumentJobStatus.Done).Select(j => j.Result).SingleOrDefaultAsync();

    public async Task<SaveResult> RevokeAsync(int id, string? reason)
    {
        reason = reason?.Trim();
        var strategy = db.Database.CreateExecutionStrategy();
        var result = await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync();
            // The row is locked before it is read: a second revocation at the same moment (a double
            // click, two staff) waits, then finds it revoked, and the agency is told once.
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM \"Certificates\" WHERE \"Id\" = {id} FOR UPDATE");
            var certificate = await db.Certificates.SingleOrDefaultAsync(c => c.Id == id);
            if (certificate is null)
            {
                return SaveResult.NotFound;
            }

            if (RevokeProblem(certificate, reason) is { } problem)
            {
                return SaveResult.Invalid(problem);
            }

            certificate.RevokedAtUtc = clock.GetUtcNow().UtcDateTime;
            certificate.RevokeReason = reason;
            var agencyId = await db.Applications.Where(a => a.Id == certificate.ApplicationId).Select(a => a.AgencyId).SingleAsync();
            outbox.Add(MailKind.CertificateRevoked, await outbox.AgencyUsersAsync([agencyId]), $"/applications/edit/{certificate.ApplicationId}",
                [certificate.Number, certificate.ServicePointName, reason!]); // RevokeProblem refused an empty reason
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            return SaveResult.Saved;
        });
        if (result.Succeeded)
        {
            await PublicPageCache.CertificatesChangedAsync(publicPages);
        }

        return result;
    }

    /// <summary>Why this certificate cannot be revoked with this reason (a message key), or null.</summary>
    public static string? RevokeProblem(Certificate certificate, string? reason)
    {
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 2000 || NoMarkupAttribute.HasMarkup(reason))
        {
            return "Certificates.RevokeReasonRequired";
        }

        return certificate.RevokedAtUtc is not null ? "Certificates.AlreadyRevoked" : null;
    }

    public async Task<SaveResult> RecordAwardAsync(int id, DateOnly? handedOverOn, string? handedOverTo)
    {
        var certificate = await db.Certificates.SingleOrDefaultAsync(c => c.Id == id);
        if (certificate is null)
        {
            return SaveResult.NotFound;
        }

        handedOverTo = handedOverTo?.Trim();
        if (handedOverOn is null || string.IsNullOrEmpty(handedOverTo) || handedOverTo.Length > 300 || NoMarkupAttribute.HasMarkup(handedOverTo))
        {
            return SaveResult.Invalid("Certificates.AwardIncomplete");
        }

        // The emblem is handed over after the certificate is issued and not in the future: anything else is a
        // slip (2658 for 2568 reads as the year 2115), never a date to show on the certificate's page.
        if (handedOverOn < certificate.IssuedOn || handedOverOn > Today)
        {
            return SaveResult.Invalid("Certificates.AwardDateOutOfRange");
        }

        certificate.AwardHandedOverOn = handedOverOn;
        certificate.AwardHandedOverTo = handedOverTo;
        await db.SaveChangesAsync();
        return SaveResult.Saved;
    }
}
