using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GeccAssessment.Tests.Infrastructure;

/// <summary>What the tests that start servers of their own (clusters, replicas, app instances, mail) share.</summary>
public static class LocalServers
{
    /// <summary>A loopback port nobody listens on at this moment.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// A PostgreSQL binary beside the test cluster's pg_ctl, run as the cluster's OS user when the
    /// tests run as root (initdb and postgres refuse root); throws with its output when it fails.
    /// </summary>
    public static async Task RunPostgresToolAsync(string program, string arguments, string? password = null)
    {
        var pgCtl = Environment.GetEnvironmentVariable("GECC_TEST_PGCTL")
            ?? throw new InvalidOperationException("GECC_TEST_PGCTL is not set: run the tests with ./gecc test.");
        var binary = Path.Combine(Path.GetDirectoryName(pgCtl)!, program);
        var osUser = Environment.GetEnvironmentVariable("GECC_TEST_PG_OS_USER");
        var asOther = Environment.UserName == "root" && !string.IsNullOrEmpty(osUser) && osUser != "root";
        var start = asOther
            ? new ProcessStartInfo("runuser", $"-u {osUser} -- {binary} {arguments}")
            : new ProcessStartInfo(binary, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        if (password is not null)
        {
            start.Environment["PGPASSWORD"] = password;
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {await errors}{output}");
        }
    }
}
