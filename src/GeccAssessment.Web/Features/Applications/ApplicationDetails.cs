using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Catalogue;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Applications;

/// <summary>Loads one application for display in seven queries or fewer, whatever the number of criteria (the catalogue comes from <see cref="CatalogueProvider"/>).</summary>
public class ApplicationDetails(ApplicationDbContext db, CatalogueProvider catalogues)
{
    /// <param name="agencyId">When given, only that agency's application is found (applicants); null for staff.</param>
    public async Task<ApplicationDetail?> LoadAsync(int id, int? agencyId)
    {
        // Every read compiled once (docs/adr/0021): the screening page runs all of them on every
        // view, and building and looking up their expression trees cost more of its CPU than the SQL.
        var header = await HeaderQuery(db, id, agencyId);
        if (header is null)
        {
            return null;
        }

        var catalogue = await catalogues.GetAsync(header.CycleId);
        var answers = new Dictionary<int, AnswerRow>();
        await foreach (var answer in AnswersQuery(db, id))
        {
            answers.Add(answer.CriterionId, answer);
        }

        var files = (await FilesQuery(db, id).ToListAsync()).ToLookup(f => f.CriterionId);
        var timeline = await TimelineQuery(db, id).ToListAsync();
        var schedule = await ScheduleQuery(db, id);
        var outcome = await OutcomeQuery(db, id);
        var certificate = outcome is { Certified: true } ? await CertificateQuery(db, id) : null;

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

    private sealed record HeaderRow(
        int Id, ApplicationStatus Status, uint RowVersion, string? ReturnReason, DateTime? SubmittedAtUtc, int CycleId, int BuddhistYear, string CycleTitle,
        DateOnly ApplicationOpensOn, DateOnly ApplicationClosesOn, string AgencyName, string? AgencyNameEn, AgencyKind AgencyKind, string PointName, string Address,
        string ProvinceName, string DistrictName, string ProvinceNameEn, string DistrictNameEn);

    private sealed record AnswerRow(int CriterionId, decimal? SelfScore, string? Explanation, string? ReturnNote);

    private sealed record OutcomeRow(bool Certified, int? LevelRank, string? Reason, string MeetingNumber, DateOnly HeldOn);

    private sealed record CertificateRow(string Number, DateOnly ValidUntil, DateTime? RevokedAtUtc, string? RevokeReason);

    private static readonly Func<ApplicationDbContext, int, int?, Task<HeaderRow?>> HeaderQuery = EF.CompileAsyncQuery(
        (ApplicationDbContext db, int id, int? agencyId) => db.Applications.AsNoTracking()
            .Where(a => a.Id == id && (agencyId == null || a.AgencyId == agencyId))
            .Select(a => new HeaderRow(
                a.Id, a.Status, a.RowVersion, a.ReturnReason, a.SubmittedAtUtc, a.CycleId, a.Cycle!.BuddhistYear, a.Cycle.Title,
                a.Cycle.ApplicationOpensOn, a.Cycle.ApplicationClosesOn, a.ServicePoint!.Agency!.NameTh, a.ServicePoint.Agency.NameEn, a.ServicePoint.Agency.Kind,
                a.ServicePoint.Name, a.ServicePoint.Address, a.ServicePoint.Province!.NameTh, a.ServicePoint.District!.NameTh,
                a.ServicePoint.Province.NameEn, a.ServicePoint.District.NameEn))
            .SingleOrDefault());

    private static readonly Func<ApplicationDbContext, int, IAsyncEnumerable<AnswerRow>> AnswersQuery = EF.CompileAsyncQuery(
        (ApplicationDbContext db, int id) => db.SelfAssessmentAnswers.AsNoTracking().Where(a => a.ApplicationId == id)
            .Select(a => new AnswerRow(a.CriterionId, a.SelfScore, a.Explanation, a.ReturnNote)));

    /// <summary>An application's evidence files in the order they were added; the scoring sheet reads them too.</summary>
    internal static readonly Func<ApplicationDbContext, int, IAsyncEnumerable<EvidenceRow>> FilesQuery = EF.CompileAsyncQuery(
        (ApplicationDbContext db, int id) => db.EvidenceFiles.AsNoTracking().Where(f => f.ApplicationId == id).OrderBy(f => f.Id)
            .Select(f => new EvidenceRow(f.Id, f.CriterionId, f.FileName, f.SizeBytes)));

    private static readonly Func<ApplicationDbContext, int, IAsyncEnumerable<TimelineRow>> TimelineQuery = EF.CompileAsyncQuery(
        (ApplicationDbContext db, int id) => db.ApplicationStatusChanges.AsNoTracking().Where(c => c.ApplicationId == id).OrderBy(c => c.AtUtc).ThenBy(c => c.Id)
            .Select(c => new TimelineRow(c.FromStatus, c.ToStatus, c.AtUtc, db.Users.Where(u => u.Id == c.UserId).Select(u => u.DisplayName).FirstOrDefault(), c.Note)));

    private static readonly Func<ApplicationDbContext, int, Task<AssessmentSchedule?>> ScheduleQuery = EF.CompileAsyncQuery(
        (ApplicationDbContext db, int id) => db.Assessments.AsNoTracking().Where(a => a.ApplicationId == id)
            .Select(a => new AssessmentSchedule(a.PreliminaryAtUtc, a.PreliminaryMeetingLink, a.PreliminaryOutcome, a.PreliminaryStopReason,
                a.OnSiteAtUtc, a.OnSiteAddress, a.SignedOffAtUtc != null))
            .SingleOrDefault());

    private static readonly Func<ApplicationDbContext, int, Task<OutcomeRow?>> OutcomeQuery = EF.CompileAsyncQuery(
        (ApplicationDbContext db, int id) => db.CertificationDecisions.AsNoTracking().Where(d => d.ApplicationId == id)
            .Select(d => new OutcomeRow(d.Certified, d.LevelRank, d.Reason, d.Meeting!.Number, d.Meeting.HeldOn))
            .SingleOrDefault());

    private static readonly Func<ApplicationDbContext, int, Task<CertificateRow?>> CertificateQuery = EF.CompileAsyncQuery(
        (ApplicationDbContext db, int id) => db.Certificates.AsNoTracking().Where(c => c.ApplicationId == id)
            .Select(c => new CertificateRow(c.Number, c.ValidUntil, c.RevokedAtUtc, c.RevokeReason))
            .SingleOrDefault());
}
