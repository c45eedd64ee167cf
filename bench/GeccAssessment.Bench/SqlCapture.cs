using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace GeccAssessment.Bench;

/// <summary>One SQL command the app ran, with its parameters (cloned, so it can be explained later).</summary>
public sealed record CapturedCommand(string Sql, IReadOnlyList<NpgsqlParameter> Parameters, TimeSpan Duration);

/// <summary>
/// Records every command EF Core runs for a request that carries the <see cref="Header"/> header
/// (its value names the page). Requests without it, and the app's background worker, are not
/// recorded, so the timed requests pay only for a header lookup.
/// </summary>
public sealed class SqlCapture : DbCommandInterceptor
{
    public const string Header = "X-Bench-Capture";

    // HttpContextAccessor keeps the current request in a static AsyncLocal: any instance sees it.
    private readonly HttpContextAccessor _requests = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<CapturedCommand>> _byPage = new();

    public IReadOnlyList<CapturedCommand> Take(string page) =>
        _byPage.TryRemove(page, out var commands) ? [.. commands] : [];

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Record(command, eventData.Duration);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Record(command, eventData.Duration);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Record(command, eventData.Duration);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Record(command, eventData.Duration);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Record(command, eventData.Duration);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Record(command, eventData.Duration);
        return ValueTask.FromResult(result);
    }

    private void Record(DbCommand command, TimeSpan duration)
    {
        var page = _requests.HttpContext?.Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(page))
        {
            return;
        }

        var parameters = command.Parameters.OfType<NpgsqlParameter>().Select(p => p.Clone()).ToList();
        _byPage.GetOrAdd(page, _ => new ConcurrentQueue<CapturedCommand>()).Enqueue(new CapturedCommand(command.CommandText, parameters, duration));
    }
}
