using GeccAssessment.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Tests.Data;

/// <summary>
/// The migration that gives each certificate its own signatory fills it for the certificates
/// already issued from their cycle's signatory, so that they print as they did before: certificates
/// made with the previous schema (rows written in SQL, as that schema had them), then migrated up.
/// </summary>
public class CertificateSignatoryMigrationTests() : MigrationTest("CertificateSignatory")
{
    [Fact]
    public async Task Certificates_issued_before_take_their_cycles_signatory_and_a_cycle_without_one_leaves_theirs_empty()
    {
        await using var db = await BeforeTheMigrationAsync();

        var userId = Guid.NewGuid().ToString();
        await ScalarAsync(db, $"""
            INSERT INTO "Provinces" ("Code", "NameTh", "NameEn") VALUES ('90', 'สงขลา', 'Songkhla');
            INSERT INTO "Districts" ("Code", "ProvinceCode", "NameTh", "NameEn") VALUES ('9001', '90', 'เมืองสงขลา', 'Mueang Songkhla');
            INSERT INTO "AspNetUsers" ("Id", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed", "DisplayName", "CreatedAtUtc",
                                       "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount")
            VALUES ('{userId}', 's@migrate.test', 'S@MIGRATE.TEST', 's@migrate.test', 'S@MIGRATE.TEST', TRUE, 'ประธาน', now(),
                    'stamp', 'concurrency', FALSE, FALSE, TRUE, 0);
            SELECT 0;
            """);
        var agency = await ScalarAsync(db, """
            INSERT INTO "Agencies" ("NameTh", "Kind", "ProvinceCode", "IsReference", "CreatedAtUtc") VALUES ('หน่วยงานทดสอบ', 'Department', '90', FALSE, now()) RETURNING "Id"
            """);

        var signed = await CertificateOfNewCycleAsync(db, agency, userId, 2598, "'นางสาวสมหญิง ใจงาม'", "'รองปลัดสำนักนายกรัฐมนตรี'");
        var unsigned = await CertificateOfNewCycleAsync(db, agency, userId, 2597, "NULL", "NULL");

        await db.Database.MigrateAsync();

        db.ChangeTracker.Clear();
        var certificates = await db.Certificates.AsNoTracking().ToDictionaryAsync(c => c.Id, c => (c.SignatoryName, c.SignatoryPosition));
        Assert.Equal(("นางสาวสมหญิง ใจงาม", "รองปลัดสำนักนายกรัฐมนตรี"), certificates[signed]);
        // As it printed before: the dotted line and the committee's chair (CertificationDocuments).
        Assert.Equal((null, null), certificates[unsigned]);
    }

    /// <summary>A cycle with the given signatory (SQL literals) and one certificate issued in it, written as the previous schema had them.</summary>
    private static async Task<int> CertificateOfNewCycleAsync(ApplicationDbContext db, int agency, string userId, int year, string name, string position)
    {
        var cycle = await ScalarAsync(db, $"""
            INSERT INTO "Cycles" ("BuddhistYear", "Title", "Status", "ApplicationOpensOn", "ApplicationClosesOn", "AssessmentStartsOn", "AssessmentEndsOn",
                                  "CertificateValidityYears", "CreatedAtUtc", "CatalogueLockedAtUtc", "SignatoryName", "SignatoryPosition")
            VALUES ({year}, 'รอบทดสอบการย้ายข้อมูล {year}', 'Deciding', '2054-01-01', '2054-02-01', '2054-03-01', '2054-04-01', 3, now(), now(), {name}, {position})
            RETURNING "Id"
            """);
        var point = await ScalarAsync(db, $"""
            INSERT INTO "ServicePoints" ("AgencyId", "Name", "Address", "ProvinceCode", "DistrictCode", "CreatedAtUtc")
            VALUES ({agency}, 'จุดบริการ {year}', 'ถนนทดสอบ', '90', '9001', now()) RETURNING "Id"
            """);
        var application = await ScalarAsync(db, $"""
            INSERT INTO "Applications" ("CycleId", "ServicePointId", "AgencyId", "ProvinceCode", "Status", "SubmittedAtUtc", "CreatedAtUtc", "UpdatedAtUtc")
            VALUES ({cycle}, {point}, {agency}, '90', 'Accepted', now(), now(), now()) RETURNING "Id"
            """);
        var subcommittee = await ScalarAsync(db, $"""
            INSERT INTO "Subcommittees" ("CycleId", "Name", "ChairUserId", "CreatedAtUtc") VALUES ({cycle}, 'คณะทดสอบ {year}', '{userId}', now()) RETURNING "Id"
            """);
        var assessment = await ScalarAsync(db, $"""
            INSERT INTO "Assessments" ("ApplicationId", "SubcommitteeId", "CycleId", "AssignedAtUtc", "PreliminaryOutcome", "OnSiteAtUtc",
                                       "ReconciliationOpenedAtUtc", "SignedOffAtUtc", "SignedOffByUserId", "RecommendedOutcome", "RecommendedLevelRank", "OverallPercent")
            VALUES ({application}, {subcommittee}, {cycle}, now(), 'ProceedOnSite', now(), now(), now(), '{userId}', 'Certify', 1, 93.5)
            RETURNING "Id"
            """);
        var meeting = await ScalarAsync(db, $"""
            INSERT INTO "CommitteeMeetings" ("CycleId", "Number", "HeldOn") VALUES ({cycle}, '1/{year}', '2054-05-01') RETURNING "Id"
            """);
        var decision = await ScalarAsync(db, $"""
            INSERT INTO "CertificationDecisions" ("AssessmentId", "ApplicationId", "CycleId", "MeetingId", "Certified", "LevelRank", "DecidedAtUtc", "DecidedByUserId")
            VALUES ({assessment}, {application}, {cycle}, {meeting}, TRUE, 1, now(), '{userId}') RETURNING "Id"
            """);
        return await ScalarAsync(db, $"""
            INSERT INTO "Certificates" ("CycleId", "Sequence", "Number", "ApplicationId", "DecisionId", "MeetingId", "LevelRank", "LevelNameTh", "LevelNameEn",
                                        "AgencyName", "ServicePointName", "ProvinceCode", "IssuedOn", "ValidUntil")
            VALUES ({cycle}, 1, 'GECC-{year}-0001', {application}, {decision}, {meeting}, 1, 'ระดับพื้นฐาน', 'Basic',
                    'หน่วยงานทดสอบ', 'จุดบริการ {year}', '90', '2054-05-01', '2057-04-30')
            RETURNING "Id"
            """);
    }
}
