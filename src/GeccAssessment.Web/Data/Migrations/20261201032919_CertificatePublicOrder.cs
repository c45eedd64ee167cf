using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GeccAssessment.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class CertificatePublicOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Certificates_PublicOrder",
                table: "Certificates",
                columns: new[] { "ProvinceCode", "ServicePointName", "Id" },
                filter: "\"RevokedAtUtc\" IS NULL")
                .Annotation("Relational:Collation", new[] { null, "C", null });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Certificates_PublicOrder",
                table: "Certificates");
        }
    }
}
