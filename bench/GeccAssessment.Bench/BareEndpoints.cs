using System.Net;
using System.Text.RegularExpressions;
using GeccAssessment.Web.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GeccAssessment.Bench;

/// <summary>
/// The ceiling the app is measured against (./gecc bench --load): a bare Kestrel endpoint per page
/// that runs exactly the statements the app ran for one request of that page (captured with their
/// parameters by <see cref="SqlCapture"/>), with plain Npgsql on the app's own connection settings,
/// reading every value of every row, and answers a few bytes. No MVC, EF Core, Identity or Razor:
/// what the app costs beyond this is the framework and the page.
/// </summary>
public sealed partial class BareEndpoints : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly WebApplication _server;
    private readonly List<IReadOnlyList<CapturedCommand>> _pages = [];

    public BareEndpoints(string connectionString)
    {
        _dataSource = NpgsqlDataSource.Create(WebSetup.Tuned(connectionString));
        Port = BenchApp.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, Port));
        builder.Logging.ClearProviders();
        _server = builder.Build();
        _server.MapMethods("/bare/{page:int}", ["GET", "POST"], (int page, HttpContext context) => RunAsync(page, context));
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public Task StartAsync() => _server.StartAsync();

    /// <summary>Registers one page's statements; returns the path that replays them.</summary>
    public string Add(IReadOnlyList<CapturedCommand> statements)
    {
        _pages.Add(statements);
        return "/bare/" + (_pages.Count - 1);
    }

    /// <summary>
    /// Replays the page's statements on one pooled connection, the writes in one transaction as
    /// EF Core's SaveChanges does. So that each replay of a write does what the app's request did
    /// (a new row, an updated row under its lock) rather than nothing: every uuid parameter gets a
    /// fresh value (the change id is unique) and an optimistic "AND "Version" = @p" condition is
    /// dropped (the version it names is stale after the first replay).
    /// </summary>
    private async Task RunAsync(int page, HttpContext context)
    {
        var statements = _pages[page];
        var fresh = new Dictionary<Guid, Guid>();
        long values = 0;
        await using var connection = await _dataSource.OpenConnectionAsync(context.RequestAborted);
        NpgsqlTransaction? transaction = null;
        foreach (var statement in statements)
        {
            var write = !IsRead(statement.Sql);
            if (write && transaction is null)
            {
                transaction = await connection.BeginTransactionAsync(context.RequestAborted);
            }

            await using var command = new NpgsqlCommand(write ? VersionCondition().Replace(statement.Sql, "") : statement.Sql, connection, transaction);
            foreach (var captured in statement.Parameters)
            {
                var parameter = captured.Clone();
                if (parameter.Value is Guid id)
                {
                    parameter.Value = fresh.TryGetValue(id, out var replaced) ? replaced : fresh[id] = Guid.NewGuid();
                }

                command.Parameters.Add(parameter);
            }

            await using var reader = await command.ExecuteReaderAsync(context.RequestAborted);
            do
            {
                while (await reader.ReadAsync(context.RequestAborted))
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        // Materialise each value as EF Core would, so the ceiling includes reading the rows.
                        if (!reader.IsDBNull(i))
                        {
                            _ = reader.GetValue(i);
                        }

                        values++;
                    }
                }
            }
            while (await reader.NextResultAsync(context.RequestAborted));
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(context.RequestAborted);
            await transaction.DisposeAsync();
        }

        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync($"ok {statements.Count} statements, {values} values", context.RequestAborted);
    }

    private static bool IsRead(string sql)
    {
        var start = sql.TrimStart();
        return start.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) || start.StartsWith("WITH", StringComparison.OrdinalIgnoreCase) && !start.Contains("INSERT", StringComparison.OrdinalIgnoreCase) && !start.Contains("UPDATE", StringComparison.OrdinalIgnoreCase);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
        await _dataSource.DisposeAsync();
    }

    [GeneratedRegex("""\s+AND\s+"Version"\s*=\s*@\w+""")]
    private static partial Regex VersionCondition();
}
