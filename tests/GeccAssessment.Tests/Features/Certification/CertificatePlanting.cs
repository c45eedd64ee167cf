using GeccAssessment.Tests.Features.Assessments;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Tests.Features.Certification;

/// <summary>Certificates written straight to the database, for tests about what happens to certificates after issue.</summary>
public static class CertificatePlanting
{
    /// <summary>
    /// A certificate batch being made: 3 of 40 pages done, its lease a day ahead so that no worker takes
    /// it, so the page that polls for its progress keeps saying "running".
    /// </summary>
    public static Task<Guid> RunningBatchAsync(GeccAppFactory app, string by, int meetingId = 0) => app.WithDbAsync(async db =>
    {
        var job = new DocumentJob
        {
            Id = Guid.NewGuid(),
            MeetingId = meetingId,
            RequestedByUserId = by,
            Status = DocumentJobStatus.Running,
            PagesDone = 3,
            PagesTotal = 40,
            CreatedAtUtc = DateTime.UtcNow,
            LeaseOwner = by,
            LeaseExpiresAtUtc = DateTime.UtcNow.AddDays(1),
        };
        db.DocumentJobs.Add(job);
        await db.SaveChangesAsync();
        return job.Id;
    });

    public static CertificationDecision Decision(int assessmentId, int applicationId, CommitteeMeeting meeting) => new()
    {
        AssessmentId = assessmentId,
        ApplicationId = applicationId,
        CycleId = meeting.CycleId,
        MeetingId = meeting.Id,
        Certified = true,
        LevelRank = 1,
        DecidedAtUtc = DateTime.UtcNow,
    };

    /// <summary>A basic-level certificate of a decision, issued on the meeting's day, in the test province.</summary>
    public static Certificate Certificate(int buddhistYear, int sequence, CertificationDecision decision, string servicePointName, DateOnly validUntil, bool revoked = false) => new()
    {
        CycleId = decision.CycleId,
        Sequence = sequence,
        Number = Web.Domain.Certificate.FormatNumber(buddhistYear, sequence),
        ApplicationId = decision.ApplicationId,
        DecisionId = decision.Id,
        MeetingId = decision.MeetingId,
        LevelRank = 1,
        LevelNameTh = "ระดับพื้นฐาน",
        LevelNameEn = "Basic",
        AgencyName = "สำนักงานที่ดินจังหวัดทดสอบ",
        ServicePointName = servicePointName,
        ProvinceCode = "90",
        IssuedOn = validUntil.AddYears(-3).AddDays(1),
        ValidUntil = validUntil,
        RevokedAtUtc = revoked ? DateTime.UtcNow : null,
        RevokeReason = revoked ? "พบการปลอมแปลงหลักฐาน" : null,
    };

    /// <summary>
    /// Certificates of the scene's agency (a service point, application and assessment each, as a
    /// certificate's application is its own), numbered from 1 and ending on the given days; the last <paramref name="revoked"/> revoked.
    /// </summary>
    public static Task<List<(int CertificateId, int ApplicationId)>> PlantAsync(GeccAppFactory app, AssessmentScene scene, IReadOnlyList<DateOnly> validUntil, int revoked = 0) =>
        app.WithDbAsync(async db =>
        {
            var year = await db.Cycles.Where(y => y.Id == scene.Cycle.Id).Select(y => y.BuddhistYear).SingleAsync();
            var tag = Guid.NewGuid().ToString("N")[..6];
            var points = validUntil.Select((_, i) => new ServicePoint
            {
                AgencyId = scene.Application.AgencyId,
                Name = $"จุดบริการที่ดิน {tag} {i}",
                Address = "ถนนทดสอบ",
                ProvinceCode = "90",
                DistrictCode = "9001",
                CreatedAtUtc = DateTime.UtcNow,
            }).ToList();
            db.ServicePoints.AddRange(points);
            await db.SaveChangesAsync();
            var applications = points.Select(p => new Application
            {
                CycleId = scene.Cycle.Id,
                ServicePointId = p.Id,
                AgencyId = p.AgencyId,
                ProvinceCode = p.ProvinceCode,
                Status = ApplicationStatus.Accepted,
                SubmittedAtUtc = DateTime.UtcNow,
                CreatedAtUtc = DateTime.UtcNow,
                UpdatedAtUtc = DateTime.UtcNow,
            }).ToList();
            db.Applications.AddRange(applications);
            await db.SaveChangesAsync();
            var assessments = applications.Select(a => new Assessment { ApplicationId = a.Id, SubcommitteeId = scene.SubcommitteeId, CycleId = scene.Cycle.Id, AssignedAtUtc = DateTime.UtcNow }).ToList();
            db.Assessments.AddRange(assessments);
            var meeting = new CommitteeMeeting { CycleId = scene.Cycle.Id, Number = "1/" + year, HeldOn = validUntil.Min().AddYears(-3).AddDays(1) };
            db.CommitteeMeetings.Add(meeting);
            await db.SaveChangesAsync();
            var decisions = assessments.Select(a => Decision(a.Id, a.ApplicationId, meeting)).ToList();
            db.CertificationDecisions.AddRange(decisions);
            await db.SaveChangesAsync();
            var certificates = decisions.Select((d, i) =>
            {
                var certificate = Certificate(year, i + 1, d, points[i].Name, validUntil[i], revoked: i >= validUntil.Count - revoked);
                certificate.IssuedOn = meeting.HeldOn;
                return certificate;
            }).ToList();
            db.Certificates.AddRange(certificates);
            await db.SaveChangesAsync();
            return certificates.Select(c => (c.Id, c.ApplicationId)).ToList();
        });
}
