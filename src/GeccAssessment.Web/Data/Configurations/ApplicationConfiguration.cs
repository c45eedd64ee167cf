using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GeccAssessment.Web.Data.Configurations;

public class ApplicationConfiguration : IEntityTypeConfiguration<Application>
{
    public void Configure(EntityTypeBuilder<Application> builder)
    {
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(30);
        builder.Property(a => a.ProvinceCode).HasMaxLength(2);
        builder.Property(a => a.AgencyKind).HasConversion<string>().HasMaxLength(30).ValueGeneratedOnAdd();
        builder.Property(a => a.ReturnReason).HasMaxLength(2000);
        builder.Property(a => a.RowVersion).IsRowVersion();
        builder.HasOne(a => a.Cycle).WithMany().HasForeignKey(a => a.CycleId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(a => a.ServicePoint).WithMany().HasForeignKey(a => a.ServicePointId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Agency>().WithMany().HasForeignKey(a => a.AgencyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Province>().WithMany().HasForeignKey(a => a.ProvinceCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(a => a.Answers).WithOne().HasForeignKey(x => x.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(a => a.StatusChanges).WithOne().HasForeignKey(x => x.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        // One application per service point per cycle.
        builder.HasIndex(a => new { a.ServicePointId, a.CycleId }).IsUnique();
        // The screening queue: a cycle's applications by status, optionally by province; a bounded count
        // of one status reads this narrowest index.
        builder.HasIndex(a => new { a.CycleId, a.Status, a.ProvinceCode });
        // The assignment page's order (keyset paged, docs/adr/0013, 0018): a cycle's accepted
        // applications by province, then id, so a page after any key is one seek.
        builder.HasIndex(a => new { a.CycleId, a.Status, a.ProvinceCode, a.Id });
        // The screening queue's order: a page is read from the index, not sorted from the whole cycle.
        builder.HasIndex(a => new { a.CycleId, a.Status, a.SubmittedAtUtc, a.Id });
        // The screening queue of one province, in its order, and its count from the index alone (the
        // agency's kind, copied onto the application for the kind filter, is in it too; the agency's id is
        // not: no query that walks this index reads it).
        builder.HasIndex(a => new { a.CycleId, a.Status, a.ProvinceCode, a.SubmittedAtUtc, a.Id })
            .IncludeProperties(a => new { a.AgencyKind, a.ServicePointId });
        // The queue's last page starts with the drafts (never submitted, last in its order): few rows, but
        // PostgreSQL cannot tell that no accepted application is a draft and walks the table backwards without it.
        builder.HasIndex(a => new { a.CycleId, a.Status, a.Id }, "IX_Applications_Drafts").HasFilter("\"SubmittedAtUtc\" IS NULL");
        builder.HasIndex(a => new { a.AgencyId, a.CycleId });
        // The Secretariat's daily digest: one day's submissions across every cycle.
        builder.HasIndex(a => a.SubmittedAtUtc).HasFilter("\"SubmittedAtUtc\" IS NOT NULL");
    }
}

public class SelfAssessmentAnswerConfiguration : IEntityTypeConfiguration<SelfAssessmentAnswer>
{
    public void Configure(EntityTypeBuilder<SelfAssessmentAnswer> builder)
    {
        builder.Property(a => a.SelfScore).HasPrecision(6, 2);
        builder.Property(a => a.Explanation).HasMaxLength(4000);
        builder.Property(a => a.ReturnNote).HasMaxLength(1000);
        builder.HasOne<Criterion>().WithMany().HasForeignKey(a => a.CriterionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => new { a.ApplicationId, a.CriterionId }).IsUnique();
        builder.HasIndex(a => a.CriterionId);
    }
}

public class EvidenceFileConfiguration : IEntityTypeConfiguration<EvidenceFile>
{
    public void Configure(EntityTypeBuilder<EvidenceFile> builder)
    {
        builder.Property(f => f.FileName).HasMaxLength(200);
        builder.Property(f => f.ContentType).HasMaxLength(100);
        builder.Property(f => f.Sha256).HasMaxLength(64);
        builder.HasOne<Application>().WithMany().HasForeignKey(f => f.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Criterion>().WithMany().HasForeignKey(f => f.CriterionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(f => f.Content).WithOne().HasForeignKey<EvidenceFileContent>(c => c.EvidenceFileId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(f => new { f.ApplicationId, f.CriterionId });
        builder.HasIndex(f => f.CriterionId);
    }
}

public class EvidenceFileContentConfiguration : IEntityTypeConfiguration<EvidenceFileContent>
{
    public void Configure(EntityTypeBuilder<EvidenceFileContent> builder) => builder.HasKey(c => c.EvidenceFileId);
}

public class ApplicationStatusChangeConfiguration : IEntityTypeConfiguration<ApplicationStatusChange>
{
    public void Configure(EntityTypeBuilder<ApplicationStatusChange> builder)
    {
        builder.Property(c => c.FromStatus).HasConversion<string>().HasMaxLength(30);
        builder.Property(c => c.ToStatus).HasConversion<string>().HasMaxLength(30);
        builder.Property(c => c.UserId).HasMaxLength(450);
        builder.Property(c => c.Note).HasMaxLength(2000);
        builder.HasIndex(c => new { c.ApplicationId, c.AtUtc });
    }
}
