using GeccAssessment.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GeccAssessment.Web.Data;

/// <summary>
/// Where pages that only read, and may be a moment behind, take their data: the streaming replica in
/// <c>ConnectionStrings:ReadOnly</c> when one is set and answers, else the primary. The public pages
/// (/centres, /verify) and the dashboard read through it (docs/adr/0009-several-instances.md).
/// </summary>
public sealed class ReadDb(ApplicationDbContext primary, ReplicaRouting routing) : IAsyncDisposable
{
    private ApplicationDbContext? _replica;

    public async Task<ApplicationDbContext> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_replica is not null)
        {
            return _replica;
        }

        if (routing.Options is { } options && await routing.ReplicaAnswersAsync(cancellationToken))
        {
            return _replica = new ApplicationDbContext(options);
        }

        return primary;
    }

    public async ValueTask DisposeAsync()
    {
        if (_replica is not null)
        {
            await _replica.DisposeAsync();
        }
    }
}

/// <summary>
/// The replica's connection and whether it answers, asked at most once every two seconds with a
/// short timeout on a pool of its own: a stopped replica costs the pages one failed connection
/// attempt every two seconds, never an error.
/// </summary>
public sealed class ReplicaRouting : IDisposable
{
    private static readonly TimeSpan AskEvery = TimeSpan.FromSeconds(2);

    private readonly NpgsqlDataSource? _probe;
    private readonly ILogger<ReplicaRouting> _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _askedAt;
    private bool _answers;
    private bool _asked;

    public ReplicaRouting(IConfiguration configuration, ILogger<ReplicaRouting> logger, TimeProvider time)
    {
        _logger = logger;
        _time = time;
        var connectionString = configuration.GetConnectionString("ReadOnly");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return;
        }

        Options = new DbContextOptionsBuilder<ApplicationDbContext>()
            .UseNpgsql(WebSetup.Tuned(connectionString))
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
            .Options;
        _probe = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = 2,
            Timeout = 2,
            CommandTimeout = 2,
            ApplicationName = "gecc-replica-probe",
        }.ConnectionString);
    }

    /// <summary>Null when no replica is configured.</summary>
    public DbContextOptions<ApplicationDbContext>? Options { get; }

    public async Task<bool> ReplicaAnswersAsync(CancellationToken cancellationToken)
    {
        if (_probe is null)
        {
            return false;
        }

        if (_asked && _time.GetElapsedTime(Interlocked.Read(ref _askedAt)) < AskEvery)
        {
            return _answers;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_asked && _time.GetElapsedTime(Interlocked.Read(ref _askedAt)) < AskEvery)
            {
                return _answers;
            }

            var answers = await AskAsync();
            if (answers != _answers || !_asked)
            {
                _logger.Log(answers ? LogLevel.Information : LogLevel.Warning, "Read replica {State}", answers ? "answers: public pages and the dashboard read from it" : "does not answer: reading from the primary");
            }

            _answers = answers;
            _asked = true;
            Interlocked.Exchange(ref _askedAt, _time.GetTimestamp());
            return answers;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<bool> AskAsync()
    {
        try
        {
            // Not the request's token: the answer is shared by every request for two seconds.
            await using var command = _probe!.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync();
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _probe?.Dispose();
        _gate.Dispose();
    }
}
