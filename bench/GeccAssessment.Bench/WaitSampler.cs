using Npgsql;

namespace GeccAssessment.Bench;

/// <summary>
/// What the database's busy sessions were doing during a load run: pg_stat_activity sampled ten
/// times a second. Sessions waiting on a Lock are queued behind another transaction's row or table
/// lock; LWLock and IO are the server's own contention; the rest run on the CPU.
/// </summary>
public sealed class WaitSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _samples;
    private long _active;
    private long _lock;
    private long _lwLockOrIo;

    private WaitSampler(BenchDatabase database) => _loop = Task.Run(() => LoopAsync(database));

    public sealed record Waits(double ActiveSessions, double LockShare, double LwLockOrIoShare);

    public static WaitSampler Start(BenchDatabase database) => new(database);

    public async Task<Waits> StopAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // stopped
        }

        return _samples == 0 || _active == 0
            ? new Waits(0, 0, 0)
            : new Waits((double)_active / _samples, (double)_lock / _active, (double)_lwLockOrIo / _active);
    }

    private async Task LoopAsync(BenchDatabase database)
    {
        await using var connection = await database.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT count(*), count(*) FILTER (WHERE wait_event_type = 'Lock'), count(*) FILTER (WHERE wait_event_type IN ('LWLock', 'IO'))
            FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()
            """, connection);
        while (!_stop.IsCancellationRequested)
        {
            await using (var reader = await command.ExecuteReaderAsync(_stop.Token))
            {
                await reader.ReadAsync(_stop.Token);
                _samples++;
                _active += reader.GetInt64(0);
                _lock += reader.GetInt64(1);
                _lwLockOrIo += reader.GetInt64(2);
            }

            await Task.Delay(100, _stop.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // stopped
        }

        _stop.Dispose();
    }
}
