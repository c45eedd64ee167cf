using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Data;
using GeccAssessment.Web.Data.Seeding;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GeccAssessment.Tests.Data;

/// <summary>
/// The migration that keeps marks per round moves the marks already stored without loss: data made
/// with the previous schema (rows written in SQL, as that schema had them), then migrated up.
/// </summary>
public class MarksPerRoundMigrationTests : IAsyncLifetime
{
    private const string Migration = "MarksPerRoundAndRecordedResult";
    private readonly string _database = "gecc_m_" + Guid.NewGuid().ToString("N");

    public Task InitializeAsync() => Server("CREATE DATABASE \"" + _database + "\"");

    public Task DisposeAsync() => TestDatabase.DropAsync(_database);

    [Fact]
    public async Task Existing_marks_become_on_site_marks_where_the_assessment_went_on_site_and_preliminary_marks_otherwise()
    {
        await using var db = Context();
        var migrations = db.Database.GetMigrations().ToList();
        var previous = migrations[migrations.FindIndex(m => m.EndsWith("_" + Migration, StringComparison.Ordinal)) - 1];
        await db.GetService<IMigrator>().MigrateAsync(previous);
        await ReferenceDataSeeder.SeedAsync(db);

        // Tables this migration does not change are written through the model; the others in SQL.
        var user = new ApplicationUser { UserName = "m@migrate.test", Email = "m@migrate.test", DisplayName = "กรรมการ", CreatedAtUtc = DateTime.UtcNow };
        db.Users.Add(user);
        var cycle = new Cycle
        {
            BuddhistYear = 2599,
            Title = "รอบทดสอบการย้ายข้อมูล",
            ApplicationOpensOn = new DateOnly(2056, 1, 1),
            ApplicationClosesOn = new DateOnly(2056, 2, 1),
            AssessmentStartsOn = new DateOnly(2056, 3, 1),
            AssessmentEndsOn = new DateOnly(2056, 4, 1),
            CreatedAtUtc = DateTime.UtcNow,
            CatalogueLockedAtUtc = DateTime.UtcNow,
        };
        var premises = new Dimension { Kind = DimensionKind.Premises, SortOrder = 1, MinimumPercent = 60 };
        cycle.Dimensions.Add(premises);
        db.Cycles.Add(cycle);
        var agency = new Agency { NameTh = "หน่วยงานทดสอบ", Kind = AgencyKind.Department, ProvinceCode = "90", CreatedAtUtc = DateTime.UtcNow };
        db.Agencies.Add(agency);
        await db.SaveChangesAsync();
        var mandatory = new Criterion { CycleId = cycle.Id, DimensionId = premises.Id, Code = "P-01", TitleTh = "ป้าย", MaxPoints = 10, IsMandatory = true, SortOrder = 1 };
        var points = new Criterion { CycleId = cycle.Id, DimensionId = premises.Id, Code = "P-02", TitleTh = "ที่นั่ง", MaxPoints = 5, AllowNotApplicable = true, SortOrder = 2 };
        var other = new Criterion { CycleId = cycle.Id, DimensionId = premises.Id, Code = "P-03", TitleTh = "ห้องน้ำ", MaxPoints = 5, AllowNotApplicable = true, SortOrder = 3 };
        db.Criteria.AddRange(mandatory, points, other);
        var subcommittee = new Subcommittee { CycleId = cycle.Id, Name = "คณะทดสอบ", ChairUserId = user.Id, CreatedAtUtc = DateTime.UtcNow };
        subcommittee.Members.Add(new SubcommitteeMember { UserId = user.Id });
        db.Subcommittees.Add(subcommittee);
        var applications = Enumerable.Range(1, 2).Select(i =>
        {
            var point = new ServicePoint { AgencyId = agency.Id, Name = "จุดบริการ " + i, Address = "ถนนทดสอบ", ProvinceCode = "90", DistrictCode = "9001", CreatedAtUtc = DateTime.UtcNow };
            return new Application
            {
                CycleId = cycle.Id,
                ServicePoint = point,
                AgencyId = agency.Id,
                ProvinceCode = "90",
                Status = ApplicationStatus.Accepted,
                SubmittedAtUtc = DateTime.UtcNow,
                CreatedAtUtc = DateTime.UtcNow,
                UpdatedAtUtc = DateTime.UtcNow,
            };
        }).ToList();
        db.Applications.AddRange(applications);
        await db.SaveChangesAsync();

        // Signed off after the site visit: P-01 pass, P-02 4, P-03 not applicable (earned 14 of 15).
        var onSite = await ScalarAsync(db, $"""
            INSERT INTO "Assessments" ("ApplicationId", "SubcommitteeId", "CycleId", "AssignedAtUtc", "PreliminaryOutcome", "OnSiteAtUtc",
                                       "ReconciliationOpenedAtUtc", "SignedOffAtUtc", "SignedOffByUserId", "RecommendedOutcome", "RecommendedLevelRank", "OverallPercent")
            VALUES ({applications[0].Id}, {subcommittee.Id}, {cycle.Id}, now(), 'ProceedOnSite', now(), now(), now(), '{user.Id}', 'Certify', 1, 93.3333)
            RETURNING "Id"
            """);
        // Still in the preliminary round (the chair has not decided yet).
        var preliminary = await ScalarAsync(db, $"""
            INSERT INTO "Assessments" ("ApplicationId", "SubcommitteeId", "CycleId", "AssignedAtUtc", "PreliminaryOutcome")
            VALUES ({applications[1].Id}, {subcommittee.Id}, {cycle.Id}, now(), 'Pending')
            RETURNING "Id"
            """);
        await ScalarAsync(db, $"""
            INSERT INTO "MemberScores" ("AssessmentId", "CriterionId", "AssessorUserId", "Points", "Passed", "NotApplicable", "Note", "UpdatedAtUtc") VALUES
                ({onSite}, {mandatory.Id}, '{user.Id}', NULL, TRUE, FALSE, 'ป้ายครบ', now()),
                ({onSite}, {points.Id}, '{user.Id}', 4, NULL, FALSE, NULL, now()),
                ({onSite}, {other.Id}, '{user.Id}', NULL, NULL, TRUE, NULL, now()),
                ({preliminary}, {mandatory.Id}, '{user.Id}', NULL, FALSE, FALSE, 'ไม่มีป้าย', now()),
                ({preliminary}, {points.Id}, '{user.Id}', 2.5, NULL, FALSE, NULL, now());
            INSERT INTO "ReconciledScores" ("AssessmentId", "CriterionId", "Points", "Passed", "NotApplicable", "Note", "UpdatedAtUtc", "UpdatedByUserId") VALUES
                ({onSite}, {mandatory.Id}, NULL, TRUE, FALSE, NULL, now(), '{user.Id}'),
                ({onSite}, {points.Id}, 4, NULL, FALSE, 'ตามที่ตรวจ', now(), '{user.Id}'),
                ({onSite}, {other.Id}, NULL, NULL, TRUE, NULL, now(), '{user.Id}');
            INSERT INTO "AppliedScoreChanges" ("ChangeId", "AssessmentId", "UserId", "AppliedAtUtc") VALUES ('{Guid.NewGuid()}', {onSite}, '{user.Id}', now());
            SELECT 0;
            """);

        await db.Database.MigrateAsync();

        db.ChangeTracker.Clear();
        var marks = await db.MemberScores.AsNoTracking().OrderBy(s => s.AssessmentId).ThenBy(s => s.CriterionId)
            .Select(s => new { s.AssessmentId, s.CriterionId, s.Round, s.Mark, s.Note }).ToListAsync();
        Assert.Equal(5, marks.Count);
        Assert.All(marks.Where(m => m.AssessmentId == onSite), m => Assert.Equal(AssessmentRound.OnSite, m.Round));
        Assert.All(marks.Where(m => m.AssessmentId == preliminary), m => Assert.Equal(AssessmentRound.Preliminary, m.Round));
        Assert.Equal(
            [Mark.Pass(), Mark.Scored(4), Mark.NotApplicableMark(), Mark.Fail(), Mark.Scored(2.5m)],
            marks.Select(m => m.Mark));
        Assert.Equal(["ป้ายครบ", null, null, "ไม่มีป้าย", null], marks.Select(m => m.Note));

        var reconciled = await db.ReconciledScores.AsNoTracking().Where(s => s.AssessmentId == onSite).OrderBy(s => s.CriterionId).Select(s => s.Mark).ToListAsync();
        Assert.Equal([Mark.Pass(), Mark.Scored(4), Mark.NotApplicableMark()], reconciled);

        // The points it was signed off with, as the policy counts them; nothing for one not signed off.
        var recorded = await db.Assessments.AsNoTracking().OrderBy(a => a.Id).Select(a => new { a.Id, a.EarnedPoints, a.PossiblePoints, a.PreliminaryPercent, a.OverallPercent }).ToListAsync();
        Assert.Equal((14m, 15m), (recorded.Single(a => a.Id == onSite).EarnedPoints, recorded.Single(a => a.Id == onSite).PossiblePoints));
        Assert.Equal(93.3333m, recorded.Single(a => a.Id == onSite).OverallPercent);
        Assert.Null(recorded.Single(a => a.Id == preliminary).EarnedPoints);
        Assert.All(recorded, a => Assert.Null(a.PreliminaryPercent));
        Assert.Null(await db.AppliedScoreChanges.AsNoTracking().Select(c => c.Fingerprint).SingleAsync());
    }

    /// <summary>Runs SQL written for the previous schema on the context's connection; the test's own values only.</summary>
    private static async Task<int> ScalarAsync(ApplicationDbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync();
        }

        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private ApplicationDbContext Context() =>
        new(new DbContextOptionsBuilder<ApplicationDbContext>().UseNpgsql(TestDatabase.ConnectionStringFor(_database, pooling: false)).Options);

    private static async Task Server(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(TestDatabase.ConnectionStringFor("postgres", pooling: false));
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
