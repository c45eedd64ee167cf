using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GeccAssessment.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class SatisfactionPointYears : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SatisfactionPointYears",
                columns: table => new
                {
                    ServicePointId = table.Column<int>(type: "integer", nullable: false),
                    WindowStart = table.Column<DateOnly>(type: "date", nullable: false),
                    ProvinceCode = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    AgencyKind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Answers = table.Column<int>(type: "integer", nullable: false),
                    OverallSum = table.Column<int>(type: "integer", nullable: false),
                    PremisesAnswers = table.Column<int>(type: "integer", nullable: false),
                    PremisesSum = table.Column<int>(type: "integer", nullable: false),
                    PersonnelAnswers = table.Column<int>(type: "integer", nullable: false),
                    PersonnelSum = table.Column<int>(type: "integer", nullable: false),
                    ServiceProcessAnswers = table.Column<int>(type: "integer", nullable: false),
                    ServiceProcessSum = table.Column<int>(type: "integer", nullable: false),
                    OtherAnswers = table.Column<int>(type: "integer", nullable: false),
                    OtherSum = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SatisfactionPointYears", x => x.ServicePointId);
                    table.ForeignKey(
                        name: "FK_SatisfactionPointYears_ServicePoints_ServicePointId",
                        column: x => x.ServicePointId,
                        principalTable: "ServicePoints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SatisfactionPointYears_WindowStart",
                table: "SatisfactionPointYears",
                column: "WindowStart");

            // The answers already stored, counted for the dashboard's twelve months as of today in Thailand.
            migrationBuilder.Sql("""
                INSERT INTO "SatisfactionPointYears" ("ServicePointId", "WindowStart", "ProvinceCode", "AgencyKind", "Answers", "OverallSum", "PremisesAnswers", "PremisesSum",
                                                      "PersonnelAnswers", "PersonnelSum", "ServiceProcessAnswers", "ServiceProcessSum", "OtherAnswers", "OtherSum")
                SELECT m."ServicePointId", w.start, min(m."ProvinceCode"), min(m."AgencyKind"), sum(m."Answers")::int, sum(m."OverallSum")::int,
                       sum(m."PremisesAnswers")::int, sum(m."PremisesSum")::int, sum(m."PersonnelAnswers")::int, sum(m."PersonnelSum")::int,
                       sum(m."ServiceProcessAnswers")::int, sum(m."ServiceProcessSum")::int, sum(m."OtherAnswers")::int, sum(m."OtherSum")::int
                FROM "SatisfactionMonthly" m
                CROSS JOIN (SELECT (date_trunc('month', timezone('Asia/Bangkok', now())) - interval '11 months')::date AS start) w
                WHERE m."Month" >= w.start
                GROUP BY m."ServicePointId", w.start;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SatisfactionPointYears");
        }
    }
}
