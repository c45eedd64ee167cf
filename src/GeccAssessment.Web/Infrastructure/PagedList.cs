using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Infrastructure;

/// <summary>One page of a list, counted and cut in the database.</summary>
public sealed class PagedList<T>
{
    public const int DefaultPageSize = 25;

    private PagedList(IReadOnlyList<T> items, int page, int pageSize, int totalCount)
    {
        Items = items;
        Page = page;
        PageSize = pageSize;
        TotalCount = totalCount;
    }

    public IReadOnlyList<T> Items { get; }

    public int Page { get; }

    public int PageSize { get; }

    public int TotalCount { get; }

    public int PageCount => Math.Max(1, (TotalCount + PageSize - 1) / PageSize);

    /// <param name="orderedQuery">Must be ordered, or pages would overlap.</param>
    public static async Task<PagedList<T>> CreateAsync(IQueryable<T> orderedQuery, int page, int pageSize = DefaultPageSize, CancellationToken cancellationToken = default)
    {
        var total = await orderedQuery.CountAsync(cancellationToken);
        var pageCount = Math.Max(1, (total + pageSize - 1) / pageSize);
        var current = Math.Clamp(page, 1, pageCount);
        var items = await orderedQuery.Skip((current - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new PagedList<T>(items, current, pageSize, total);
    }
}

/// <summary>What the shared _Pager partial needs: the page numbers and the current filters to keep.</summary>
public sealed record PagerModel(int Page, int PageCount, int TotalCount, IReadOnlyDictionary<string, string?> Filters);
