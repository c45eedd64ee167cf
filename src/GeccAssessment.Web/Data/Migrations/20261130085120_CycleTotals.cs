using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GeccAssessment.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class CycleTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CycleLevelTotals",
                columns: table => new
                {
                    CycleId = table.Column<int>(type: "integer", nullable: false),
                    LevelRank = table.Column<int>(type: "integer", nullable: false),
                    Certificates = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CycleLevelTotals", x => new { x.CycleId, x.LevelRank });
                });

            migrationBuilder.CreateTable(
                name: "CycleProvinceTotals",
                columns: table => new
                {
                    CycleId = table.Column<int>(type: "integer", nullable: false),
                    ProvinceCode = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Unassigned = table.Column<int>(type: "integer", nullable: false),
                    Assessed = table.Column<int>(type: "integer", nullable: false),
                    RecommendedCertify = table.Column<int>(type: "integer", nullable: false),
                    Certified = table.Column<int>(type: "integer", nullable: false),
                    PremisesSum = table.Column<decimal>(type: "numeric", nullable: false),
                    PremisesCount = table.Column<int>(type: "integer", nullable: false),
                    PersonnelSum = table.Column<decimal>(type: "numeric", nullable: false),
                    PersonnelCount = table.Column<int>(type: "integer", nullable: false),
                    ServiceProcessSum = table.Column<decimal>(type: "numeric", nullable: false),
                    ServiceProcessCount = table.Column<int>(type: "integer", nullable: false),
                    OtherSum = table.Column<decimal>(type: "numeric", nullable: false),
                    OtherCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CycleProvinceTotals", x => new { x.CycleId, x.ProvinceCode });
                });

            migrationBuilder.CreateTable(
                name: "CycleStatusTotals",
                columns: table => new
                {
                    CycleId = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Applications = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CycleStatusTotals", x => new { x.CycleId, x.Status });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_CycleId_Status_ProvinceCode_Id",
                table: "Applications",
                columns: new[] { "CycleId", "Status", "ProvinceCode", "Id" });

            // Running totals kept by the database (docs/adr/0018): each trigger takes the row's old
            // contribution away and adds its new one with an upsert, which PostgreSQL makes atomic
            // under concurrent writers (the row is locked, then added to). A change that touches two
            // totals rows touches them in key order, so that two such changes going opposite ways
            // wait for each other instead of deadlocking. Where a contribution depends on another
            // table's row (an application is unassigned while it has no assessment; an assessment is
            // certified by its decision), the trigger on one side locks the other side's row FOR
            // SHARE, so a concurrent change to that row waits and then reads the committed state.
            migrationBuilder.Sql("""
                CREATE FUNCTION cycle_status_totals_add(cycle_id integer, status text, delta integer) RETURNS void
                LANGUAGE sql AS $$
                    INSERT INTO "CycleStatusTotals" AS t ("CycleId", "Status", "Applications") VALUES (cycle_id, status, delta)
                    ON CONFLICT ("CycleId", "Status") DO UPDATE SET "Applications" = t."Applications" + EXCLUDED."Applications"
                $$;

                -- Adds sign × one contribution (counts, and the dimension percentages of a signed-off assessment).
                CREATE FUNCTION cycle_province_totals_add(cycle_id integer, province text, sign integer, unassigned integer,
                    assessed integer, recommended integer, certified integer,
                    premises numeric, personnel numeric, service numeric, other numeric) RETURNS void
                LANGUAGE sql AS $$
                    INSERT INTO "CycleProvinceTotals" AS t ("CycleId", "ProvinceCode", "Unassigned", "Assessed", "RecommendedCertify", "Certified",
                        "PremisesSum", "PremisesCount", "PersonnelSum", "PersonnelCount", "ServiceProcessSum", "ServiceProcessCount", "OtherSum", "OtherCount")
                    VALUES (cycle_id, province, sign * unassigned, sign * assessed, sign * recommended, sign * certified,
                        sign * coalesce(premises, 0), sign * (premises IS NOT NULL)::int, sign * coalesce(personnel, 0), sign * (personnel IS NOT NULL)::int,
                        sign * coalesce(service, 0), sign * (service IS NOT NULL)::int, sign * coalesce(other, 0), sign * (other IS NOT NULL)::int)
                    ON CONFLICT ("CycleId", "ProvinceCode") DO UPDATE SET
                        "Unassigned" = t."Unassigned" + EXCLUDED."Unassigned",
                        "Assessed" = t."Assessed" + EXCLUDED."Assessed",
                        "RecommendedCertify" = t."RecommendedCertify" + EXCLUDED."RecommendedCertify",
                        "Certified" = t."Certified" + EXCLUDED."Certified",
                        "PremisesSum" = t."PremisesSum" + EXCLUDED."PremisesSum",
                        "PremisesCount" = t."PremisesCount" + EXCLUDED."PremisesCount",
                        "PersonnelSum" = t."PersonnelSum" + EXCLUDED."PersonnelSum",
                        "PersonnelCount" = t."PersonnelCount" + EXCLUDED."PersonnelCount",
                        "ServiceProcessSum" = t."ServiceProcessSum" + EXCLUDED."ServiceProcessSum",
                        "ServiceProcessCount" = t."ServiceProcessCount" + EXCLUDED."ServiceProcessCount",
                        "OtherSum" = t."OtherSum" + EXCLUDED."OtherSum",
                        "OtherCount" = t."OtherCount" + EXCLUDED."OtherCount"
                $$;

                -- Applications: the count by status, and the accepted ones without an assessment by province.
                CREATE FUNCTION application_totals_follow() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    o_in boolean := TG_OP <> 'INSERT';
                    n_in boolean := TG_OP <> 'DELETE';
                    o_cycle integer; o_status text; o_province text; o_free integer := 0;
                    n_cycle integer; n_status text; n_province text; n_free integer := 0;
                    assigned boolean;
                BEGIN
                    IF o_in THEN o_cycle := OLD."CycleId"; o_status := OLD."Status"; o_province := OLD."ProvinceCode"; END IF;
                    IF n_in THEN n_cycle := NEW."CycleId"; n_status := NEW."Status"; n_province := NEW."ProvinceCode"; END IF;

                    IF NOT o_in THEN
                        PERFORM cycle_status_totals_add(n_cycle, n_status, 1);
                    ELSIF NOT n_in THEN
                        PERFORM cycle_status_totals_add(o_cycle, o_status, -1);
                    ELSIF (o_cycle, o_status) < (n_cycle, n_status) THEN
                        PERFORM cycle_status_totals_add(o_cycle, o_status, -1);
                        PERFORM cycle_status_totals_add(n_cycle, n_status, 1);
                    ELSIF (o_cycle, o_status) > (n_cycle, n_status) THEN
                        PERFORM cycle_status_totals_add(n_cycle, n_status, 1);
                        PERFORM cycle_status_totals_add(o_cycle, o_status, -1);
                    END IF;

                    IF o_status = 'Accepted' OR n_status = 'Accepted' THEN
                        -- At most one assessment per application (a unique index); a new application has none.
                        assigned := n_in AND o_in AND EXISTS (SELECT 1 FROM "Assessments" s WHERE s."ApplicationId" = NEW."Id");
                        IF o_in AND o_status = 'Accepted' AND NOT assigned THEN o_free := 1; END IF;
                        IF n_in AND n_status = 'Accepted' AND NOT assigned THEN n_free := 1; END IF;
                        IF o_in AND n_in AND (o_cycle, o_province) = (n_cycle, n_province) THEN
                            IF n_free <> o_free THEN
                                PERFORM cycle_province_totals_add(n_cycle, n_province, 1, n_free - o_free, 0, 0, 0, NULL, NULL, NULL, NULL);
                            END IF;
                        ELSIF o_in AND n_in AND (o_cycle, o_province) > (n_cycle, n_province) THEN
                            IF n_free <> 0 THEN PERFORM cycle_province_totals_add(n_cycle, n_province, 1, n_free, 0, 0, 0, NULL, NULL, NULL, NULL); END IF;
                            IF o_free <> 0 THEN PERFORM cycle_province_totals_add(o_cycle, o_province, -1, o_free, 0, 0, 0, NULL, NULL, NULL, NULL); END IF;
                        ELSE
                            IF o_free <> 0 THEN PERFORM cycle_province_totals_add(o_cycle, o_province, -1, o_free, 0, 0, 0, NULL, NULL, NULL, NULL); END IF;
                            IF n_free <> 0 THEN PERFORM cycle_province_totals_add(n_cycle, n_province, 1, n_free, 0, 0, 0, NULL, NULL, NULL, NULL); END IF;
                        END IF;
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER application_totals_follow AFTER INSERT OR DELETE OR UPDATE OF "CycleId", "Status", "ProvinceCode" ON "Applications"
                    FOR EACH ROW EXECUTE FUNCTION application_totals_follow();

                -- Assessments: their application is no longer unassigned; a signed-off one is counted where it is.
                CREATE FUNCTION assessment_totals_follow() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    o_in boolean := TG_OP <> 'INSERT';
                    n_in boolean := TG_OP <> 'DELETE';
                    o_app integer; n_app integer;
                    o_signed boolean := false; n_signed boolean := false;
                    app record;
                    certified integer := 0;
                BEGIN
                    IF o_in THEN o_app := OLD."ApplicationId"; o_signed := OLD."SignedOffAtUtc" IS NOT NULL; END IF;
                    IF n_in THEN n_app := NEW."ApplicationId"; n_signed := NEW."SignedOffAtUtc" IS NOT NULL; END IF;

                    IF o_app IS DISTINCT FROM n_app THEN
                        -- The application's row locked FOR SHARE: a status change waits for this transaction, then sees the assessment.
                        IF o_in THEN
                            SELECT a."CycleId", a."ProvinceCode", a."Status" INTO app FROM "Applications" a WHERE a."Id" = o_app FOR SHARE;
                            IF FOUND AND app."Status" = 'Accepted' THEN
                                PERFORM cycle_province_totals_add(app."CycleId", app."ProvinceCode", 1, 1, 0, 0, 0, NULL, NULL, NULL, NULL);
                            END IF;
                        END IF;
                        IF n_in THEN
                            SELECT a."CycleId", a."ProvinceCode", a."Status" INTO app FROM "Applications" a WHERE a."Id" = n_app FOR SHARE;
                            IF FOUND AND app."Status" = 'Accepted' THEN
                                PERFORM cycle_province_totals_add(app."CycleId", app."ProvinceCode", -1, 1, 0, 0, 0, NULL, NULL, NULL, NULL);
                            END IF;
                        END IF;
                    END IF;

                    IF NOT (o_signed OR n_signed) THEN
                        RETURN NULL;
                    END IF;
                    IF o_signed AND n_signed
                        AND (OLD."CycleId", OLD."ProvinceCode", OLD."RecommendedOutcome", OLD."PremisesPercent", OLD."PersonnelPercent", OLD."ServiceProcessPercent", OLD."OtherPercent")
                            IS NOT DISTINCT FROM (NEW."CycleId", NEW."ProvinceCode", NEW."RecommendedOutcome", NEW."PremisesPercent", NEW."PersonnelPercent", NEW."ServiceProcessPercent", NEW."OtherPercent") THEN
                        RETURN NULL;
                    END IF;
                    -- One decision per assessment (a unique index); its trigger locks this row FOR SHARE, so a
                    -- decision being recorded now is either committed (seen here) or waits for this change.
                    certified := EXISTS (SELECT 1 FROM "CertificationDecisions" d
                        WHERE d."AssessmentId" = CASE WHEN n_in THEN NEW."Id" ELSE OLD."Id" END AND d."Certified")::int;
                    IF o_signed AND n_signed AND (OLD."CycleId", OLD."ProvinceCode") > (NEW."CycleId", NEW."ProvinceCode") THEN
                        PERFORM cycle_province_totals_add(NEW."CycleId", NEW."ProvinceCode", 1, 0, 1, coalesce(NEW."RecommendedOutcome" = 'Certify', false)::int, certified,
                            NEW."PremisesPercent", NEW."PersonnelPercent", NEW."ServiceProcessPercent", NEW."OtherPercent");
                        PERFORM cycle_province_totals_add(OLD."CycleId", OLD."ProvinceCode", -1, 0, 1, coalesce(OLD."RecommendedOutcome" = 'Certify', false)::int, certified,
                            OLD."PremisesPercent", OLD."PersonnelPercent", OLD."ServiceProcessPercent", OLD."OtherPercent");
                        RETURN NULL;
                    END IF;
                    IF o_signed THEN
                        PERFORM cycle_province_totals_add(OLD."CycleId", OLD."ProvinceCode", -1, 0, 1, coalesce(OLD."RecommendedOutcome" = 'Certify', false)::int, certified,
                            OLD."PremisesPercent", OLD."PersonnelPercent", OLD."ServiceProcessPercent", OLD."OtherPercent");
                    END IF;
                    IF n_signed THEN
                        PERFORM cycle_province_totals_add(NEW."CycleId", NEW."ProvinceCode", 1, 0, 1, coalesce(NEW."RecommendedOutcome" = 'Certify', false)::int, certified,
                            NEW."PremisesPercent", NEW."PersonnelPercent", NEW."ServiceProcessPercent", NEW."OtherPercent");
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER assessment_totals_follow AFTER INSERT OR DELETE OR UPDATE OF "ApplicationId", "CycleId", "ProvinceCode", "SignedOffAtUtc",
                    "RecommendedOutcome", "PremisesPercent", "PersonnelPercent", "ServiceProcessPercent", "OtherPercent" ON "Assessments"
                    FOR EACH ROW EXECUTE FUNCTION assessment_totals_follow();

                -- Decisions: a certifying decision on a signed-off assessment counts in the assessment's province.
                CREATE FUNCTION decision_totals_follow() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    o_count boolean := TG_OP <> 'INSERT' AND OLD."Certified";
                    n_count boolean := TG_OP <> 'DELETE' AND NEW."Certified";
                    assessment record;
                BEGIN
                    IF TG_OP = 'UPDATE' AND OLD."AssessmentId" = NEW."AssessmentId" AND o_count = n_count THEN
                        RETURN NULL;
                    END IF;
                    IF o_count THEN
                        SELECT s."CycleId", s."ProvinceCode", s."SignedOffAtUtc" INTO assessment FROM "Assessments" s WHERE s."Id" = OLD."AssessmentId" FOR SHARE;
                        IF FOUND AND assessment."SignedOffAtUtc" IS NOT NULL THEN
                            PERFORM cycle_province_totals_add(assessment."CycleId", assessment."ProvinceCode", -1, 0, 0, 0, 1, NULL, NULL, NULL, NULL);
                        END IF;
                    END IF;
                    IF n_count THEN
                        SELECT s."CycleId", s."ProvinceCode", s."SignedOffAtUtc" INTO assessment FROM "Assessments" s WHERE s."Id" = NEW."AssessmentId" FOR SHARE;
                        IF FOUND AND assessment."SignedOffAtUtc" IS NOT NULL THEN
                            PERFORM cycle_province_totals_add(assessment."CycleId", assessment."ProvinceCode", 1, 0, 0, 0, 1, NULL, NULL, NULL, NULL);
                        END IF;
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER decision_totals_follow AFTER INSERT OR DELETE OR UPDATE OF "AssessmentId", "Certified" ON "CertificationDecisions"
                    FOR EACH ROW EXECUTE FUNCTION decision_totals_follow();

                -- Certificates: those not revoked, by cycle and level.
                CREATE FUNCTION certificate_totals_follow() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    o_count boolean := TG_OP <> 'INSERT' AND OLD."RevokedAtUtc" IS NULL;
                    n_count boolean := TG_OP <> 'DELETE' AND NEW."RevokedAtUtc" IS NULL;
                BEGIN
                    IF TG_OP = 'UPDATE' AND o_count AND n_count AND (OLD."CycleId", OLD."LevelRank") = (NEW."CycleId", NEW."LevelRank") THEN
                        RETURN NULL;
                    END IF;
                    IF o_count THEN
                        INSERT INTO "CycleLevelTotals" AS t ("CycleId", "LevelRank", "Certificates") VALUES (OLD."CycleId", OLD."LevelRank", -1)
                        ON CONFLICT ("CycleId", "LevelRank") DO UPDATE SET "Certificates" = t."Certificates" + EXCLUDED."Certificates";
                    END IF;
                    IF n_count THEN
                        INSERT INTO "CycleLevelTotals" AS t ("CycleId", "LevelRank", "Certificates") VALUES (NEW."CycleId", NEW."LevelRank", 1)
                        ON CONFLICT ("CycleId", "LevelRank") DO UPDATE SET "Certificates" = t."Certificates" + EXCLUDED."Certificates";
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER certificate_totals_follow AFTER INSERT OR DELETE OR UPDATE OF "CycleId", "LevelRank", "RevokedAtUtc" ON "Certificates"
                    FOR EACH ROW EXECUTE FUNCTION certificate_totals_follow();

                -- Every total counted again from the rows: the existing data below, and the bench after a load
                -- that skips triggers (session_replication_role = replica). Writers wait meanwhile (SHARE locks).
                CREATE FUNCTION cycle_totals_rebuild() RETURNS void LANGUAGE plpgsql AS $$
                BEGIN
                    LOCK TABLE "Applications", "Assessments", "CertificationDecisions", "Certificates" IN SHARE MODE;
                    DELETE FROM "CycleStatusTotals";
                    INSERT INTO "CycleStatusTotals" ("CycleId", "Status", "Applications")
                        SELECT a."CycleId", a."Status", count(*) FROM "Applications" a GROUP BY a."CycleId", a."Status";
                    DELETE FROM "CycleProvinceTotals";
                    INSERT INTO "CycleProvinceTotals" ("CycleId", "ProvinceCode", "Unassigned", "Assessed", "RecommendedCertify", "Certified",
                        "PremisesSum", "PremisesCount", "PersonnelSum", "PersonnelCount", "ServiceProcessSum", "ServiceProcessCount", "OtherSum", "OtherCount")
                    SELECT x.cycle, x.province, sum(x.unassigned), sum(x.assessed), sum(x.recommended), sum(x.certified),
                        coalesce(sum(x.premises), 0), count(x.premises), coalesce(sum(x.personnel), 0), count(x.personnel),
                        coalesce(sum(x.service), 0), count(x.service), coalesce(sum(x.other), 0), count(x.other)
                    FROM (
                        SELECT a."CycleId" AS cycle, a."ProvinceCode" AS province, 1 AS unassigned, 0 AS assessed, 0 AS recommended, 0 AS certified,
                            NULL::numeric AS premises, NULL::numeric AS personnel, NULL::numeric AS service, NULL::numeric AS other
                        FROM "Applications" a
                        WHERE a."Status" = 'Accepted' AND NOT EXISTS (SELECT 1 FROM "Assessments" s WHERE s."ApplicationId" = a."Id")
                        UNION ALL
                        SELECT s."CycleId", s."ProvinceCode", 0, 1, coalesce(s."RecommendedOutcome" = 'Certify', false)::int,
                            EXISTS (SELECT 1 FROM "CertificationDecisions" d WHERE d."AssessmentId" = s."Id" AND d."Certified")::int,
                            s."PremisesPercent", s."PersonnelPercent", s."ServiceProcessPercent", s."OtherPercent"
                        FROM "Assessments" s
                        WHERE s."SignedOffAtUtc" IS NOT NULL
                    ) x
                    GROUP BY x.cycle, x.province;
                    DELETE FROM "CycleLevelTotals";
                    INSERT INTO "CycleLevelTotals" ("CycleId", "LevelRank", "Certificates")
                        SELECT c."CycleId", c."LevelRank", count(*) FROM "Certificates" c WHERE c."RevokedAtUtc" IS NULL GROUP BY c."CycleId", c."LevelRank";
                END $$;

                SELECT cycle_totals_rebuild();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP FUNCTION cycle_totals_rebuild();
                DROP TRIGGER certificate_totals_follow ON "Certificates";
                DROP FUNCTION certificate_totals_follow();
                DROP TRIGGER decision_totals_follow ON "CertificationDecisions";
                DROP FUNCTION decision_totals_follow();
                DROP TRIGGER assessment_totals_follow ON "Assessments";
                DROP FUNCTION assessment_totals_follow();
                DROP TRIGGER application_totals_follow ON "Applications";
                DROP FUNCTION application_totals_follow();
                DROP FUNCTION cycle_province_totals_add(integer, text, integer, integer, integer, integer, integer, numeric, numeric, numeric, numeric);
                DROP FUNCTION cycle_status_totals_add(integer, text, integer);
                """);

            migrationBuilder.DropTable(
                name: "CycleLevelTotals");

            migrationBuilder.DropTable(
                name: "CycleProvinceTotals");

            migrationBuilder.DropTable(
                name: "CycleStatusTotals");

            migrationBuilder.DropIndex(
                name: "IX_Applications_CycleId_Status_ProvinceCode_Id",
                table: "Applications");
        }
    }
}
