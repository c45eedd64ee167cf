using System.Globalization;

namespace GeccAssessment.Bench;

/// <summary>
/// Where the CPU went during a load run, from /proc: this process (the app, or the bare
/// endpoints), the bench's PostgreSQL server (its postmaster and that one's children: other
/// clusters on the machine are not counted), and the whole machine (the rest is wrk and whatever else
/// runs). In cores: 1.0 is one core busy for the whole run.
/// </summary>
public sealed class CpuMeter
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux
    private readonly int _postmaster;
    private readonly Dictionary<int, long> _postgres;
    private readonly long _self;
    private readonly (long Busy, long Total) _machine;
    private readonly DateTime _started = DateTime.UtcNow;

    private CpuMeter(int postmaster)
    {
        _postmaster = postmaster;
        _postgres = PostgresTicks();
        _self = Ticks("/proc/self/stat") ?? 0;
        _machine = MachineTicks();
    }

    public sealed record Usage(double AppCores, double PostgresCores, double MachineBusy)
    {
        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"app {AppCores:0.00} cores, PostgreSQL {PostgresCores:0.00} cores, machine {MachineBusy:P0} busy");
    }

    /// <param name="postmaster">The PID of the server's postmaster (first line of its data directory's postmaster.pid).</param>
    public static CpuMeter Start(int postmaster) => new(postmaster);

    public Usage Stop()
    {
        var seconds = (DateTime.UtcNow - _started).TotalSeconds;
        var postgres = PostgresTicks().Sum(p => p.Value - _postgres.GetValueOrDefault(p.Key));
        var self = (Ticks("/proc/self/stat") ?? 0) - _self;
        var machine = MachineTicks();
        var total = machine.Total - _machine.Total;
        return new Usage(
            self / TicksPerSecond / seconds,
            postgres / TicksPerSecond / seconds,
            total == 0 ? 0 : (double)(machine.Busy - _machine.Busy) / total);
    }

    /// <summary>utime + stime of one process (fields 14 and 15 of /proc/PID/stat, after the command's parentheses).</summary>
    private static long? Ticks(string statFile) => Stat(statFile) is { } fields
        ? long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)
        : null;

    /// <summary>The fields of /proc/PID/stat after the command's parentheses: [1] is the parent's PID, [11] and [12] utime and stime.</summary>
    private static string[]? Stat(string statFile)
    {
        try
        {
            var text = File.ReadAllText(statFile);
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null; // not Linux, or the process ended between listing and reading
        }
    }

    private Dictionary<int, long> PostgresTicks()
    {
        var ticks = new Dictionary<int, long>();
        if (!Directory.Exists("/proc"))
        {
            return ticks;
        }

        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Stat(Path.Combine(directory, "stat")) is { } fields
                && (pid == _postmaster || fields[1] == _postmaster.ToString(CultureInfo.InvariantCulture)))
            {
                ticks[pid] = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
        }

        return ticks;
    }

    private static string? SafeRead(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The first line of /proc/stat: busy = everything but idle and iowait.</summary>
    private static (long Busy, long Total) MachineTicks()
    {
        if (SafeRead("/proc/stat") is not { } stat)
        {
            return (0, 0);
        }

        var values = stat.Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var total = values.Sum();
        return (total - values[3] - values[4], total);
    }
}
