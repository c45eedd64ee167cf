using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GeccAssessment.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class CertificateSignatory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SignatoryName",
                table: "Certificates",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SignatoryPosition",
                table: "Certificates",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            // Certificates issued before this printed their cycle's signatory as it was at each
            // download: they keep the one they print today. The certificates' totals triggers
            // follow other columns only, so nothing else moves.
            migrationBuilder.Sql("""
                UPDATE "Certificates" AS c
                SET "SignatoryName" = y."SignatoryName", "SignatoryPosition" = y."SignatoryPosition"
                FROM "Cycles" AS y
                WHERE y."Id" = c."CycleId";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SignatoryName",
                table: "Certificates");

            migrationBuilder.DropColumn(
                name: "SignatoryPosition",
                table: "Certificates");
        }
    }
}
