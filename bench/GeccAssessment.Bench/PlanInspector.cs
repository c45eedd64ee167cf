using System.Text.Json;
using Npgsql;

namespace GeccAssessment.Bench;

/// <summary>A sequential scan of a table with more rows than <see cref="PlanInspector.LargeTableRows"/>.</summary>
public sealed record SeqScan(string Table, long TableRows);

/// <summary>What EXPLAIN says about one distinct statement of a page.</summary>
/// <param name="GenericMilliseconds">EXPLAIN ANALYZE's execution time of the generic plan the statement settles on when prepared, if it does (see <see cref="PlanInspector"/>).</param>
/// <param name="GenericNote">Why that was not measured, when it was not.</param>
public sealed record StatementPlan(
    string Sql, int Executions, double AppMilliseconds, string RootNode, double? ExecutionMilliseconds,
    IReadOnlyList<SeqScan> LargeSeqScans, IReadOnlyList<string> Scans, string? Error, double? JitMilliseconds = null,
    double? GenericMilliseconds = null, string? GenericNote = null)
{
    /// <summary>The generic plan is slower by more than <see cref="PlanInspector.GenericSlowerFactor"/>× and <see cref="PlanInspector.GenericSlowerMilliseconds"/> ms.</summary>
    public bool GenericPlanIsSlow => GenericMilliseconds is { } generic && ExecutionMilliseconds is { } custom
        && generic > custom * PlanInspector.GenericSlowerFactor && generic - custom > PlanInspector.GenericSlowerMilliseconds;
}

/// <summary>
/// Runs EXPLAIN (ANALYZE, FORMAT JSON) on each statement a page ran, with the parameters it ran
/// with, and reads the plan: which tables are scanned how, and whether a large one is read whole.
/// Statements that would change data are explained without ANALYZE (GET pages should have none).
/// A read is also run as a prepared statement, six times: the app's statements are prepared
/// (Npgsql's automatic preparation), and from the sixth run PostgreSQL may switch one to its generic
/// plan, made without the parameters' values for average ones (a user with two unread
/// notifications, a province of average size), when that plan looks no dearer. EXPLAIN with the
/// values never shows that plan; the sixth run's EXPLAIN ANALYZE shows the plan the app settles on.
/// </summary>
public sealed class PlanInspector(BenchDatabase database)
{
    public const long LargeTableRows = 10_000;

    public const double GenericSlowerFactor = 3;

    public const double GenericSlowerMilliseconds = 1;

    /// <summary>A statement slower than this (an export) is not run five more times to see which plan it settles on.</summary>
    public const double SlowStatementMilliseconds = 200;

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
                var (generic, genericNote) = analyze && root.TryGetProperty("Execution Time", out var customTime)
                    ? await GenericPlanAsync(connection, first, customTime.GetDouble()) : (null, "not a read");
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
                        ? total.GetDouble() : null,
                    generic, genericNote));
            }
            catch (Exception e) when (e is PostgresException or JsonException or InvalidOperationException)
            {
                plans.Add(new StatementPlan(first.Sql, executions, appMilliseconds, "?", null, [], [], e.Message));
            }
        }

        return plans;
    }

    /// <summary>
    /// EXPLAIN ANALYZE of the plan a prepared statement settles on: PREPARE'd with its parameters as $n,
    /// EXECUTE'd five times with their values as literals, then explained. Null when that plan is the one
    /// made for the values (the statement was not switched to its generic plan).
    /// </summary>
    private static async Task<(double? Milliseconds, string? Note)> GenericPlanAsync(NpgsqlConnection connection, CapturedCommand statement, double customMilliseconds)
    {
        if (customMilliseconds > SlowStatementMilliseconds)
        {
            return (null, $"over {SlowStatementMilliseconds:0} ms: not run five more times");
        }

        var names = statement.Parameters.Select(p => p.ParameterName.TrimStart('@')).ToList();
        var literals = statement.Parameters.Select(p => Literal(p.Value)).ToList();
        if (literals.Any(l => l is null))
        {
            return (null, "a parameter of a type the bench does not write as a literal");
        }

        var sql = System.Text.RegularExpressions.Regex.Replace(statement.Sql, @"@(\w+)",
            m => names.IndexOf(m.Groups[1].Value) is var i and >= 0 ? "$" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : m.Value);
        try
        {
            await BenchDatabase.ExecuteAsync(connection, "PREPARE bench_generic AS " + sql);
            var execute = $"EXECUTE bench_generic{(literals.Count == 0 ? "" : "(" + string.Join(", ", literals) + ")")}";
            for (var run = 0; run < 5; run++)
            {
                await BenchDatabase.ExecuteAsync(connection, execute);
            }

            await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, FORMAT JSON) " + execute, connection);
            using var document = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync())!);
            var generic = await IsGenericAsync(connection);
            return generic ? (document.RootElement[0].GetProperty("Execution Time").GetDouble(), null) : (null, null);
        }
        catch (PostgresException e)
        {
            return (null, e.MessageText);
        }
        finally
        {
            await BenchDatabase.ExecuteAsync(connection, "DEALLOCATE ALL");
        }
    }

    /// <summary>Whether the last run of the prepared statement used its generic plan (pg_prepared_statements, PostgreSQL 14+).</summary>
    private static async Task<bool> IsGenericAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SELECT generic_plans > 0 FROM pg_prepared_statements WHERE name = 'bench_generic'", connection);
        return await command.ExecuteScalarAsync() is true;
    }

    /// <summary>A parameter's value as SQL text, left for PostgreSQL to read as the parameter's type; null for a type not handled.</summary>
    private static string? Literal(object? value)
    {
        static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        return value switch
        {
            null or DBNull => "NULL",
            bool b => b ? "true" : "false",
            int or long or short or decimal or double or float => Convert.ToString(value, invariant),
            string text => Quote(text),
            Guid guid => Quote(guid.ToString()),
            DateTime time => Quote(time.ToString("yyyy-MM-dd HH:mm:ss.ffffff", invariant) + (time.Kind == DateTimeKind.Utc ? "+00" : "")),
            DateOnly date => Quote(date.ToString("yyyy-MM-dd", invariant)),
            System.Collections.IEnumerable items => Quote("{" + string.Join(",", items.Cast<object?>().Select(i => i switch
            {
                null => "NULL",
                string t => "\"" + t.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
                _ => Convert.ToString(i, invariant),
            })) + "}"),
            Enum e => Quote(e.ToString()),
            _ => null,
        };
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
