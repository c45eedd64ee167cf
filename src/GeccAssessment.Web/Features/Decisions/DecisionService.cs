using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Catalogue;
using GeccAssessment.Web.Features.Mail;
using GeccAssessment.Web.Infrastructure;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Decisions;

/// <summary>The steering committee's decisions, and the certificates they issue.</summary>
public class DecisionService(ApplicationDbContext db, CatalogueProvider catalogues, Places places, TimeProvider clock, Outbox outbox, IOutputCacheStore publicPages)
{
    /// <summary>
    /// The list's order: by province (the code copied onto the assessment), then by id; keyset-paged on
    /// the partial index of signed-off assessments (CycleId, ProvinceCode, Id).
    /// </summary>
    public static readonly KeysetOrder<Assessment, string> Order = new(a => a.ProvinceCode, a => a.Id, KeysetFormats.FormatText, KeysetFormats.ParseText, StringComparer.Ordinal);

    public async Task<DecisionsPage> PageAsync(DecisionFilter filter, CancellationToken cancellationToken)
    {
        var cycles = await CycleChoice.NewestFirstAsync(db, cancellationToken);
        // By default the newest cycle with signed-off assessments still awaiting a decision; else the newest with any signed off.
        filter.Cycle ??= await db.Cycles
                .Where(c => db.Assessments.Any(a => a.CycleId == c.Id && a.SignedOffAtUtc != null && !a.Decided))
                .OrderByDescending(c => c.BuddhistYear).Select(c => (int?)c.Id).FirstOrDefaultAsync(cancellationToken)
            ?? await db.Cycles.Where(c => db.Assessments.Any(a => a.CycleId == c.Id && a.SignedOffAtUtc != null))
                .OrderByDescending(c => c.BuddhistYear).Select(c => (int?)c.Id).FirstOrDefaultAsync(cancellationToken)
            ?? cycles.FirstOrDefault()?.Id ?? 0;
        var query = Filtered(filter);
        var rows = await KeysetList<DecisionRow>.CreateAsync(query, Order, Rows, r => (r.ProvinceCode, r.AssessmentId), filter.Paging, cancellationToken: cancellationToken);
        var subcommittees = await db.Subcommittees.AsNoTracking().Where(s => s.CycleId == filter.Cycle).OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(cancellationToken);
        var levels = await db.CertificationLevels.AsNoTracking().Where(l => l.CycleId == filter.Cycle).OrderBy(l => l.Rank).Select(l => new { l.Rank, l.NameTh, l.NameEn }).ToListAsync(cancellationToken);
        // Level names in the reader's language: the filter and the table's recommended and decided levels.
        return new DecisionsPage(filter, cycles, [.. subcommittees.Select(s => (s.Id, s.Name))], [.. levels.Select(l => (l.Rank, LocalNames.Text(l.NameTh, l.NameEn)))], await places.GetAsync(), rows);
    }

    /// <summary>The cycle's level names by rank, for the export's recommended and decided levels.</summary>
    public async Task<IReadOnlyDictionary<int, string>> LevelNamesAsync(int? cycleId, CancellationToken cancellationToken) =>
        await db.CertificationLevels.AsNoTracking().Where(l => l.CycleId == cycleId).ToDictionaryAsync(l => l.Rank, l => l.NameTh, cancellationToken);

    /// <summary>
    /// Every row the filters select (no paging), in the page's order (province code, then id), read
    /// one at a time as the export writes them: a whole cycle (60,000 rows at ten times national) is
    /// never held in memory. The order is the partial index's (CycleId, ProvinceCode, Id).
    /// </summary>
    public IAsyncEnumerable<DecisionRow> ExportRows(DecisionFilter filter) =>
        Rows(Filtered(filter).OrderBy(a => a.ProvinceCode).ThenBy(a => a.Id)).AsAsyncEnumerable();

    private IQueryable<Assessment> Filtered(DecisionFilter filter)
    {
        var query = db.Assessments.AsNoTracking().Where(a => a.CycleId == filter.Cycle && a.SignedOffAtUtc != null);
        if (filter.Subcommittee is { } subcommittee)
        {
            query = query.Where(a => a.SubcommitteeId == subcommittee);
        }

        if (!string.IsNullOrEmpty(filter.Province))
        {
            query = query.Where(a => a.ProvinceCode == filter.Province);
        }

        if (filter.Level is { } level)
        {
            query = query.Where(a => a.RecommendedLevelRank == level);
        }

        if (filter.Recommendation is { } recommendation)
        {
            query = query.Where(a => a.RecommendedOutcome == recommendation);
        }

        if (filter.PendingOnly)
        {
            // The flag the database keeps from CertificationDecisions: the partial index of undecided
            // assessments then answers the seek and the count (an anti join read every decision of the cycle).
            query = query.Where(a => !a.Decided);
        }

        return query;
    }

    /// <summary>
    /// Unordered: the page orders and cuts the assessments first, the export orders the rows.
    /// The decision and certificate come by LEFT JOIN (at most one of each: unique indexes), not by
    /// three subqueries per row: on a whole cycle those made PostgreSQL's cost estimate so high that it
    /// compiled the query with JIT, which alone took longer than running it.
    /// </summary>
    private IQueryable<DecisionRow> Rows(IQueryable<Assessment> query) =>
        from a in query
        join decision in db.CertificationDecisions on a.Id equals decision.AssessmentId into decisions
        from d in decisions.DefaultIfEmpty()
        join certificate in db.Certificates on a.ApplicationId equals certificate.ApplicationId into certificates
        from c in certificates.DefaultIfEmpty()
        select new DecisionRow(
            a.Id, a.ApplicationId, a.Application!.ServicePoint!.Agency!.NameTh, a.Application!.ServicePoint!.Name, a.Application!.ServicePoint!.Province!.NameTh,
            a.Subcommittee!.Name, a.RecommendedOutcome, a.RecommendedLevelRank, a.OverallPercent,
            a.PremisesPercent, a.PersonnelPercent, a.ServiceProcessPercent, a.OtherPercent,
            d == null ? null : d.Certified, d == null ? null : d.LevelRank, c == null ? null : c.Number,
            a.Application!.ServicePoint!.Agency!.NameEn, a.Application!.ServicePoint!.Province!.NameEn, a.ProvinceCode);

    /// <summary>
    /// What <see cref="DecideAsync"/> would do, without doing it: how many would be certified at which
    /// level or declined, which need a level named, and the meeting's date as it will be printed.
    /// </summary>
    public async Task<(DecisionPreview? Preview, IReadOnlyList<Message> Problems)> PreviewAsync(DecideForm form)
    {
        var problems = Validate(form);
        var cycle = problems.Count == 0 ? await db.Cycles.AsNoTracking().SingleOrDefaultAsync(c => c.Id == form.CycleId) : null;
        if (cycle is null)
        {
            return (null, problems.Count > 0 ? problems : [new Message("Decisions.NothingSelected")]);
        }

        var certify = form.Decision == "certify";
        var number = form.MeetingNumber!.Trim();
        var heldOn = form.MeetingDate!.Value;
        var recorded = await db.CommitteeMeetings.Where(m => m.CycleId == cycle.Id && m.Number == number).Select(m => (DateOnly?)m.HeldOn).SingleOrDefaultAsync();
        if (MeetingProblem(number, recorded, heldOn) is { } meetingProblem)
        {
            return (null, [meetingProblem]);
        }

        var candidates = await db.Assessments.AsNoTracking()
            .Where(a => form.AssessmentIds.Contains(a.Id) && a.CycleId == cycle.Id && a.SignedOffAtUtc != null && !db.CertificationDecisions.Any(d => d.AssessmentId == a.Id))
            .OrderBy(a => a.ProvinceCode).ThenBy(a => a.Id)
            .Select(a => new { a.RecommendedLevelRank, PointName = a.Application!.ServicePoint!.Name, ProvinceName = a.Application.ServicePoint.Province!.NameTh, SignedOffAtUtc = a.SignedOffAtUtc!.Value })
            .ToListAsync();
        if (candidates.Count == 0)
        {
            return (null, [new Message("Decisions.NothingSelected")]);
        }

        if (DateProblem(cycle, heldOn, certify, [.. candidates.Select(c => c.SignedOffAtUtc)]) is { } dateProblem)
        {
            return (null, [dateProblem]);
        }

        var levels = (await catalogues.GetAsync(cycle.Id)).Levels;
        if (certify && form.LevelRank is { } chosen && levels.All(l => l.Rank != chosen))
        {
            return (null, [new Message("Decisions.UnknownLevel")]);
        }

        var culture = System.Globalization.CultureInfo.CurrentUICulture;
        var rows = candidates.Select(c => certify ? form.LevelRank ?? c.RecommendedLevelRank : null)
            .Zip(candidates, (rank, c) => new DecisionPreviewRow(c.PointName, c.ProvinceName, rank, levels.FirstOrDefault(l => l.Rank == rank)?.Name(culture)))
            .ToList();
        // Levels from the highest rank down, as the committee reads them out.
        var byLevel = certify
            ? rows.Where(r => r.LevelRank is not null).GroupBy(r => (r.LevelRank!.Value, r.LevelName!)).OrderByDescending(g => g.Key.Value)
                .Select(g => (g.Key.Item2, g.Count())).ToList()
            : [];
        return (new DecisionPreview(form, cycle.Title, number, heldOn, certify ? cycle.CertificateValidUntil(heldOn) : null, certify, byLevel, rows), []);
    }

    /// <summary>
    /// Records the decision for each selected assessment that is signed off and not yet decided, and
    /// issues a certificate for each one certified. Certificate numbers run per cycle without gaps:
    /// the cycle's row is locked while they are given out.
    /// </summary>
    /// <returns>How many were decided, or the messages why none could be.</returns>
    public async Task<DecisionOutcome> DecideAsync(DecideForm form, string? userId)
    {
        var problems = Validate(form);
        if (problems.Count > 0)
        {
            return new(0, problems);
        }

        var cycle = await db.Cycles.AsNoTracking().SingleOrDefaultAsync(c => c.Id == form.CycleId);
        if (cycle is null)
        {
            return new(0, [new Message("Decisions.NothingSelected")]);
        }

        var certify = form.Decision == "certify";
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM \"Cycles\" WHERE \"Id\" = {cycle.Id} FOR UPDATE");
            // The signatory as the cycle holds it now, under the lock: an edit of the cycle waits for
            // this transaction, so each certificate carries the signatory of the moment it is issued.
            var signatory = await db.Cycles.AsNoTracking().Where(c => c.Id == cycle.Id)
                .Select(c => new { c.SignatoryName, c.SignatoryPosition }).SingleAsync();
            // The assessments, then the totals rows of their provinces, locked before anything is
            // written and in the order every writer takes them (docs/adr/0025): an assessment being
            // reopened meanwhile is waited for here, holding nothing it needs, and then left out below.
            await TotalsLockOrder.ForAssessmentsAsync(db, cycle.Id, form.AssessmentIds);
            var candidates = await db.Assessments
                .Where(a => form.AssessmentIds.Contains(a.Id) && a.CycleId == cycle.Id && a.SignedOffAtUtc != null && !db.CertificationDecisions.Any(d => d.AssessmentId == a.Id))
                .Select(a => new
                {
                    a.Id,
                    a.ApplicationId,
                    a.RecommendedLevelRank,
                    AgencyName = a.Application!.ServicePoint!.Agency!.NameTh,
                    PointName = a.Application.ServicePoint.Name,
                    a.ProvinceCode,
                    a.Application.AgencyId,
                    SignedOffAtUtc = a.SignedOffAtUtc!.Value,
                })
                .ToListAsync();
            if (candidates.Count == 0)
            {
                return new DecisionOutcome(0, [new Message("Decisions.NothingSelected")]);
            }

            var levels = (await catalogues.GetAsync(cycle.Id)).Levels.ToDictionary(l => l.Rank);
            if (certify && form.LevelRank is { } chosen && !levels.ContainsKey(chosen))
            {
                return new DecisionOutcome(0, [new Message("Decisions.UnknownLevel")]);
            }

            var number = form.MeetingNumber!.Trim();
            var meeting = await db.CommitteeMeetings.SingleOrDefaultAsync(m => m.CycleId == cycle.Id && m.Number == number)
                ?? db.CommitteeMeetings.Add(new CommitteeMeeting { CycleId = cycle.Id, Number = number, HeldOn = form.MeetingDate!.Value }).Entity;
            if (MeetingProblem(number, meeting.Id == 0 ? null : meeting.HeldOn, form.MeetingDate!.Value) is { } meetingProblem)
            {
                return new DecisionOutcome(0, [meetingProblem]);
            }

            if (DateProblem(cycle, meeting.HeldOn, certify, [.. candidates.Select(c => c.SignedOffAtUtc)]) is { } dateProblem)
            {
                return new DecisionOutcome(0, [dateProblem]);
            }

            if (meeting.Id == 0)
            {
                // A new meeting first: the certificates carry its id.
                await db.SaveChangesAsync();
            }

            var sequence = certify ? await db.Certificates.Where(c => c.CycleId == cycle.Id).MaxAsync(c => (int?)c.Sequence) ?? 0 : 0;
            var now = clock.GetUtcNow().UtcDateTime;
            var skipped = new List<Message>();
            var issuedCertificates = new List<Certificate>();
            var decided = 0;
            var told = new List<(int AgencyId, int ApplicationId, string PointName, Certificate? Certificate)>();
            foreach (var candidate in candidates)
            {
                var level = certify ? form.LevelRank ?? candidate.RecommendedLevelRank : null;
                if (certify && level is null)
                {
                    // Recommended "do not certify": the committee must name the level to overrule it.
                    skipped.Add(new Message("Decisions.NeedsLevel", candidate.PointName));
                    continue;
                }

                var decision = new CertificationDecision
                {
                    AssessmentId = candidate.Id,
                    ApplicationId = candidate.ApplicationId,
                    CycleId = cycle.Id,
                    MeetingId = meeting.Id,
                    Certified = certify,
                    LevelRank = level,
                    Reason = Clean(form.Reason),
                    DecidedAtUtc = now,
                    DecidedByUserId = userId,
                };
                db.CertificationDecisions.Add(decision);
                decided++;
                if (!certify)
                {
                    told.Add((candidate.AgencyId, candidate.ApplicationId, candidate.PointName, null));
                    continue;
                }

                sequence++;
                var issued = meeting.HeldOn;
                var certificate = db.Certificates.Add(new Certificate
                {
                    CycleId = cycle.Id,
                    Sequence = sequence,
                    Number = Certificate.FormatNumber(cycle.BuddhistYear, sequence),
                    ApplicationId = candidate.ApplicationId,
                    Decision = decision,
                    MeetingId = meeting.Id,
                    LevelRank = level!.Value,
                    LevelNameTh = levels[level.Value].NameTh,
                    LevelNameEn = levels[level.Value].NameEn,
                    AgencyName = candidate.AgencyName,
                    ServicePointName = candidate.PointName,
                    ProvinceCode = candidate.ProvinceCode,
                    SignatoryName = signatory.SignatoryName,
                    SignatoryPosition = signatory.SignatoryPosition,
                    IssuedOn = issued,
                    ValidUntil = cycle.CertificateValidUntil(issued),
                }).Entity;
                issuedCertificates.Add(certificate);
                told.Add((candidate.AgencyId, candidate.ApplicationId, candidate.PointName, certificate));
            }

            // One save for every decision and every certificate: EF batches the inserts,
            // so deciding thirty assessments runs as many statements as deciding three.
            await db.SaveChangesAsync();

            // The agencies' mail in the same transaction, once the certificates have their ids
            // (the PDF is attached when the mail is sent): one query and one save however many.
            var recipients = (await outbox.AgencyUsersAsync(told.Select(t => t.AgencyId))).ToLookup(r => r.AgencyId);
            foreach (var (agencyId, applicationId, pointName, certificate) in told)
            {
                var path = $"/applications/edit/{applicationId}";
                if (certificate is null)
                {
                    outbox.Add(MailKind.NotCertified, recipients[agencyId], path, [pointName, Clean(form.Reason) ?? "-"]);
                }
                else
                {
                    outbox.Add(MailKind.Certified, recipients[agencyId], path,
                        [pointName, new Bilingual(certificate.LevelNameTh, certificate.LevelNameEn), certificate.Number], new MailExtras(CertificateId: certificate.Id));
                }
            }

            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            if (issuedCertificates.Count > 0)
            {
                await PublicPageCache.CertificatesChangedAsync(publicPages);
            }

            return new DecisionOutcome(decided, skipped, meeting.Id, [.. issuedCertificates.Select(c => new IssuedCertificate(c.Id, c.Number, c.ServicePointName))]);
        });
    }

    private DateOnly Today => BuddhistEraDate.ThailandToday(clock.GetUtcNow().UtcDateTime);

    /// <summary>
    /// Why certificates may not carry this meeting's date: a meeting in the future or before the cycle
    /// opened, one before the results it decides on were signed off, or one so long ago that the
    /// certificate would be expired on the day it is printed.
    /// </summary>
    private Message? DateProblem(Cycle cycle, DateOnly meeting, bool certify, IReadOnlyCollection<DateTime> signedOffAtUtc)
    {
        var today = Today;
        if (!cycle.CanMeetOn(meeting, today))
        {
            return new Message("Decisions.MeetingDateOutsideCycle", BuddhistEraDate.Long(meeting), BuddhistEraDate.Long(cycle.ApplicationOpensOn), BuddhistEraDate.Long(today));
        }

        if (!Cycle.MeetsAfterSignOff(meeting, signedOffAtUtc))
        {
            return new Message("Decisions.MeetingBeforeSignOff", BuddhistEraDate.Long(meeting), BuddhistEraDate.Long(Cycle.FirstMeetingDayAfterSignOff(signedOffAtUtc)));
        }

        return certify && cycle.CertificateValidUntil(meeting) < today
            ? new Message("Decisions.ValidityAlreadyPast", BuddhistEraDate.Long(meeting), BuddhistEraDate.Long(cycle.CertificateValidUntil(meeting)))
            : null;
    }

    /// <summary>
    /// A meeting number already recorded names that meeting, held on its day: a different date typed
    /// with it is a slip in one or the other, and taking either silently would print a day on the
    /// certificates that nobody typed for this decision.
    /// </summary>
    private static Message? MeetingProblem(string number, DateOnly? recordedHeldOn, DateOnly typed) =>
        recordedHeldOn is { } held && held != typed
            ? new Message("Decisions.MeetingHeldOnAnotherDay", number, BuddhistEraDate.Long(held), BuddhistEraDate.Long(typed))
            : null;

    private static List<Message> Validate(DecideForm form)
    {
        var problems = new List<Message>();
        if (form.AssessmentIds.Count == 0)
        {
            problems.Add(new Message("Decisions.NothingSelected"));
        }

        if (string.IsNullOrWhiteSpace(form.MeetingNumber) || form.MeetingNumber.Trim().Length > 50 || NoMarkupAttribute.HasMarkup(form.MeetingNumber))
        {
            problems.Add(new Message("Decisions.MeetingNumberRequired"));
        }

        if (form.MeetingDate is null)
        {
            problems.Add(new Message("Decisions.MeetingDateRequired"));
        }

        if (form.Decision is not ("certify" or "decline"))
        {
            problems.Add(new Message("Decisions.ChooseDecision"));
        }

        if (form.Decision == "decline" && string.IsNullOrWhiteSpace(form.Reason))
        {
            problems.Add(new Message("Decisions.ReasonRequired"));
        }

        if (form.Reason is { Length: > 2000 } || (form.Reason is not null && NoMarkupAttribute.HasMarkup(form.Reason)))
        {
            problems.Add(new Message("Decisions.ReasonInvalid"));
        }

        return problems;
    }

    /// <summary>The form field a refusal belongs to, so that the form shows it by that input ("" for the form as a whole).</summary>
    public static string FieldOf(string key) => key switch
    {
        "Decisions.MeetingNumberRequired" => nameof(DecideForm.MeetingNumber),
        "Decisions.MeetingDateRequired" or "Decisions.MeetingDateOutsideCycle" or "Decisions.MeetingBeforeSignOff"
            or "Decisions.MeetingHeldOnAnotherDay" or "Decisions.ValidityAlreadyPast" => nameof(DecideForm.MeetingDate),
        "Decisions.ReasonRequired" or "Decisions.ReasonInvalid" => nameof(DecideForm.Reason),
        "Decisions.UnknownLevel" or "Decisions.NeedsLevel" => nameof(DecideForm.LevelRank),
        _ => "",
    };

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
