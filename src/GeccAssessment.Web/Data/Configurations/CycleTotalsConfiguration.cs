using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GeccAssessment.Web.Data.Configurations;

// Written only by the triggers of migration CycleTotals (docs/adr/0018): no foreign keys, so that a
// trigger's upsert takes no lock on the cycle or the province, and a total that is back to zero stays.
public class CycleStatusTotalConfiguration : IEntityTypeConfiguration<CycleStatusTotal>
{
    public void Configure(EntityTypeBuilder<CycleStatusTotal> builder)
    {
        builder.HasKey(t => new { t.CycleId, t.Status });
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(30);
    }
}

public class CycleProvinceTotalConfiguration : IEntityTypeConfiguration<CycleProvinceTotal>
{
    public void Configure(EntityTypeBuilder<CycleProvinceTotal> builder)
    {
        builder.HasKey(t => new { t.CycleId, t.ProvinceCode });
        builder.Property(t => t.ProvinceCode).HasMaxLength(2);
        // Exact sums of percentages (numeric(7,4) each): no precision limit, as sum() gives.
        foreach (var sum in new[] { nameof(CycleProvinceTotal.PremisesSum), nameof(CycleProvinceTotal.PersonnelSum), nameof(CycleProvinceTotal.ServiceProcessSum), nameof(CycleProvinceTotal.OtherSum) })
        {
            builder.Property(sum).HasColumnType("numeric");
        }
    }
}

public class CycleLevelTotalConfiguration : IEntityTypeConfiguration<CycleLevelTotal>
{
    public void Configure(EntityTypeBuilder<CycleLevelTotal> builder) => builder.HasKey(t => new { t.CycleId, t.LevelRank });
}
