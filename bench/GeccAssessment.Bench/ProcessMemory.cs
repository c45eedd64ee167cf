using System.Diagnostics;
using System.Globalization;

namespace GeccAssessment.Bench;

/// <summary>
/// The process's peak resident set (working set), and the machine's load. On Linux the peak can be reset (clear_refs 5),
/// so the peak while pages are measured is told apart from the peak of the whole run.
/// </summary>
public static class ProcessMemory
{
    public static void ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not Linux, or not allowed: Peak() then reports the peak of the whole run.
        }
    }

    /// <summary>The machine's load average (1, 5 and 15 minutes), to tell a quiet run from a busy one.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    public static long Peak()
    {
        var line = File.Exists("/proc/self/status")
            ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            : null;
        return line?.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, var kilobytes, ..]
            ? long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024
            : Process.GetCurrentProcess().PeakWorkingSet64;
    }
}
