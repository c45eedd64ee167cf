using GeccAssessment.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace GeccAssessment.Web.Features.Catalogue;

/// <summary>
/// Gives a cycle's <see cref="CycleCatalogue"/>. A locked catalogue (frozen at the first submission)
/// never changes, so it is kept in memory: scoring, which happens only after the lock, reads no
/// catalogue table at all. An unlocked one is read fresh each time (it is being edited, and another
/// instance of the app may edit it); edits evict it anyway.
/// </summary>
public class CatalogueProvider(ApplicationDbContext db, IMemoryCache cache)
{
    private static string Key(int cycleId) => "catalogue:" + cycleId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async Task<CycleCatalogue> GetAsync(int cycleId, CancellationToken cancellationToken = default) =>
        await FindAsync(cycleId, cancellationToken) ?? throw new InvalidOperationException($"Cycle {cycleId} does not exist.");

    public async Task<CycleCatalogue?> FindAsync(int cycleId, CancellationToken cancellationToken = default)
    {
        if (cache.TryGetValue(Key(cycleId), out CycleCatalogue? cached))
        {
            return cached;
        }

        var catalogue = await LoadAsync(cycleId, cancellationToken);
        if (catalogue is { IsLocked: true })
        {
            cache.Set(Key(cycleId), catalogue, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(12) });
        }

        return catalogue;
    }

    /// <summary>Called by every edit of a cycle's catalogue.</summary>
    public void Evict(int cycleId) => cache.Remove(Key(cycleId));

    /// <summary>Two queries: the cycle with its dimensions and levels, then its criteria.</summary>
    private async Task<CycleCatalogue?> LoadAsync(int cycleId, CancellationToken cancellationToken)
    {
        var cycle = await db.Cycles.AsNoTracking().Where(c => c.Id == cycleId).Select(c => new
        {
            Locked = c.CatalogueLockedAtUtc != null,
            Dimensions = c.Dimensions.OrderBy(d => d.SortOrder).Select(d => new { d.Id, d.Kind, d.SortOrder, d.MinimumPercent }).ToList(),
            Levels = c.Levels.OrderBy(l => l.Rank).Select(l => new CatalogueLevel(l.Rank, l.NameTh, l.NameEn, l.MinimumPercent)).ToList(),
        }).AsSplitQuery().SingleOrDefaultAsync(cancellationToken);
        if (cycle is null)
        {
            return null;
        }

        var kinds = cycle.Dimensions.ToDictionary(d => d.Id, d => d.Kind);
        var criteria = (await db.Criteria.AsNoTracking().Where(c => c.CycleId == cycleId).OrderBy(c => c.SortOrder).ThenBy(c => c.Code)
            .ToListAsync(cancellationToken))
            .Select(c => new CatalogueCriterion(c.Id, c.DimensionId, kinds[c.DimensionId], c.Code, c.TitleTh, c.TitleEn, c.Guidance,
                c.MaxPoints, c.IsMandatory, c.EvidenceRequired, c.AllowNotApplicable, c.SortOrder))
            .ToLookup(c => c.DimensionId);
        return new CycleCatalogue(
            cycleId, cycle.Locked,
            [.. cycle.Dimensions.Select(d => new CatalogueDimension(d.Id, d.Kind, d.SortOrder, d.MinimumPercent, [.. criteria[d.Id]]))],
            cycle.Levels);
    }
}
