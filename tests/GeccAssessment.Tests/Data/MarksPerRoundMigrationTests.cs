using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Tests.Data;

/// <summary>
/// The migration that keeps marks per round moves the marks already stored without loss: data made
/// with the previous schema (rows written in SQL, as that schema had them), then migrated up.
/// </summary>
public class MarksPerRoundMigrationTests() : MigrationTest("MarksPerRoundAndRecordedResult")
{
    [Fact]
    public async Task Existing_marks_become_on_site_marks_where_the_assessment_went_on_site_and_preliminary_marks_otherwise()
    {
        await using var db = await BeforeTheMigrationAsync();

        var userId = Guid.NewGuid().ToString();
        var cycle = await ScalarAsync(db, $"""
            INSERT INTO "Provinces" ("Code", "NameTh", "NameEn") VALUES ('90', 'สงขลา', 'Songkhla');
            INSERT INTO "Districts" ("Code", "ProvinceCode", "NameTh", "NameEn") VALUES ('9001', '90', 'เมืองสงขลา', 'Mueang Songkhla');
            INSERT INTO "AspNetUsers" ("Id", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed", "DisplayName", "CreatedAtUtc",
                                       "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount")
            VALUES ('{userId}', 'm@migrate.test', 'M@MIGRATE.TEST', 'm@migrate.test', 'M@MIGRATE.TEST', TRUE, 'กรรมการ', now(),
                    'stamp', 'concurrency', FALSE, FALSE, TRUE, 0);
            INSERT INTO "Cycles" ("BuddhistYear", "Title", "Status", "ApplicationOpensOn", "ApplicationClosesOn", "AssessmentStartsOn", "AssessmentEndsOn",
                                  "CertificateValidityYears", "CreatedAtUtc", "CatalogueLockedAtUtc")
            VALUES (2599, 'รอบทดสอบการย้ายข้อมูล', 'Assessing', '2056-01-01', '2056-02-01', '2056-03-01', '2056-04-01', 3, now(), now())
            RETURNING "Id"
            """);
        var premises = await ScalarAsync(db, $"""
            INSERT INTO "Dimensions" ("CycleId", "Kind", "SortOrder", "MinimumPercent") VALUES ({cycle}, 'Premises', 1, 60) RETURNING "Id"
            """);
        var agency = await ScalarAsync(db, """
            INSERT INTO "Agencies" ("NameTh", "Kind", "ProvinceCode", "IsReference", "CreatedAtUtc") VALUES ('หน่วยงานทดสอบ', 'Department', '90', FALSE, now()) RETURNING "Id"
            """);
        Task<int> CriterionAsync(string code, string title, int maxPoints, bool isMandatory, bool notApplicableAllowed, int order) => ScalarAsync(db, $"""
            INSERT INTO "Criteria" ("CycleId", "DimensionId", "Code", "TitleTh", "MaxPoints", "IsMandatory", "AllowNotApplicable", "EvidenceRequired", "SortOrder")
            VALUES ({cycle}, {premises}, '{code}', '{title}', {maxPoints}, {(isMandatory ? "TRUE" : "FALSE")}, {(notApplicableAllowed ? "TRUE" : "FALSE")}, FALSE, {order}) RETURNING "Id"
            """);
        var mandatory = await CriterionAsync("P-01", "ป้าย", 10, isMandatory: true, notApplicableAllowed: false, 1);
        var points = await CriterionAsync("P-02", "ที่นั่ง", 5, isMandatory: false, notApplicableAllowed: true, 2);
        var other = await CriterionAsync("P-03", "ห้องน้ำ", 5, isMandatory: false, notApplicableAllowed: true, 3);
        var subcommittee = await ScalarAsync(db, $"""
            INSERT INTO "Subcommittees" ("CycleId", "Name", "ChairUserId", "CreatedAtUtc") VALUES ({cycle}, 'คณะทดสอบ', '{userId}', now()) RETURNING "Id"
            """);
        await ScalarAsync(db, $"""INSERT INTO "SubcommitteeMembers" ("SubcommitteeId", "UserId") VALUES ({subcommittee}, '{userId}'); SELECT 0""");
        var applications = new List<int>();
        for (var i = 1; i <= 2; i++)
        {
            var point = await ScalarAsync(db, $"""
                INSERT INTO "ServicePoints" ("AgencyId", "Name", "Address", "ProvinceCode", "DistrictCode", "CreatedAtUtc")
                VALUES ({agency}, 'จุดบริการ {i}', 'ถนนทดสอบ', '90', '9001', now()) RETURNING "Id"
                """);
            applications.Add(await ScalarAsync(db, $"""
                INSERT INTO "Applications" ("CycleId", "ServicePointId", "AgencyId", "ProvinceCode", "Status", "SubmittedAtUtc", "CreatedAtUtc", "UpdatedAtUtc")
                VALUES ({cycle}, {point}, {agency}, '90', 'Accepted', now(), now(), now()) RETURNING "Id"
                """));
        }

        // Signed off after the site visit: P-01 pass, P-02 4, P-03 not applicable (earned 14 of 15).
        var onSite = await ScalarAsync(db, $"""
            INSERT INTO "Assessments" ("ApplicationId", "SubcommitteeId", "CycleId", "AssignedAtUtc", "PreliminaryOutcome", "OnSiteAtUtc",
                                       "ReconciliationOpenedAtUtc", "SignedOffAtUtc", "SignedOffByUserId", "RecommendedOutcome", "RecommendedLevelRank", "OverallPercent")
            VALUES ({applications[0]}, {subcommittee}, {cycle}, now(), 'ProceedOnSite', now(), now(), now(), '{userId}', 'Certify', 1, 93.3333)
            RETURNING "Id"
            """);
        // Still in the preliminary round (the chair has not decided yet).
        var preliminary = await ScalarAsync(db, $"""
            INSERT INTO "Assessments" ("ApplicationId", "SubcommitteeId", "CycleId", "AssignedAtUtc", "PreliminaryOutcome")
            VALUES ({applications[1]}, {subcommittee}, {cycle}, now(), 'Pending')
            RETURNING "Id"
            """);
        await ScalarAsync(db, $"""
            INSERT INTO "MemberScores" ("AssessmentId", "CriterionId", "AssessorUserId", "Points", "Passed", "NotApplicable", "Note", "UpdatedAtUtc") VALUES
                ({onSite}, {mandatory}, '{userId}', NULL, TRUE, FALSE, 'ป้ายครบ', now()),
                ({onSite}, {points}, '{userId}', 4, NULL, FALSE, NULL, now()),
                ({onSite}, {other}, '{userId}', NULL, NULL, TRUE, NULL, now()),
                ({preliminary}, {mandatory}, '{userId}', NULL, FALSE, FALSE, 'ไม่มีป้าย', now()),
                ({preliminary}, {points}, '{userId}', 2.5, NULL, FALSE, NULL, now());
            INSERT INTO "ReconciledScores" ("AssessmentId", "CriterionId", "Points", "Passed", "NotApplicable", "Note", "UpdatedAtUtc", "UpdatedByUserId") VALUES
                ({onSite}, {mandatory}, NULL, TRUE, FALSE, NULL, now(), '{userId}'),
                ({onSite}, {points}, 4, NULL, FALSE, 'ตามที่ตรวจ', now(), '{userId}'),
                ({onSite}, {other}, NULL, NULL, TRUE, NULL, now(), '{userId}');
            INSERT INTO "AppliedScoreChanges" ("ChangeId", "AssessmentId", "UserId", "AppliedAtUtc") VALUES ('{Guid.NewGuid()}', {onSite}, '{userId}', now());
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
}
