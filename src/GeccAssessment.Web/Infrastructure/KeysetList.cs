using System.Globalization;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Infrastructure;

/// <summary>Which page of a keyset-paged list is asked for: the first, the last, or the one after or before a row's key.</summary>
/// <param name="After">The key of the last row of the page before (<see cref="KeysetOrder{TEntity, TSort}.Key"/>).</param>
/// <param name="Before">The key of the first row of the page after.</param>
public sealed record KeysetRequest(string? After = null, string? Before = null, bool Last = false)
{
    public static KeysetRequest First { get; } = new();
}

/// <summary>A keyset-paged list's filter: which page its links ask for (docs/adr/0013), bound from the query string.</summary>
public abstract class KeysetFilter
{
    /// <summary>The key of the row the page continues after (the "next" link).</summary>
    public string? After { get; set; }

    /// <summary>The key of the row the page ends before (the "previous" link).</summary>
    public string? Before { get; set; }

    /// <summary>The last page (the "last" link).</summary>
    public bool Last { get; set; }

    public KeysetRequest Paging => new(After, Before, Last);
}

/// <summary>
/// A list sorted by (a sort value, the row's id), paged by seeking to the key of the row a page
/// starts after (or ends before) instead of skipping rows: every page costs the same, however far
/// into a cycle of 150,000 assessments it is (docs/adr/0013-keyset-paging.md). A null sort value
/// sorts after every other (PostgreSQL's default for ascending order).
/// </summary>
/// <remarks>
/// Rows with a sort value and rows without are read by separate statements, each a plain seek on
/// the list's index: one condition "(sort, id) &gt; key OR sort IS NULL" would make PostgreSQL read
/// every row after the key before it could sort them.
/// </remarks>
public sealed class KeysetOrder<TEntity, TSort>(
    Expression<Func<TEntity, TSort>> sort, Expression<Func<TEntity, int>> id, Func<TSort, string> format, Func<string, TSort> parse, IComparer<TSort>? comparer = null)
{
    private readonly IComparer<TSort> _comparer = comparer ?? Comparer<TSort>.Default;

    /// <summary>Sort values that can be null (a nullable date); a string key is never null here.</summary>
    private static bool Nullable => default(TSort) is null && typeof(TSort) != typeof(string);

    /// <summary>The key in the page's links: "id" for a null sort value, else "id~value".</summary>
    public string Key(TSort value, int rowId) =>
        value is null ? rowId.ToString(CultureInfo.InvariantCulture) : rowId.ToString(CultureInfo.InvariantCulture) + "~" + format(value);

    /// <summary>Null for a key that is not one (a hand-edited address): the list then starts at its first page.</summary>
    public (TSort Sort, int Id)? ParseKey(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        var separator = key.IndexOf('~', StringComparison.Ordinal);
        var idText = separator < 0 ? key : key[..separator];
        if (!int.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var rowId))
        {
            return null;
        }

        if (separator < 0)
        {
            return Nullable ? (default!, rowId) : null;
        }

        try
        {
            return (parse(key[(separator + 1)..]), rowId);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Rows in the list's order: by sort value (nulls last), then by id.</summary>
    public int Compare(TSort a, int aId, TSort b, int bId)
    {
        if ((a is null) != (b is null))
        {
            return a is null ? 1 : -1;
        }

        var bySort = a is null ? 0 : _comparer.Compare(a, b);
        return bySort != 0 ? bySort : aId.CompareTo(bId);
    }

    /// <summary>The rows with a sort value: those after (or before) the key, in the list's order (or reversed).</summary>
    internal IQueryable<TEntity> Valued(IQueryable<TEntity> query, (TSort Sort, int Id)? key, bool forward)
    {
        if (Nullable)
        {
            query = query.Where(Lambda(Expression.NotEqual(sort.Body, Expression.Constant(null, typeof(TSort))), sort.Parameters[0]));
        }

        if (key is { Sort: not null } k)
        {
            // (sort, id) > (@sort, @id): a row comparison that PostgreSQL answers with one index seek.
            var row = Tuple([.. Parts(sort.Body), Replace(id.Body, id.Parameters[0], sort.Parameters[0])]);
            var holder = Expression.Constant(new KeyHolder(k.Sort, k.Id));
            var value = Tuple([.. Parts(Expression.Field(holder, nameof(KeyHolder.Sort))), Expression.Field(holder, nameof(KeyHolder.Id))]);
            var compare = typeof(NpgsqlDbFunctionsExtensions).GetMethod(forward ? nameof(NpgsqlDbFunctionsExtensions.GreaterThan) : nameof(NpgsqlDbFunctionsExtensions.LessThan),
                [typeof(DbFunctions), typeof(ITuple), typeof(ITuple)])!;
            var call = Expression.Call(compare, Expression.Property(null, typeof(EF), nameof(EF.Functions)),
                Expression.Convert(row, typeof(ITuple)), Expression.Convert(value, typeof(ITuple)));
            query = query.Where(Lambda(call, sort.Parameters[0]));
        }

        var ordered = query;
        var first = true;
        foreach (var part in Parts(sort.Body))
        {
            ordered = Order(ordered, Expression.Lambda(part, sort.Parameters[0]), first, forward);
            first = false;
        }

        return forward ? ((IOrderedQueryable<TEntity>)ordered).ThenBy(id) : ((IOrderedQueryable<TEntity>)ordered).ThenByDescending(id);
    }

    /// <summary>
    /// The columns of a sort value: one, or each of a tuple's, (province, name) say; a tuple's parts
    /// are ordered and compared one after another, as a row, before the id.
    /// </summary>
    private static IEnumerable<Expression> Parts(Expression value)
    {
        if (!value.Type.IsGenericType || !value.Type.FullName!.StartsWith("System.ValueTuple`", StringComparison.Ordinal))
        {
            return [value];
        }

        return value is NewExpression created
            ? created.Arguments
            : value.Type.GetFields().Where(f => f.Name.StartsWith("Item", StringComparison.Ordinal)).OrderBy(f => f.Name, StringComparer.Ordinal)
                .Select(f => (Expression)Expression.Field(value, f));
    }

    private static IQueryable<TEntity> Order(IQueryable<TEntity> query, LambdaExpression key, bool first, bool ascending)
    {
        var method = (first ? "OrderBy" : "ThenBy") + (ascending ? "" : "Descending");
        return query.Provider.CreateQuery<TEntity>(
            Expression.Call(typeof(Queryable), method, [typeof(TEntity), key.ReturnType], query.Expression, Expression.Quote(key)));
    }

    /// <summary>The rows without a sort value, after (or before) the key's id when the key has none either.</summary>
    internal IQueryable<TEntity>? Unvalued(IQueryable<TEntity> query, (TSort Sort, int Id)? key, bool forward)
    {
        if (!Nullable)
        {
            return null;
        }

        query = query.Where(Lambda(Expression.Equal(sort.Body, Expression.Constant(null, typeof(TSort))), sort.Parameters[0]));
        if (key is { Sort: null } k)
        {
            var holder = Expression.Constant(new KeyHolder(default!, k.Id));
            var keyId = Expression.Field(holder, nameof(KeyHolder.Id));
            query = query.Where(Expression.Lambda<Func<TEntity, bool>>(forward ? Expression.GreaterThan(id.Body, keyId) : Expression.LessThan(id.Body, keyId), id.Parameters));
        }

        return forward ? query.OrderBy(id) : query.OrderByDescending(id);
    }

    private static Expression<Func<TEntity, bool>> Lambda(Expression body, ParameterExpression parameter) => Expression.Lambda<Func<TEntity, bool>>(body, parameter);

    private static NewExpression Tuple(Expression[] items)
    {
        Type[] open = [typeof(ValueTuple<,>), typeof(ValueTuple<,,>), typeof(ValueTuple<,,,>)];
        var types = items.Select(i => i.Type).ToArray();
        var type = open[items.Length - 2].MakeGenericType(types);
        return Expression.New(type.GetConstructor(types)!, items);
    }

    private static Expression Replace(Expression body, ParameterExpression from, ParameterExpression to) => new Swap(from, to).Visit(body);

    private sealed class Swap(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }

    /// <summary>The key's values as fields of an object, so that EF Core sends them as parameters (one plan for every page).</summary>
    private sealed class KeyHolder(TSort sort, int id)
    {
        public readonly TSort Sort = sort;
        public readonly int Id = id;
    }
}

/// <summary>One page of a keyset-paged list, with the keys its previous and next links continue from.</summary>
public sealed class KeysetList<T>
{
    /// <summary>The most rows a list counts (docs/adr/0013): a count reads every row it counts, so this bounds its cost at any scale.</summary>
    public const int CountLimit = 5_000;

    private KeysetList(IReadOnlyList<T> items, int totalCount, bool countIsCapped, string? previousKey, string? nextKey, bool isFirst, bool isLast)
    {
        CountIsCapped = countIsCapped;
        Items = items;
        TotalCount = totalCount;
        PreviousKey = previousKey;
        NextKey = nextKey;
        IsFirst = isFirst;
        IsLast = isLast;
    }

    public IReadOnlyList<T> Items { get; }

    public int TotalCount { get; }

    /// <summary>More rows match than <see cref="TotalCount"/> (<see cref="CountLimit"/>).</summary>
    public bool CountIsCapped { get; }

    /// <summary>The first row's key, for the link to the page before; null on the first page.</summary>
    public string? PreviousKey { get; }

    /// <summary>The last row's key, for the link to the page after; null on the last page.</summary>
    public string? NextKey { get; }

    public bool IsFirst { get; }

    public bool IsLast { get; }

    /// <param name="filtered">The list's rows, filtered and not yet ordered.</param>
    /// <param name="project">Turns the page's entities (ordered and cut) into rows; its order need not be kept.</param>
    /// <param name="sortOf">A row's sort value and id, as <paramref name="order"/> reads them from the entity.</param>
    /// <param name="knownCount">The exact number of matching rows when the caller has it without counting them (a running total, docs/adr/0018).</param>
    /// <param name="compiled">The caller's compiled reads of the same rows (docs/adr/0021): the count up to
    /// <see cref="CountLimit"/> + 1, and the first rows with a sort value in the list's order; each is used where it
    /// gives what <paramref name="filtered"/> would.</param>
    public static Task<KeysetList<T>> CreateAsync<TEntity, TSort>(
        IQueryable<TEntity> filtered, KeysetOrder<TEntity, TSort> order, Func<IQueryable<TEntity>, IQueryable<T>> project,
        Func<T, (TSort Sort, int Id)> sortOf, KeysetRequest request, int pageSize = PagedList<T>.DefaultPageSize, int? knownCount = null,
        CancellationToken cancellationToken = default, CompiledReads? compiled = null) =>
        CreateAsync(() => filtered, order, project, sortOf, request, pageSize, knownCount, cancellationToken, compiled);

    /// <summary>
    /// As above, with the filtered query built only if a statement needs it: a list served by its
    /// <paramref name="compiled"/> reads (its first page) then builds no expression tree at all (docs/adr/0028).
    /// </summary>
    public static async Task<KeysetList<T>> CreateAsync<TEntity, TSort>(
        Func<IQueryable<TEntity>> filter, KeysetOrder<TEntity, TSort> order, Func<IQueryable<TEntity>, IQueryable<T>> project,
        Func<T, (TSort Sort, int Id)> sortOf, KeysetRequest request, int pageSize = PagedList<T>.DefaultPageSize, int? knownCount = null,
        CancellationToken cancellationToken = default, CompiledReads? compiled = null)
    {
        IQueryable<TEntity>? built = null;
        IQueryable<TEntity> Filtered() => built ??= filter();

        // Counted only up to a limit: a count is the one part of a page that reads every matching row,
        // so past the limit the pager says "more than" instead (a national cycle's lists stay below it).
        var total = knownCount ?? (compiled is not null ? await compiled.CountUpToAsync(CountLimit + 1) : await Filtered().Take(CountLimit + 1).CountAsync(cancellationToken));
        var capped = knownCount is null && total > CountLimit;
        total = capped ? CountLimit : total;
        var after = order.ParseKey(request.After);
        var before = after is null ? order.ParseKey(request.Before) : null;
        List<T> rows;
        bool isFirst, isLast;
        if (before is not null || (request.Last && after is null))
        {
            rows = await ReadAsync(Filtered, order, project, sortOf, before, forward: false, pageSize + 1, null, cancellationToken);
            isFirst = rows.Count <= pageSize;
            isLast = before is null;
            if (isFirst && !isLast)
            {
                // Fewer rows before the key than a page: show the first page, full, rather than a short one.
                return await CreateAsync(Filtered, order, project, sortOf, KeysetRequest.First, pageSize, knownCount, cancellationToken, compiled);
            }

            rows = rows.Take(pageSize).ToList();
        }
        else
        {
            rows = await ReadAsync(Filtered, order, project, sortOf, after, forward: true, pageSize + 1, after is null ? compiled : null, cancellationToken);
            isFirst = after is null;
            isLast = rows.Count <= pageSize;
            rows = rows.Take(pageSize).ToList();
        }

        rows.Sort((x, y) =>
        {
            var (xs, xi) = sortOf(x);
            var (ys, yi) = sortOf(y);
            return order.Compare(xs, xi, ys, yi);
        });
        string KeyOf(T row)
        {
            var (s, i) = sortOf(row);
            return order.Key(s, i);
        }

        return new KeysetList<T>(rows, total, capped, isFirst || rows.Count == 0 ? null : KeyOf(rows[0]), isLast || rows.Count == 0 ? null : KeyOf(rows[^1]), isFirst, isLast);
    }

    /// <summary>
    /// A list's own compiled reads (docs/adr/0021), for a list read on nearly every visit: the same rows
    /// as its filtered query, counted up to a limit, and the first rows with a sort value in the list's order.
    /// </summary>
    public sealed record CompiledReads(Func<int, Task<int>> CountUpToAsync, Func<int, Task<List<T>>> FirstValuedAsync);

    /// <summary>Up to <paramref name="count"/> rows next to the key in one direction: the valued rows, then the null ones (reversed going back).</summary>
    private static async Task<List<T>> ReadAsync<TEntity, TSort>(
        Func<IQueryable<TEntity>> filtered, KeysetOrder<TEntity, TSort> order, Func<IQueryable<TEntity>, IQueryable<T>> project,
        Func<T, (TSort Sort, int Id)> sortOf, (TSort Sort, int Id)? key, bool forward, int count, CompiledReads? fromTheStart, CancellationToken cancellationToken)
    {
        var keyIsNull = key is { Sort: null };
        // Going forward the valued rows come first; going back from the end the null ones do. Each segment's
        // query is built only when its rows are needed.
        Func<IQueryable<TEntity>?>[] segments = forward
            ? [() => keyIsNull ? null : order.Valued(filtered(), key, forward: true), () => order.Unvalued(filtered(), keyIsNull ? key : null, forward: true)]
            : [() => key is null || keyIsNull ? order.Unvalued(filtered(), keyIsNull ? key : null, forward: false) : null,
               () => order.Valued(filtered(), keyIsNull ? null : key, forward: false)];
        var rows = new List<T>();
        for (var i = 0; i < segments.Length && rows.Count < count; i++)
        {
            List<T> page;
            if (fromTheStart is not null && i == 0)
            {
                // From the start going forward, the first segment is the valued rows: the caller's compiled read gives them.
                page = await fromTheStart.FirstValuedAsync(count);
            }
            else if (segments[i]() is { } segment)
            {
                page = await project(segment.Take(count - rows.Count)).ToListAsync(cancellationToken);
            }
            else
            {
                continue;
            }

            page.Sort((x, y) =>
            {
                var (xs, xi) = sortOf(x);
                var (ys, yi) = sortOf(y);
                return forward ? order.Compare(xs, xi, ys, yi) : order.Compare(ys, yi, xs, xi);
            });
            rows.AddRange(page);
        }

        return rows;
    }
}

/// <summary>What the shared _KeysetPager partial needs: the links' keys and the filters to keep.</summary>
public sealed record KeysetPagerModel(int TotalCount, string? PreviousKey, string? NextKey, bool IsFirst, bool IsLast, IReadOnlyDictionary<string, string?> Filters, bool CountIsCapped = false)
{
    public static KeysetPagerModel For<T>(KeysetList<T> rows, IReadOnlyDictionary<string, string?> filters) =>
        new(rows.TotalCount, rows.PreviousKey, rows.NextKey, rows.IsFirst, rows.IsLast, filters, rows.CountIsCapped);
}

/// <summary>How sort values are written in a key: times as UTC ticks (exact to PostgreSQL's microsecond), dates as ISO, numbers and text as they are.</summary>
public static class KeysetFormats
{
    public static string FormatTime(DateTime? value) => value!.Value.Ticks.ToString(CultureInfo.InvariantCulture);

    public static DateTime? ParseTime(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTime.MaxValue.Ticks
            ? new DateTime(ticks, DateTimeKind.Utc)
            : throw new FormatException("not a time key");

    public static string FormatInt(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static int ParseInt(string text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : throw new FormatException("not a number key");

    public static string FormatDate(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly ParseDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) ? value : throw new FormatException("not a date key");

    public static string FormatText(string value) => value;

    public static string ParseText(string text) => text;
}
