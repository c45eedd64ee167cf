using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GeccAssessment.Web.Data.Configurations;

public class ProvinceConfiguration : IEntityTypeConfiguration<Province>
{
    public void Configure(EntityTypeBuilder<Province> builder)
    {
        builder.HasKey(p => p.Code);
        builder.Property(p => p.Code).HasMaxLength(2);
        builder.Property(p => p.NameTh).HasMaxLength(100);
        builder.Property(p => p.NameEn).HasMaxLength(100);
    }
}

public class DistrictConfiguration : IEntityTypeConfiguration<District>
{
    public void Configure(EntityTypeBuilder<District> builder)
    {
        builder.HasKey(d => d.Code);
        builder.Property(d => d.Code).HasMaxLength(4);
        builder.Property(d => d.ProvinceCode).HasMaxLength(2);
        builder.Property(d => d.NameTh).HasMaxLength(100);
        builder.Property(d => d.NameEn).HasMaxLength(100);
        builder.HasOne<Province>().WithMany().HasForeignKey(d => d.ProvinceCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(d => d.ProvinceCode);
    }
}
