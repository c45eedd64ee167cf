using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GeccAssessment.Web.Data.Configurations;

public class CommitteeMeetingConfiguration : IEntityTypeConfiguration<CommitteeMeeting>
{
    public void Configure(EntityTypeBuilder<CommitteeMeeting> builder)
    {
        builder.Property(m => m.Number).HasMaxLength(50);
        builder.HasOne<Cycle>().WithMany().HasForeignKey(m => m.CycleId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(m => new { m.CycleId, m.Number }).IsUnique();
    }
}

public class CertificationDecisionConfiguration : IEntityTypeConfiguration<CertificationDecision>
{
    public void Configure(EntityTypeBuilder<CertificationDecision> builder)
    {
        builder.Property(d => d.Reason).HasMaxLength(2000);
        builder.Property(d => d.DecidedByUserId).HasMaxLength(450);
        builder.HasOne<Assessment>().WithMany().HasForeignKey(d => d.AssessmentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Application>().WithMany().HasForeignKey(d => d.ApplicationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Cycle>().WithMany().HasForeignKey(d => d.CycleId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(d => d.Meeting).WithMany().HasForeignKey(d => d.MeetingId).OnDelete(DeleteBehavior.Restrict);
        // One decision per assessment.
        builder.HasIndex(d => d.AssessmentId).IsUnique();
        builder.HasIndex(d => new { d.CycleId, d.Certified });
        builder.HasIndex(d => d.MeetingId);
        builder.HasIndex(d => d.ApplicationId);
    }
}

public class CertificateConfiguration : IEntityTypeConfiguration<Certificate>
{
    public void Configure(EntityTypeBuilder<Certificate> builder)
    {
        builder.Property(c => c.Number).HasMaxLength(30);
        builder.Property(c => c.LevelNameTh).HasMaxLength(100);
        builder.Property(c => c.LevelNameEn).HasMaxLength(100);
        builder.Property(c => c.AgencyName).HasMaxLength(300);
        builder.Property(c => c.ServicePointName).HasMaxLength(300);
        builder.Property(c => c.ProvinceCode).HasMaxLength(2);
        // As long as the cycle's own (CycleConfiguration): they are copied from it at issue.
        builder.Property(c => c.SignatoryName).HasMaxLength(200);
        builder.Property(c => c.SignatoryPosition).HasMaxLength(300);
        builder.Property(c => c.RevokeReason).HasMaxLength(2000);
        builder.Property(c => c.AwardHandedOverTo).HasMaxLength(300);
        builder.HasOne<Cycle>().WithMany().HasForeignKey(c => c.CycleId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Application>().WithMany().HasForeignKey(c => c.ApplicationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.Decision).WithMany().HasForeignKey(c => c.DecisionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CommitteeMeeting>().WithMany().HasForeignKey(c => c.MeetingId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Province>().WithMany().HasForeignKey(c => c.ProvinceCode).OnDelete(DeleteBehavior.Restrict);
        // The public verification page looks certificates up by number; numbers run per cycle.
        builder.HasIndex(c => c.Number).IsUnique();
        builder.HasIndex(c => new { c.CycleId, c.Sequence }).IsUnique();
        builder.HasIndex(c => c.ApplicationId).IsUnique();
        builder.HasIndex(c => c.MeetingId);
        // The public list of centres filtered by province and level.
        builder.HasIndex(c => new { c.ProvinceCode, c.LevelRank });
        // The public list's order, keyset paged: province, name compared byte by byte (PublicController), id.
        builder.HasIndex(c => new { c.ProvinceCode, c.ServicePointName, c.Id }, "IX_Certificates_PublicOrder")
            .UseCollation(null!, "C", null!).HasFilter("\"RevokedAtUtc\" IS NULL");
        // Certificates in force, by end date: the public count, the renewal list (paged by (ValidUntil, Id):
        // a whole meeting's certificates share one date) and the reminder job read it alone.
        builder.HasIndex(c => new { c.ValidUntil, c.Id }).HasFilter("\"RevokedAtUtc\" IS NULL");
    }
}

public class DocumentJobConfiguration : IEntityTypeConfiguration<DocumentJob>
{
    public void Configure(EntityTypeBuilder<DocumentJob> builder)
    {
        builder.Property(j => j.Id).ValueGeneratedNever();
        builder.Property(j => j.RequestedByUserId).HasMaxLength(450);
        builder.Property(j => j.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(j => j.VerifyBaseUrl).HasMaxLength(300);
        builder.Property(j => j.LeaseOwner).HasMaxLength(200);
        // The worker picks the oldest queued job, or a running one whose lease has expired.
        builder.HasIndex(j => new { j.Status, j.CreatedAtUtc });
    }
}

public class RateLimitCounterConfiguration : IEntityTypeConfiguration<RateLimitCounter>
{
    public void Configure(EntityTypeBuilder<RateLimitCounter> builder)
    {
        builder.HasKey(c => new { c.Key, c.WindowStartUtc });
        builder.Property(c => c.Key).HasMaxLength(200);
        // Old windows are deleted by expiry.
        builder.HasIndex(c => c.ExpiresAtUtc);
    }
}

public class OfficeEmblemConfiguration : IEntityTypeConfiguration<OfficeEmblem>
{
    public void Configure(EntityTypeBuilder<OfficeEmblem> builder)
    {
        // One emblem for the whole office: the key is fixed, never generated.
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.ContentType).HasMaxLength(50);
        builder.Property(e => e.UploadedByUserId).HasMaxLength(450);
        builder.ToTable(t => t.HasCheckConstraint("CK_OfficeEmblems_TheOne", "\"Id\" = 1"));
    }
}
