using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GeccAssessment.Tests.Infrastructure;

/// <summary>
/// Counts the SQL statements (commands sent to PostgreSQL) of the requests that carry the
/// <see cref="Header"/> header, by its value. Other requests and the app's background worker are
/// not counted, so a test measures exactly one request.
/// </summary>
public sealed class StatementCounter : DbCommandInterceptor
{
    public const string Header = "X-Count-Statements";

    // HttpContextAccessor keeps the current request in a static AsyncLocal: any instance sees it.
    private readonly HttpContextAccessor _requests = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _byLabel = new();

    /// <summary>The statements counted under the label, which is then forgotten.</summary>
    public IReadOnlyList<string> Take(string label) => _byLabel.TryRemove(label, out var statements) ? [.. statements] : [];

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Count(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Count(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Count(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }

    private void Count(DbCommand command)
    {
        var label = _requests.HttpContext?.Request.Headers[Header].ToString();
        if (!string.IsNullOrEmpty(label))
        {
            _byLabel.GetOrAdd(label, _ => new ConcurrentQueue<string>()).Enqueue(command.CommandText);
        }
    }
}

public static class StatementCounting
{
    /// <summary>Sends the request counted under a fresh label and returns the response with the statements it ran.</summary>
    public static async Task<(HttpResponseMessage Response, IReadOnlyList<string> Statements)> CountedAsync(
        this HttpClient client, GeccAppFactory app, HttpRequestMessage request)
    {
        var label = Guid.NewGuid().ToString("N");
        request.Headers.Add(StatementCounter.Header, label);
        var response = await client.SendAsync(request);
        return (response, app.Statements.Take(label));
    }
}
