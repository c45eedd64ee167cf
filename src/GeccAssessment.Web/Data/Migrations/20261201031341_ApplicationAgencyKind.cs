using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GeccAssessment.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class ApplicationAgencyKind : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Certificates_ValidUntil",
                table: "Certificates");

            migrationBuilder.DropIndex(
                name: "IX_Applications_CycleId_Status_ProvinceCode_SubmittedAtUtc_Id",
                table: "Applications");

            // The agency's kind copied onto each application (issue 16, ten times national: the screening
            // queue's count by province and kind probed the agency of every matching row). Filled from
            // the agencies here, then kept by the database itself, as the province is (AssessmentProvince).
            migrationBuilder.AddColumn<string>(
                name: "AgencyKind",
                table: "Applications",
                type: "character varying(30)",
                maxLength: 30,
                nullable: true);

            migrationBuilder.Sql("""
                UPDATE "Applications" a SET "AgencyKind" = g."Kind" FROM "Agencies" g WHERE g."Id" = a."AgencyId";
                ALTER TABLE "Applications" ALTER COLUMN "AgencyKind" SET NOT NULL;

                CREATE FUNCTION application_agency_kind_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW."AgencyKind" := (SELECT g."Kind" FROM "Agencies" g WHERE g."Id" = NEW."AgencyId");
                    RETURN NEW;
                END $$;
                CREATE TRIGGER application_agency_kind_on_insert BEFORE INSERT OR UPDATE OF "AgencyId" ON "Applications"
                    FOR EACH ROW EXECUTE FUNCTION application_agency_kind_on_insert();

                CREATE FUNCTION agency_kind_follows() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE "Applications" SET "AgencyKind" = NEW."Kind" WHERE "AgencyId" = NEW."Id";
                    RETURN NULL;
                END $$;
                CREATE TRIGGER agency_kind_follows AFTER UPDATE OF "Kind" ON "Agencies"
                    FOR EACH ROW WHEN (OLD."Kind" IS DISTINCT FROM NEW."Kind") EXECUTE FUNCTION agency_kind_follows();
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Certificates_ValidUntil_Id",
                table: "Certificates",
                columns: new[] { "ValidUntil", "Id" },
                filter: "\"RevokedAtUtc\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Applications_CycleId_Status_ProvinceCode_SubmittedAtUtc_Id",
                table: "Applications",
                columns: new[] { "CycleId", "Status", "ProvinceCode", "SubmittedAtUtc", "Id" })
                .Annotation("Npgsql:IndexInclude", new[] { "AgencyId", "AgencyKind", "ServicePointId" });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_Drafts",
                table: "Applications",
                columns: new[] { "CycleId", "Status", "Id" },
                filter: "\"SubmittedAtUtc\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Certificates_ValidUntil_Id",
                table: "Certificates");

            migrationBuilder.DropIndex(
                name: "IX_Applications_CycleId_Status_ProvinceCode_SubmittedAtUtc_Id",
                table: "Applications");

            migrationBuilder.DropIndex(
                name: "IX_Applications_Drafts",
                table: "Applications");

            migrationBuilder.Sql("""
                DROP TRIGGER agency_kind_follows ON "Agencies";
                DROP FUNCTION agency_kind_follows();
                DROP TRIGGER application_agency_kind_on_insert ON "Applications";
                DROP FUNCTION application_agency_kind_on_insert();
                """);

            migrationBuilder.DropColumn(
                name: "AgencyKind",
                table: "Applications");

            migrationBuilder.CreateIndex(
                name: "IX_Certificates_ValidUntil",
                table: "Certificates",
                column: "ValidUntil");

            migrationBuilder.CreateIndex(
                name: "IX_Applications_CycleId_Status_ProvinceCode_SubmittedAtUtc_Id",
                table: "Applications",
                columns: new[] { "CycleId", "Status", "ProvinceCode", "SubmittedAtUtc", "Id" })
                .Annotation("Npgsql:IndexInclude", new[] { "AgencyId", "ServicePointId" });
        }
    }
}
