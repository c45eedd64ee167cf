using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Infrastructure;

/// <summary>One page of a list, counted and cut in the database.</summary>
public sealed class PagedList<T>
{
    public const int DefaultPageSize = 25;

    private PagedList(IReadOnlyList<T> items, int page, int pageSize, int totalCount, bool countIsCapped)
    {
        Items = items;
        Page = page;
        PageSize = pageSize;
        TotalCount = totalCount;
        CountIsCapped = countIsCapped;
    }

    public IReadOnlyList<T> Items { get; }

    public int Page { get; }

    public int PageSize { get; }

    public int TotalCount { get; }

    /// <summary>More rows exist than <see cref="TotalCount"/>: the list was cut at its count limit.</summary>
    public bool CountIsCapped { get; }

    public int PageCount => Math.Max(1, (TotalCount + PageSize - 1) / PageSize);

    /// <param name="orderedQuery">Must be ordered, or pages would overlap.</param>
    /// <param name="countLimit">
    /// For lists that grow without end (the audit trail): only the first this many rows are counted
    /// and paged, so neither the count nor a far page's OFFSET reads millions of rows.
    /// </param>
    public static async Task<PagedList<T>> CreateAsync(
        IQueryable<T> orderedQuery, int page, int pageSize = DefaultPageSize, CancellationToken cancellationToken = default, int? countLimit = null)
    {
        var total = countLimit is { } limit
            ? await orderedQuery.Take(limit + 1).CountAsync(cancellationToken)
            : await orderedQuery.CountAsync(cancellationToken);
        var capped = total > countLimit;
        if (capped)
        {
            total = countLimit!.Value;
        }

        var pageCount = Math.Max(1, (total + pageSize - 1) / pageSize);
        var current = Math.Clamp(page, 1, pageCount);
        var items = await orderedQuery.Skip((current - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new PagedList<T>(items, current, pageSize, total, capped);
    }
}

/// <summary>What the shared _Pager partial needs: the page numbers and the current filters to keep.</summary>
/// <param name="CountIsCapped">Only the first <paramref name="TotalCount"/> rows are paged (see PagedList's count limit).</param>
public sealed record PagerModel(int Page, int PageCount, int TotalCount, IReadOnlyDictionary<string, string?> Filters, bool CountIsCapped = false);
