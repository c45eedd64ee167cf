using System.Diagnostics;
using System.Globalization;
using GeccAssessment.Web.Data;
using GeccAssessment.Web.Data.Seeding;
using GeccAssessment.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace GeccAssessment.Bench;

/// <summary>
/// Loads one national cycle with set-based SQL (INSERT … SELECT generate_series): agencies, service
/// points and applications in every province and status, subcommittees, assessments at every stage,
/// millions of member scores, reconciled scores, decisions, certificates and an audit trail. The
/// few rows that need the app's own rules (the first user's password hash, the catalogue, the
/// recommendation at sign-off) go through the app's code.
/// </summary>
public sealed class NationalData(BenchOptions options, BenchDatabase database, IServiceProvider services)
{
    public const string Password = "bench-kiwi-pass-2569";
    public const string AdminEmail = "bench-admin@gecc.test";
    public const string SecretariatEmail = "bench-secretariat@gecc.test";
    public const string CommitteeEmail = "bench-committee@gecc.test";

    /// <summary>Tables big enough that building their indexes after the load beats keeping them up row by row.</summary>
    private static readonly string[] BulkTables =
        ["SelfAssessmentAnswers", "EvidenceFiles", "ApplicationStatusChanges", "ConflictDeclarations", "MemberScores", "ReconciledScores", "AuditEntries", "AspNetUsers", "AspNetUserRoles"];

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string ChairEmail(int subcommittee) => $"bench-chair-{subcommittee:00}@gecc.test";

    public static string AssessorEmail(int number) => $"bench-assessor-{number:000}@gecc.test";

    /// <summary>Ids are derived from the e-mail address, so the SQL below can refer to any user without a lookup.</summary>
    private static string UserId(string emailSql) => $"md5('bench-user:' || {emailSql})::uuid::text";

    public async Task LoadAsync()
    {
        var total = Stopwatch.StartNew();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        // The cycle is three years old, so that its certificates are partly expired, partly
        // expiring within 90 days (the renewal list) and partly valid for longer.
        var firstMeeting = today.AddYears(-3).AddDays(-120);
        var cycleId = await CreateUserAndCycleAsync(firstMeeting);

        await using var connection = await database.OpenAsync();
        await PrepareSessionAsync(connection);
        var indexes = await DropSecondaryIndexesAsync(connection);

        var n = options.Applications;
        var s = options.Subcommittees;
        var perSubcommittee = options.AssessorsPerSubcommittee;
        var assessments = options.Assessments;
        var year = (await ScalarAsync<int>(connection, $"SELECT \"BuddhistYear\" FROM \"Cycles\" WHERE \"Id\" = {cycleId}"));
        var opens = Date(firstMeeting.AddDays(-240));
        var assessing = Date(firstMeeting.AddDays(-170));

        // The reference ministries and departments are agencies too (seeded at start-up): the loaded
        // agencies are numbered after them, agency k being agencyBase + k.
        var agencyBase = await ScalarAsync<int>(connection, "SELECT coalesce(max(\"Id\"), 0) FROM \"Agencies\"");

        await StepAsync(connection, "agencies", $"""
            WITH p AS (SELECT "Code", "NameTh", (row_number() OVER (ORDER BY "Code"))::int - 1 AS n FROM "Provinces")
            INSERT INTO "Agencies" ("Id", "NameTh", "Kind", "ProvinceCode", "ContactName", "ContactPhone", "ContactEmail", "CreatedAtUtc")
            SELECT {agencyBase} + i,
                   (ARRAY['สำนักงานสรรพสามิตพื้นที่', 'สำนักงานที่ดิน', 'สำนักงานประกันสังคม', 'สำนักงานขนส่ง', 'สำนักงานสรรพากรพื้นที่',
                          'ที่ว่าการอำเภอเมือง', 'ศาลากลาง', 'การไฟฟ้าส่วนภูมิภาค', 'การประปาส่วนภูมิภาค', 'เทศบาลเมือง',
                          'องค์การบริหารส่วนตำบล', 'เทศบาลตำบล', 'สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์', 'สำนักงานสาธารณสุข', 'สำนักงานแรงงาน',
                          'ศูนย์ดำรงธรรม', 'สำนักงานยุติธรรม', 'สำนักงานพาณิชย์', 'องค์การบริหารส่วนจังหวัด', 'สำนักงานเกษตร'])[1 + i % 20]
                       || 'จังหวัด' || p."NameTh" || ' แห่งที่ ' || i,
                   (ARRAY['Department', 'Department', 'Department', 'Department', 'Department', 'Province', 'Province', 'StateEnterprise', 'StateEnterprise', 'LocalGovernment',
                          'LocalGovernment', 'LocalGovernment', 'Department', 'Department', 'Department', 'Other', 'Other', 'Department', 'LocalGovernment', 'Department'])[1 + i % 20],
                   p."Code",
                   'เจ้าหน้าที่ประสานงาน ' || i, '0' || (20000000 + i), 'contact' || i || '@agency.gecc.test',
                   {opens}::timestamptz + (i % 40) * interval '1 day'
            FROM generate_series(1, {n}) i JOIN p ON p.n = i % 77
            """);

        await StepAsync(connection, "service points", $"""
            WITH p AS (SELECT "Code", "NameTh", (row_number() OVER (ORDER BY "Code"))::int - 1 AS n FROM "Provinces"),
                 d AS (SELECT "ProvinceCode", array_agg("Code" ORDER BY "Code") AS codes, array_agg("NameTh" ORDER BY "Code") AS names
                       FROM "Districts" GROUP BY "ProvinceCode")
            INSERT INTO "ServicePoints" ("Id", "AgencyId", "Name", "Address", "ProvinceCode", "DistrictCode", "OpeningHours", "ServicesOffered",
                                         "ContactName", "ContactPhone", "CreatedAtUtc")
            SELECT i, {agencyBase} + i,
                   'จุดบริการประชาชน ' || d.names[1 + (i / 77) % cardinality(d.codes)] || ' หมายเลข ' || i,
                   'เลขที่ ' || (1 + i % 300) || ' ถนนราชดำเนิน อำเภอ' || d.names[1 + (i / 77) % cardinality(d.codes)] || ' จังหวัด' || p."NameTh",
                   p."Code", d.codes[1 + (i / 77) % cardinality(d.codes)],
                   'จันทร์–ศุกร์ 08:30–16:30 น.', 'รับคำร้อง ชำระค่าธรรมเนียม ออกใบอนุญาต ให้คำปรึกษา',
                   'เจ้าหน้าที่จุดบริการ ' || i, '0' || (30000000 + i),
                   {opens}::timestamptz + (i % 40) * interval '1 day'
            FROM generate_series(1, {n}) i JOIN p ON p.n = i % 77 JOIN d ON d."ProvinceCode" = p."Code"
            """);

        // Statuses by i % 20: 5 % draft, 10 % submitted, 5 % returned, 80 % accepted.
        await StepAsync(connection, "applications", $"""
            INSERT INTO "Applications" ("Id", "CycleId", "ServicePointId", "AgencyId", "AgencyKind", "ProvinceCode", "Status", "SubmittedAtUtc", "ReturnReason", "CreatedAtUtc", "UpdatedAtUtc")
            SELECT sp."Id", {cycleId}, sp."Id", sp."AgencyId", g."Kind", sp."ProvinceCode",
                   CASE WHEN sp."Id" % 20 = 0 THEN 'Draft' WHEN sp."Id" % 20 IN (1, 2) THEN 'Submitted' WHEN sp."Id" % 20 = 3 THEN 'Returned' ELSE 'Accepted' END,
                   CASE WHEN sp."Id" % 20 = 0 THEN NULL ELSE {opens}::timestamptz + (7 + sp."Id" % 50) * interval '1 day' + (sp."Id" % 480) * interval '1 minute' END,
                   CASE WHEN sp."Id" % 20 = 3 THEN 'กรุณาแนบภาพถ่ายป้ายบอกทางและคู่มือการให้บริการฉบับปัจจุบัน' END,
                   {opens}::timestamptz + (sp."Id" % 50) * interval '1 day',
                   {opens}::timestamptz + (14 + sp."Id" % 50) * interval '1 day'
            FROM "ServicePoints" sp JOIN "Agencies" g ON g."Id" = sp."AgencyId"
            """);

        await StepAsync(connection, "users", $"""
            WITH people AS (
                SELECT {SecretariatEmail.Sql()} AS email, 'ฝ่ายเลขานุการ (ทดสอบสมรรถนะ)' AS name, NULL::int AS agency, 'Secretariat' AS role
                UNION ALL SELECT {CommitteeEmail.Sql()}, 'คณะกรรมการอำนวยการ (ทดสอบสมรรถนะ)', NULL, 'SteeringCommittee'
                UNION ALL SELECT 'bench-chair-' || lpad(k::text, 2, '0') || '@gecc.test', 'ประธานอนุกรรมการ ชุดที่ ' || k, NULL, 'SubcommitteeChair'
                    FROM generate_series(1, {s}) k
                UNION ALL SELECT 'bench-assessor-' || lpad(k::text, 3, '0') || '@gecc.test', {ThaiName("k")}, NULL, 'Assessor'
                    FROM generate_series(1, {s * perSubcommittee}) k
                UNION ALL SELECT 'applicant-' || lpad(k::text, greatest(5, length(k::text)), '0') || '@agency.gecc.test', 'เจ้าหน้าที่ ' || {ThaiName("k")}, {agencyBase} + k, 'Applicant'
                    FROM generate_series(1, {n}) k
            ), template AS (SELECT "PasswordHash" FROM "AspNetUsers" WHERE "NormalizedEmail" = upper({AdminEmail.Sql()})),
            inserted AS (
                INSERT INTO "AspNetUsers" ("Id", "DisplayName", "AgencyId", "CreatedAtUtc", "UserName", "NormalizedUserName", "Email", "NormalizedEmail",
                                           "EmailConfirmed", "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed", "TwoFactorEnabled",
                                           "LockoutEnabled", "AccessFailedCount")
                SELECT {UserId("p.email")}, p.name, p.agency, {opens}::timestamptz, p.email, upper(p.email), p.email, upper(p.email),
                       true, t."PasswordHash", upper(md5('stamp:' || p.email)), md5('concurrency:' || p.email)::uuid::text, false, false, true, 0
                FROM people p CROSS JOIN template t
                RETURNING "Id", "Email")
            INSERT INTO "AspNetUserRoles" ("UserId", "RoleId")
            SELECT i."Id", r."Id" FROM inserted i JOIN people p ON p.email = i."Email" JOIN "AspNetRoles" r ON r."Name" = p.role
            """);

        await StepAsync(connection, "status changes", $"""
            INSERT INTO "ApplicationStatusChanges" ("ApplicationId", "FromStatus", "ToStatus", "AtUtc", "UserId", "Note")
            SELECT a."Id", NULL, 'Draft', a."CreatedAtUtc", {UserId($"'applicant-' || lpad((a.\"AgencyId\" - {agencyBase})::text, greatest(5, length((a.\"AgencyId\" - {agencyBase})::text)), '0') || '@agency.gecc.test'")}, NULL
            FROM "Applications" a
            UNION ALL
            SELECT a."Id", 'Draft', 'Submitted', a."SubmittedAtUtc", {UserId($"'applicant-' || lpad((a.\"AgencyId\" - {agencyBase})::text, greatest(5, length((a.\"AgencyId\" - {agencyBase})::text)), '0') || '@agency.gecc.test'")}, NULL
            FROM "Applications" a WHERE a."Status" <> 'Draft'
            UNION ALL
            SELECT a."Id", 'Submitted', a."Status", a."SubmittedAtUtc" + interval '5 days', {UserId(SecretariatEmail.Sql())}, a."ReturnReason"
            FROM "Applications" a WHERE a."Status" IN ('Returned', 'Accepted')
            ORDER BY 1, 4
            """);

        // Criteria in the order of the scoring form; pos numbers them 1..45.
        var criteria = $"""
            crit AS (SELECT c."Id", c."MaxPoints", c."IsMandatory", c."AllowNotApplicable", c."EvidenceRequired",
                            (row_number() OVER (ORDER BY d."SortOrder", c."SortOrder"))::int AS pos
                     FROM "Criteria" c JOIN "Dimensions" d ON d."Id" = c."DimensionId" WHERE c."CycleId" = {cycleId})
            """;
        var criterionCount = await ScalarAsync<int>(connection, $"SELECT count(*)::int FROM \"Criteria\" WHERE \"CycleId\" = {cycleId}");

        // A draft is half done; the others answered everything.
        await StepAsync(connection, "self-assessment answers", $"""
            WITH {criteria}
            INSERT INTO "SelfAssessmentAnswers" ("ApplicationId", "CriterionId", "SelfScore", "Explanation", "UpdatedAtUtc")
            SELECT a."Id", c."Id", round(c."MaxPoints" * (0.6 + 0.4 * pg_temp.rnd(a."Id" * 100 + c.pos)))::numeric,
                   'ดำเนินการแล้ว รายละเอียดตามเอกสารแนบและภาพถ่าย ณ จุดให้บริการ', a."CreatedAtUtc" + interval '5 days'
            FROM "Applications" a CROSS JOIN crit c
            WHERE a."Status" <> 'Draft' OR c.pos <= {criterionCount / 2}
            ORDER BY a."Id", c."Id"
            """);

        await StepAsync(connection, "evidence files", $"""
            WITH {criteria}
            INSERT INTO "EvidenceFiles" ("ApplicationId", "CriterionId", "FileName", "ContentType", "SizeBytes", "Sha256", "UploadedAtUtc", "UploadedByUserId")
            SELECT a."Id", c."Id", 'หลักฐาน-' || c.pos || '.pdf', 'application/pdf', 600, md5(a."Id" || ':' || c."Id") || md5(c."Id" || ':' || a."Id"),
                   a."CreatedAtUtc" + interval '5 days', {UserId($"'applicant-' || lpad((a.\"AgencyId\" - {agencyBase})::text, greatest(5, length((a.\"AgencyId\" - {agencyBase})::text)), '0') || '@agency.gecc.test'")}
            FROM "Applications" a CROSS JOIN crit c
            WHERE a."Status" <> 'Draft' AND c."EvidenceRequired"
            ORDER BY a."Id", c."Id"
            """);
        // Every file has its bytes (a stand-in of 600 bytes), so that a download would work.
        await StepAsync(connection, "evidence contents", """
            INSERT INTO "EvidenceFileContents" ("EvidenceFileId", "Data")
            SELECT f."Id", convert_to(rpad('%PDF-1.4 bench evidence ', 600, '.'), 'UTF8') FROM "EvidenceFiles" f
            """);

        await StepAsync(connection, "subcommittees", $"""
            INSERT INTO "Subcommittees" ("Id", "CycleId", "Name", "ChairUserId", "CreatedAtUtc")
            SELECT k, {cycleId}, 'คณะอนุกรรมการประเมิน ชุดที่ ' || k, {UserId("'bench-chair-' || lpad(k::text, 2, '0') || '@gecc.test'")}, {assessing}::timestamptz - interval '30 days'
            FROM generate_series(1, {s}) k;
            INSERT INTO "SubcommitteeMembers" ("SubcommitteeId", "UserId")
            SELECT k, {UserId("'bench-chair-' || lpad(k::text, 2, '0') || '@gecc.test'")} FROM generate_series(1, {s}) k
            UNION ALL
            SELECT 1 + (m - 1) / {perSubcommittee}, {UserId("'bench-assessor-' || lpad(m::text, 3, '0') || '@gecc.test'")} FROM generate_series(1, {s * perSubcommittee}) m
            """);

        // The first accepted applications are assessed, each by the subcommittee of its province's
        // region. Stage by id % 20: 0 assigned only, 1–2 scheduled, 3 stopped after the video round,
        // 4–9 being scored, 10–11 in reconciliation, 12–19 signed off.
        await StepAsync(connection, "assessments", $"""
            WITH accepted AS (
                SELECT a."Id" AS application_id, (row_number() OVER (ORDER BY a."Id"))::int AS j, sp."Address", a."ProvinceCode" AS province,
                       1 + ((a."Id" % 77) % {s}) AS subcommittee
                FROM "Applications" a JOIN "ServicePoints" sp ON sp."Id" = a."ServicePointId"
                WHERE a."CycleId" = {cycleId} AND a."Status" = 'Accepted'
                ORDER BY a."Id" LIMIT {assessments}),
            staged AS (SELECT *, j % 20 AS stage, {assessing}::timestamptz + (j % 60) * interval '1 day' + interval '2 hours' AS preliminary FROM accepted)
            INSERT INTO "Assessments" ("Id", "ApplicationId", "ProvinceCode", "SubcommitteeId", "CycleId", "AssignedAtUtc", "PreliminaryAtUtc", "PreliminaryMeetingLink",
                                       "PreliminaryOutcome", "PreliminaryStopReason", "OnSiteAtUtc", "OnSiteAddress", "ReconciliationOpenedAtUtc",
                                       "SignedOffAtUtc", "SignedOffByUserId")
            SELECT j, application_id, province, subcommittee, {cycleId}, {assessing}::timestamptz - interval '20 days' + (j % 10) * interval '1 hour',
                   CASE WHEN stage >= 1 THEN preliminary END,
                   CASE WHEN stage >= 1 THEN 'https://meet.gecc.example/prelim-' || j END,
                   CASE WHEN stage = 3 THEN 'Stop' WHEN stage >= 4 THEN 'ProceedOnSite' ELSE 'Pending' END,
                   CASE WHEN stage = 3 THEN 'ยังไม่มีจุดบริการที่เปิดให้บริการจริงตามที่เสนอ' END,
                   CASE WHEN stage >= 4 OR stage IN (1, 2) THEN preliminary + interval '30 days' END,
                   CASE WHEN stage >= 4 OR stage IN (1, 2) THEN "Address" END,
                   CASE WHEN stage >= 10 THEN preliminary + interval '33 days' END,
                   CASE WHEN stage >= 12 THEN preliminary + interval '36 days' END,
                   CASE WHEN stage >= 12 THEN {UserId("'bench-chair-' || lpad(subcommittee::text, 2, '0') || '@gecc.test'")} END
            FROM staged ORDER BY j
            """);

        // Every member declares once the video round is scheduled; about one assessor in 50 has a conflict.
        await StepAsync(connection, "conflict declarations", $"""
            INSERT INTO "ConflictDeclarations" ("AssessmentId", "UserId", "HasConflict", "Reason", "DeclaredAtUtc")
            SELECT a."Id", m."UserId", c.conflict, CASE WHEN c.conflict THEN 'เคยปฏิบัติราชการในหน่วยงานนี้ภายใน 2 ปีที่ผ่านมา' END,
                   a."PreliminaryAtUtc" - interval '3 days'
            FROM "Assessments" a JOIN "SubcommitteeMembers" m ON m."SubcommitteeId" = a."SubcommitteeId"
            JOIN "Subcommittees" s ON s."Id" = a."SubcommitteeId"
            CROSS JOIN LATERAL (SELECT m."UserId" <> s."ChairUserId" AND pg_temp.rnd(hashtext(m."UserId")::bigint + a."Id") < 0.02 AS conflict) c
            WHERE a."Id" % 20 >= 1
            ORDER BY a."Id"
            """);

        // Each assessor without a conflict scores; while scoring (stage 4–9) only the first part of
        // the form is done. Quality varies by assessment, marks by member.
        await StepAsync(connection, "member scores", $"""
            WITH {criteria},
            scorers AS (
                SELECT d."AssessmentId" AS a, d."UserId" AS u, hashtext(d."UserId") AS h,
                       CASE WHEN d."AssessmentId" % 20 BETWEEN 4 AND 9
                            THEN 10 + (d."AssessmentId" * 7 + abs(hashtext(d."UserId")) % 13) % {criterionCount - 9} ELSE {criterionCount} END AS done,
                       0.62 + 0.36 * pg_temp.rnd(d."AssessmentId") AS quality,
                       a."OnSiteAtUtc" AS at,
                       CASE WHEN a."PreliminaryOutcome" = 'ProceedOnSite' THEN 'OnSite' ELSE 'Preliminary' END AS round
                FROM "ConflictDeclarations" d JOIN "Assessments" a ON a."Id" = d."AssessmentId" JOIN "Subcommittees" s ON s."Id" = a."SubcommitteeId"
                WHERE NOT d."HasConflict" AND d."UserId" <> s."ChairUserId" AND d."AssessmentId" % 20 >= 4)
            INSERT INTO "MemberScores" ("AssessmentId", "CriterionId", "AssessorUserId", "Round", "Points", "Passed", "NotApplicable", "Note", "UpdatedAtUtc")
            SELECT x.a, c."Id", x.u, x.round,
                   CASE WHEN na.na OR c."IsMandatory" THEN NULL
                        ELSE least(c."MaxPoints", greatest(0, round(c."MaxPoints" * (x.quality + 0.2 * (pg_temp.rnd(x.a::bigint * 1000 + x.h + c.pos) - 0.5)) * 2) / 2)) END,
                   CASE WHEN c."IsMandatory" AND NOT na.na THEN pg_temp.rnd(x.a * 7 + c.pos) > 0.01 END,
                   na.na,
                   CASE WHEN c.pos % 9 = 0 THEN 'สังเกตจากการตรวจในพื้นที่ มีหลักฐานครบถ้วน' END,
                   x.at + (c.pos * interval '5 minutes')
            FROM scorers x JOIN crit c ON c.pos <= x.done
            CROSS JOIN LATERAL (SELECT c."AllowNotApplicable" AND pg_temp.rnd(x.a * 3 + c.pos) < 0.15 AS na) na
            ORDER BY x.a, x.u, c."Id"
            """);

        // The chair's marks: half the form in reconciliation, all of it once signed off.
        await StepAsync(connection, "reconciled scores", $"""
            WITH {criteria}
            INSERT INTO "ReconciledScores" ("AssessmentId", "CriterionId", "Points", "Passed", "NotApplicable", "Note", "UpdatedAtUtc", "UpdatedByUserId")
            SELECT a."Id", c."Id",
                   CASE WHEN na.na OR c."IsMandatory" THEN NULL
                        ELSE least(c."MaxPoints", greatest(0, round(c."MaxPoints" * (0.62 + 0.36 * pg_temp.rnd(a."Id")) * 2) / 2)) END,
                   CASE WHEN c."IsMandatory" AND NOT na.na THEN pg_temp.rnd(a."Id" * 7 + c.pos) > 0.01 END,
                   na.na,
                   CASE WHEN c.pos % 11 = 0 THEN 'สรุปตามการตรวจในพื้นที่' END,
                   a."ReconciliationOpenedAtUtc" + interval '1 day', s."ChairUserId"
            FROM "Assessments" a JOIN "Subcommittees" s ON s."Id" = a."SubcommitteeId"
            JOIN crit c ON c.pos <= CASE WHEN a."Id" % 20 >= 12 THEN {criterionCount} ELSE {criterionCount / 2} END
            CROSS JOIN LATERAL (SELECT c."AllowNotApplicable" AND pg_temp.rnd(a."Id" * 3 + c.pos) < 0.15 AS na) na
            WHERE a."Id" % 20 >= 10
            ORDER BY a."Id", c."Id"
            """);

        await RecordRecommendationsAsync(connection, cycleId);

        // Eight committee meetings about five weeks apart; three quarters of the signed-off
        // assessments are decided (the rest wait on the committee's list), as recommended.
        await StepAsync(connection, "meetings, decisions, certificates", $"""
            INSERT INTO "CommitteeMeetings" ("Id", "CycleId", "Number", "HeldOn")
            SELECT k, {cycleId}, k || '/' || {year}, {Date(firstMeeting)}::date + (k - 1) * 38 FROM generate_series(1, 8) k;

            INSERT INTO "CertificationDecisions" ("AssessmentId", "ApplicationId", "CycleId", "MeetingId", "Certified", "LevelRank", "Reason", "DecidedAtUtc", "DecidedByUserId")
            SELECT a."Id", a."ApplicationId", {cycleId}, 1 + a."Id" % 8, a."RecommendedOutcome" = 'Certify',
                   CASE WHEN a."RecommendedOutcome" = 'Certify' THEN a."RecommendedLevelRank" END,
                   CASE WHEN a."RecommendedOutcome" <> 'Certify' THEN 'ไม่ผ่านเกณฑ์มาตรฐานตามผลการประเมินของคณะอนุกรรมการ' END,
                   ({Date(firstMeeting)}::date + (a."Id" % 8) * 38)::timestamptz + interval '3 hours', {UserId(CommitteeEmail.Sql())}
            FROM "Assessments" a WHERE a."CycleId" = {cycleId} AND a."SignedOffAtUtc" IS NOT NULL AND a."Id" % 20 BETWEEN 12 AND 17
            ORDER BY a."Id";

            -- What the decision's trigger does (skipped by the replica role): the pending list's flag (docs/adr/0022).
            UPDATE "Assessments" a SET "Decided" = true WHERE EXISTS (SELECT 1 FROM "CertificationDecisions" d WHERE d."AssessmentId" = a."Id");

            INSERT INTO "Certificates" ("CycleId", "Sequence", "Number", "ApplicationId", "DecisionId", "MeetingId", "LevelRank", "LevelNameTh", "LevelNameEn",
                                        "AgencyName", "ServicePointName", "ProvinceCode", "SignatoryName", "SignatoryPosition", "IssuedOn", "ValidUntil", "RevokedAtUtc", "RevokeReason",
                                        "AwardHandedOverOn", "AwardHandedOverTo")
            SELECT {cycleId}, x.seq, 'GECC-' || {year} || '-' || lpad(x.seq::text, greatest(4, length(x.seq::text)), '0'), x."ApplicationId", x."Id", x."MeetingId", x."LevelRank",
                   x.level_th, x.level_en, x.agency, x.point, x.province, x.signatory, x.signatory_position, x.held, (x.held + interval '3 years' - interval '1 day')::date,
                   CASE WHEN x.seq % 97 = 0 THEN x.held + interval '200 days' END,
                   CASE WHEN x.seq % 97 = 0 THEN 'หน่วยงานยุติการให้บริการ ณ จุดบริการนี้' END,
                   CASE WHEN x.seq % 3 <> 0 THEN x.held + 60 END,
                   CASE WHEN x.seq % 3 <> 0 THEN 'ผู้บริหารหน่วยงาน' END
            FROM (
                SELECT d."Id", d."ApplicationId", d."MeetingId", d."LevelRank", m."HeldOn" AS held, l."NameTh" AS level_th, l."NameEn" AS level_en,
                       g."NameTh" AS agency, sp."Name" AS point, sp."ProvinceCode" AS province,
                       y."SignatoryName" AS signatory, y."SignatoryPosition" AS signatory_position,
                       (row_number() OVER (ORDER BY d."MeetingId", d."Id"))::int AS seq
                FROM "CertificationDecisions" d
                JOIN "Cycles" y ON y."Id" = d."CycleId"
                JOIN "CommitteeMeetings" m ON m."Id" = d."MeetingId"
                JOIN "CertificationLevels" l ON l."CycleId" = d."CycleId" AND l."Rank" = d."LevelRank"
                JOIN "Applications" a ON a."Id" = d."ApplicationId"
                JOIN "ServicePoints" sp ON sp."Id" = a."ServicePointId"
                JOIN "Agencies" g ON g."Id" = sp."AgencyId"
                WHERE d."CycleId" = {cycleId} AND d."Certified") x
            ORDER BY x.seq
            """);

        // What the audit interceptor would have written over the cycle, newest last.
        await StepAsync(connection, "audit entries", $"""
            INSERT INTO "AuditEntries" ("AtUtc", "UserId", "UserName", "EntityType", "EntityId", "Action", "Before", "After")
            SELECT {opens}::timestamptz + i * ((now() - {opens}::timestamptz) / {options.AuditEntries + 1}),
                   {UserId("'bench-assessor-' || lpad((1 + i % " + (s * perSubcommittee) + ")::text, 3, '0') || '@gecc.test'")},
                   'bench-assessor-' || lpad((1 + i % {s * perSubcommittee})::text, 3, '0') || '@gecc.test',
                   t.type, (1 + i % 50000)::text,
                   CASE WHEN i % 4 = 0 THEN 'Modified' ELSE 'Added' END,
                   CASE WHEN i % 4 = 0 THEN jsonb_build_object('Points', (i % 10) / 2.0, 'Note', NULL) END,
                   jsonb_build_object('Points', (i % 11) / 2.0, 'Passed', NULL, 'NotApplicable', false, 'Note', 'สังเกตจากการตรวจในพื้นที่', 'UpdatedAtUtc', now())
            FROM generate_series(1, {options.AuditEntries}) i
            CROSS JOIN LATERAL (SELECT (ARRAY['MemberScore', 'MemberScore', 'MemberScore', 'MemberScore', 'MemberScore', 'MemberScore',
                                              'Application', 'Application', 'Assessment', 'ReconciledScore', 'ReconciledScore', 'ConflictDeclaration'])[1 + i % 12] AS type) t
            """);

        // Ids above were given explicitly; the app's own inserts continue after them.
        await StepAsync(connection, "identity sequences", """
            SELECT setval(pg_get_serial_sequence('"Agencies"', 'Id'), (SELECT max("Id") FROM "Agencies"));
            SELECT setval(pg_get_serial_sequence('"ServicePoints"', 'Id'), (SELECT max("Id") FROM "ServicePoints"));
            SELECT setval(pg_get_serial_sequence('"Applications"', 'Id'), (SELECT max("Id") FROM "Applications"));
            SELECT setval(pg_get_serial_sequence('"Subcommittees"', 'Id'), (SELECT max("Id") FROM "Subcommittees"));
            SELECT setval(pg_get_serial_sequence('"Assessments"', 'Id'), (SELECT max("Id") FROM "Assessments"));
            SELECT setval(pg_get_serial_sequence('"CommitteeMeetings"', 'Id'), (SELECT max("Id") FROM "CommitteeMeetings"));
            """);

        await RecreateIndexesAsync(connection, indexes);
        // The load skipped the triggers that keep the cycle's running totals (session_replication_role
        // = replica, above): counted once from the rows, as the migration does (docs/adr/0018).
        await StepAsync(connection, "running totals", "SELECT cycle_totals_rebuild()");
        // Production tables are vacuumed and analysed by autovacuum; a fresh load is not until it is told.
        await StepAsync(connection, "VACUUM ANALYZE", "VACUUM (ANALYZE)");
        Console.WriteLine($"[bench] loaded in {total.Elapsed.TotalSeconds:0.0} s");
    }

    private async Task<int> CreateUserAndCycleAsync(DateOnly firstMeeting)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        // The one account made through Identity: the others copy its password hash.
        var users = provider.GetRequiredService<UserManager<ApplicationUser>>();
        await IdentitySeeder.CreateUserAsync(users, AdminEmail, "ผู้ดูแลระบบ (ทดสอบสมรรถนะ)", Password, [Roles.Admin], agencyId: null);

        var db = provider.GetRequiredService<ApplicationDbContext>();
        var opens = firstMeeting.AddDays(-240);
        var year = BuddhistEraDate.ToBuddhistYear(opens.Year);
        var cycle = new Cycle
        {
            BuddhistYear = year,
            Title = $"รอบการประเมินศูนย์ราชการสะดวก ประจำปี พ.ศ. {year} (ทดสอบสมรรถนะ)",
            ApplicationOpensOn = opens,
            ApplicationClosesOn = opens.AddDays(60),
            AssessmentStartsOn = firstMeeting.AddDays(-170),
            AssessmentEndsOn = firstMeeting.AddDays(-20),
            Status = CycleStatus.Deciding,
            CatalogueLockedAtUtc = opens.AddDays(7).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            CreatedAtUtc = opens.AddDays(-30).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        };
        cycle.Dimensions.AddRange(DemoCatalogue.Dimensions.Select(d => new Dimension { Kind = d.Kind, SortOrder = d.SortOrder, MinimumPercent = d.MinimumPercent }));
        cycle.Levels.AddRange(DemoCatalogue.Levels.Select(l => new CertificationLevel { Rank = l.Rank, NameTh = l.NameTh, NameEn = l.NameEn, MinimumPercent = l.MinimumPercent }));
        db.Cycles.Add(cycle);
        await db.SaveChangesAsync();
        foreach (var seed in DemoCatalogue.Dimensions)
        {
            cycle.Dimensions.Single(d => d.Kind == seed.Kind).Criteria.AddRange(seed.Criteria.Select((c, i) => new Criterion
            {
                CycleId = cycle.Id,
                Code = c.Code,
                TitleTh = c.TitleTh,
                TitleEn = c.TitleEn,
                Guidance = c.Guidance,
                MaxPoints = c.MaxPoints,
                IsMandatory = c.IsMandatory,
                EvidenceRequired = c.EvidenceRequired,
                AllowNotApplicable = c.AllowNotApplicable,
                SortOrder = i + 1,
            }));
        }

        await db.SaveChangesAsync();
        Console.WriteLine($"[bench] cycle พ.ศ. {year} with the demo catalogue ({cycle.Dimensions.Sum(d => d.Criteria.Count)} criteria)");
        return cycle.Id;
    }

    /// <summary>
    /// The sign-off's recommendation comes from the app's ScoringPolicy over the reconciled marks
    /// (as the chair's sign-off records it), so the committee's lists show what the app would.
    /// </summary>
    private async Task RecordRecommendationsAsync(NpgsqlConnection connection, int cycleId)
    {
        var watch = Stopwatch.StartNew();
        PolicyCatalogue policy;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            var cycle = await db.Cycles.AsNoTracking().AsSplitQuery().Include(c => c.Dimensions).ThenInclude(d => d.Criteria).Include(c => c.Levels)
                .SingleAsync(c => c.Id == cycleId);
            policy = DemoAssessments.Policy(cycle);
        }

        // Streamed: one assessment's marks at a time go from a reader on this connection to a COPY on a
        // second one, so that ten times national (2.7 million marks) never sits in memory.
        await using var target = await database.OpenAsync();
        await using (var create = new NpgsqlCommand("""
            CREATE TEMP TABLE recommendation (id int PRIMARY KEY, outcome text, level int, overall numeric, premises numeric, personnel numeric,
                                              service numeric, other numeric, passed boolean)
            """, target))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using (var copy = await target.BeginBinaryImportAsync(
            "COPY recommendation (id, outcome, level, overall, premises, personnel, service, other, passed) FROM STDIN (FORMAT BINARY)"))
        {
            await using var read = new NpgsqlCommand("""
                SELECT r."AssessmentId", r."CriterionId", r."Points", r."Passed", r."NotApplicable"
                FROM "ReconciledScores" r JOIN "Assessments" a ON a."Id" = r."AssessmentId"
                WHERE a."SignedOffAtUtc" IS NOT NULL
                ORDER BY r."AssessmentId"
                """, connection);
            await using var reader = await read.ExecuteReaderAsync();
            var current = -1;
            var byCriterion = new Dictionary<int, Mark>();
            while (await reader.ReadAsync())
            {
                var assessment = reader.GetInt32(0);
                if (assessment != current && byCriterion.Count > 0)
                {
                    await WriteRecommendationAsync(copy, policy, current, byCriterion);
                    byCriterion.Clear();
                }

                current = assessment;
                byCriterion[reader.GetInt32(1)] = new Mark(
                    reader.IsDBNull(2) ? null : reader.GetDecimal(2), reader.IsDBNull(3) ? null : reader.GetBoolean(3), reader.GetBoolean(4));
            }

            if (byCriterion.Count > 0)
            {
                await WriteRecommendationAsync(copy, policy, current, byCriterion);
            }

            await copy.CompleteAsync();
        }

        await using (var update = new NpgsqlCommand("""
            UPDATE "Assessments" a SET "RecommendedOutcome" = r.outcome, "RecommendedLevelRank" = r.level, "OverallPercent" = round(r.overall, 4),
                   "PremisesPercent" = round(r.premises, 4), "PersonnelPercent" = round(r.personnel, 4), "ServiceProcessPercent" = round(r.service, 4),
                   "OtherPercent" = round(r.other, 4), "DimensionsAndMandatoryPassed" = r.passed
            FROM recommendation r WHERE a."Id" = r.id
            """, target))
        {
            var rows = await update.ExecuteNonQueryAsync();
            Console.WriteLine($"[bench]   {"recommendations (ScoringPolicy)",-34} {rows,10:N0} rows {watch.Elapsed.TotalSeconds,6:0.0} s");
        }
    }

    private static async Task WriteRecommendationAsync(NpgsqlBinaryImporter copy, PolicyCatalogue policy, int id, Dictionary<int, Mark> byCriterion)
    {
        var assessment = new Assessment();
        assessment.RecordRecommendation(ScoringPolicy.Evaluate(policy, byCriterion));
        await copy.StartRowAsync();
        await copy.WriteAsync(id, NpgsqlDbType.Integer);
        await copy.WriteAsync(assessment.RecommendedOutcome!.Value.ToString(), NpgsqlDbType.Text);
        await WriteNullableAsync(copy, assessment.RecommendedLevelRank, NpgsqlDbType.Integer);
        await WriteNullableAsync(copy, assessment.OverallPercent, NpgsqlDbType.Numeric);
        await WriteNullableAsync(copy, assessment.PremisesPercent, NpgsqlDbType.Numeric);
        await WriteNullableAsync(copy, assessment.PersonnelPercent, NpgsqlDbType.Numeric);
        await WriteNullableAsync(copy, assessment.ServiceProcessPercent, NpgsqlDbType.Numeric);
        await WriteNullableAsync(copy, assessment.OtherPercent, NpgsqlDbType.Numeric);
        await WriteNullableAsync(copy, assessment.DimensionsAndMandatoryPassed, NpgsqlDbType.Boolean);
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type)
        where T : struct
    {
        if (value is { } v)
        {
            await copy.WriteAsync(v, type);
        }
        else
        {
            await copy.WriteNullAsync();
        }
    }

    private static async Task PrepareSessionAsync(NpgsqlConnection connection)
    {
        await BenchDatabase.ExecuteAsync(connection, """
            SET synchronous_commit = off;
            SET work_mem = '256MB';
            SET maintenance_work_mem = '512MB';
            CREATE FUNCTION pg_temp.rnd(bigint) RETURNS double precision LANGUAGE sql IMMUTABLE
                AS $$ SELECT ((hashint8($1) & 2147483647) % 1000003) / 1000003.0 $$;
            """);
        try
        {
            // Foreign keys hold by construction here; checking each of millions of rows would double the load.
            await BenchDatabase.ExecuteAsync(connection, "SET session_replication_role = replica");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            Console.WriteLine("[bench] not a superuser: foreign keys are checked row by row (a slower load)");
        }
    }

    /// <returns>The CREATE INDEX statements to run once the tables are full.</returns>
    private static async Task<List<string>> DropSecondaryIndexesAsync(NpgsqlConnection connection)
    {
        var definitions = new List<(string Name, string Definition)>();
        await using (var read = new NpgsqlCommand("""
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = 'public' AND i.tablename = ANY(@tables)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
            """, connection))
        {
            read.Parameters.AddWithValue("tables", BulkTables);
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                definitions.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in definitions)
        {
            await BenchDatabase.ExecuteAsync(connection, $"DROP INDEX \"{name}\"");
        }

        return [.. definitions.Select(d => d.Definition)];
    }

    private static async Task RecreateIndexesAsync(NpgsqlConnection connection, List<string> definitions)
    {
        var watch = Stopwatch.StartNew();
        foreach (var definition in definitions)
        {
            await BenchDatabase.ExecuteAsync(connection, definition);
        }

        Console.WriteLine($"[bench]   {"indexes of the bulk tables",-34} {definitions.Count,10:N0}      {watch.Elapsed.TotalSeconds,6:0.0} s");
    }

    private static async Task StepAsync(NpgsqlConnection connection, string label, string sql)
    {
        var watch = Stopwatch.StartNew();
        var rows = await BenchDatabase.ExecuteAsync(connection, sql);
        var count = rows >= 0 ? $"{rows,10:N0} rows" : new string(' ', 15);
        Console.WriteLine($"[bench]   {label,-34} {count} {watch.Elapsed.TotalSeconds,6:0.0} s");
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static string Date(DateOnly date) => "'" + date.ToString("yyyy-MM-dd", Invariant) + "'";

    /// <summary>Thai names from two short lists, so that name searches find many people and not all.</summary>
    private static string ThaiName(string number) => $"""
        (ARRAY['นาย', 'นาง', 'นางสาว'])[1 + {number} % 3]
        || (ARRAY['สมชาย', 'สมหญิง', 'ประเสริฐ', 'วิไล', 'สุรชัย', 'กาญจนา', 'อนันต์', 'จันทร์เพ็ญ', 'ธนากร', 'ปิยะนุช',
                  'วีระ', 'รัตนา', 'สมศักดิ์', 'นงลักษณ์', 'ชัยวัฒน์', 'พรทิพย์', 'บุญมี', 'สุดารัตน์', 'กิตติ', 'มาลี'])[1 + {number} % 20]
        || ' ' || (ARRAY['ใจดี', 'รักชาติ', 'ศรีสุข', 'บุญมา', 'แก้วมณี', 'ทองคำ', 'สุขสวัสดิ์', 'พงษ์ไทย', 'วงศ์สวัสดิ์', 'จันทร์แก้ว',
                         'มีสุข', 'ประเสริฐศักดิ์', 'เพชรรัตน์', 'นาคสวัสดิ์', 'ศรีวงศ์'])[1 + ({number} / 20) % 15]
        """;
}

internal static class SqlText
{
    /// <summary>A SQL string literal (the bench's own constants only).</summary>
    public static string Sql(this string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
