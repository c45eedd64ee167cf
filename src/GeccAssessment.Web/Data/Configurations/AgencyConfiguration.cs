using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GeccAssessment.Web.Data.Configurations;

public class AgencyConfiguration : IEntityTypeConfiguration<Agency>
{
    public void Configure(EntityTypeBuilder<Agency> builder)
    {
        builder.Property(a => a.NameTh).HasMaxLength(300).IsRequired();
        builder.Property(a => a.NameEn).HasMaxLength(300);
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(30);
        builder.HasIndex(a => a.NameTh).HasMethod("gin").HasOperators("gin_trgm_ops");
        builder.Property(a => a.ContactName).HasMaxLength(200);
        builder.Property(a => a.ContactPhone).HasMaxLength(50);
        builder.Property(a => a.ContactEmail).HasMaxLength(256);
        builder.HasOne(a => a.ParentAgency).WithMany().HasForeignKey(a => a.ParentAgencyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(a => a.Province).WithMany().HasForeignKey(a => a.ProvinceCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => a.Kind);
        builder.HasIndex(a => a.ParentAgencyId);
        builder.HasIndex(a => a.ProvinceCode);
    }
}
