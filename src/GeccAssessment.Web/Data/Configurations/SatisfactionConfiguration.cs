using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GeccAssessment.Web.Data.Configurations;

public class SatisfactionLinkConfiguration : IEntityTypeConfiguration<SatisfactionLink>
{
    public void Configure(EntityTypeBuilder<SatisfactionLink> builder)
    {
        builder.Property(l => l.Token).HasMaxLength(32);
        builder.HasIndex(l => l.Token).IsUnique();
        // At most one live code per point: re-issuing revokes the old one in the same transaction.
        builder.HasIndex(l => l.ServicePointId).IsUnique().HasFilter("\"RevokedAtUtc\" IS NULL");
        builder.HasOne(l => l.ServicePoint).WithMany().HasForeignKey(l => l.ServicePointId).OnDelete(DeleteBehavior.Cascade);
    }
}

public class SatisfactionResponseConfiguration : IEntityTypeConfiguration<SatisfactionResponse>
{
    public void Configure(EntityTypeBuilder<SatisfactionResponse> builder)
    {
        builder.Property(r => r.Service).HasMaxLength(300);
        builder.Property(r => r.Comment).HasMaxLength(SatisfactionRules.CommentMaxLength);
        builder.Property(r => r.DeviceKey).HasMaxLength(16);
        builder.HasOne<ServicePoint>().WithMany().HasForeignKey(r => r.ServicePointId).OnDelete(DeleteBehavior.Cascade);
        // One answer per device per point per day, enforced by the database under any concurrency.
        builder.HasIndex(r => new { r.ServicePointId, r.Day, r.DeviceKey }).IsUnique();
        // A point's comments, newest first (results page, assessors' link).
        builder.HasIndex(r => new { r.ServicePointId, r.SubmittedAtUtc }).IsDescending(false, true).HasFilter("\"Comment\" IS NOT NULL");
        // The Secretariat's review queue.
        builder.HasIndex(r => new { r.ServicePointId, r.Day }).HasDatabaseName("IX_SatisfactionResponses_Suspicious").HasFilter("\"Status\" = 1");
    }
}

public class SatisfactionDailyConfiguration : IEntityTypeConfiguration<SatisfactionDaily>
{
    public void Configure(EntityTypeBuilder<SatisfactionDaily> builder)
    {
        builder.ToTable("SatisfactionDaily");
        builder.HasKey(d => new { d.ServicePointId, d.Day });
        builder.HasOne<ServicePoint>().WithMany().HasForeignKey(d => d.ServicePointId).OnDelete(DeleteBehavior.Cascade);
    }
}

public class SatisfactionMonthlyConfiguration : IEntityTypeConfiguration<SatisfactionMonthly>
{
    public void Configure(EntityTypeBuilder<SatisfactionMonthly> builder)
    {
        builder.ToTable("SatisfactionMonthly");
        // Month first: the dashboard reads a range of months for every point.
        builder.HasKey(m => new { m.Month, m.ServicePointId });
        builder.Property(m => m.ProvinceCode).HasMaxLength(2);
        // As the agencies store it, so the copy is made without a conversion.
        builder.Property(m => m.AgencyKind).HasConversion<string>().HasMaxLength(30);
        builder.HasOne<ServicePoint>().WithMany().HasForeignKey(m => m.ServicePointId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.ServicePointId, m.Month });
    }
}

public class SatisfactionPointYearConfiguration : IEntityTypeConfiguration<SatisfactionPointYear>
{
    public void Configure(EntityTypeBuilder<SatisfactionPointYear> builder)
    {
        builder.ToTable("SatisfactionPointYears");
        builder.HasKey(y => y.ServicePointId);
        builder.Property(y => y.ProvinceCode).HasMaxLength(2);
        builder.Property(y => y.AgencyKind).HasConversion<string>().HasMaxLength(30);
        builder.HasOne<ServicePoint>().WithMany().HasForeignKey(y => y.ServicePointId).OnDelete(DeleteBehavior.Cascade);
        // "Is any row from before this month's window?": the dashboard asks before every view.
        builder.HasIndex(y => y.WindowStart);
    }
}

public class SatisfactionQuestionConfiguration : IEntityTypeConfiguration<SatisfactionQuestion>
{
    public void Configure(EntityTypeBuilder<SatisfactionQuestion> builder)
    {
        builder.Property(q => q.TextTh).HasMaxLength(300);
        builder.Property(q => q.TextEn).HasMaxLength(300);
        builder.HasOne<Cycle>().WithMany().HasForeignKey(q => q.CycleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(q => new { q.CycleId, q.Kind }).IsUnique();
    }
}

public class SatisfactionDaySaltConfiguration : IEntityTypeConfiguration<SatisfactionDaySalt>
{
    public void Configure(EntityTypeBuilder<SatisfactionDaySalt> builder)
    {
        builder.HasKey(s => s.Day);
        builder.Property(s => s.Salt).HasMaxLength(32);
    }
}
