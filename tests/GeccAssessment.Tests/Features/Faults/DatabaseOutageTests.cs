using System.Globalization;
using System.Net;
using GeccAssessment.Tests.Features.Assessments;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Data;
using GeccAssessment.Web.Data.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GeccAssessment.Tests.Features.Faults;

/// <summary>
/// A PostgreSQL cluster of this test class's own (so stopping it disturbs no other test), made with
/// the binaries of the cluster <c>./gecc test</c> started (GECC_TEST_PGCTL) and run as its OS user.
/// </summary>
public sealed class OwnClusterFactory : GeccAppFactory
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gecc-fault-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly int _port = LocalServers.FreePort();

    protected override string ConnectionString => $"Host=127.0.0.1;Port={_port};Database=gecc_fault;Username=gecc;Password=unused;Timeout=3;Command Timeout=5";

    private string Data => Path.Combine(_directory, "data");

    public override async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_directory, (UnixFileMode)0x1FF); // the cluster's owner (not root) writes here
        }
        await LocalServers.RunPostgresToolAsync("initdb", $"-D {Data} -U gecc --auth=trust --no-sync -E UTF8 --locale=C.UTF-8");
        await StartAsync();
        await using (var server = new NpgsqlConnection($"Host=127.0.0.1;Port={_port};Database=postgres;Username=gecc;Pooling=false"))
        {
            await server.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE gecc_fault", server);
            await create.ExecuteNonQueryAsync();
        }

        await using var context = new ApplicationDbContext(new DbContextOptionsBuilder<ApplicationDbContext>().UseNpgsql(ConnectionString).Options);
        await context.Database.MigrateAsync();
        await ReferenceDataSeeder.SeedAsync(context);
        await using var scope = Services.CreateAsyncScope();
        await IdentitySeeder.EnsureRolesAsync(scope.ServiceProvider);
    }

    public Task StartAsync() => LocalServers.RunPostgresToolAsync("pg_ctl", $"-D {Data} -w -l {Path.Combine(_directory, "log")} -o \"-p {_port.ToString(CultureInfo.InvariantCulture)} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off\" start");

    public Task StopAsync() => LocalServers.RunPostgresToolAsync("pg_ctl", $"-D {Data} -w -m fast stop");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            await StopAsync();
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        Directory.Delete(_directory, recursive: true);
    }
}

public class DatabaseOutageTests(OwnClusterFactory app) : IClassFixture<OwnClusterFactory>
{
    [Fact]
    public async Task The_app_survives_postgresql_stopping_and_starting_and_no_acknowledged_score_is_lost()
    {
        var scene = await AssessmentSteps.ArrangeAsync(app);
        var member = await AssessmentSteps.SignedInAsync(app, scene.Assessor1);
        await AssessmentSteps.DeclareAsync(member, scene.AssessmentId, conflict: false);
        // Both criteria's pages read before the outage (a page per dimension).
        var page = await AssessmentSteps.ScoringPageOfAsync(member, scene.AssessmentId, scene.Cycle.OptionalId);
        var evidencePage = await AssessmentSteps.ScoringPageOfAsync(member, scene.AssessmentId, scene.Cycle.EvidenceId);
        var health = app.CreateBrowser();
        Assert.Equal(HttpStatusCode.OK, (await health.GetAsync("/health")).StatusCode);

        var saved = await AssessmentSteps.MarkAsync(member, page, scene.Cycle.OptionalId, new Dictionary<string, string> { ["Points"] = "4" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        await app.StopAsync();
        // /health shares each answer for a second: the outage shows within a little more than that.
        var down = DateTime.UtcNow.AddSeconds(5);
        HttpStatusCode healthDuring;
        while ((healthDuring = (await health.GetAsync("/health")).StatusCode) == HttpStatusCode.OK && DateTime.UtcNow < down)
        {
            await Task.Delay(200);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, healthDuring);
        // A change sent while the database is away is not acknowledged (the page keeps it and retries).
        var unacknowledged = await AssessmentSteps.MarkAsync(member, evidencePage, scene.Cycle.EvidenceId, new Dictionary<string, string> { ["Points"] = "3" });
        Assert.NotEqual(HttpStatusCode.OK, unacknowledged.StatusCode);

        await app.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpStatusCode status;
        do
        {
            await Task.Delay(500);
            status = (await health.GetAsync("/health")).StatusCode;
        }
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.OK, status);

        // Without a restart of the app: the same session carries on, and the acknowledged score is there.
        var retried = await AssessmentSteps.MarkAsync(member, evidencePage, scene.Cycle.EvidenceId, new Dictionary<string, string> { ["Points"] = "3" });
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        var scores = await app.WithDbAsync(db => db.MemberScores.Where(s => s.AssessmentId == scene.AssessmentId).ToDictionaryAsync(s => s.CriterionId, s => s.Mark.Points));
        Assert.Equal(4m, scores[scene.Cycle.OptionalId]);
        Assert.Equal(3m, scores[scene.Cycle.EvidenceId]);
    }
}
