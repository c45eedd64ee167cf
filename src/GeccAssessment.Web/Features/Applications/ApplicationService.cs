using System.Globalization;
using System.Security.Cryptography;
using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Catalogue;
using GeccAssessment.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GeccAssessment.Web.Features.Applications;

/// <summary>An applicant's applications: apply, answer the self-assessment, attach evidence, submit.</summary>
public class ApplicationService(ApplicationDbContext db, CatalogueProvider catalogues, TimeProvider clock, IOptions<EvidenceOptions> evidenceOptions, Mail.Notices notices)
{
    public Task<PagedList<ApplicationRow>> ListAsync(int agencyId, int page, CancellationToken cancellationToken) =>
        PagedList<ApplicationRow>.CreateAsync(
            db.Applications.AsNoTracking().Where(a => a.AgencyId == agencyId)
                .OrderByDescending(a => a.Cycle!.BuddhistYear).ThenBy(a => a.ServicePoint!.Name).ThenBy(a => a.Id)
                .Select(a => new ApplicationRow(a.Id, a.Cycle!.BuddhistYear, a.ServicePoint!.Name, a.Status, a.UpdatedAtUtc, a.SubmittedAtUtc,
                    // One decision at most per application (indexed): the applicant's list says the outcome, not only "accepted".
                    db.CertificationDecisions.Where(d => d.ApplicationId == a.Id).Select(d => (bool?)d.Certified).FirstOrDefault())),
            page, cancellationToken: cancellationToken);

    public async Task<NewApplicationPage> NewAsync(int agencyId, int? servicePointId)
    {
        var today = BuddhistEraDate.ThailandToday(clock.GetUtcNow().UtcDateTime);
        var points = await db.ServicePoints.AsNoTracking().Where(p => p.AgencyId == agencyId).OrderBy(p => p.Name)
            .Select(p => new { p.Id, p.Name }).ToListAsync();
        var cycles = await db.Cycles.AsNoTracking()
            .Where(c => c.Status == CycleStatus.Open && c.ApplicationOpensOn <= today && c.ApplicationClosesOn >= today)
            .OrderByDescending(c => c.BuddhistYear).Select(c => new { c.Id, c.Title }).ToListAsync();
        return new NewApplicationPage([.. points.Select(p => (p.Id, p.Name))], [.. cycles.Select(c => (c.Id, c.Title))], servicePointId);
    }

    /// <returns>The new application's id, or the reason it cannot be created.</returns>
    public async Task<(int? Id, Message? Problem)> CreateAsync(int agencyId, int servicePointId, int cycleId, string? userId)
    {
        var point = await db.ServicePoints.SingleOrDefaultAsync(p => p.Id == servicePointId && p.AgencyId == agencyId);
        var cycle = await db.Cycles.SingleOrDefaultAsync(c => c.Id == cycleId);
        if (point is null || cycle is null)
        {
            return (null, new Message("Applications.ChoosePointAndCycle"));
        }

        if (!cycle.IsApplicationWindowOpen(BuddhistEraDate.ThailandToday(clock.GetUtcNow().UtcDateTime)))
        {
            return (null, new Message("Applications.WindowClosed", cycle.Title));
        }

        var existing = await db.Applications.Where(a => a.ServicePointId == servicePointId && a.CycleId == cycleId).Select(a => (int?)a.Id).SingleOrDefaultAsync();
        if (existing is { } existingId)
        {
            return (existingId, new Message("Applications.AlreadyApplied", point.Name, cycle.Title));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var application = new Application
        {
            CycleId = cycleId,
            ServicePointId = servicePointId,
            AgencyId = agencyId,
            ProvinceCode = point.ProvinceCode,
            CreatedAtUtc = now,
            UpdatedAtUtc = now,
        };
        application.StatusChanges.Add(new ApplicationStatusChange { ToStatus = ApplicationStatus.Draft, AtUtc = now, UserId = userId });
        db.Applications.Add(application);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Two clicks at once: the unique index (point, cycle) lets only one through.
            return (null, new Message("Applications.AlreadyApplied", point.Name, cycle.Title));
        }

        return (application.Id, null);
    }

    /// <summary>Saves what can be saved (valid scores, explanations, good files) and reports the rest.</summary>
    /// <returns>null when the application is not this agency's; otherwise the problems (empty when all was saved).</returns>
    public async Task<IReadOnlyList<Message>?> SaveAsync(int agencyId, int id, SelfAssessmentForm form, IReadOnlyList<EvidenceUpload> uploads, string? userId) =>
        (await SavePartAsync(agencyId, id, form, uploads, userId))?.Problems;

    /// <summary>
    /// As <see cref="SaveAsync"/>, for the page's autosave (one criterion) and one-by-one uploads (one
    /// file): also the application's new row version, on which the page bases its next save, and the
    /// files kept.
    /// </summary>
    public async Task<SavedPart?> SavePartAsync(int agencyId, int id, SelfAssessmentForm form, IReadOnlyList<EvidenceUpload> uploads, string? userId)
    {
        var application = await db.Applications.SingleOrDefaultAsync(a => a.Id == id && a.AgencyId == agencyId);
        if (application is null)
        {
            return null;
        }

        if (!ApplicationWorkflow.IsEditableByApplicant(application.Status))
        {
            return new SavedPart([new Message("Applications.NotEditable")], application.RowVersion, []);
        }

        // Someone else (another account of the agency, or the secretariat) changed it since this page was opened.
        db.Entry(application).Property(a => a.RowVersion).OriginalValue = form.RowVersion;

        var problems = new List<Message>();
        var now = clock.GetUtcNow().UtcDateTime;
        var criteria = (await catalogues.GetAsync(application.CycleId)).Criteria;
        var answers = await db.SelfAssessmentAnswers.Where(a => a.ApplicationId == id).ToDictionaryAsync(a => a.CriterionId);

        // A criterion the page never offered (another cycle's, or one deleted meanwhile): said once, nothing kept for it.
        if (form.Answers.Any(a => !criteria.ContainsKey(a.CriterionId)) || uploads.Any(u => !criteria.ContainsKey(u.CriterionId)))
        {
            problems.Add(new Message("Scoring.UnknownCriterion"));
        }

        foreach (var input in form.Answers)
        {
            if (!criteria.TryGetValue(input.CriterionId, out var criterion))
            {
                continue;
            }

            decimal? score = null;
            if (!string.IsNullOrWhiteSpace(input.SelfScore))
            {
                if (!decimal.TryParse(input.SelfScore.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed)
                    || parsed < 0 || parsed > criterion.MaxPoints)
                {
                    problems.Add(new Message("Applications.ScoreOutOfRange", criterion.Code, criterion.MaxPoints));
                    continue;
                }

                score = parsed;
            }

            var explanation = string.IsNullOrWhiteSpace(input.Explanation) ? null : input.Explanation.Trim();
            if (explanation is { Length: > 4000 })
            {
                problems.Add(new Message("Applications.ExplanationTooLong", criterion.Code, 4000));
                continue;
            }

            if (!answers.TryGetValue(criterion.Id, out var answer))
            {
                if (score is null && explanation is null)
                {
                    continue;
                }

                answer = new SelfAssessmentAnswer { ApplicationId = id, CriterionId = criterion.Id };
                db.SelfAssessmentAnswers.Add(answer);
                answers[criterion.Id] = answer;
            }

            if (answer.SelfScore != score || answer.Explanation != explanation)
            {
                answer.SelfScore = score;
                answer.Explanation = explanation;
                answer.UpdatedAtUtc = now;
            }
        }

        if (form.DeleteEvidence.Count > 0)
        {
            var doomed = await db.EvidenceFiles.Where(f => f.ApplicationId == id && form.DeleteEvidence.Contains(f.Id)).ToListAsync();
            db.EvidenceFiles.RemoveRange(doomed);
        }

        var added = new List<EvidenceFile>();
        var already = new List<EvidenceRow>();
        foreach (var upload in uploads)
        {
            if (await ReadEvidenceAsync(upload, criteria, problems) is { } file)
            {
                // The same content for the same criterion is kept once: a retried upload whose first
                // answer was lost (the page's retry, a reload) finds the file already there (unless this
                // very request deletes that one).
                if (await db.EvidenceFiles.AsNoTracking()
                        .Where(f => f.ApplicationId == id && f.CriterionId == file.CriterionId && f.Sha256 == file.Sha256 && !form.DeleteEvidence.Contains(f.Id))
                        .Select(f => new EvidenceRow(f.Id, f.CriterionId, f.FileName, f.SizeBytes)).FirstOrDefaultAsync() is { } kept)
                {
                    already.Add(kept);
                    continue;
                }

                file.ApplicationId = id;
                file.UploadedAtUtc = now;
                file.UploadedByUserId = userId;
                db.EvidenceFiles.Add(file);
                added.Add(file);
            }
        }

        // Only files already kept, nothing else asked: nothing to save, so no row version to be stale.
        if (already.Count > 0 && added.Count == 0 && form.Answers.Count == 0 && form.DeleteEvidence.Count == 0)
        {
            return new SavedPart(problems, application.RowVersion, already);
        }

        application.UpdatedAtUtc = now;
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            return new SavedPart([new Message("Applications.ChangedByOthers")], form.RowVersion, []);
        }

        return new SavedPart(problems, application.RowVersion, [.. already, .. added.Select(f => new EvidenceRow(f.Id, f.CriterionId, f.FileName, f.SizeBytes))]);
    }

    private async Task<EvidenceFile?> ReadEvidenceAsync(EvidenceUpload upload, IReadOnlyDictionary<int, CatalogueCriterion> criteria, List<Message> problems)
    {
        var name = upload.FileName ?? "";
        if (!criteria.TryGetValue(upload.CriterionId, out var criterion))
        {
            return null;
        }

        var maxBytes = evidenceOptions.Value.MaxBytes;
        if (upload.Length > maxBytes)
        {
            problems.Add(new Message("Evidence.TooLarge", criterion.Code, name, maxBytes / (1024 * 1024)));
            return null;
        }

        if (upload.Length == 0)
        {
            problems.Add(new Message("Evidence.Empty", criterion.Code, name));
            return null;
        }

        await using var stream = upload.Open();
        using var buffer = new MemoryStream((int)upload.Length);
        await stream.CopyToAsync(buffer);
        var bytes = buffer.ToArray();
        var contentType = EvidenceFileRules.DetectContentType(bytes);
        if (contentType is null)
        {
            problems.Add(new Message("Evidence.WrongType", criterion.Code, name));
            return null;
        }

        return new EvidenceFile
        {
            CriterionId = criterion.Id,
            FileName = EvidenceFileRules.SafeFileName(name, contentType),
            ContentType = contentType,
            SizeBytes = bytes.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            Content = new EvidenceFileContent { Data = bytes },
        };
    }

    /// <summary>Saves, then submits if nothing is missing; the problems name each missing item.</summary>
    public async Task<IReadOnlyList<Message>?> SubmitAsync(int agencyId, int id, SelfAssessmentForm form, IReadOnlyList<EvidenceUpload> uploads, string? userId)
    {
        var saveProblems = await SaveAsync(agencyId, id, form, uploads, userId);
        if (saveProblems is null || saveProblems.Count > 0)
        {
            return saveProblems;
        }

        // A self-registered applicant proves its address first: the mail about its application must arrive.
        if (userId is not null && await db.Users.AnyAsync(u => u.Id == userId && !u.EmailConfirmed))
        {
            return [new Message("Submission.ConfirmEmailFirst")];
        }

        db.ChangeTracker.Clear();
        var application = await db.Applications.Include(a => a.Cycle).SingleAsync(a => a.Id == id);
        var today = BuddhistEraDate.ThailandToday(clock.GetUtcNow().UtcDateTime);
        var requirements = (await catalogues.GetAsync(application.CycleId)).Dimensions.SelectMany(d => d.Criteria)
            .Select(c => new CriterionRequirement(c.Id, c.Code, c.TitleTh, c.MaxPoints, c.IsMandatory, c.EvidenceRequired))
            .ToList();
        var evidenceCounts = await db.EvidenceFiles.Where(f => f.ApplicationId == id).GroupBy(f => f.CriterionId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        var answers = await db.SelfAssessmentAnswers.AsNoTracking().Where(a => a.ApplicationId == id)
            .ToDictionaryAsync(a => a.CriterionId, a => new AnswerState(a.CriterionId, a.SelfScore, evidenceCounts.GetValueOrDefault(a.CriterionId)));
        foreach (var (criterionId, count) in evidenceCounts.Where(e => !answers.ContainsKey(e.Key)))
        {
            answers[criterionId] = new AnswerState(criterionId, null, count);
        }

        var problems = SubmissionRules.Check(requirements, answers, application.Status, application.Cycle!.IsApplicationWindowOpen(today));
        if (problems.Count > 0)
        {
            return [.. problems.Select(p => p.Kind switch
            {
                SubmissionProblemKind.OutsideApplicationWindow => new Message("Submission.OutsideWindow",
                    BuddhistEraDate.Long(application.Cycle.ApplicationOpensOn), BuddhistEraDate.Long(application.Cycle.ApplicationClosesOn)),
                SubmissionProblemKind.NotEditable => new Message("Applications.NotEditable"),
                _ => new Message("Submission." + p.Kind, p.CriterionCode!, p.CriterionTitle!),
            })];
        }

        var now = clock.GetUtcNow().UtcDateTime;
        application.StatusChanges.Add(new ApplicationStatusChange { FromStatus = application.Status, ToStatus = ApplicationStatus.Submitted, AtUtc = now, UserId = userId });
        application.Status = ApplicationStatus.Submitted;
        application.SubmittedAtUtc = now;
        application.UpdatedAtUtc = now;
        // From the first submission on, the cycle's catalogue is frozen: scores must mean the same for everyone.
        application.Cycle.CatalogueLockedAtUtc ??= now;
        await notices.ToAgencyAsync(MailKind.ApplicationSubmitted, application.Id, $"/applications/edit/{application.Id}");
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            return [new Message("Applications.ChangedByOthers")];
        }

        return [];
    }
}
