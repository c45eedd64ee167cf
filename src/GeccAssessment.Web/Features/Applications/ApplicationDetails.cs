using GeccAssessment.Web.Data;
using GeccAssessment.Web.Features.Catalogue;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Applications;

/// <summary>Loads one application for display in seven queries or fewer, whatever the number of criteria (the catalogue comes from <see cref="CatalogueProvider"/>).</summary>
public class ApplicationDetails(ApplicationDbContext db, CatalogueProvider catalogues)
{
    /// <param name="agencyId">When given, only that agency's application is found (applicants); null for staff.</param>
    public async Task<ApplicationDetail?> LoadAsync(int id, int? agencyId)
    {
        var header = await db.Applications.AsNoTracking()
            .Where(a => a.Id == id && (agencyId == null || a.AgencyId == agencyId))
            .Select(a => new
            {
                a.Id,
                a.Status,
                a.RowVersion,
                a.ReturnReason,
                a.SubmittedAtUtc,
                a.CycleId,
                a.Cycle!.BuddhistYear,
                CycleTitle = a.Cycle.Title,
                a.Cycle.ApplicationOpensOn,
                a.Cycle.ApplicationClosesOn,
                AgencyName = a.ServicePoint!.Agency!.NameTh,
                AgencyNameEn = a.ServicePoint.Agency.NameEn,
                AgencyKind = a.ServicePoint.Agency.Kind,
                PointName = a.ServicePoint.Name,
                a.ServicePoint.Address,
                ProvinceName = a.ServicePoint.Province!.NameTh,
                DistrictName = a.ServicePoint.District!.NameTh,
                ProvinceNameEn = a.ServicePoint.Province.NameEn,
                DistrictNameEn = a.ServicePoint.District.NameEn,
            })
            .SingleOrDefaultAsync();
        if (header is null)
        {
            return null;
        }

        var catalogue = await catalogues.GetAsync(header.CycleId);
        var answers = await db.SelfAssessmentAnswers.AsNoTracking().Where(a => a.ApplicationId == id).ToDictionaryAsync(a => a.CriterionId);
        var files = (await db.EvidenceFiles.AsNoTracking().Where(f => f.ApplicationId == id).OrderBy(f => f.Id)
            .Select(f => new EvidenceRow(f.Id, f.CriterionId, f.FileName, f.SizeBytes)).ToListAsync())
            .ToLookup(f => f.CriterionId);
        var timeline = await db.ApplicationStatusChanges.AsNoTracking().Where(c => c.ApplicationId == id).OrderBy(c => c.AtUtc).ThenBy(c => c.Id)
            .Select(c => new TimelineRow(c.FromStatus, c.ToStatus, c.AtUtc, db.Users.Where(u => u.Id == c.UserId).Select(u => u.DisplayName).FirstOrDefault(), c.Note))
            .ToListAsync();

        var schedule = await db.Assessments.AsNoTracking().Where(a => a.ApplicationId == id)
            .Select(a => new AssessmentSchedule(a.PreliminaryAtUtc, a.PreliminaryMeetingLink, a.PreliminaryOutcome, a.PreliminaryStopReason,
                a.OnSiteAtUtc, a.OnSiteAddress, a.SignedOffAtUtc != null))
            .SingleOrDefaultAsync();

        var outcome = await db.CertificationDecisions.AsNoTracking().Where(d => d.ApplicationId == id)
            .Select(d => new
            {
                d.Certified,
                d.LevelRank,
                d.Reason,
                MeetingNumber = d.Meeting!.Number,
                d.Meeting.HeldOn,
            })
            .SingleOrDefaultAsync();
        var certificate = outcome is { Certified: true }
            ? await db.Certificates.AsNoTracking().Where(c => c.ApplicationId == id)
                .Select(c => new { c.Number, c.ValidUntil, c.RevokedAtUtc, c.RevokeReason }).SingleOrDefaultAsync()
            : null;

        return new ApplicationDetail(
            header.Id, header.Status, header.RowVersion, header.ReturnReason, header.SubmittedAtUtc,
            header.CycleId, header.BuddhistYear, header.CycleTitle, header.ApplicationOpensOn, header.ApplicationClosesOn,
            header.AgencyName, header.AgencyKind, header.PointName, header.Address, header.ProvinceName, header.DistrictName,
            [.. catalogue.Dimensions.Select(d => new DimensionAnswers(d.Kind, d.MinimumPercent,
                [.. d.Criteria.Select(c =>
                {
                    answers.TryGetValue(c.Id, out var answer);
                    return new CriterionAnswer(c.Id, c.Code, c.TitleTh, c.Guidance, c.MaxPoints, c.IsMandatory, c.EvidenceRequired,
                        answer?.SelfScore, answer?.Explanation, [.. files[c.Id]], answer?.ReturnNote, c.TitleEn);
                })]))],
            timeline,
            schedule,
            outcome is null ? null : new ApplicationOutcome(
                id, outcome.Certified, catalogue.Level(outcome.LevelRank)?.NameTh, catalogue.Level(outcome.LevelRank)?.NameEn, outcome.Reason, outcome.MeetingNumber, outcome.HeldOn,
                certificate?.Number, certificate?.ValidUntil, certificate?.RevokedAtUtc is not null, certificate?.RevokeReason),
            header.AgencyNameEn, header.ProvinceNameEn, header.DistrictNameEn);
    }
}
