using System.Collections.Concurrent;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace GeccAssessment.Web.Features.Satisfaction;

/// <summary>One checked answer, ready to be stored.</summary>
public sealed record SurveyAnswer(
    string Code, int ServicePointId, DateOnly Day, DateTime SubmittedAtUtc, short Overall, short? Premises, short? Personnel, short? ServiceProcess, short? Other,
    string? Service, string? Comment, SatisfactionStatus Status, byte[] DeviceKey);

public sealed record SurveyPoint(int Id, string? ServicesOffered);

public enum StoreOutcome
{
    Stored,
    AlreadyAnswered,

    /// <summary>The code was re-issued (or never this point's) while the form was open.</summary>
    CodeGone,
}

/// <summary>
/// The public survey's own way to the database, the busiest public endpoint's, in plain Npgsql on
/// its own small pool (no DbContext to build per answer): finds the point behind a code, and
/// stores the answers of a busy moment together: each request queues its answer and waits for it,
/// and whichever request finds nobody writing becomes the writer, storing everything queued in one
/// statement (the answers with their aggregates, <see cref="SatisfactionAggregates.WithAggregates"/>)
/// until the queue is empty. At a quiet counter a group is one answer, stored at once; under a
/// burst the statement and its commit are shared, which is what lets one instance take a thousand
/// answers a second. A request is answered only after its own row is committed, so an
/// acknowledged answer is never lost; one writer per instance, and every group locks the aggregate
/// rows in point order, so groups of several instances wait for each other but never deadlock.
/// </summary>
public sealed class SurveyStore(IConfiguration configuration, ILogger<SurveyStore> logger) : IDisposable
{
    /// <summary>A group's size is bounded so that one statement stays short (milliseconds) under any burst.</summary>
    private const int MaxGroup = 256;

    private readonly ConcurrentQueue<Pending> _queue = new();
    private readonly Lazy<NpgsqlDataSource> _source = new(() => NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(WebSetup.Tuned(configuration.GetConnectionString("Default")!))
    {
        // One writer at a time, and the look-ups of the codes' points (each a single short statement).
        MaxPoolSize = 12,
        ApplicationName = "gecc-survey",
    }.ConnectionString));

    /// <summary>A send of the same device this soon after its stored answer is taken for the same answer sent again, not a second one.</summary>
    private static readonly TimeSpan RepeatWindow = TimeSpan.FromMinutes(2);

    private int _writing;

    private const string Insert = """
        INSERT INTO "SatisfactionResponses" ("ServicePointId", "Day", "SubmittedAtUtc", "Overall", "Premises", "Personnel", "ServiceProcess", "Other", "Service", "Comment", "Status", "DeviceKey")
        SELECT v.point, v.day, v.at, v.overall, v.premises, v.personnel, v.process, v.other, v.service, v.comment, v.status, v.key
        FROM unnest(@codes, @points, @days, @ats, @overalls, @premises, @personnels, @processes, @others, @services, @comments, @statuses, @keys)
             AS v(code, point, day, at, overall, premises, personnel, process, other, service, comment, status, key)
        WHERE EXISTS (SELECT 1 FROM "SatisfactionLinks" l WHERE l."Token" = v.code AND l."ServicePointId" = v.point AND l."RevokedAtUtc" IS NULL)
        ORDER BY v.point
        ON CONFLICT ("ServicePointId", "Day", "DeviceKey") DO NOTHING
        RETURNING "ServicePointId", "Day", "Overall", "Premises", "Personnel", "ServiceProcess", "Other", "Status", "DeviceKey"
        """;

    /// <summary>The point behind a live code: its id and the services it lists.</summary>
    public async Task<SurveyPoint?> LivePointAsync(string code, CancellationToken cancellationToken)
    {
        await using var command = _source.Value.CreateCommand("""
            SELECT l."ServicePointId", p."ServicesOffered" FROM "SatisfactionLinks" l JOIN "ServicePoints" p ON p."Id" = l."ServicePointId"
            WHERE l."Token" = @code AND l."RevokedAtUtc" IS NULL
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("code", code));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new SurveyPoint(reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1)) : null;
    }

    /// <summary>Queues the answer and completes once it is committed (or known not to be stored).</summary>
    public Task<StoreOutcome> StoreAsync(SurveyAnswer answer)
    {
        var pending = new Pending(answer);
        _queue.Enqueue(pending);
        if (Interlocked.CompareExchange(ref _writing, 1, 0) == 0)
        {
            _ = Task.Run(WriteWhileQueuedAsync);
        }

        return pending.Completion.Task;
    }

    private async Task WriteWhileQueuedAsync()
    {
        while (true)
        {
            var group = new List<Pending>();
            while (group.Count < MaxGroup && _queue.TryDequeue(out var next))
            {
                group.Add(next);
            }

            if (group.Count > 0)
            {
                await WriteGroupAsync(group);
                continue;
            }

            // Nothing left: stop writing, unless an answer arrived between the last look and now
            // and its request saw us still writing (then nobody else will pick it up).
            Volatile.Write(ref _writing, 0);
            if (_queue.IsEmpty || Interlocked.CompareExchange(ref _writing, 1, 0) != 0)
            {
                return;
            }
        }
    }

    private async Task WriteGroupAsync(List<Pending> group)
    {
        try
        {
            // An answer given just before midnight and one just after belong to different days' windows.
            foreach (var day in group.GroupBy(p => p.Answer.Day))
            {
                // The same phone twice in one group (a double tap) is stored once; the repeat is answered
                // only after the statement, with its first's outcome, so that it fails with the group.
                var unique = day.DistinctBy(p => p.Key).ToList();
                var stored = await InsertOnceMoreIfTransientAsync(unique, day.Key);
                var notStored = unique.Where(p => !stored.Contains(p.Key)).ToList();
                var live = notStored.Count == 0 ? [] : await LiveCodesAsync(notStored.Select(p => p.Answer.Code).Distinct().ToArray());
                var justStored = await JustStoredAsync(notStored.Where(p => live.Contains(p.Answer.Code)).ToList(), day.Key);
                foreach (var pending in day)
                {
                    pending.Completion.TrySetResult(stored.Contains(pending.Key) || justStored.Contains(pending.Key) ? StoreOutcome.Stored
                        : live.Contains(pending.Answer.Code) ? StoreOutcome.AlreadyAnswered
                        : StoreOutcome.CodeGone);
                }
            }
        }
        catch (Exception e)
        {
            // Nothing of a failed statement is stored: every request of the group gets the error (the
            // form again, "not saved, send again" for a transient one; never "thank you").
            logger.LogError(e, "Storing a group of {Count} satisfaction answers failed", group.Count);
            foreach (var pending in group)
            {
                pending.Completion.TrySetException(e);
            }
        }
    }

    /// <summary>
    /// The database briefly away (a dropped connection, a lock given up): the statement is run once
    /// more before the group is failed. Safe to repeat: a failed statement stored nothing, and one
    /// that did commit before its reply was lost finds its rows on the retry (ON CONFLICT DO NOTHING
    /// on point, day and device) and returns none of them, so no answer or aggregate counts twice.
    /// </summary>
    private async Task<HashSet<string>> InsertOnceMoreIfTransientAsync(List<Pending> group, DateOnly day)
    {
        try
        {
            return await InsertAsync(group, day);
        }
        catch (NpgsqlException e) when (e.IsTransient)
        {
            logger.LogWarning(e, "Storing a group of {Count} satisfaction answers failed for a passing reason; trying once more", group.Count);
            return await InsertAsync(group, day);
        }
    }

    private async Task<HashSet<string>> InsertAsync(List<Pending> group, DateOnly day)
    {
        var answers = group.Select(p => p.Answer).ToList();
        await using var command = _source.Value.CreateCommand(SatisfactionAggregates.WithAggregates(Insert, "@window") + """ SELECT r."ServicePointId", r."DeviceKey" FROM r""");
        command.Parameters.Add(new NpgsqlParameter<string[]>("codes", answers.Select(a => a.Code).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<int[]>("points", answers.Select(a => a.ServicePointId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<DateOnly[]>("days", answers.Select(a => a.Day).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("ats", answers.Select(a => a.SubmittedAtUtc).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<short[]>("overalls", answers.Select(a => a.Overall).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<short?[]>("premises", answers.Select(a => a.Premises).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<short?[]>("personnels", answers.Select(a => a.Personnel).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<short?[]>("processes", answers.Select(a => a.ServiceProcess).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<short?[]>("others", answers.Select(a => a.Other).ToArray()));
        command.Parameters.Add(new NpgsqlParameter("services", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = answers.Select(a => (object?)a.Service ?? DBNull.Value).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("comments", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = answers.Select(a => (object?)a.Comment ?? DBNull.Value).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<int[]>("statuses", answers.Select(a => (int)a.Status).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<byte[][]>("keys", answers.Select(a => a.DeviceKey).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<DateOnly>("window", SatisfactionRules.DashboardStart(day)));
        var stored = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            stored.Add(Pending.KeyOf(reader.GetInt32(0), day, (byte[])reader.GetValue(1)));
        }

        return stored;
    }

    /// <summary>
    /// Of answers not stored because the device has answered today, those whose stored answer is at
    /// most <see cref="RepeatWindow"/> older: the same send again (a double tap, a resend after a
    /// lost reply, the retry of a statement whose commit went through), thanked like the first.
    /// </summary>
    private async Task<HashSet<string>> JustStoredAsync(List<Pending> repeats, DateOnly day)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (repeats.Count == 0)
        {
            return found;
        }

        await using var command = _source.Value.CreateCommand("""
            SELECT r."ServicePointId", r."DeviceKey" FROM unnest(@points, @keys, @since) AS v(point, key, since)
            JOIN "SatisfactionResponses" r ON r."ServicePointId" = v.point AND r."Day" = @day AND r."DeviceKey" = v.key AND r."SubmittedAtUtc" >= v.since
            """);
        command.Parameters.Add(new NpgsqlParameter<int[]>("points", repeats.Select(p => p.Answer.ServicePointId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<byte[][]>("keys", repeats.Select(p => p.Answer.DeviceKey).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("since", repeats.Select(p => p.Answer.SubmittedAtUtc - RepeatWindow).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<DateOnly>("day", day));
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found.Add(Pending.KeyOf(reader.GetInt32(0), day, (byte[])reader.GetValue(1)));
        }

        return found;
    }

    private async Task<HashSet<string>> LiveCodesAsync(string[] codes)
    {
        await using var command = _source.Value.CreateCommand("""SELECT "Token" FROM "SatisfactionLinks" WHERE "Token" = ANY(@codes) AND "RevokedAtUtc" IS NULL""");
        command.Parameters.Add(new NpgsqlParameter<string[]>("codes", codes));
        var live = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            live.Add(reader.GetString(0));
        }

        return live;
    }

    public void Dispose()
    {
        if (_source.IsValueCreated)
        {
            _source.Value.Dispose();
        }
    }

    private sealed class Pending(SurveyAnswer answer)
    {
        public SurveyAnswer Answer { get; } = answer;

        public string Key { get; } = KeyOf(answer.ServicePointId, answer.Day, answer.DeviceKey);

        public TaskCompletionSource<StoreOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public static string KeyOf(int point, DateOnly day, byte[] deviceKey) =>
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{point}|{day:yyyyMMdd}|{Convert.ToHexString(deviceKey)}");
    }
}
