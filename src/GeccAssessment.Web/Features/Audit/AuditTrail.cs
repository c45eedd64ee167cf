using System.Text.Json;
using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Audit;

public sealed class AuditFilter
{
    public string? EntityType { get; set; }

    public string? EntityId { get; set; }

    public int Page { get; set; } = 1;
}

/// <summary>One changed field: its name as stored and its values before and after, as the JSON held them (null: none).</summary>
public sealed record AuditChange(string Field, JsonElement? Before, JsonElement? After);

/// <param name="Who">The person's display name; <paramref name="Account"/> is the sign-in name stored with the entry.</param>
public sealed record AuditLine(long Id, DateTime AtUtc, string? Who, string? Account, string EntityType, string EntityId, string Action, IReadOnlyList<AuditChange> Changes);

public sealed record AuditPage(AuditFilter Filter, IReadOnlyList<string> EntityTypes, PagedList<AuditEntry> Entries, IReadOnlyList<AuditLine> Lines)
{
    public PagerModel Pager => new(Entries.Page, Entries.PageCount, Entries.TotalCount,
        new Dictionary<string, string?> { ["entityType"] = Filter.EntityType, ["entityId"] = Filter.EntityId }, Entries.CountIsCapped);
}

/// <summary>The audit trail, newest first, each entry read back into its changed fields and its author's name.</summary>
public class AuditTrail(ApplicationDbContext db)
{
    /// <summary>
    /// The trail grows by millions of rows over the years: pages reach back this many entries (200
    /// pages); older ones are found with the filters. Counting or skipping further read every row.
    /// </summary>
    public const int BrowsableEntries = 10_000;

    public static readonly IReadOnlyList<string> EntityTypes =
        [nameof(Application), nameof(Cycle), nameof(Criterion), nameof(Dimension), nameof(CertificationLevel), nameof(Agency), nameof(ServicePoint), Users.UserAdministration.AccountEntityType];

    public async Task<AuditPage> PageAsync(AuditFilter filter, CancellationToken cancellationToken)
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
        // The names of the page's authors in one query, not one per row.
        var userIds = entries.Items.Select(e => e.UserId).OfType<string>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        var lines = entries.Items.Select(e => new AuditLine(
            e.Id, e.AtUtc, e.UserId is { } id && names.TryGetValue(id, out var name) ? name : e.UserName, e.UserName,
            e.EntityType, e.EntityId, e.Action, Changes(e.Before, e.After))).ToList();
        return new AuditPage(filter, EntityTypes, entries, lines);
    }

    /// <summary>The fields named in either JSON object, in the order they were written; anything else is shown as one unnamed value.</summary>
    public static IReadOnlyList<AuditChange> Changes(string? before, string? after)
    {
        var old = Fields(before);
        var now = Fields(after);
        return [.. old.Keys.Concat(now.Keys).Distinct()
            .Select(field => new AuditChange(field, old.TryGetValue(field, out var b) ? b : null, now.TryGetValue(field, out var a) ? a : null))];
    }

    private static Dictionary<string, JsonElement> Fields(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone())
                : new Dictionary<string, JsonElement> { [""] = document.RootElement.Clone() };
        }
        catch (JsonException)
        {
            return new Dictionary<string, JsonElement> { [""] = JsonDocument.Parse(JsonSerializer.Serialize(json)).RootElement.Clone() };
        }
    }
}
