using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GeccAssessment.Web.Data.Configurations;

public class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.Property(m => m.Kind).HasConversion<string>().HasMaxLength(40);
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.ToUserId).HasMaxLength(450);
        builder.Property(m => m.ToAddress).HasMaxLength(256);
        builder.Property(m => m.ToName).HasMaxLength(300);
        builder.Property(m => m.Subject).HasMaxLength(500);
        builder.Property(m => m.LastError).HasMaxLength(2000);
        builder.HasOne<Certificate>().WithMany().HasForeignKey(m => m.CertificateId).OnDelete(DeleteBehavior.Restrict);
        // The sender takes the waiting rows due first; the partial index stays small however many were sent.
        builder.HasIndex(m => m.NextAttemptAtUtc).HasFilter("\"Status\" = 'Waiting'");
        // The Secretariat's list: newest first, filtered by status.
        builder.HasIndex(m => new { m.Status, m.CreatedAtUtc });
        builder.HasIndex(m => m.CreatedAtUtc);
        builder.HasIndex(m => new { m.ToAddress, m.CreatedAtUtc });
        builder.HasIndex(m => m.CertificateId);
    }
}

public class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.Property(n => n.Kind).HasConversion<string>().HasMaxLength(40);
        builder.Property(n => n.UserId).HasMaxLength(450);
        builder.Property(n => n.Text).HasMaxLength(1000);
        builder.Property(n => n.Link).HasMaxLength(500);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
        // The bell: a user's unread ones, newest first, their ids in the index too, so that the bell's
        // count and its pick of the newest read the index alone whatever plan PostgreSQL chose (ADR 0029).
        builder.HasIndex(n => new { n.UserId, n.CreatedAtUtc }).HasFilter("\"ReadAtUtc\" IS NULL").HasDatabaseName("IX_Notifications_Unread")
            .IncludeProperties(n => n.Id);
        builder.HasIndex(n => new { n.UserId, n.CreatedAtUtc });
    }
}

public class MailPreferenceConfiguration : IEntityTypeConfiguration<MailPreference>
{
    public void Configure(EntityTypeBuilder<MailPreference> builder)
    {
        builder.HasKey(p => p.UserId);
        builder.Property(p => p.UserId).HasMaxLength(450);
        builder.Property(p => p.Language).HasMaxLength(5);
        builder.PrimitiveCollection(p => p.TurnedOff).ElementType(e => e.HasConversion<string>());
        builder.HasOne<ApplicationUser>().WithOne().HasForeignKey<MailPreference>(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

public class CertificateReminderConfiguration : IEntityTypeConfiguration<CertificateReminder>
{
    public void Configure(EntityTypeBuilder<CertificateReminder> builder)
    {
        builder.HasKey(r => new { r.CertificateId, r.DaysBefore });
        builder.HasOne<Certificate>().WithMany().HasForeignKey(r => r.CertificateId).OnDelete(DeleteBehavior.Cascade);
    }
}

public class SubmissionDigestDayConfiguration : IEntityTypeConfiguration<SubmissionDigestDay>
{
    public void Configure(EntityTypeBuilder<SubmissionDigestDay> builder) => builder.HasKey(d => d.Day);
}
