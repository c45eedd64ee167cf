using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GeccAssessment.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class PendingDecisionIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Assessments_CycleId_ProvinceCode_Id",
                table: "Assessments");

            migrationBuilder.DropIndex(
                name: "IX_Assessments_SubcommitteeId",
                table: "Assessments");

            migrationBuilder.AddColumn<bool>(
                name: "Decided",
                table: "Assessments",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            // Assessments.Decided follows the assessment's decision (at most one: unique index), whoever writes
            // it; the pending list's partial index reads it (docs/adr/0022). Named to fire before
            // decision_totals_follow (PostgreSQL fires a table's triggers in name order): the assessment's row
            // is then locked for update first, and that trigger's FOR SHARE lock of it is already held.
            // The column is not in any UPDATE OF list of the assessment's own triggers, so the totals do not move.
            migrationBuilder.Sql("""
                CREATE FUNCTION assessment_decided_follow() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' AND OLD."AssessmentId" = NEW."AssessmentId" THEN
                        RETURN NULL;
                    END IF;
                    IF TG_OP <> 'INSERT' THEN
                        UPDATE "Assessments" SET "Decided" = false WHERE "Id" = OLD."AssessmentId" AND "Decided";
                    END IF;
                    IF TG_OP <> 'DELETE' THEN
                        UPDATE "Assessments" SET "Decided" = true WHERE "Id" = NEW."AssessmentId" AND NOT "Decided";
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER decision_marks_assessment AFTER INSERT OR DELETE OR UPDATE OF "AssessmentId" ON "CertificationDecisions"
                    FOR EACH ROW EXECUTE FUNCTION assessment_decided_follow();

                UPDATE "Assessments" a SET "Decided" = true WHERE EXISTS (SELECT 1 FROM "CertificationDecisions" d WHERE d."AssessmentId" = a."Id");
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Assessments_CycleId_ProvinceCode_Id",
                table: "Assessments",
                columns: new[] { "CycleId", "ProvinceCode", "Id" },
                filter: "\"SignedOffAtUtc\" IS NOT NULL")
                .Annotation("Npgsql:IndexInclude", new[] { "SubcommitteeId", "RecommendedOutcome", "RecommendedLevelRank" });

            migrationBuilder.CreateIndex(
                name: "IX_Assessments_Pending",
                table: "Assessments",
                columns: new[] { "CycleId", "ProvinceCode", "Id" },
                filter: "\"SignedOffAtUtc\" IS NOT NULL AND NOT \"Decided\"")
                .Annotation("Npgsql:IndexInclude", new[] { "SubcommitteeId", "RecommendedOutcome", "RecommendedLevelRank" });

            migrationBuilder.CreateIndex(
                name: "IX_Assessments_SubcommitteeId_ProvinceCode_Id",
                table: "Assessments",
                columns: new[] { "SubcommitteeId", "ProvinceCode", "Id" },
                filter: "\"SignedOffAtUtc\" IS NOT NULL")
                .Annotation("Npgsql:IndexInclude", new[] { "CycleId", "RecommendedOutcome", "RecommendedLevelRank", "Decided" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER decision_marks_assessment ON "CertificationDecisions";
                DROP FUNCTION assessment_decided_follow();
                """);

            migrationBuilder.DropIndex(
                name: "IX_Assessments_CycleId_ProvinceCode_Id",
                table: "Assessments");

            migrationBuilder.DropIndex(
                name: "IX_Assessments_Pending",
                table: "Assessments");

            migrationBuilder.DropIndex(
                name: "IX_Assessments_SubcommitteeId_ProvinceCode_Id",
                table: "Assessments");

            migrationBuilder.DropColumn(
                name: "Decided",
                table: "Assessments");

            migrationBuilder.CreateIndex(
                name: "IX_Assessments_CycleId_ProvinceCode_Id",
                table: "Assessments",
                columns: new[] { "CycleId", "ProvinceCode", "Id" },
                filter: "\"SignedOffAtUtc\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Assessments_SubcommitteeId",
                table: "Assessments",
                column: "SubcommitteeId",
                filter: "\"SignedOffAtUtc\" IS NOT NULL");
        }
    }
}
