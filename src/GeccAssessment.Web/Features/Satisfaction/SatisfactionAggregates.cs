using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using GeccAssessment.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GeccAssessment.Web.Features.Satisfaction;

/// <summary>
/// The daily and monthly aggregates are only ever changed here, in the same statement as the
/// answers they count: a CTE named r (an INSERT or UPDATE … RETURNING the answers' columns) is
/// followed by upserts of the counted ones, grouped so that one statement may carry many answers.
/// Each upsert takes its rows in point order, so that statements of several instances touching the
/// same points wait for each other instead of deadlocking.
/// </summary>
public static class SatisfactionAggregates
{
    private const string Sums = """
        count(*)::int, sum(r."Overall")::int,
        count(r."Premises")::int, coalesce(sum(r."Premises"), 0)::int,
        count(r."Personnel")::int, coalesce(sum(r."Personnel"), 0)::int,
        count(r."ServiceProcess")::int, coalesce(sum(r."ServiceProcess"), 0)::int,
        count(r."Other")::int, coalesce(sum(r."Other"), 0)::int
        """;

    private const string Columns = """
        "Answers", "OverallSum", "PremisesAnswers", "PremisesSum", "PersonnelAnswers", "PersonnelSum",
        "ServiceProcessAnswers", "ServiceProcessSum", "OtherAnswers", "OtherSum"
        """;

    private const string Add = """
        "Answers" = t."Answers" + EXCLUDED."Answers", "OverallSum" = t."OverallSum" + EXCLUDED."OverallSum",
        "PremisesAnswers" = t."PremisesAnswers" + EXCLUDED."PremisesAnswers", "PremisesSum" = t."PremisesSum" + EXCLUDED."PremisesSum",
        "PersonnelAnswers" = t."PersonnelAnswers" + EXCLUDED."PersonnelAnswers", "PersonnelSum" = t."PersonnelSum" + EXCLUDED."PersonnelSum",
        "ServiceProcessAnswers" = t."ServiceProcessAnswers" + EXCLUDED."ServiceProcessAnswers", "ServiceProcessSum" = t."ServiceProcessSum" + EXCLUDED."ServiceProcessSum",
        "OtherAnswers" = t."OtherAnswers" + EXCLUDED."OtherAnswers", "OtherSum" = t."OtherSum" + EXCLUDED."OtherSum"
        """;

    /// <summary>
    /// The per-point twelve months from the monthly rows; {0} is the first month counted. Run under a
    /// table lock that waits for answers being stored, so that none is counted twice or missed.
    /// </summary>
    private const string RebuildYears = """
        DELETE FROM "SatisfactionPointYears";
        INSERT INTO "SatisfactionPointYears" ("ServicePointId", "WindowStart", "ProvinceCode", "AgencyKind", "Answers", "OverallSum", "PremisesAnswers", "PremisesSum", "PersonnelAnswers", "PersonnelSum", "ServiceProcessAnswers", "ServiceProcessSum", "OtherAnswers", "OtherSum")
        SELECT m."ServicePointId", {0}, min(m."ProvinceCode"), min(m."AgencyKind"), sum(m."Answers")::int, sum(m."OverallSum")::int,
               sum(m."PremisesAnswers")::int, sum(m."PremisesSum")::int, sum(m."PersonnelAnswers")::int, sum(m."PersonnelSum")::int,
               sum(m."ServiceProcessAnswers")::int, sum(m."ServiceProcessSum")::int, sum(m."OtherAnswers")::int, sum(m."OtherSum")::int
        FROM "SatisfactionMonthly" m WHERE m."Month" >= {0}
        GROUP BY m."ServicePointId";
        """;

    /// <summary>Rebuilds every aggregate from the counted answers (demo seed, bench load): never needed in normal running. {0}: the dashboard's first month.</summary>
    public const string RebuildSql = """
        TRUNCATE "SatisfactionDaily", "SatisfactionMonthly";
        INSERT INTO "SatisfactionDaily" ("ServicePointId", "Day", "Answers", "OverallSum", "PremisesAnswers", "PremisesSum", "PersonnelAnswers", "PersonnelSum", "ServiceProcessAnswers", "ServiceProcessSum", "OtherAnswers", "OtherSum")
        SELECT r."ServicePointId", r."Day", count(*)::int, sum(r."Overall")::int,
               count(r."Premises")::int, coalesce(sum(r."Premises"), 0)::int, count(r."Personnel")::int, coalesce(sum(r."Personnel"), 0)::int,
               count(r."ServiceProcess")::int, coalesce(sum(r."ServiceProcess"), 0)::int, count(r."Other")::int, coalesce(sum(r."Other"), 0)::int
        FROM "SatisfactionResponses" r WHERE r."Status" = 0 GROUP BY r."ServicePointId", r."Day";
        INSERT INTO "SatisfactionMonthly" ("Month", "ServicePointId", "ProvinceCode", "AgencyKind", "Answers", "OverallSum", "PremisesAnswers", "PremisesSum", "PersonnelAnswers", "PersonnelSum", "ServiceProcessAnswers", "ServiceProcessSum", "OtherAnswers", "OtherSum")
        SELECT date_trunc('month', d."Day")::date, d."ServicePointId", p."ProvinceCode", a."Kind", sum(d."Answers")::int, sum(d."OverallSum")::int,
               sum(d."PremisesAnswers")::int, sum(d."PremisesSum")::int, sum(d."PersonnelAnswers")::int, sum(d."PersonnelSum")::int,
               sum(d."ServiceProcessAnswers")::int, sum(d."ServiceProcessSum")::int, sum(d."OtherAnswers")::int, sum(d."OtherSum")::int
        FROM "SatisfactionDaily" d JOIN "ServicePoints" p ON p."Id" = d."ServicePointId" JOIN "Agencies" a ON a."Id" = p."AgencyId"
        GROUP BY 1, d."ServicePointId", p."ProvinceCode", a."Kind";
        """ + RebuildYears;

    /// <summary>
    /// "WITH r AS (<paramref name="answers"/>), daily AS (…), monthly AS (…), year AS (…)": add the main SELECT after it.
    /// <paramref name="windowStart"/> is the SQL (a parameter) of the dashboard's first month: older answers are not added to the point's year.
    /// </summary>
    public static string WithAggregates(string answers, string windowStart) => $"""
        WITH r AS ({answers}),
        counted AS (
            SELECT r.*, p."ProvinceCode", a."Kind" AS "AgencyKind"
            FROM r JOIN "ServicePoints" p ON p."Id" = r."ServicePointId" JOIN "Agencies" a ON a."Id" = p."AgencyId"
            WHERE r."Status" = 0),
        daily AS (
            INSERT INTO "SatisfactionDaily" AS t ("ServicePointId", "Day", {Columns})
            SELECT r."ServicePointId", r."Day", {Sums} FROM counted r GROUP BY r."ServicePointId", r."Day" ORDER BY 1, 2
            ON CONFLICT ("ServicePointId", "Day") DO UPDATE SET {Add}),
        monthly AS (
            INSERT INTO "SatisfactionMonthly" AS t ("Month", "ServicePointId", "ProvinceCode", "AgencyKind", {Columns})
            SELECT date_trunc('month', r."Day")::date, r."ServicePointId", r."ProvinceCode", r."AgencyKind", {Sums}
            FROM counted r GROUP BY 1, r."ServicePointId", r."ProvinceCode", r."AgencyKind" ORDER BY 2, 1
            ON CONFLICT ("Month", "ServicePointId") DO UPDATE SET {Add}),
        year AS (
            INSERT INTO "SatisfactionPointYears" AS t ("ServicePointId", "WindowStart", "ProvinceCode", "AgencyKind", {Columns})
            SELECT r."ServicePointId", {windowStart}, r."ProvinceCode", r."AgencyKind", {Sums}
            FROM counted r WHERE r."Day" >= {windowStart} GROUP BY r."ServicePointId", r."ProvinceCode", r."AgencyKind" ORDER BY 1
            ON CONFLICT ("ServicePointId") DO UPDATE SET {Add})
        """;

    /// <summary>
    /// When a month has turned since the per-point years were counted (any row older than
    /// <paramref name="windowStart"/>), counts them again from the monthly rows. Cheap when nothing
    /// is stale (one index probe); one instance rebuilds, the others wait for its lock and find nothing left to do.
    /// </summary>
    public static async Task RenewYearsAsync(ApplicationDbContext db, DateOnly windowStart, CancellationToken cancellationToken)
    {
        if (!await db.SatisfactionPointYears.AnyAsync(y => y.WindowStart < windowStart, cancellationToken))
        {
            return;
        }

        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("""LOCK TABLE "SatisfactionPointYears" IN SHARE ROW EXCLUSIVE MODE""", cancellationToken);
            if (await db.SatisfactionPointYears.AnyAsync(y => y.WindowStart < windowStart, cancellationToken))
            {
                await db.Database.ExecuteSqlRawAsync(RebuildYears, [windowStart], cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        });
    }
}

/// <summary>
/// The salt of each day's device keys, shared by every app instance through the database and
/// deleted the day after: once it is gone, a stored device key can no longer be linked to a cookie.
/// </summary>
public sealed class DaySalts
{
    private readonly ConcurrentDictionary<DateOnly, byte[]> _salts = new();

    public async Task<byte[]> ForAsync(ApplicationDbContext db, DateOnly day, CancellationToken cancellationToken)
    {
        if (_salts.TryGetValue(day, out var known))
        {
            return known;
        }

        var fresh = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        await db.Database.ExecuteSqlAsync($"""INSERT INTO "SatisfactionDaySalts" ("Day", "Salt") VALUES ({day}, {fresh}) ON CONFLICT ("Day") DO NOTHING""", cancellationToken);
        await db.Database.ExecuteSqlAsync($"""DELETE FROM "SatisfactionDaySalts" WHERE "Day" < {day.AddDays(-1)}""", cancellationToken);
        var salt = await db.SatisfactionDaySalts.AsNoTracking().Where(s => s.Day == day).Select(s => s.Salt).SingleAsync(cancellationToken);
        foreach (var old in _salts.Keys.Where(d => d < day))
        {
            _salts.TryRemove(old, out _);
        }

        return _salts.GetOrAdd(day, salt);
    }
}

/// <summary>
/// Answers per point in a sliding ten-minute window, in memory: past the limit an answer is a burst,
/// stored as suspicious for the Secretariat to review. (Per instance: several instances each see their share.)
/// </summary>
public sealed class BurstWatch(IOptions<SatisfactionOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<int> _limiter = PartitionedRateLimiter.Create<int, int>(point =>
        RateLimitPartition.GetSlidingWindowLimiter(point, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, options.Value.BurstPerPointPer10Minutes),
            Window = TimeSpan.FromMinutes(10),
            SegmentsPerWindow = 10,
            QueueLimit = 0,
        }));

    public bool TryAcquire(int pointId)
    {
        using var lease = _limiter.AttemptAcquire(pointId);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
