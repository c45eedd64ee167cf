using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GeccAssessment.Web.Data.Configurations;

public class SubcommitteeConfiguration : IEntityTypeConfiguration<Subcommittee>
{
    public void Configure(EntityTypeBuilder<Subcommittee> builder)
    {
        builder.Property(s => s.Name).HasMaxLength(200);
        builder.Property(s => s.ChairUserId).HasMaxLength(450);
        builder.HasOne(s => s.Cycle).WithMany().HasForeignKey(s => s.CycleId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(s => s.ChairUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.Members).WithOne().HasForeignKey(m => m.SubcommitteeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.CycleId, s.Name }).IsUnique();
        builder.HasIndex(s => s.ChairUserId);
    }
}

public class SubcommitteeMemberConfiguration : IEntityTypeConfiguration<SubcommitteeMember>
{
    public void Configure(EntityTypeBuilder<SubcommitteeMember> builder)
    {
        builder.HasKey(m => new { m.SubcommitteeId, m.UserId });
        builder.Property(m => m.UserId).HasMaxLength(450);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Restrict);
        // "My assignments": from a user to his or her subcommittees.
        builder.HasIndex(m => m.UserId);
    }
}

public class AssessmentConfiguration : IEntityTypeConfiguration<Assessment>
{
    public void Configure(EntityTypeBuilder<Assessment> builder)
    {
        builder.Property(a => a.PreliminaryMeetingLink).HasMaxLength(500);
        builder.Property(a => a.PreliminaryOutcome).HasConversion<string>().HasMaxLength(30);
        builder.Property(a => a.PreliminaryStopReason).HasMaxLength(2000);
        builder.Property(a => a.OnSiteAddress).HasMaxLength(500);
        builder.Property(a => a.SignedOffByUserId).HasMaxLength(450);
        builder.Property(a => a.RecommendedOutcome).HasConversion<string>().HasMaxLength(30);
        builder.Property(a => a.OverallPercent).HasPrecision(7, 4);
        builder.Property(a => a.PremisesPercent).HasPrecision(7, 4);
        builder.Property(a => a.PersonnelPercent).HasPrecision(7, 4);
        builder.Property(a => a.ServiceProcessPercent).HasPrecision(7, 4);
        builder.Property(a => a.OtherPercent).HasPrecision(7, 4);
        builder.Property(a => a.PreliminaryPercent).HasPrecision(7, 4);
        builder.Property(a => a.EarnedPoints).HasPrecision(9, 2);
        builder.Property(a => a.PossiblePoints).HasPrecision(9, 2);
        builder.Property(a => a.UnlockReason).HasMaxLength(2000);
        builder.Property(a => a.RowVersion).IsRowVersion();
        builder.Property(a => a.ScheduledAtUtc).HasComputedColumnSql("COALESCE(\"OnSiteAtUtc\", \"PreliminaryAtUtc\")", stored: true);
        // Filled by the database on insert (a trigger copies the application's province): read back, never sent.
        builder.Property(a => a.ProvinceCode).HasMaxLength(2).ValueGeneratedOnAdd();
        builder.Ignore(a => a.IsSignedOff);
        builder.Ignore(a => a.IsStopped);
        builder.HasOne(a => a.Application).WithMany().HasForeignKey(a => a.ApplicationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(a => a.Subcommittee).WithMany().HasForeignKey(a => a.SubcommitteeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Cycle>().WithMany().HasForeignKey(a => a.CycleId).OnDelete(DeleteBehavior.Restrict);
        // An application is assessed by one subcommittee.
        builder.HasIndex(a => a.ApplicationId).IsUnique();
        builder.HasIndex(a => new { a.SubcommitteeId, a.ApplicationId });
        builder.HasIndex(a => new { a.CycleId, a.SubcommitteeId });
        // The assessments list: a cycle's assessments by date of the next visit.
        builder.HasIndex(a => new { a.CycleId, a.ScheduledAtUtc, a.Id });
        // The committee's list: a cycle's signed-off assessments by recommendation and level.
        builder.HasIndex(a => new { a.CycleId, a.RecommendedOutcome, a.RecommendedLevelRank }).HasFilter("\"SignedOffAtUtc\" IS NOT NULL");
        // The committee's list in its order (province, id), keyset-paged, and its province filter; the dashboard's provinces.
        // The other filters' columns are included so that a filtered count reads the index alone (docs/adr/0022).
        builder.HasIndex(a => new { a.CycleId, a.ProvinceCode, a.Id }).HasFilter("\"SignedOffAtUtc\" IS NOT NULL")
            .IncludeProperties(a => new { a.SubcommitteeId, a.RecommendedOutcome, a.RecommendedLevelRank });
        // The committee's pending list (signed off, not yet decided) in the same order: its seek and its count
        // read only the undecided ones, however many of the cycle are decided (docs/adr/0022).
        builder.HasIndex(a => new { a.CycleId, a.ProvinceCode, a.Id }, "IX_Assessments_Pending")
            .HasFilter("\"SignedOffAtUtc\" IS NOT NULL AND NOT \"Decided\"")
            .IncludeProperties(a => new { a.SubcommitteeId, a.RecommendedOutcome, a.RecommendedLevelRank });
        // The scoring pages a member keeps offline (AssessmentAccess.StillToScoreAsync): per subcommittee,
        // the assessments still being scored in date order. Only those are in it (a small index).
        builder.HasIndex(a => new { a.SubcommitteeId, a.ScheduledAtUtc, a.Id })
            .HasFilter("\"SignedOffAtUtc\" IS NULL AND \"ReconciliationOpenedAtUtc\" IS NULL AND \"PreliminaryOutcome\" <> 'Stop'");
        // A subcommittee's signed-off assessments in the committee's order: counted from the index alone on the
        // subcommittees list and the committee's list filtered by subcommittee (with or without the other
        // filters, pending or not), that list's page a seek, and the export of one subcommittee (docs/adr/0022).
        builder.HasIndex(a => new { a.SubcommitteeId, a.ProvinceCode, a.Id }).HasFilter("\"SignedOffAtUtc\" IS NOT NULL")
            .IncludeProperties(a => new { a.CycleId, a.RecommendedOutcome, a.RecommendedLevelRank, a.Decided });
    }
}

public class ConflictDeclarationConfiguration : IEntityTypeConfiguration<ConflictDeclaration>
{
    public void Configure(EntityTypeBuilder<ConflictDeclaration> builder)
    {
        builder.Property(c => c.UserId).HasMaxLength(450);
        builder.Property(c => c.Reason).HasMaxLength(2000);
        builder.HasOne<Assessment>().WithMany().HasForeignKey(c => c.AssessmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.AssessmentId, c.UserId }).IsUnique();
    }
}

public class MemberScoreConfiguration : IEntityTypeConfiguration<MemberScore>
{
    public void Configure(EntityTypeBuilder<MemberScore> builder)
    {
        builder.Property(s => s.AssessorUserId).HasMaxLength(450);
        builder.Property(s => s.Round).HasConversion<string>().HasMaxLength(20);
        builder.ComplexProperty(s => s.Mark, MarkColumns.Map);
        builder.Property(s => s.Note).HasMaxLength(4000);
        // Two saves based on the same version cannot both win: the UPDATE names the version it read.
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasOne<Assessment>().WithMany().HasForeignKey(s => s.AssessmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Criterion>().WithMany().HasForeignKey(s => s.CriterionId).OnDelete(DeleteBehavior.Restrict);
        // One mark per member, criterion and round; a member's sheet is read by (assessment, member, round).
        builder.HasIndex(s => new { s.AssessmentId, s.AssessorUserId, s.Round, s.CriterionId }).IsUnique();
        builder.HasIndex(s => s.CriterionId);
    }
}

public class ReconciledScoreConfiguration : IEntityTypeConfiguration<ReconciledScore>
{
    public void Configure(EntityTypeBuilder<ReconciledScore> builder)
    {
        builder.ComplexProperty(s => s.Mark, MarkColumns.Map);
        builder.Property(s => s.Note).HasMaxLength(4000);
        builder.Property(s => s.UpdatedByUserId).HasMaxLength(450);
        builder.Property(s => s.RowVersion).IsRowVersion();
        builder.HasOne<Assessment>().WithMany().HasForeignKey(s => s.AssessmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Criterion>().WithMany().HasForeignKey(s => s.CriterionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => new { s.AssessmentId, s.CriterionId }).IsUnique();
        builder.HasIndex(s => s.CriterionId);
    }
}

public class AppliedScoreChangeConfiguration : IEntityTypeConfiguration<AppliedScoreChange>
{
    public void Configure(EntityTypeBuilder<AppliedScoreChange> builder)
    {
        builder.HasKey(c => c.ChangeId);
        builder.Property(c => c.ChangeId).ValueGeneratedNever();
        builder.Property(c => c.UserId).HasMaxLength(450);
        builder.Property(c => c.Fingerprint).HasMaxLength(64);
        builder.HasOne<Assessment>().WithMany().HasForeignKey(c => c.AssessmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => c.AssessmentId);
    }
}

public class AssessmentPhotoConfiguration : IEntityTypeConfiguration<AssessmentPhoto>
{
    public void Configure(EntityTypeBuilder<AssessmentPhoto> builder)
    {
        builder.Property(p => p.UploadedByUserId).HasMaxLength(450);
        builder.Property(p => p.FileName).HasMaxLength(200);
        builder.Property(p => p.ContentType).HasMaxLength(100);
        builder.HasOne<Assessment>().WithMany().HasForeignKey(p => p.AssessmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Criterion>().WithMany().HasForeignKey(p => p.CriterionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(p => p.Content).WithOne().HasForeignKey<AssessmentPhotoContent>(c => c.AssessmentPhotoId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.AssessmentId, p.CriterionId });
        builder.HasIndex(p => p.CriterionId);
    }
}

public class AssessmentPhotoContentConfiguration : IEntityTypeConfiguration<AssessmentPhotoContent>
{
    public void Configure(EntityTypeBuilder<AssessmentPhotoContent> builder) => builder.HasKey(c => c.AssessmentPhotoId);
}

/// <summary>
/// The mark's three columns, named as they were before the mark became one value so that the
/// history of the data reads the same. (A per-mark version for offline conflict detection would sit
/// beside them on the score, not inside the value.)
/// </summary>
public static class MarkColumns
{
    public static void Map(ComplexPropertyBuilder<Mark> mark)
    {
        mark.IsRequired();
        mark.Property(m => m.Points).HasColumnName("Points").HasPrecision(6, 2);
        mark.Property(m => m.Passed).HasColumnName("Passed");
        mark.Property(m => m.NotApplicable).HasColumnName("NotApplicable");
    }
}
