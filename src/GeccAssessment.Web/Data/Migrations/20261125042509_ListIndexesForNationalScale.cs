using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GeccAssessment.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class ListIndexesForNationalScale : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ScheduledAtUtc",
                table: "Assessments",
                type: "timestamp with time zone",
                nullable: true,
                computedColumnSql: "COALESCE(\"OnSiteAtUtc\", \"PreliminaryAtUtc\")",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "IX_Assessments_CycleId_ScheduledAtUtc_Id",
                table: "Assessments",
                columns: new[] { "CycleId", "ScheduledAtUtc", "Id" });

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "AspNetUsers",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "IX_Applications_CycleId_Status_SubmittedAtUtc_Id",
                table: "Applications",
                columns: new[] { "CycleId", "Status", "SubmittedAtUtc", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Assessments_CycleId_ScheduledAtUtc_Id",
                table: "Assessments");

            migrationBuilder.DropIndex(
                name: "EmailIndex",
                table: "AspNetUsers");

            migrationBuilder.DropIndex(
                name: "IX_Applications_CycleId_Status_SubmittedAtUtc_Id",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "ScheduledAtUtc",
                table: "Assessments");
        }
    }
}
