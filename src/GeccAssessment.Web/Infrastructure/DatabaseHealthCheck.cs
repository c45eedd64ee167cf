using GeccAssessment.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace GeccAssessment.Web.Infrastructure;

/// <summary>
/// Asks PostgreSQL directly, with a short timeout (the DbContext's retry strategy would keep a load
/// balancer waiting for a minute on a dead database), over a pool of its own of at most two
/// connections, and remembers each answer for one second. /health is anonymous: unpooled, 300
/// concurrent requests held 130 PostgreSQL connections, more than the server allows; now a flood of
/// them costs one query a second.
/// </summary>
public sealed class DatabaseProbe(IConfiguration configuration, IServiceScopeFactory scopes, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);

    private readonly CachedCheck _live = new(time);
    private readonly CachedCheck _ready = new(time);

    private string ConnectionString => new NpgsqlConnectionStringBuilder(configuration.GetConnectionString("Default"))
    {
        Pooling = true,
        MaxPoolSize = 2,
        Timeout = 3,
        CommandTimeout = 3,
        ApplicationName = "gecc-health",
    }.ConnectionString;

    /// <summary>The database answers.</summary>
    public Task<HealthCheckResult> LiveAsync(CancellationToken cancellationToken) =>
        _live.GetAsync(() => AskAsync(async connection =>
        {
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync();
            return HealthCheckResult.Healthy();
        }), cancellationToken);

    /// <summary>The database answers and holds every migration this build has.</summary>
    public Task<HealthCheckResult> ReadyAsync(CancellationToken cancellationToken) =>
        _ready.GetAsync(() => AskAsync(async connection =>
        {
            var applied = new HashSet<string>();
            await using var command = new NpgsqlCommand("SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\"", connection);
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    applied.Add(reader.GetString(0));
                }
            }

            await using var scope = scopes.CreateAsyncScope();
            var pending = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().Database.GetMigrations().Count(m => !applied.Contains(m));
            return pending == 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"{pending} migrations are not applied.");
        }), cancellationToken);

    private async Task<HealthCheckResult> AskAsync(Func<NpgsqlConnection, Task<HealthCheckResult>> question)
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            return await question(connection);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return HealthCheckResult.Unhealthy("The database has no migrations applied.", ex);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", ex);
        }
    }

    /// <summary>One check at a time, its answer shared by every request within <see cref="CacheFor"/>.</summary>
    private sealed class CachedCheck(TimeProvider time)
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private volatile Answer? _last;

        public async Task<HealthCheckResult> GetAsync(Func<Task<HealthCheckResult>> check, CancellationToken cancellationToken)
        {
            if (Fresh() is { } answer)
            {
                return answer;
            }

            await _gate.WaitAsync(cancellationToken);
            try
            {
                if (Fresh() is { } fresh)
                {
                    return fresh;
                }

                // Not the request's token: the answer is shared, and one client leaving must not spoil it.
                var result = await check();
                _last = new Answer(result, time.GetTimestamp());
                return result;
            }
            finally
            {
                _gate.Release();
            }
        }

        private HealthCheckResult? Fresh() =>
            _last is { } last && time.GetElapsedTime(last.Timestamp) < CacheFor ? last.Result : null;

        private sealed record Answer(HealthCheckResult Result, long Timestamp);
    }
}

public sealed class DatabaseHealthCheck(DatabaseProbe probe) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        probe.LiveAsync(cancellationToken);
}

public sealed class DatabaseReadinessCheck(DatabaseProbe probe) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        probe.ReadyAsync(cancellationToken);
}
