using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;

namespace GeccAssessment.Web.Data;

/// <summary>
/// Writes an <see cref="AuditEntry"/> for every insert, change and delete of an <see cref="IAudited"/>
/// entity, with the changed values before and after, so no feature can forget to audit.
/// Changes and deletes are audited in the same transaction as the change; inserts right after it,
/// because their database-generated id is only known then.
/// One instance serves every context (the contexts are pooled, docs/adr/0017): the inserts waiting
/// for their ids are kept on the context being saved, never here.
/// </summary>
public sealed class AuditInterceptor(IHttpContextAccessor httpContextAccessor, TimeProvider clock) : SaveChangesInterceptor
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return base.SavingChanges(eventData, result);
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && AddInsertEntries(context))
        {
            await context.SaveChangesAsync(cancellationToken);
        }

        return await base.SavedChangesAsync(eventData, result, cancellationToken);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { } context && AddInsertEntries(context))
        {
            context.SaveChanges();
        }

        return base.SavedChanges(eventData, result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => PendingInserts(eventData.Context)?.Clear();

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        PendingInserts(eventData.Context)?.Clear();
        return Task.CompletedTask;
    }

    /// <summary>The saved context's inserts waiting for their ids (only the app's context is audited).</summary>
    private static List<EntityEntry>? PendingInserts(DbContext? context) => (context as ApplicationDbContext)?.PendingAuditInserts;

    private void Collect(DbContext? context)
    {
        if (PendingInserts(context) is not { } pending)
        {
            return;
        }

        // Whatever an earlier save of this context left (one that never finished) is not this save's.
        pending.Clear();
        context!.ChangeTracker.DetectChanges();
        foreach (var entry in context.ChangeTracker.Entries().Where(e => e.Entity is IAudited).ToList())
        {
            switch (entry.State)
            {
                case EntityState.Added:
                    pending.Add(entry);
                    break;
                case EntityState.Modified:
                    var changed = Scalars(entry).Where(p => p.IsModified && !Equals(p.OriginalValue, p.CurrentValue) && IsAuditable(p)).ToList();
                    if (changed.Count > 0)
                    {
                        context.Add(NewEntry(entry, "Modified",
                            Serialize(changed.ToDictionary(Name, p => p.OriginalValue)),
                            Serialize(changed.ToDictionary(Name, p => p.CurrentValue))));
                    }

                    break;
                case EntityState.Deleted:
                    context.Add(NewEntry(entry, "Deleted", Serialize(Values(entry, original: true)), null));
                    break;
            }
        }
    }

    private bool AddInsertEntries(DbContext context)
    {
        if (PendingInserts(context) is not { Count: > 0 } pending)
        {
            return false;
        }

        var inserted = pending.ToList();
        pending.Clear();
        foreach (var entry in inserted)
        {
            context.Add(NewEntry(entry, "Added", null, Serialize(Values(entry, original: false))));
        }

        return true;
    }

    private AuditEntry NewEntry(EntityEntry entry, string action, string? before, string? after)
    {
        var user = httpContextAccessor.HttpContext?.User;
        var key = entry.Metadata.FindPrimaryKey()!.Properties.Select(p => entry.Property(p.Name).CurrentValue?.ToString());
        return new AuditEntry
        {
            AtUtc = clock.GetUtcNow().UtcDateTime,
            UserId = user?.FindFirstValue(ClaimTypes.NameIdentifier),
            UserName = user?.Identity?.Name,
            EntityType = entry.Metadata.ClrType.Name,
            EntityId = string.Join("/", key),
            Action = action,
            Before = before,
            After = after,
        };
    }

    private static Dictionary<string, object?> Values(EntityEntry entry, bool original) =>
        Scalars(entry).Where(IsAuditable).ToDictionary(Name, p => original ? p.OriginalValue : p.CurrentValue);

    /// <summary>The entity's columns, including those of its complex values (a score's mark: "Mark.Points").</summary>
    private static IEnumerable<PropertyEntry> Scalars(EntityEntry entry) =>
        entry.Properties.Concat(entry.ComplexProperties.SelectMany(c => c.Properties));

    private static string Name(PropertyEntry property) =>
        property.Metadata.DeclaringType is IComplexType complex ? complex.ComplexProperty.Name + "." + property.Metadata.Name : property.Metadata.Name;

    private static bool IsAuditable(PropertyEntry property) =>
        property.Metadata.ClrType != typeof(byte[]) && !property.Metadata.IsConcurrencyToken;

    private static string Serialize(Dictionary<string, object?> values) =>
        JsonSerializer.Serialize(values.ToDictionary(v => v.Key, v => v.Value is Enum e ? e.ToString() : v.Value), Json);
}
