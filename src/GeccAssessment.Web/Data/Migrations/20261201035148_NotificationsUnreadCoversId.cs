using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GeccAssessment.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class NotificationsUnreadCoversId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Notifications_Unread",
                table: "Notifications");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_Unread",
                table: "Notifications",
                columns: new[] { "UserId", "CreatedAtUtc" },
                filter: "\"ReadAtUtc\" IS NULL")
                .Annotation("Npgsql:IndexInclude", new[] { "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Notifications_Unread",
                table: "Notifications");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_Unread",
                table: "Notifications",
                columns: new[] { "UserId", "CreatedAtUtc" },
                filter: "\"ReadAtUtc\" IS NULL");
        }
    }
}
