using GeccAssessment.Web.Domain;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Data;

public class ApplicationDbContext(DbContextOptions<ApplicationDbContext> options)
    : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    public DbSet<Province> Provinces => Set<Province>();

    public DbSet<District> Districts => Set<District>();

    public DbSet<Agency> Agencies => Set<Agency>();

    public DbSet<ServicePoint> ServicePoints => Set<ServicePoint>();

    public DbSet<Cycle> Cycles => Set<Cycle>();

    public DbSet<Dimension> Dimensions => Set<Dimension>();

    public DbSet<Criterion> Criteria => Set<Criterion>();

    public DbSet<CertificationLevel> CertificationLevels => Set<CertificationLevel>();

    public DbSet<Application> Applications => Set<Application>();

    public DbSet<SelfAssessmentAnswer> SelfAssessmentAnswers => Set<SelfAssessmentAnswer>();

    public DbSet<EvidenceFile> EvidenceFiles => Set<EvidenceFile>();

    public DbSet<EvidenceFileContent> EvidenceFileContents => Set<EvidenceFileContent>();

    public DbSet<ApplicationStatusChange> ApplicationStatusChanges => Set<ApplicationStatusChange>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<Subcommittee> Subcommittees => Set<Subcommittee>();

    public DbSet<SubcommitteeMember> SubcommitteeMembers => Set<SubcommitteeMember>();

    public DbSet<Assessment> Assessments => Set<Assessment>();

    public DbSet<ConflictDeclaration> ConflictDeclarations => Set<ConflictDeclaration>();

    public DbSet<MemberScore> MemberScores => Set<MemberScore>();

    public DbSet<ReconciledScore> ReconciledScores => Set<ReconciledScore>();

    public DbSet<AppliedScoreChange> AppliedScoreChanges => Set<AppliedScoreChange>();

    public DbSet<AssessmentPhoto> AssessmentPhotos => Set<AssessmentPhoto>();

    public DbSet<AssessmentPhotoContent> AssessmentPhotoContents => Set<AssessmentPhotoContent>();

    public DbSet<CommitteeMeeting> CommitteeMeetings => Set<CommitteeMeeting>();

    public DbSet<CertificationDecision> CertificationDecisions => Set<CertificationDecision>();

    public DbSet<Certificate> Certificates => Set<Certificate>();

    public DbSet<DocumentJob> DocumentJobs => Set<DocumentJob>();

    public DbSet<OfficeEmblem> OfficeEmblems => Set<OfficeEmblem>();

    public DbSet<RateLimitCounter> RateLimitCounters => Set<RateLimitCounter>();

    public DbSet<SatisfactionLink> SatisfactionLinks => Set<SatisfactionLink>();

    public DbSet<SatisfactionResponse> SatisfactionResponses => Set<SatisfactionResponse>();

    public DbSet<SatisfactionDaily> SatisfactionDaily => Set<SatisfactionDaily>();

    public DbSet<SatisfactionMonthly> SatisfactionMonthly => Set<SatisfactionMonthly>();

    public DbSet<SatisfactionPointYear> SatisfactionPointYears => Set<SatisfactionPointYear>();

    public DbSet<SatisfactionQuestion> SatisfactionQuestions => Set<SatisfactionQuestion>();

    public DbSet<SatisfactionDaySalt> SatisfactionDaySalts => Set<SatisfactionDaySalt>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<MailPreference> MailPreferences => Set<MailPreference>();

    public DbSet<CertificateReminder> CertificateReminders => Set<CertificateReminder>();

    public DbSet<SubmissionDigestDay> SubmissionDigestDays => Set<SubmissionDigestDay>();

    /// <summary>Running totals per cycle, kept by triggers (docs/adr/0018); read only.</summary>
    public DbSet<CycleStatusTotal> CycleStatusTotals => Set<CycleStatusTotal>();

    public DbSet<CycleProvinceTotal> CycleProvinceTotals => Set<CycleProvinceTotal>();

    public DbSet<CycleLevelTotal> CycleLevelTotals => Set<CycleLevelTotal>();

    /// <summary>Data-protection keys live here so that every app instance can read every cookie.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>
    /// Audited inserts of the save in progress, waiting for their database-made ids
    /// (<see cref="AuditInterceptor"/>, one for all contexts, keeps them here).
    /// </summary>
    internal List<Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry> PendingAuditInserts { get; } = [];

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasPostgresExtension("pg_trgm");
        builder.ApplyConfigurationsFromAssembly(typeof(ApplicationDbContext).Assembly);
    }
}
