using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GeccAssessment.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AccountsAndSessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "DisabledAtUtc",
                table: "AspNetUsers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DisabledReason",
                table: "AspNetUsers",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsReference",
                table: "Agencies",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            // Hand-written: agencies whose names are equal once normalised keep the oldest as it is;
            // the others get " (2)", " (3)"... so the unique index can be built and nothing is lost.
            migrationBuilder.Sql("""
                UPDATE "Agencies" a SET "NameTh" = left(a."NameTh", 290) || ' (' || d.rn || ')'
                FROM (SELECT "Id", row_number() OVER (
                          PARTITION BY lower(normalize(regexp_replace(btrim("NameTh"), '\s+', ' ', 'g'), NFC)) ORDER BY "Id") AS rn
                      FROM "Agencies") d
                WHERE a."Id" = d."Id" AND d.rn > 1;
                """);

            // Hand-written: ministries and departments already used as parents, and ministries without
            // accounts of their own, were entered as reference data: mark them so (the seeder adds the rest).
            migrationBuilder.Sql("""
                UPDATE "Agencies" a SET "IsReference" = true
                WHERE (a."Kind" IN ('Ministry', 'Department') AND EXISTS (SELECT 1 FROM "Agencies" c WHERE c."ParentAgencyId" = a."Id"))
                   OR (a."Kind" = 'Ministry' AND NOT EXISTS (SELECT 1 FROM "AspNetUsers" u WHERE u."AgencyId" = a."Id"));
                """);

            migrationBuilder.AddColumn<string>(
                name: "NormalizedName",
                table: "Agencies",
                type: "character varying(300)",
                maxLength: 300,
                nullable: false,
                computedColumnSql: "lower(normalize(regexp_replace(btrim(\"NameTh\"), '\\s+', ' ', 'g'), NFC))",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "IX_Agencies_IsReference",
                table: "Agencies",
                column: "IsReference",
                filter: "\"IsReference\"");

            migrationBuilder.CreateIndex(
                name: "IX_Agencies_NormalizedName",
                table: "Agencies",
                column: "NormalizedName",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Agencies_IsReference",
                table: "Agencies");

            migrationBuilder.DropIndex(
                name: "IX_Agencies_NormalizedName",
                table: "Agencies");

            migrationBuilder.DropColumn(
                name: "NormalizedName",
                table: "Agencies");

            migrationBuilder.DropColumn(
                name: "DisabledAtUtc",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "DisabledReason",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "IsReference",
                table: "Agencies");
        }
    }
}
