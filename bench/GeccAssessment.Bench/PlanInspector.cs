using System.Text.Json;
using Npgsql;

namespace GeccAssessment.Bench;

/// <summary>A sequential scan of a table with more rows than <see cref="PlanInspector.LargeTableRows"/>.</summary>
public sealed record SeqScan(string Table, long TableRows);

/// <summary>What EXPLAIN says about one distinct statement of a page.</summary>
public sealed record StatementPlan(
    string Sql, int Executions, double AppMilliseconds, string RootNode, double? ExecutionMilliseconds,
    IReadOnlyList<SeqScan> LargeSeqScans, IReadOnlyList<string> Scans, string? Error, double? JitMilliseconds = null);

/// <summary>
/// Runs EXPLAIN (ANALYZE, FORMAT JSON) on each statement a page ran, with the parameters it ran
/// with, and reads the plan: which tables are scanned how, and whether a large one is read whole.
/// Statements that would change data are explained without ANALYZE (GET pages should have none).
/// </summary>
public sealed class PlanInspector(BenchDatabase database)
{
    public const long LargeTableRows = 10_000;

    private Dictionary<string, long>? _tableRows;

    public async Task<IReadOnlyList<StatementPlan>> InspectAsync(IReadOnlyList<CapturedCommand> commands)
    {
        await using var connection = await database.OpenAsync();
        _tableRows ??= await TableRowsAsync(connection);
        var plans = new List<StatementPlan>();
        foreach (var group in commands.GroupBy(c => c.Sql))
        {
            var first = group.First();
            var executions = group.Count();
            var appMilliseconds = group.Sum(c => c.Duration.TotalMilliseconds);
            try
            {
                var analyze = IsReadOnly(first.Sql);
                await using var command = new NpgsqlCommand((analyze ? "EXPLAIN (ANALYZE, FORMAT JSON) " : "EXPLAIN (FORMAT JSON) ") + first.Sql, connection);
                foreach (var parameter in first.Parameters)
                {
                    command.Parameters.Add(parameter.Clone());
                }

                var json = (string)(await command.ExecuteScalarAsync())!;
                using var document = JsonDocument.Parse(json);
                var root = document.RootElement[0];
                var plan = root.GetProperty("Plan");
                var scans = new List<(string Node, string? Relation, string? Index)>();
                Walk(plan, scans);
                var large = scans.Where(s => s.Node == "Seq Scan" && s.Relation is not null && _tableRows.GetValueOrDefault(s.Relation) > LargeTableRows)
                    .Select(s => new SeqScan(s.Relation!, _tableRows[s.Relation!])).Distinct().ToList();
                plans.Add(new StatementPlan(
                    first.Sql, executions, appMilliseconds, plan.GetProperty("Node Type").GetString()!,
                    root.TryGetProperty("Execution Time", out var time) ? time.GetDouble() : null,
                    large,
                    [.. scans.Where(s => s.Relation is not null).Select(s => $"{s.Node} {s.Relation}{(s.Index is null ? "" : " (" + s.Index + ")")}").Distinct()],
                    null,
                    // PostgreSQL compiles a query whose estimated cost passes jit_above_cost; that can cost more than running it.
                    root.TryGetProperty("JIT", out var jit) && jit.TryGetProperty("Timing", out var timing) && timing.TryGetProperty("Total", out var total)
                        ? total.GetDouble() : null));
            }
            catch (Exception e) when (e is PostgresException or JsonException or InvalidOperationException)
            {
                plans.Add(new StatementPlan(first.Sql, executions, appMilliseconds, "?", null, [], [], e.Message));
            }
        }

        return plans;
    }

    private static bool IsReadOnly(string sql)
    {
        var text = sql.TrimStart();
        return (text.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) || text.StartsWith("WITH", StringComparison.OrdinalIgnoreCase))
            && !System.Text.RegularExpressions.Regex.IsMatch(text, @"\b(INSERT|UPDATE|DELETE|FOR UPDATE)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
    }

    private static void Walk(JsonElement node, List<(string Node, string? Relation, string? Index)> scans)
    {
        var type = node.GetProperty("Node Type").GetString()!;
        var relation = node.TryGetProperty("Relation Name", out var r) ? r.GetString() : null;
        var index = node.TryGetProperty("Index Name", out var i) ? i.GetString() : null;
        if (relation is not null || index is not null)
        {
            scans.Add((type, relation, index));
        }

        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                Walk(child, scans);
            }
        }
    }

    private static async Task<Dictionary<string, long>> TableRowsAsync(NpgsqlConnection connection)
    {
        var rows = new Dictionary<string, long>();
        await using var command = new NpgsqlCommand(
            "SELECT relname, greatest(reltuples, 0)::bigint FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = reader.GetInt64(1);
        }

        return rows;
    }
}
