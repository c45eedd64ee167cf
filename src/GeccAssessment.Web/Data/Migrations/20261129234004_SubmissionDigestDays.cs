using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GeccAssessment.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class SubmissionDigestDays : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SubmissionDigestDays",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Submissions = table.Column<int>(type: "integer", nullable: false),
                    SentAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubmissionDigestDays", x => x.Day);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_SubmittedAtUtc",
                table: "Applications",
                column: "SubmittedAtUtc",
                filter: "\"SubmittedAtUtc\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SubmissionDigestDays");

            migrationBuilder.DropIndex(
                name: "IX_Applications_SubmittedAtUtc",
                table: "Applications");
        }
    }
}
