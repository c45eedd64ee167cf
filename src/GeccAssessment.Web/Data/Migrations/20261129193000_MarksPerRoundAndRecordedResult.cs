using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GeccAssessment.Web.Data.Migrations
{
    /// <summary>
    /// Marks per round, and the result recorded at sign-off. Existing marks become on-site marks where
    /// the assessment went on site and preliminary marks otherwise (there was one mark per member and
    /// criterion, overwritten on site); signed-off assessments get the points they were signed off with,
    /// computed from their reconciled marks (locked since) as the scoring policy counts them.
    /// </summary>
    public partial class MarksPerRoundAndRecordedResult : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_MemberScores_AssessmentId_AssessorUserId_CriterionId",
                table: "MemberScores");

            migrationBuilder.AddColumn<string>(
                name: "Round",
                table: "MemberScores",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.Sql("""
                UPDATE "MemberScores" s
                SET "Round" = CASE WHEN a."PreliminaryOutcome" = 'ProceedOnSite' THEN 'OnSite' ELSE 'Preliminary' END
                FROM "Assessments" a
                WHERE a."Id" = s."AssessmentId";
                """);

            migrationBuilder.AddColumn<decimal>(
                name: "EarnedPoints",
                table: "Assessments",
                type: "numeric(9,2)",
                precision: 9,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "PossiblePoints",
                table: "Assessments",
                type: "numeric(9,2)",
                precision: 9,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "PreliminaryPercent",
                table: "Assessments",
                type: "numeric(7,4)",
                precision: 7,
                scale: 4,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Fingerprint",
                table: "AppliedScoreChanges",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_MemberScores_AssessmentId_AssessorUserId_Round_CriterionId",
                table: "MemberScores",
                columns: new[] { "AssessmentId", "AssessorUserId", "Round", "CriterionId" },
                unique: true);

            migrationBuilder.Sql("""
                UPDATE "Assessments" a
                SET "EarnedPoints" = t.earned, "PossiblePoints" = t.possible
                FROM (
                    SELECT r."AssessmentId",
                           sum(CASE WHEN r."NotApplicable" THEN 0
                                    WHEN r."Passed" IS TRUE THEN c."MaxPoints"
                                    WHEN r."Passed" IS FALSE THEN 0
                                    ELSE coalesce(r."Points", 0) END) AS earned,
                           sum(CASE WHEN r."NotApplicable" THEN 0 ELSE c."MaxPoints" END) AS possible
                    FROM "ReconciledScores" r JOIN "Criteria" c ON c."Id" = r."CriterionId"
                    GROUP BY r."AssessmentId") t
                WHERE a."Id" = t."AssessmentId" AND a."SignedOffAtUtc" IS NOT NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_MemberScores_AssessmentId_AssessorUserId_Round_CriterionId",
                table: "MemberScores");

            // One mark per member and criterion again: the on-site mark wins where both rounds have one.
            migrationBuilder.Sql("""
                DELETE FROM "MemberScores" p
                USING "MemberScores" o
                WHERE p."Round" = 'Preliminary' AND o."Round" = 'OnSite'
                  AND o."AssessmentId" = p."AssessmentId" AND o."AssessorUserId" = p."AssessorUserId" AND o."CriterionId" = p."CriterionId";
                """);

            migrationBuilder.DropColumn(
                name: "Round",
                table: "MemberScores");

            migrationBuilder.DropColumn(
                name: "EarnedPoints",
                table: "Assessments");

            migrationBuilder.DropColumn(
                name: "PossiblePoints",
                table: "Assessments");

            migrationBuilder.DropColumn(
                name: "PreliminaryPercent",
                table: "Assessments");

            migrationBuilder.DropColumn(
                name: "Fingerprint",
                table: "AppliedScoreChanges");

            migrationBuilder.CreateIndex(
                name: "IX_MemberScores_AssessmentId_AssessorUserId_CriterionId",
                table: "MemberScores",
                columns: new[] { "AssessmentId", "AssessorUserId", "CriterionId" },
                unique: true);
        }
    }
}
