using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Audit;

public sealed class AuditFilter
{
    public string? EntityType { get; set; }

    public string? EntityId { get; set; }

    public int Page { get; set; } = 1;
}

public sealed record AuditPage(AuditFilter Filter, IReadOnlyList<string> EntityTypes, PagedList<AuditEntry> Entries)
{
    public PagerModel Pager => new(Entries.Page, Entries.PageCount, Entries.TotalCount,
        new Dictionary<string, string?> { ["entityType"] = Filter.EntityType, ["entityId"] = Filter.EntityId }, Entries.CountIsCapped);
}

/// <summary>The audit trail, newest first; read-only for everyone.</summary>
[Authorize(Policy = Policies.Oversight)]
public class AuditController(ApplicationDbContext db) : Controller
{
    /// <summary>
    /// The trail grows by millions of rows over the years: pages reach back this many entries (200
    /// pages); older ones are found with the filters. Counting or skipping further read every row.
    /// </summary>
    public const int BrowsableEntries = 10_000;

    private static readonly string[] EntityTypes =
        [nameof(Application), nameof(Cycle), nameof(Criterion), nameof(Dimension), nameof(CertificationLevel), nameof(Agency), nameof(ServicePoint), Users.UserAdministration.AccountEntityType];

    [HttpGet]
    public async Task<IActionResult> Index(AuditFilter filter, CancellationToken cancellationToken)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrEmpty(filter.EntityType))
        {
            query = query.Where(a => a.EntityType == filter.EntityType);
            if (!string.IsNullOrWhiteSpace(filter.EntityId))
            {
                query = query.Where(a => a.EntityId == filter.EntityId.Trim());
            }
        }

        var entries = await PagedList<AuditEntry>.CreateAsync(
            query.OrderByDescending(a => a.AtUtc).ThenByDescending(a => a.Id), filter.Page, 50, cancellationToken, countLimit: BrowsableEntries);
        return View(new AuditPage(filter, EntityTypes, entries));
    }
}
