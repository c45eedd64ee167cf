using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GeccAssessment.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class StillToScoreAndFilterIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Agencies_Kind",
                table: "Agencies");

            migrationBuilder.CreateIndex(
                name: "IX_Assessments_SubcommitteeId",
                table: "Assessments",
                column: "SubcommitteeId",
                filter: "\"SignedOffAtUtc\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Assessments_SubcommitteeId_ScheduledAtUtc_Id",
                table: "Assessments",
                columns: new[] { "SubcommitteeId", "ScheduledAtUtc", "Id" },
                filter: "\"SignedOffAtUtc\" IS NULL AND \"ReconciliationOpenedAtUtc\" IS NULL AND \"PreliminaryOutcome\" <> 'Stop'");

            migrationBuilder.CreateIndex(
                name: "IX_Applications_CycleId_Status_ProvinceCode_SubmittedAtUtc_Id",
                table: "Applications",
                columns: new[] { "CycleId", "Status", "ProvinceCode", "SubmittedAtUtc", "Id" })
                .Annotation("Npgsql:IndexInclude", new[] { "AgencyId", "ServicePointId" });

            migrationBuilder.CreateIndex(
                name: "IX_Agencies_Kind_Id",
                table: "Agencies",
                columns: new[] { "Kind", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Assessments_SubcommitteeId",
                table: "Assessments");

            migrationBuilder.DropIndex(
                name: "IX_Assessments_SubcommitteeId_ScheduledAtUtc_Id",
                table: "Assessments");

            migrationBuilder.DropIndex(
                name: "IX_Applications_CycleId_Status_ProvinceCode_SubmittedAtUtc_Id",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Agencies_Kind_Id",
                table: "Agencies");

            migrationBuilder.CreateIndex(
                name: "IX_Agencies_Kind",
                table: "Agencies",
                column: "Kind");
        }
    }
}
