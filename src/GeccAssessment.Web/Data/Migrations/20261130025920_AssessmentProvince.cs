using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GeccAssessment.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AssessmentProvince : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The province copied onto each assessment (issue 16, ten times national): filled from the
            // existing applications here, then kept by the database itself.
            migrationBuilder.AddColumn<string>(
                name: "ProvinceCode",
                table: "Assessments",
                type: "character varying(2)",
                maxLength: 2,
                nullable: true);

            migrationBuilder.Sql("""
                UPDATE "Assessments" s SET "ProvinceCode" = a."ProvinceCode" FROM "Applications" a WHERE a."Id" = s."ApplicationId";
                ALTER TABLE "Assessments" ALTER COLUMN "ProvinceCode" SET NOT NULL;
                """);

            // Every insert takes the application's province, whatever the inserting code sent (EF sends
            // none: the property is generated on add), so no path can create an assessment without it.
            // A service point that moves province moves its applications (also a copy, for the
            // screening filter) and their assessments with it.
            migrationBuilder.Sql("""
                CREATE FUNCTION assessment_province_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW."ProvinceCode" := (SELECT a."ProvinceCode" FROM "Applications" a WHERE a."Id" = NEW."ApplicationId");
                    RETURN NEW;
                END $$;
                CREATE TRIGGER assessment_province_on_insert BEFORE INSERT OR UPDATE OF "ApplicationId" ON "Assessments"
                    FOR EACH ROW EXECUTE FUNCTION assessment_province_on_insert();

                CREATE FUNCTION application_province_follows() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE "Assessments" SET "ProvinceCode" = NEW."ProvinceCode" WHERE "ApplicationId" = NEW."Id";
                    RETURN NULL;
                END $$;
                CREATE TRIGGER application_province_follows AFTER UPDATE OF "ProvinceCode" ON "Applications"
                    FOR EACH ROW WHEN (OLD."ProvinceCode" IS DISTINCT FROM NEW."ProvinceCode") EXECUTE FUNCTION application_province_follows();

                CREATE FUNCTION service_point_province_follows() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE "Applications" SET "ProvinceCode" = NEW."ProvinceCode" WHERE "ServicePointId" = NEW."Id";
                    RETURN NULL;
                END $$;
                CREATE TRIGGER service_point_province_follows AFTER UPDATE OF "ProvinceCode" ON "ServicePoints"
                    FOR EACH ROW WHEN (OLD."ProvinceCode" IS DISTINCT FROM NEW."ProvinceCode") EXECUTE FUNCTION service_point_province_follows();
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Assessments_CycleId_ProvinceCode_Id",
                table: "Assessments",
                columns: new[] { "CycleId", "ProvinceCode", "Id" },
                filter: "\"SignedOffAtUtc\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Assessments_CycleId_ProvinceCode_Id",
                table: "Assessments");

            migrationBuilder.Sql("""
                DROP TRIGGER service_point_province_follows ON "ServicePoints";
                DROP FUNCTION service_point_province_follows();
                DROP TRIGGER application_province_follows ON "Applications";
                DROP FUNCTION application_province_follows();
                DROP TRIGGER assessment_province_on_insert ON "Assessments";
                DROP FUNCTION assessment_province_on_insert();
                """);

            migrationBuilder.DropColumn(
                name: "ProvinceCode",
                table: "Assessments");
        }
    }
}
