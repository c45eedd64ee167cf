using System.Diagnostics;
using System.Globalization;

namespace GeccAssessment.Bench;

/// <summary>
/// wrk (Debian's, installed by ./gecc bench) in its own process: a native load generator, so that
/// the clients cost the two cores as little as possible. Requests are read from a file of
/// "method TAB path TAB cookie TAB accept TAB body" lines, each thread taking every n-th line in turn,
/// and sent in order, round and round. What counts as acknowledged: a 302 to
/// <c>acknowledged</c> when it starts with '/', otherwise a 200 whose body contains it ("" = any 200).
/// </summary>
public static class Wrk
{
    public sealed record Run(long Requests, long Acknowledged, long Redirects, long StatusErrors, long SocketErrors, double Seconds, double P50, double P95, double P99, double Max)
    {
        public double PerSecond => Requests / Seconds;
    }

    private const string Script = """
        local threads = {}
        function setup(thread)
          thread:set("id", #threads)
          table.insert(threads, thread)
        end
        function init(args)
          local file, count = args[1], tonumber(args[2])
          requests = {}
          acks, redirects, index = 0, 0, 0
          local i = 0
          for line in io.lines(file) do
            if i % count == id then
              local method, path, cookie, accept, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
              local headers = {}
              if cookie ~= "" then headers["Cookie"] = cookie end
              if accept ~= "" then headers["Accept"] = accept end
              if body ~= "" then headers["Content-Type"] = "application/x-www-form-urlencoded" else body = nil end
              requests[#requests + 1] = wrk.format(method, path, headers, body)
            end
            i = i + 1
          end
        end
        function request()
          index = index + 1
          if index > #requests then index = 1 end
          return requests[index]
        end
        function response(status, headers, body)
          if status == 302 then
            redirects = redirects + 1
            if headers["Location"] == ACK then acks = acks + 1 end
          elseif status == 200 and ACK:sub(1, 1) ~= "/" and (ACK == "" or body:find(ACK, 1, true)) then
            acks = acks + 1
          end
        end
        function done(summary, latency, requests)
          local a, r = 0, 0
          for _, t in ipairs(threads) do
            a = a + t:get("acks")
            r = r + t:get("redirects")
          end
          local e = summary.errors
          io.write(string.format("WRK-RESULT %d %d %d %d %d %d %d %d %d %d\n", summary.requests, a, r, e.status,
            e.connect + e.read + e.write + e.timeout, summary.duration,
            latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
        end
        """;

    /// <summary>Sends the lines of <paramref name="requestFile"/> for <paramref name="seconds"/> over <paramref name="connections"/> connections.</summary>
    public static async Task<Run> RunAsync(Uri baseAddress, string requestFile, int connections, int seconds, string acknowledged)
    {
        var threads = Math.Min(Environment.ProcessorCount, connections);
        var script = Path.Combine(Path.GetTempPath(), $"gecc-wrk-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(script, $"ACK = \"{acknowledged.Replace("\"", "\\\"", StringComparison.Ordinal)}\"\n" + Script);
        try
        {
            var start = new ProcessStartInfo("wrk")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in new[]
            {
                "-t" + threads, "-c" + connections, "-d" + seconds + "s", "--timeout", "10s", "-s", script,
                baseAddress.ToString().TrimEnd('/'), "--", requestFile, threads.ToString(CultureInfo.InvariantCulture),
            })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start: ./gecc bench installs it (Debian package wrk)");
            var output = await process.StandardOutput.ReadToEndAsync();
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("WRK-RESULT ", StringComparison.Ordinal))
                ?? throw new InvalidOperationException("wrk gave no result:\n" + output + errors);
            var v = line.Split(' ').Skip(1).Select(x => long.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            static double Ms(long microseconds) => microseconds / 1000.0;
            return new Run(v[0], v[1], v[2], v[3], v[4], v[5] / 1_000_000.0, Ms(v[6]), Ms(v[7]), Ms(v[8]), Ms(v[9]));
        }
        finally
        {
            File.Delete(script);
        }
    }
}
