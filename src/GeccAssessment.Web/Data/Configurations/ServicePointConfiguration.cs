using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GeccAssessment.Web.Data.Configurations;

public class ServicePointConfiguration : IEntityTypeConfiguration<ServicePoint>
{
    public void Configure(EntityTypeBuilder<ServicePoint> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(300);
        builder.Property(p => p.Address).HasMaxLength(1000);
        builder.Property(p => p.ProvinceCode).HasMaxLength(2);
        builder.Property(p => p.DistrictCode).HasMaxLength(4);
        builder.Property(p => p.OpeningHours).HasMaxLength(300);
        builder.Property(p => p.ServicesOffered).HasMaxLength(2000);
        builder.Property(p => p.ContactName).HasMaxLength(200);
        builder.Property(p => p.ContactPhone).HasMaxLength(50);
        builder.Property(p => p.ContactEmail).HasMaxLength(256);
        builder.HasOne(p => p.Agency).WithMany().HasForeignKey(p => p.AgencyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(p => p.Province).WithMany().HasForeignKey(p => p.ProvinceCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(p => p.District).WithMany().HasForeignKey(p => p.DistrictCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => new { p.AgencyId, p.Name });
        builder.HasIndex(p => p.ProvinceCode);
        builder.HasIndex(p => p.DistrictCode);
    }
}
