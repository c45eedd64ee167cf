using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace GeccAssessment.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class PublicSatisfactionSurvey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SatisfactionDaily",
                columns: table => new
                {
                    ServicePointId = table.Column<int>(type: "integer", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
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
                    table.PrimaryKey("PK_SatisfactionDaily", x => new { x.ServicePointId, x.Day });
                    table.ForeignKey(
                        name: "FK_SatisfactionDaily_ServicePoints_ServicePointId",
                        column: x => x.ServicePointId,
                        principalTable: "ServicePoints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SatisfactionDaySalts",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Salt = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SatisfactionDaySalts", x => x.Day);
                });

            migrationBuilder.CreateTable(
                name: "SatisfactionLinks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ServicePointId = table.Column<int>(type: "integer", nullable: false),
                    Token = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    IssuedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RevokedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SatisfactionLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SatisfactionLinks_ServicePoints_ServicePointId",
                        column: x => x.ServicePointId,
                        principalTable: "ServicePoints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SatisfactionMonthly",
                columns: table => new
                {
                    ServicePointId = table.Column<int>(type: "integer", nullable: false),
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
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
                    table.PrimaryKey("PK_SatisfactionMonthly", x => new { x.Month, x.ServicePointId });
                    table.ForeignKey(
                        name: "FK_SatisfactionMonthly_ServicePoints_ServicePointId",
                        column: x => x.ServicePointId,
                        principalTable: "ServicePoints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SatisfactionQuestions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CycleId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    TextTh = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    TextEn = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SatisfactionQuestions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SatisfactionQuestions_Cycles_CycleId",
                        column: x => x.CycleId,
                        principalTable: "Cycles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SatisfactionResponses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ServicePointId = table.Column<int>(type: "integer", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    SubmittedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Overall = table.Column<short>(type: "smallint", nullable: false),
                    Premises = table.Column<short>(type: "smallint", nullable: true),
                    Personnel = table.Column<short>(type: "smallint", nullable: true),
                    ServiceProcess = table.Column<short>(type: "smallint", nullable: true),
                    Other = table.Column<short>(type: "smallint", nullable: true),
                    Service = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Comment = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    DeviceKey = table.Column<byte[]>(type: "bytea", maxLength: 16, nullable: false),
                    ReviewedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SatisfactionResponses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SatisfactionResponses_ServicePoints_ServicePointId",
                        column: x => x.ServicePointId,
                        principalTable: "ServicePoints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SatisfactionLinks_ServicePointId",
                table: "SatisfactionLinks",
                column: "ServicePointId",
                unique: true,
                filter: "\"RevokedAtUtc\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_SatisfactionLinks_Token",
                table: "SatisfactionLinks",
                column: "Token",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SatisfactionMonthly_ServicePointId_Month",
                table: "SatisfactionMonthly",
                columns: new[] { "ServicePointId", "Month" });

            migrationBuilder.CreateIndex(
                name: "IX_SatisfactionQuestions_CycleId_Kind",
                table: "SatisfactionQuestions",
                columns: new[] { "CycleId", "Kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SatisfactionResponses_ServicePointId_Day_DeviceKey",
                table: "SatisfactionResponses",
                columns: new[] { "ServicePointId", "Day", "DeviceKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SatisfactionResponses_ServicePointId_SubmittedAtUtc",
                table: "SatisfactionResponses",
                columns: new[] { "ServicePointId", "SubmittedAtUtc" },
                descending: new[] { false, true },
                filter: "\"Comment\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_SatisfactionResponses_Suspicious",
                table: "SatisfactionResponses",
                columns: new[] { "ServicePointId", "Day" },
                filter: "\"Status\" = 1");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SatisfactionDaily");

            migrationBuilder.DropTable(
                name: "SatisfactionDaySalts");

            migrationBuilder.DropTable(
                name: "SatisfactionLinks");

            migrationBuilder.DropTable(
                name: "SatisfactionMonthly");

            migrationBuilder.DropTable(
                name: "SatisfactionQuestions");

            migrationBuilder.DropTable(
                name: "SatisfactionResponses");
        }
    }
}
