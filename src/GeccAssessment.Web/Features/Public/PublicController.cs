using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Catalogue;
using GeccAssessment.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Public;

/// <param name="AgencyNameEn">The agency's English name where it has one (the certificate keeps the Thai name it was issued under).</param>
public sealed record VerifyResult(string Number, CertificateStatus Status, string ServicePointName, string AgencyName, string ProvinceName, string LevelNameTh, string LevelNameEn, DateOnly IssuedOn, DateOnly ValidUntil, DateTime? RevokedAtUtc,
    string? AgencyNameEn = null, string? ProvinceNameEn = null);

public sealed class CentresFilter : KeysetFilter
{
    public string? Province { get; set; }

    public int? Level { get; set; }

    public int? Cycle { get; set; }
}

public sealed record CentreRow(string Number, string ServicePointName, string AgencyName, string ProvinceName, string LevelNameTh, int BuddhistYear, DateOnly ValidUntil,
    string? AgencyNameEn = null, string? ProvinceNameEn = null, string? LevelNameEn = null, int Id = 0, string ProvinceCode = "");

public sealed record CentresPage(
    CentresFilter Filter, IReadOnlyList<(int Id, int Year)> Cycles, IReadOnlyList<CatalogueLevel> Levels, Places.PlaceData Places, KeysetList<CentreRow> Rows)
{
    public KeysetPagerModel Pager => KeysetPagerModel.For(Rows, new Dictionary<string, string?>
    {
        ["province"] = Filter.Province,
        ["level"] = Filter.Level?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["cycle"] = Filter.Cycle?.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });
}

/// <summary>Pages anyone may open without signing in: certificate verification (from the QR code) and certified centres.</summary>
[AllowAnonymous]
public class PublicController(ReadDb reads, CatalogueProvider catalogues, Places places, TimeProvider clock, Satisfaction.SatisfactionFigures satisfaction) : Controller
{
    [HttpGet]
    [Route("verify/{number}")]
    [OutputCache(PolicyName = PublicPageCache.Policy)]
    public async Task<IActionResult> Verify(string number, CancellationToken cancellationToken)
    {
        var db = await reads.GetAsync(cancellationToken);
        var today = BuddhistEraDate.ThailandToday(clock.GetUtcNow().UtcDateTime);
        var certificate = number.Length > 30 ? null : await db.Certificates.AsNoTracking().Where(c => c.Number == number.Trim().ToUpperInvariant())
            .Select(c => new
            {
                c.Number,
                c.ServicePointName,
                c.AgencyName,
                ProvinceName = db.Provinces.Where(p => p.Code == c.ProvinceCode).Select(p => p.NameTh).First(),
                ProvinceNameEn = db.Provinces.Where(p => p.Code == c.ProvinceCode).Select(p => p.NameEn).First(),
                AgencyNameEn = db.Applications.Where(a => a.Id == c.ApplicationId).Select(a => a.ServicePoint!.Agency!.NameEn).FirstOrDefault(),
                c.LevelNameTh,
                c.LevelNameEn,
                c.IssuedOn,
                c.ValidUntil,
                c.RevokedAtUtc,
            })
            .SingleOrDefaultAsync();
        if (certificate is null)
        {
            // The same plain answer for every unknown number: nothing hints at which numbers exist.
            Response.StatusCode = StatusCodes.Status404NotFound;
            return View("NotFound");
        }

        var status = certificate.RevokedAtUtc is not null ? CertificateStatus.Revoked : today > certificate.ValidUntil ? CertificateStatus.Expired : CertificateStatus.Valid;
        return View(new VerifyResult(certificate.Number, status, certificate.ServicePointName, certificate.AgencyName, certificate.ProvinceName,
            certificate.LevelNameTh, certificate.LevelNameEn, certificate.IssuedOn, certificate.ValidUntil, certificate.RevokedAtUtc, certificate.AgencyNameEn, certificate.ProvinceNameEn));
    }

    /// <summary>
    /// Centres by province, then name, then id. The name is compared byte by byte (collation "C", as the
    /// index is built), so that the database and the page's own sort agree in any database locale;
    /// UTF-16 order equals it for every character outside the surrogate range, so for Thai and Latin names.
    /// </summary>
    private static readonly KeysetOrder<Certificate, (string Province, string Name)> Order = new(
        c => new ValueTuple<string, string>(c.ProvinceCode, EF.Functions.Collate(c.ServicePointName, "C")), c => c.Id,
        v => v.Province + "|" + v.Name,
        text => text.IndexOf('|', StringComparison.Ordinal) is var bar and > 0 ? (text[..bar], text[(bar + 1)..]) : throw new FormatException("not a centre key"),
        Comparer<(string Province, string Name)>.Create((a, b) =>
            string.CompareOrdinal(a.Province, b.Province) is var byProvince and not 0 ? byProvince : string.CompareOrdinal(a.Name, b.Name)));

    /// <summary>Certified centres with a valid certificate, filterable by province, level and cycle.</summary>
    [HttpGet]
    [Route("centres")]
    [OutputCache(PolicyName = PublicPageCache.Policy)]
    public async Task<IActionResult> Centres(CentresFilter filter, CancellationToken cancellationToken)
    {
        var db = await reads.GetAsync(cancellationToken);
        var today = BuddhistEraDate.ThailandToday(clock.GetUtcNow().UtcDateTime);
        var query = db.Certificates.AsNoTracking().Where(c => c.RevokedAtUtc == null && c.ValidUntil >= today);
        if (!string.IsNullOrEmpty(filter.Province))
        {
            query = query.Where(c => c.ProvinceCode == filter.Province);
        }

        if (filter.Level is { } level)
        {
            query = query.Where(c => c.LevelRank == level);
        }

        if (filter.Cycle is { } cycle)
        {
            query = query.Where(c => c.CycleId == cycle);
        }

        // Keyset paged (docs/adr/0013) on the index of certificates in force: a far page is one seek.
        var rows = await KeysetList<CentreRow>.CreateAsync(query, Order, page => page.Select(c => new CentreRow(
                c.Number, c.ServicePointName, c.AgencyName, db.Provinces.Where(p => p.Code == c.ProvinceCode).Select(p => p.NameTh).First(), c.LevelNameTh,
                db.Cycles.Where(y => y.Id == c.CycleId).Select(y => y.BuddhistYear).First(), c.ValidUntil,
                db.Applications.Where(a => a.Id == c.ApplicationId).Select(a => a.ServicePoint!.Agency!.NameEn).FirstOrDefault(),
                db.Provinces.Where(p => p.Code == c.ProvinceCode).Select(p => p.NameEn).First(), c.LevelNameEn, c.Id, c.ProvinceCode)),
            r => ((r.ProvinceCode, r.ServicePointName), r.Id), filter.Paging, cancellationToken: cancellationToken);
        var cycles = (await db.Cycles.AsNoTracking().OrderByDescending(c => c.BuddhistYear).Select(c => new { c.Id, c.BuddhistYear }).ToListAsync(cancellationToken))
            .Select(c => (c.Id, c.BuddhistYear)).ToList();
        // The level filter offers the levels of the chosen cycle, or of the latest one.
        var levels = (filter.Cycle ?? cycles.FirstOrDefault().Id) is var levelCycle && levelCycle != 0
            ? (await catalogues.FindAsync(levelCycle, cancellationToken))?.Levels ?? []
            : [];
        ViewData["Satisfaction"] = await satisfaction.ForCertificatesAsync(rows.Items.Select(r => r.Number), cancellationToken);
        return View(new CentresPage(filter, cycles, levels, await places.GetAsync(), rows));
    }
}
