using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GeccAssessment.Web.Data.Configurations;

public class ApplicationUserConfiguration : IEntityTypeConfiguration<ApplicationUser>
{
    public void Configure(EntityTypeBuilder<ApplicationUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(200).IsRequired();
        builder.Property(u => u.DisabledReason).HasMaxLength(500);
        builder.HasOne(u => u.Agency).WithMany().HasForeignKey(u => u.AgencyId).OnDelete(DeleteBehavior.Restrict);
        // The user-management page searches by part of a name or e-mail address.
        builder.HasIndex(u => u.DisplayName).HasMethod("gin").HasOperators("gin_trgm_ops");
        // A named index of its own: configuring Identity's unnamed one would turn its b-tree
        // EmailIndex (sign-in by e-mail, the user list's order) into this trigram index.
        builder.HasIndex(u => u.NormalizedEmail, "IX_AspNetUsers_NormalizedEmail_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
    }
}
