using System.Net;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GeccAssessment.Tests.Features.Cluster;

/// <summary>
/// A real streaming replica of the test cluster (pg_basebackup -R), given to the app as
/// ConnectionStrings:ReadOnly: the public pages read from it while it answers, and from the primary
/// once it is stopped.
/// </summary>
public class ReadReplicaTests
{
    [Fact]
    public async Task Public_pages_read_from_the_replica_and_from_the_primary_once_the_replica_is_stopped()
    {
        var directory = Path.Combine(Path.GetTempPath(), "gecc-replica-" + Guid.NewGuid().ToString("N")[..8]);
        var data = Path.Combine(directory, "data");
        var port = LocalServers.FreePort();
        var primary = new NpgsqlConnectionStringBuilder(TestDatabase.ServerConnectionString);
        Directory.CreateDirectory(directory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, (UnixFileMode)0x1FF); // the cluster's owner (not root) writes here
        }

        // The app's database must exist before the copy is taken, so the app comes first; until the
        // replica answers, it reads from the primary.
        var replicaOf = (string database) => new NpgsqlConnectionStringBuilder(primary.ConnectionString) { Port = port, Database = database }.ConnectionString;
        await using var instances = await AppInstances.StartAsync();
        var app = instances.First;
        await using var withReplica = new AppInstance(app, new Dictionary<string, string> { ["ConnectionStrings:ReadOnly"] = replicaOf(app.DatabaseName) });
        await withReplica.InitializeAsync();
        var client = withReplica.CreateBrowser();
        try
        {
            await LocalServers.RunPostgresToolAsync("pg_basebackup", $"-h 127.0.0.1 -p {primary.Port} -U {primary.Username} -D {data} -R -X stream --checkpoint=fast", primary.Password);
            await File.AppendAllTextAsync(Path.Combine(data, "postgresql.auto.conf"), $"\nport = {port}\n");
            await LocalServers.RunPostgresToolAsync("pg_ctl", $"-D {data} -l {Path.Combine(directory, "server.log")} -w -t 60 start");

            var first = await NumberAsync(app, await SeveralInstancesTests.CertificatesAsync(app, 1));
            await using var replica = new NpgsqlConnection(replicaOf(app.DatabaseName) + ";Pooling=false");
            await WaitUntilAsync(async () => await CountAsync(replica, first) == 1);
            await WaitUntilAsync(async () => (await client.GetAsync($"/verify/{first}")).StatusCode == HttpStatusCode.OK);

            // Replay paused: a certificate issued now is on the primary only, and /verify does not know it.
            await using (var pause = new NpgsqlCommand("SELECT pg_wal_replay_pause()", replica))
            {
                await replica.OpenAsync();
                await pause.ExecuteNonQueryAsync();
                await replica.CloseAsync();
            }

            var second = await NumberAsync(app, await SeveralInstancesTests.CertificatesAsync(app, 1));
            Assert.Equal(1, await app.WithDbAsync(db => db.Certificates.CountAsync(c => c.Number == second)));
            Assert.Equal(0, await CountAsync(replica, second));
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/verify/{second}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/centres")).StatusCode);
            // The citizens' survey page too: a poster code issued now opens only on the primary.
            var code = "replica" + Guid.NewGuid().ToString("N")[..16];
            await app.WithDbAsync(async db =>
            {
                db.SatisfactionLinks.Add(new SatisfactionLink { ServicePointId = await db.ServicePoints.Select(p => p.Id).FirstAsync(), Token = code, IssuedAtUtc = DateTime.UtcNow });
                return await db.SaveChangesAsync();
            });
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/s/{code}")).StatusCode);

            // The replica stops: within its two-second probe the pages read from the primary.
            await LocalServers.RunPostgresToolAsync("pg_ctl", $"-D {data} -m immediate -w stop");
            await WaitUntilAsync(async () => (await client.GetAsync($"/verify/{second}")).StatusCode == HttpStatusCode.OK);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/centres")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/s/{code}")).StatusCode);
        }
        finally
        {
            try
            {
                await LocalServers.RunPostgresToolAsync("pg_ctl", $"-D {data} -m immediate -w stop");
            }
            catch (InvalidOperationException)
            {
                // Already stopped (or never started).
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    private static Task<string> NumberAsync(AppInstance app, int meetingId) =>
        app.WithDbAsync(db => db.Certificates.Where(c => c.MeetingId == meetingId).Select(c => c.Number).SingleAsync());

    private static async Task<long> CountAsync(NpgsqlConnection replica, string number)
    {
        await replica.OpenAsync();
        try
        {
            await using var command = new NpgsqlCommand("""SELECT count(*) FROM "Certificates" WHERE "Number" = $1""", replica);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = number });
            return (long)(await command.ExecuteScalarAsync())!;
        }
        finally
        {
            await replica.CloseAsync();
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Condition not reached in 30 s.");
            await Task.Delay(200);
        }
    }
}
