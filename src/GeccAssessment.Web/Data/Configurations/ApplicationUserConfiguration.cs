using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GeccAssessment.Web.Data.Configurations;

public class ApplicationUserConfiguration : IEntityTypeConfiguration<ApplicationUser>
{
    public void Configure(EntityTypeBuilder<ApplicationUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(200).IsRequired();
        builder.HasOne(u => u.Agency).WithMany().HasForeignKey(u => u.AgencyId).OnDelete(DeleteBehavior.Restrict);
        // The user-management page searches by part of a name or e-mail address.
        builder.HasIndex(u => u.DisplayName).HasMethod("gin").HasOperators("gin_trgm_ops");
        builder.HasIndex(u => u.NormalizedEmail).HasMethod("gin").HasOperators("gin_trgm_ops")
            .HasDatabaseName("IX_AspNetUsers_NormalizedEmail_trgm");
    }
}
