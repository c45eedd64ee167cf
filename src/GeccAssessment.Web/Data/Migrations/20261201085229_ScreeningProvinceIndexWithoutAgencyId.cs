using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GeccAssessment.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class ScreeningProvinceIndexWithoutAgencyId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Applications_CycleId_Status_ProvinceCode_SubmittedAtUtc_Id",
                table: "Applications");

            migrationBuilder.CreateIndex(
                name: "IX_Applications_CycleId_Status_ProvinceCode_SubmittedAtUtc_Id",
                table: "Applications",
                columns: new[] { "CycleId", "Status", "ProvinceCode", "SubmittedAtUtc", "Id" })
                .Annotation("Npgsql:IndexInclude", new[] { "AgencyKind", "ServicePointId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Applications_CycleId_Status_ProvinceCode_SubmittedAtUtc_Id",
                table: "Applications");

            migrationBuilder.CreateIndex(
                name: "IX_Applications_CycleId_Status_ProvinceCode_SubmittedAtUtc_Id",
                table: "Applications",
                columns: new[] { "CycleId", "Status", "ProvinceCode", "SubmittedAtUtc", "Id" })
                .Annotation("Npgsql:IndexInclude", new[] { "AgencyId", "AgencyKind", "ServicePointId" });
        }
    }
}
