using System.Diagnostics;
using System.Threading.RateLimiting;
using Npgsql;

namespace GeccAssessment.Web.Infrastructure;

/// <summary>
/// Sign-in is limited per client address (<see cref="ClientAddress"/>: an IPv6 address by its /64; a fixed window per minute), against password guessing;
/// Identity's lockout protects each account on top. Account-creating forms have an hourly limit.
/// Both count in PostgreSQL (<see cref="SharedRateLimitStore"/>), so the limits hold across every
/// app instance behind the balancer, not once per instance (docs/adr/0009-several-instances.md).
/// </summary>
public static class RateLimits
{
    public const string SignIn = "sign-in";

    /// <summary>Every form that creates an account: registration, add-colleague, the user page's create.</summary>
    public const string AccountCreation = "account-creation";

    public static IServiceCollection AddGeccRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        // Per client address: a provincial office signs in many people from one address at 8:30,
        // so the limit stops a guessing script without stopping the office. Behind the proxy the
        // address is the client's own (forwarded headers, see docker-compose.yml).
        var perMinute = configuration.GetValue("Gecc:RateLimit:SignInPerMinute", 30);
        var accountsPerHour = configuration.GetValue("Gecc:RateLimit:AccountsPerHour", 30);
        services.AddSingleton<SharedRateLimitStore>();
        return services.AddRateLimiter(options =>
        {
            // 429 is then shown by the Thai error page (status code pages).
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(SignIn, context => Shared(context, SignIn + ":" + ClientAddress.KeyOf(context),
                perMinute, TimeSpan.FromMinutes(1)));
            // Per signed-in account when there is one (it cannot hide behind other addresses), else per
            // address: enough for an office setting up its people, too few for mass-made accounts.
            options.AddPolicy(AccountCreation, context => Shared(context,
                AccountCreation + ":" + (context.User.UserId() is { } userId ? "user:" + userId : "ip:" + ClientAddress.KeyOf(context)),
                accountsPerHour, TimeSpan.FromHours(1)));
        });
    }

    private static RateLimitPartition<string> Shared(HttpContext context, string key, int permitLimit, TimeSpan window)
    {
        var store = context.RequestServices.GetRequiredService<SharedRateLimitStore>();
        return RateLimitPartition.Get(key, k => new SharedWindowLimiter(store, k, permitLimit, window));
    }
}

/// <summary>
/// A fixed window counted in the database. The synchronous attempt always declines, so that the
/// rate-limiting middleware asks <see cref="AcquireAsyncCore"/>, which counts with one statement.
/// </summary>
internal sealed class SharedWindowLimiter(SharedRateLimitStore store, string key, int permitLimit, TimeSpan window) : RateLimiter
{
    private long _lastUsed = Stopwatch.GetTimestamp();

    public override TimeSpan? IdleDuration => Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Lease.Declined;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _lastUsed, Stopwatch.GetTimestamp());
        return await store.TryTakeAsync(key, permitLimit, window, cancellationToken) ? Lease.Granted : Lease.Declined;
    }

    private sealed class Lease(bool acquired) : RateLimitLease
    {
        public static readonly Lease Granted = new(true);
        public static readonly Lease Declined = new(false);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}

/// <summary>
/// The shared counters (<c>RateLimitCounters</c>, an unlogged table: a crash may forget a window,
/// which only forgives a few attempts). Its own small pool and short timeouts, like /health: a slow
/// database must not hold sign-in forms for a minute, and if the database cannot count, the request
/// goes through (it cannot sign anyone in without the database anyway, and Identity's lockout is
/// kept in the database).
/// </summary>
public sealed class SharedRateLimitStore(IConfiguration configuration, ILogger<SharedRateLimitStore> logger) : IDisposable
{
    private readonly Lazy<NpgsqlDataSource> _source = new(() => NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(configuration.GetConnectionString("Default"))
    {
        MaxPoolSize = 4,
        Timeout = 3,
        CommandTimeout = 3,
        ApplicationName = "gecc-limits",
    }.ConnectionString));

    /// <summary>Counts one more in the key's current window (on the database's clock); true while within the limit.</summary>
    public async Task<bool> TryTakeAsync(string key, int permitLimit, TimeSpan window, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = _source.Value.CreateCommand("""
                INSERT INTO "RateLimitCounters" ("Key", "WindowStartUtc", "Count", "ExpiresAtUtc")
                SELECT $1, w.start, 1, w.start + make_interval(secs => $2)
                FROM (SELECT to_timestamp(floor(extract(epoch FROM now()) / $2) * $2) AS start) AS w
                ON CONFLICT ("Key", "WindowStartUtc") DO UPDATE SET "Count" = "RateLimitCounters"."Count" + 1
                RETURNING "Count"
                """);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
            command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = window.TotalSeconds });
            var count = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
            if (count == 1)
            {
                // A new window: the first request of each window sweeps a few finished ones away.
                await using var sweep = _source.Value.CreateCommand("""
                    DELETE FROM "RateLimitCounters" WHERE ctid = ANY (ARRAY(SELECT ctid FROM "RateLimitCounters" WHERE "ExpiresAtUtc" < now() LIMIT 100))
                    """);
                await sweep.ExecuteNonQueryAsync(cancellationToken);
            }

            return count <= permitLimit;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            logger.LogWarning(e, "Rate limit {Key} could not be counted; letting the request through", key);
            return true;
        }
    }

    public void Dispose()
    {
        if (_source.IsValueCreated)
        {
            _source.Value.Dispose();
        }
    }
}
