using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GeccAssessment.Web.Data.Configurations;

public class CycleConfiguration : IEntityTypeConfiguration<Cycle>
{
    public void Configure(EntityTypeBuilder<Cycle> builder)
    {
        builder.Property(c => c.Title).HasMaxLength(300);
        builder.Property(c => c.SignatoryName).HasMaxLength(200);
        builder.Property(c => c.SignatoryPosition).HasMaxLength(300);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(c => c.BuddhistYear).IsUnique();
        builder.HasIndex(c => c.Status);
        builder.HasMany(c => c.Dimensions).WithOne().HasForeignKey(d => d.CycleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Levels).WithOne().HasForeignKey(l => l.CycleId).OnDelete(DeleteBehavior.Cascade);
    }
}

public class DimensionConfiguration : IEntityTypeConfiguration<Dimension>
{
    public void Configure(EntityTypeBuilder<Dimension> builder)
    {
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(d => d.MinimumPercent).HasPrecision(5, 2);
        builder.HasIndex(d => new { d.CycleId, d.Kind }).IsUnique();
        builder.HasMany(d => d.Criteria).WithOne(c => c.Dimension).HasForeignKey(c => c.DimensionId).OnDelete(DeleteBehavior.Cascade);
    }
}

public class CriterionConfiguration : IEntityTypeConfiguration<Criterion>
{
    public void Configure(EntityTypeBuilder<Criterion> builder)
    {
        builder.Property(c => c.Code).HasMaxLength(20);
        builder.Property(c => c.TitleTh).HasMaxLength(500);
        builder.Property(c => c.TitleEn).HasMaxLength(500);
        builder.Property(c => c.Guidance).HasMaxLength(4000);
        builder.HasOne<Cycle>().WithMany().HasForeignKey(c => c.CycleId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => new { c.CycleId, c.Code }).IsUnique();
        builder.HasIndex(c => new { c.DimensionId, c.SortOrder });
    }
}

public class CertificationLevelConfiguration : IEntityTypeConfiguration<CertificationLevel>
{
    public void Configure(EntityTypeBuilder<CertificationLevel> builder)
    {
        builder.Property(l => l.NameTh).HasMaxLength(100);
        builder.Property(l => l.NameEn).HasMaxLength(100);
        builder.Property(l => l.MinimumPercent).HasPrecision(5, 2);
        builder.HasIndex(l => new { l.CycleId, l.Rank }).IsUnique();
    }
}
