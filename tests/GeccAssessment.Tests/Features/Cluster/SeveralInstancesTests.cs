using System.Net;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Catalogue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using UglyToad.PdfPig;

namespace GeccAssessment.Tests.Features.Cluster;

/// <summary>
/// Two app instances on one database, each on its own Kestrel port, as behind the balancer
/// (./gecc cluster, docker-compose.yml): what one instance does, the other sees and honours.
/// </summary>
public class SeveralInstancesTests
{
    private static string I(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Signed_in_through_one_instance_the_user_continues_on_the_other_and_a_sign_out_there_ends_the_session_everywhere()
    {
        await using var instances = await AppInstances.StartAsync(new Dictionary<string, string> { ["Gecc:Session:RevalidateSeconds"] = "1" });
        await instances.First.CreateUserAsync("secretary@instances.test", Roles.Secretariat, displayName: "นางสาวสองเครื่อง ทดสอบ");
        var cookies = new CookieContainer();
        var first = instances.First.CreateBrowser(cookies);
        var second = instances.Second.CreateBrowser(cookies);

        // The form (and its antiforgery token) from one instance, posted to the other.
        var form = await first.GetPageAsync("/account/login");
        var fields = HtmlForms.FieldsOf(form, "form[action='/account/login']").With("Email", "secretary@instances.test").With("Password", GeccAppFactory.Password)
            .With("__RequestVerificationToken", ((AngleSharp.Html.Dom.IHtmlInputElement)form.QuerySelector("form[action='/account/login'] input[name=__RequestVerificationToken]")!).Value);
        var signIn = await second.PostAsync("/account/login", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        Assert.Contains("นางสาวสองเครื่อง ทดสอบ", HtmlForms.TextOf(await first.GetPageAsync("/")));
        var home = await second.GetPageAsync("/");
        Assert.Contains("นางสาวสองเครื่อง ทดสอบ", HtmlForms.TextOf(home));

        // A copy of the session cookie kept elsewhere (another tab, a stolen cookie) ...
        var kept = new CookieContainer();
        kept.Add(cookies.GetCookies(new Uri(instances.First.BaseUrl)));
        var elsewhere = instances.First.CreateBrowser(kept);
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/")).StatusCode);

        // ... stops working on the first instance once the user signs out through the second.
        var signOut = await second.SubmitFormAsync(home, "form[action='/account/logout']", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var refused = await elsewhere.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/account/login", refused.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task The_sign_in_limit_counts_attempts_on_every_instance_together()
    {
        await using var instances = await AppInstances.StartAsync(new Dictionary<string, string> { ["Gecc:RateLimit:SignInPerMinute"] = "3" });
        var first = instances.First.CreateBrowser();
        var second = instances.Second.CreateBrowser();
        // The window is a minute on the database's clock: start well inside one.
        while (DateTime.UtcNow.Second >= 45)
        {
            await Task.Delay(500);
        }

        Assert.Equal(HttpStatusCode.OK, (await first.SignInAsync("nobody1@instances.test", "wrong-password-1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.SignInAsync("nobody2@instances.test", "wrong-password-1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.SignInAsync("nobody3@instances.test", "wrong-password-1")).StatusCode);

        // Each instance alone has seen fewer than three; together they have seen three.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await second.SignInAsync("nobody4@instances.test", "wrong-password-1")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await first.SignInAsync("nobody5@instances.test", "wrong-password-1")).StatusCode);
    }

    [Fact]
    public async Task A_catalogue_edited_through_one_instance_is_not_served_stale_by_the_other()
    {
        await using var instances = await AppInstances.StartAsync();
        var cycle = await TestData.CreateCycleAsync(instances.First, TestData.UniqueYear());
        await instances.First.CreateUserAsync("secretary@catalogue-instances.test", Roles.Secretariat);
        var secretariat = instances.First.CreateBrowser();
        await secretariat.SignInOrFailAsync("secretary@catalogue-instances.test");

        async Task<string> TitleOnSecondAsync()
        {
            await using var scope = instances.Second.Services.CreateAsyncScope();
            var catalogue = await scope.ServiceProvider.GetRequiredService<CatalogueProvider>().GetAsync(cycle.Id);
            return catalogue.Criteria[cycle.MandatoryId].TitleTh;
        }

        Task<HttpResponseMessage> RetitleThroughFirstAsync(string title) =>
            secretariat.SubmitFormAsync($"/cycles/criterion?cycleId={I(cycle.Id)}&id={I(cycle.MandatoryId)}", "form[action='/cycles/savecriterion']",
                new Dictionary<string, string> { ["Form.TitleTh"] = title });

        Assert.Equal("มีป้ายบอกทางชัดเจน", await TitleOnSecondAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await RetitleThroughFirstAsync("มีป้ายบอกทางชัดเจนทุกจุด")).StatusCode);
        Assert.Equal("มีป้ายบอกทางชัดเจนทุกจุด", await TitleOnSecondAsync());

        // The first submission locks the catalogue: from then on the second instance keeps it in
        // memory, and no instance accepts an edit that memory would miss.
        await instances.First.WithDbAsync(db => db.Cycles.Where(c => c.Id == cycle.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.CatalogueLockedAtUtc, DateTime.UtcNow)));
        Assert.Equal("มีป้ายบอกทางชัดเจนทุกจุด", await TitleOnSecondAsync());
        var refused = await RetitleThroughFirstAsync("แก้หลังล็อก");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal("มีป้ายบอกทางชัดเจนทุกจุด", await instances.First.WithDbAsync(db => db.Criteria.Where(c => c.Id == cycle.MandatoryId).Select(c => c.TitleTh).SingleAsync()));
        Assert.Equal("มีป้ายบอกทางชัดเจนทุกจุด", await TitleOnSecondAsync());
    }

    [Fact]
    public async Task A_certificate_batch_left_running_by_a_stopped_instance_is_finished_by_the_other_once_its_lease_expires()
    {
        await using var instances = await AppInstances.StartAsync(new Dictionary<string, string> { ["Gecc:Jobs:LeaseSeconds"] = "3" });
        var meetingId = await CertificatesAsync(instances.First, 2);
        var jobId = Guid.NewGuid();

        // While the test holds the certificates table, whichever instance claims the job waits in
        // the middle of it (claimed, lease renewed, reading its certificates) ...
        await using var hold = new NpgsqlConnection(TestDatabase.ConnectionStringFor(instances.First.DatabaseName, pooling: false));
        await hold.OpenAsync();
        await using var transaction = await hold.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("""LOCK TABLE "Certificates" IN ACCESS EXCLUSIVE MODE""", hold, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        await instances.First.WithDbAsync(async db =>
        {
            var user = await db.Users.Select(u => u.Id).FirstAsync();
            db.DocumentJobs.Add(new DocumentJob { Id = jobId, MeetingId = meetingId, RequestedByUserId = user, Status = DocumentJobStatus.Queued, CreatedAtUtc = DateTime.UtcNow, VerifyBaseUrl = instances.First.BaseUrl });
            return await db.SaveChangesAsync();
        });
        var running = await WaitForJobAsync(instances.First, jobId, j => j.Status == DocumentJobStatus.Running);
        var owner = instances.Both.Single(i => i.InstanceId == running.LeaseOwner);
        var survivor = instances.Both.Single(i => i != owner);
        var survivorId = survivor.InstanceId;

        // ... and is stopped there, as a deployment or a crash would (its heartbeat stops too).
        await owner.DisposeAsync();
        var left = await WaitForJobAsync(survivor, jobId, _ => true);
        Assert.Equal(DocumentJobStatus.Running, left.Status);
        Assert.Equal(running.LeaseOwner, left.LeaseOwner);
        Assert.Equal(1, left.Attempts);
        await transaction.CommitAsync();

        var done = await WaitForJobAsync(survivor, jobId, j => j.Status == DocumentJobStatus.Done, TimeSpan.FromSeconds(60));
        Assert.Equal(survivorId, done.LeaseOwner);
        Assert.Equal(2, done.Attempts);
        Assert.Equal((2, 2), (done.PagesDone, done.PagesTotal));
        using var pdf = PdfDocument.Open(done.Result!);
        Assert.Equal(2, pdf.NumberOfPages);
    }

    [Fact]
    public async Task An_instance_told_to_stop_finishes_the_requests_in_flight()
    {
        await using var instances = await AppInstances.StartAsync();
        var instance = instances.First;
        var client = instance.CreateBrowser();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/verify/GECC-2563-9999")).StatusCode);

        // The certificates table held by the test keeps a /verify request waiting in the app.
        await using var hold = new NpgsqlConnection(TestDatabase.ConnectionStringFor(instance.DatabaseName, pooling: false));
        await hold.OpenAsync();
        await using var transaction = await hold.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("""LOCK TABLE "Certificates" IN ACCESS EXCLUSIVE MODE""", hold, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var inFlight = client.GetAsync("/verify/GECC-2563-9999");
        await WaitForWaitingQueryAsync(hold);

        // TERM: the host stops, but waits for the request in flight.
        var stopping = instance.DisposeAsync().AsTask();
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(inFlight.IsCompleted);
        Assert.False(stopping.IsCompleted);
        await transaction.CommitAsync();

        var answer = await inFlight;
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Contains("<html", await answer.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        await stopping;
    }

    /// <summary>Until the app's query waits for the lock the test holds.</summary>
    private static async Task WaitForWaitingQueryAsync(NpgsqlConnection hold)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()", hold);
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The request never reached the database.");
    }

    private static async Task<DocumentJob> WaitForJobAsync(AppInstance instance, Guid jobId, Func<DocumentJob, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var job = await instance.WithDbAsync(db => db.DocumentJobs.AsNoTracking().SingleAsync(j => j.Id == jobId));
            if (condition(job))
            {
                return job;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Job still {job.Status} (owner {job.LeaseOwner}, attempts {job.Attempts}).");
            await Task.Delay(100);
        }
    }

    /// <summary>A meeting at which <paramref name="count"/> certificates were issued.</summary>
    internal static async Task<int> CertificatesAsync(AppInstance app, int count)
    {
        var year = TestData.UniqueYear();
        var cycle = await TestData.CreateCycleAsync(app, year, status: CycleStatus.Deciding);
        var chair = await app.CreateUserAsync($"chair-{Guid.NewGuid():N}@instances.test", Roles.SubcommitteeChair);
        var meetingId = await app.WithDbAsync(async db =>
        {
            var meeting = new CommitteeMeeting { CycleId = cycle.Id, Number = "1/" + I(year), HeldOn = new DateOnly(2020, 9, 30) };
            var subcommittee = new Subcommittee { CycleId = cycle.Id, Name = "คณะที่ 1", ChairUserId = chair.Id, CreatedAtUtc = DateTime.UtcNow };
            db.AddRange(meeting, subcommittee);
            await db.SaveChangesAsync();
            return (meeting.Id, subcommittee.Id);
        });
        for (var i = 1; i <= count; i++)
        {
            var agency = await TestData.CreateAgencyAsync(app, "สำนักงานที่ดินจังหวัดสงขลา " + I(i));
            var point = await TestData.CreateServicePointAsync(app, agency.Id, "ศูนย์บริการ " + I(i));
            var application = await TestData.CreateApplicationAsync(app, cycle.Id, point, ApplicationStatus.Accepted);
            var sequence = i;
            await app.WithDbAsync(async db =>
            {
                var assessment = new Assessment { ApplicationId = application.Id, SubcommitteeId = meetingId.Item2, CycleId = cycle.Id, AssignedAtUtc = DateTime.UtcNow, SignedOffAtUtc = DateTime.UtcNow };
                db.Assessments.Add(assessment);
                await db.SaveChangesAsync();
                var decision = new CertificationDecision { AssessmentId = assessment.Id, ApplicationId = application.Id, CycleId = cycle.Id, MeetingId = meetingId.Item1, Certified = true, LevelRank = 1, DecidedAtUtc = DateTime.UtcNow };
                db.Certificates.Add(new Certificate
                {
                    CycleId = cycle.Id,
                    Sequence = sequence,
                    Number = Certificate.FormatNumber(year, sequence),
                    ApplicationId = application.Id,
                    Decision = decision,
                    MeetingId = meetingId.Item1,
                    LevelRank = 1,
                    LevelNameTh = "ระดับพื้นฐาน",
                    LevelNameEn = "Basic",
                    AgencyName = agency.NameTh,
                    ServicePointName = point.Name,
                    ProvinceCode = point.ProvinceCode,
                    IssuedOn = new DateOnly(2020, 9, 30),
                    ValidUntil = new DateOnly(2023, 9, 29),
                });
                return await db.SaveChangesAsync();
            });
        }

        return meetingId.Item1;
    }
}
