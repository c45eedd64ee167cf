using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace GeccAssessment.Tests.Infrastructure;

/// <summary>
/// A save of an account by someone else at the worst moment. Armed for one user, it waits for the
/// app's first command that changes that user's security stamp and, just before the command is sent,
/// saves the account's row over another connection, as any save through Identity's store does (a new
/// concurrency stamp: a sign-in elsewhere counting a failure, say). The app loaded the row before, so
/// its save meets a real concurrent change in PostgreSQL, every time. Fires once per arming.
/// </summary>
public sealed class ConcurrentAccountSave(Func<string> connectionString) : DbCommandInterceptor
{
    private readonly Lock _gate = new();
    private (string UserId, string Stamp)? _armed;

    /// <summary>How many times the concurrent save was made since the last arming.</summary>
    public int Saves { get; private set; }

    /// <param name="stamp">The account's security stamp now: a command that sets another one changes it.</param>
    public void Arm(string userId, string stamp)
    {
        lock (_gate)
        {
            _armed = (userId, stamp);
            Saves = 0;
        }
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await SaveIfDueAsync(command);
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await SaveIfDueAsync(command);
        return result;
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        SaveIfDueAsync(command).GetAwaiter().GetResult();
        return result;
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        SaveIfDueAsync(command).GetAwaiter().GetResult();
        return result;
    }

    private async Task SaveIfDueAsync(DbCommand command)
    {
        string userId;
        lock (_gate)
        {
            if (_armed is not { } armed || !command.CommandText.Contains("UPDATE \"AspNetUsers\"", StringComparison.Ordinal))
            {
                return;
            }

            var values = command.Parameters.Cast<DbParameter>().Select(p => p.Value as string).ToList();
            // Identity's saves write every column, the unchanged stamp among them.
            if (!values.Contains(armed.UserId) || values.Contains(armed.Stamp))
            {
                return;
            }

            _armed = null;
            userId = armed.UserId;
        }

        await using var connection = new NpgsqlConnection(connectionString());
        await connection.OpenAsync();
        await using var save = new NpgsqlCommand("UPDATE \"AspNetUsers\" SET \"ConcurrencyStamp\" = gen_random_uuid()::text WHERE \"Id\" = @id", connection);
        save.Parameters.AddWithValue("id", userId);
        await save.ExecuteNonQueryAsync();
        lock (_gate)
        {
            Saves++;
        }
    }
}
