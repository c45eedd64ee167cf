using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ServicePoint = GeccAssessment.Web.Domain.ServicePoint;

namespace GeccAssessment.Tests.Features.Satisfaction;

/// <summary>A clock the tests move forward: the minimum fill time is then tested without waiting.</summary>
public sealed class MovableClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}

/// <summary>The app with a movable clock and a small burst limit (5 answers per point in ten minutes).</summary>
public class SurveyFactory : GeccAppFactory
{
    public MovableClock Clock { get; } = new();

    protected virtual string PerAddressPerHour => "100000";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Gecc:Satisfaction:BurstPerPointPer10Minutes", "5");
        builder.UseSetting("Gecc:Satisfaction:PerAddressPerHour", PerAddressPerHour);
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>Three answers per address per hour, to reach the limit.</summary>
public sealed class TightAddressLimitFactory : SurveyFactory
{
    protected override string PerAddressPerHour => "3";
}

/// <summary>
/// The app whose statements give up on a lock after a second and a half (55P03, a transient
/// error), so that a test holding a lock on the answers makes the database unavailable to the
/// survey's writes for real.
/// </summary>
public sealed class SurveyOutageFactory : SurveyFactory
{
    protected override string ConnectionString => base.ConnectionString + ";Options=-c lock_timeout=1500";

    /// <summary>Keeps the survey's inserts out until disposed: a share lock on the answers, in an open transaction.</summary>
    public Task<IAsyncDisposable> LockAnswersAsync() => LockAsync("SatisfactionResponses", "SHARE");

    /// <summary>Holds a lock on a table until disposed, in an open transaction: the app's statements that need it give up after 1.5 s.</summary>
    public async Task<IAsyncDisposable> LockAsync(string table, string mode)
    {
        var connection = new Npgsql.NpgsqlConnection(TestDatabase.ConnectionStringFor(DatabaseName, pooling: false));
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new Npgsql.NpgsqlCommand($"LOCK TABLE \"{table}\" IN {mode} MODE", connection, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }

        return connection;
    }

    /// <summary>Waits until the survey's writer is waiting on the test's lock.</summary>
    public async Task UntilTheWriterWaitsAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(TestDatabase.ConnectionStringFor(DatabaseName, pooling: false));
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'gecc-survey' AND wait_event_type = 'Lock'", connection);
        for (var i = 0; i < 500 && (long)(await command.ExecuteScalarAsync())! == 0; i++)
        {
            await Task.Delay(10);
        }
    }

    /// <summary>How many times the survey's writer has tried a group once more.</summary>
    public int Retries() => Logs.RenderedEvents().Count(e => e.Contains("trying once more", StringComparison.Ordinal));
}

public static class Survey
{
    /// <summary>An agency with a point offering two services, its applicant, and the wording of a cycle's questions.</summary>
    public static async Task<(Agency Agency, ServicePoint Point, string Applicant)> ArrangeAsync(GeccAppFactory app, string? servicesOffered = "ขอใบอนุญาต, ชำระภาษี")
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var agency = await TestData.CreateAgencyAsync(app, "สำนักงานสรรพสามิตทดสอบ " + tag);
        var point = await TestData.CreateServicePointAsync(app, agency.Id, "จุดบริการสรรพสามิต " + tag);
        await app.WithDbAsync(async db =>
        {
            var entity = await db.ServicePoints.FindAsync(point.Id);
            entity!.ServicesOffered = servicesOffered;
            await db.SaveChangesAsync();
            return 0;
        });
        var applicant = $"applicant-{tag}@survey.test";
        await app.CreateUserAsync(applicant, Roles.Applicant, agency.Id);
        return (agency, point, applicant);
    }

    /// <summary>The point's public address, as the poster's QR code carries it (the code made on first print).</summary>
    public static async Task<string> CodeUrlAsync(GeccAppFactory app, string applicant, int pointId)
    {
        var client = app.CreateBrowser();
        await client.SignInOrFailAsync(applicant);
        var pdf = await client.GetAsync($"/satisfaction/poster/{pointId}");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        return new Uri(QrCodes.ReadFromPdfPage(await pdf.Content.ReadAsByteArrayAsync())).PathAndQuery;
    }

    /// <summary>Opens the survey as a phone would (its own cookies), waits the minimum fill time on the app's clock, and answers.</summary>
    public static async Task<HttpResponseMessage> AnswerAsync(SurveyFactory app, string url, Dictionary<string, string> answers, HttpClient? phone = null, bool wait = true)
    {
        phone ??= app.CreateBrowser();
        var page = await phone.GetPageAsync(url);
        if (wait)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(10));
        }

        return await phone.SubmitFormAsync(page, "form.survey", answers);
    }

    public static Dictionary<string, string> Happy(string? comment = null) => new()
    {
        ["Overall"] = "5",
        ["Premises"] = "4",
        ["Personnel"] = "5",
        ["ServiceProcess"] = "3",
        ["Other"] = "4",
        ["Service"] = "ชำระภาษี",
        ["Comment"] = comment ?? "",
    };

    public static async Task<IDocument> ParseAsync(HttpResponseMessage response) => await HtmlForms.ParseAsync(response);

    public static string? Checked(IDocument page, string name) =>
        page.QuerySelectorAll<IHtmlInputElement>($"input[name={name}]").FirstOrDefault(i => i.IsChecked)?.Value;

    /// <summary>Answers as the survey stores them, aggregates included (the same statement the app runs), without going through the page.</summary>
    public static async Task AddCountedAnswersAsync(GeccAppFactory app, int pointId, int count, short overall, string? comment = null) =>
        await app.WithDbAsync(async db =>
        {
            var today = BuddhistEraDate.ThailandToday(DateTime.UtcNow);
            var sql = GeccAssessment.Web.Features.Satisfaction.SatisfactionAggregates.WithAggregates("""
                INSERT INTO "SatisfactionResponses" ("ServicePointId", "Day", "SubmittedAtUtc", "Overall", "Premises", "Personnel", "ServiceProcess", "Other", "Comment", "Status", "DeviceKey")
                SELECT {0}, {1}, now(), {2}, {2}, {2}, {2}, {2}, {3}, 0, decode(md5(random()::text), 'hex') FROM generate_series(1, {4})
                RETURNING "ServicePointId", "Day", "Overall", "Premises", "Personnel", "ServiceProcess", "Other", "Status"
                """, "{5}") + " SELECT count(*)::int AS \"Value\" FROM r";
            return (await db.Database.SqlQueryRaw<int>(sql, pointId, today, overall, (object?)comment ?? DBNull.Value, count, SatisfactionRules.DashboardStart(today)).ToListAsync()).Single();
        });

}
