using System.Security.Claims;
using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Applications;
using GeccAssessment.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GeccAssessment.Web.Features.Assessments;

/// <summary>
/// The subcommittee's work on one application: conflict declarations, the two rounds, each member's
/// own scores, the chair's reconciliation and sign-off. Every method takes the caller's
/// <see cref="AssessmentAccessInfo"/> and refuses what it does not allow, whatever the page showed.
/// </summary>
public class AssessmentService(ApplicationDbContext db, ApplicationDetails details, TimeProvider clock)
{
    public async Task<MyAssignments> MineAsync(ClaimsPrincipal user, AssignmentFilter filter, CancellationToken cancellationToken)
    {
        var userId = user.UserId() ?? "";
        var staff = AssessmentAccess.IsStaffViewer(user);
        var cycles = await db.Cycles.AsNoTracking().OrderByDescending(c => c.BuddhistYear).Select(c => new { c.Id, c.Title }).ToListAsync(cancellationToken);
        var visible = db.Assessments.AsNoTracking();
        if (!staff)
        {
            visible = visible.Where(a => db.SubcommitteeMembers.Any(m => m.SubcommitteeId == a.SubcommitteeId && m.UserId == userId));
        }

        // By default the latest cycle with work in it, not merely the latest cycle.
        filter.Cycle ??= await visible.OrderByDescending(a => a.CycleId).Select(a => (int?)a.CycleId).FirstOrDefaultAsync(cancellationToken)
            ?? cycles.FirstOrDefault()?.Id;
        var query = visible.Where(a => a.CycleId == filter.Cycle);

        var rows = await PagedList<AssignmentRow>.CreateAsync(
            // PostgreSQL sorts nulls last in ascending order: the unscheduled ones come at the end.
            query.OrderBy(a => a.ScheduledAtUtc).ThenBy(a => a.Id).Select(a => new AssignmentRow(
                a.Id, a.Application!.ServicePoint!.Agency!.NameTh, a.Application.ServicePoint.Name, a.Application.ServicePoint.Province!.NameTh,
                a.Subcommittee!.Name, a.PreliminaryAtUtc, a.OnSiteAtUtc, a.PreliminaryOutcome,
                db.ConflictDeclarations.Where(c => c.AssessmentId == a.Id && c.UserId == userId).Select(c => (bool?)c.HasConflict).FirstOrDefault(),
                a.SignedOffAtUtc != null)),
            filter.Page, cancellationToken: cancellationToken);
        return new MyAssignments(filter, [.. cycles.Select(c => (c.Id, c.Title))], rows);
    }

    public Task<AssessmentHeader> HeaderAsync(int id) =>
        db.Assessments.AsNoTracking().Where(a => a.Id == id).Select(a => new AssessmentHeader(
            a.Id, a.ApplicationId, a.CycleId, a.Application!.Cycle!.Title, a.Application.ServicePoint!.Agency!.NameTh, a.Application.ServicePoint.Name,
            a.Application.ServicePoint.Address, a.Application.ServicePoint.Province!.NameTh, a.Subcommittee!.Name,
            db.Users.Where(u => u.Id == a.Subcommittee.ChairUserId).Select(u => u.DisplayName).First(),
            a.PreliminaryAtUtc, a.PreliminaryMeetingLink, a.PreliminaryOutcome, a.PreliminaryStopReason, a.OnSiteAtUtc, a.OnSiteAddress,
            a.ReconciliationOpenedAtUtc, a.SignedOffAtUtc, a.RecommendedOutcome, a.RecommendedLevelRank, a.OverallPercent, a.UnlockReason, a.RowVersion))
        .SingleAsync();

    public async Task<AssessmentOverview> OverviewAsync(AssessmentAccessInfo access)
    {
        var header = await HeaderAsync(access.AssessmentId);
        var members = await db.SubcommitteeMembers.AsNoTracking().Where(m => m.SubcommitteeId == access.SubcommitteeId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.DisplayName })
            .OrderBy(u => u.DisplayName)
            .Select(u => new
            {
                u.Id,
                u.DisplayName,
                Declaration = db.ConflictDeclarations.Where(c => c.AssessmentId == access.AssessmentId && c.UserId == u.Id)
                    .Select(c => new { c.HasConflict, c.Reason }).FirstOrDefault(),
            })
            .ToListAsync();
        var chairId = await db.Subcommittees.Where(s => s.Id == access.SubcommitteeId).Select(s => s.ChairUserId).SingleAsync();
        var catalogue = await ScoringCatalogue.LoadAsync(db, access.CycleId);
        ResultView? result = null;
        if (access.CanSeeAllScores)
        {
            result = catalogue.Evaluate(await ReconciledMarksAsync(access.AssessmentId));
        }

        var mine = access.IsMember
            ? await db.MemberScores.CountAsync(s => s.AssessmentId == access.AssessmentId && s.AssessorUserId == access.UserId)
            : 0;
        return new AssessmentOverview(
            header, access,
            [.. members.Select(m => new MemberDeclaration(m.DisplayName, m.Id == chairId, m.Declaration?.HasConflict, m.Declaration?.Reason))],
            result, mine, catalogue.Criteria.Count);
    }

    public async Task<Message?> DeclareAsync(AssessmentAccessInfo access, bool hasConflict, string? reason)
    {
        if (!access.IsMember)
        {
            return new Message("Assessments.NotMember");
        }

        if (access.HasConflict is not null)
        {
            // A declaration stands: changing it is the secretariat's business, not a click.
            return new Message("Assessments.AlreadyDeclared");
        }

        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (hasConflict && reason is null)
        {
            return new Message("Assessments.ConflictReasonRequired");
        }

        if (reason is { Length: > 2000 })
        {
            return new Message("Assessments.ReasonTooLong");
        }

        db.ConflictDeclarations.Add(new ConflictDeclaration
        {
            AssessmentId = access.AssessmentId,
            UserId = access.UserId,
            HasConflict = hasConflict,
            Reason = reason,
            DeclaredAtUtc = clock.GetUtcNow().UtcDateTime,
        });
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return new Message("Assessments.AlreadyDeclared");
        }

        return null;
    }

    public async Task<Message?> ScheduleAsync(AssessmentAccessInfo access, ScheduleForm form)
    {
        if (!access.CanSchedule)
        {
            return new Message("Assessments.NotAllowed");
        }

        if (access.IsSignedOff)
        {
            return new Message("Assessments.Locked");
        }

        var assessment = await db.Assessments.SingleAsync(a => a.Id == access.AssessmentId);
        db.Entry(assessment).Property(a => a.RowVersion).OriginalValue = form.RowVersion;
        assessment.PreliminaryAtUtc = form.PreliminaryDate is { } pd ? BuddhistEraDate.FromThailandTime(pd, form.PreliminaryTime ?? new TimeOnly(9, 0)) : null;
        assessment.PreliminaryMeetingLink = Clean(form.MeetingLink);
        assessment.OnSiteAtUtc = form.OnSiteDate is { } od ? BuddhistEraDate.FromThailandTime(od, form.OnSiteTime ?? new TimeOnly(9, 0)) : null;
        assessment.OnSiteAddress = Clean(form.OnSiteAddress);
        return await SaveGuardedAsync();
    }

    public async Task<Message?> RecordPreliminaryOutcomeAsync(AssessmentAccessInfo access, PreliminaryOutcome? chosen, string? reason, uint rowVersion)
    {
        if (!(access.IsChair && access.HasConflict == false))
        {
            return new Message("Assessments.ChairOnly");
        }

        // A value the form never offers ("99", "Certified", nothing) arrives as null; a plain enum
        // parameter would make it Pending and quietly undo the outcome already recorded.
        if (chosen is not { } outcome || !Enum.IsDefined(outcome))
        {
            return new Message("Assessments.ChooseOutcome");
        }

        if (access.IsSignedOff)
        {
            return new Message("Assessments.Locked");
        }

        reason = Clean(reason);
        if (outcome == PreliminaryOutcome.Stop && reason is null)
        {
            return new Message("Assessments.StopReasonRequired");
        }

        var assessment = await db.Assessments.SingleAsync(a => a.Id == access.AssessmentId);
        db.Entry(assessment).Property(a => a.RowVersion).OriginalValue = rowVersion;
        assessment.PreliminaryOutcome = outcome;
        assessment.PreliminaryStopReason = outcome == PreliminaryOutcome.Stop ? reason : null;
        return await SaveGuardedAsync();
    }

    public async Task<ScoringSheet> SheetAsync(AssessmentAccessInfo access)
    {
        var header = await HeaderAsync(access.AssessmentId);
        var application = (await details.LoadAsync(access.ApplicationId, agencyId: null))!;
        var catalogue = await ScoringCatalogue.LoadAsync(db, access.CycleId);
        var mine = await db.MemberScores.AsNoTracking()
            .Where(s => s.AssessmentId == access.AssessmentId && s.AssessorUserId == access.UserId)
            .ToDictionaryAsync(s => s.CriterionId);
        var photos = (await db.AssessmentPhotos.AsNoTracking()
            .Where(p => p.AssessmentId == access.AssessmentId && p.UploadedByUserId == access.UserId).OrderBy(p => p.Id)
            .Select(p => new PhotoRow(p.Id, p.CriterionId, p.FileName)).ToListAsync()).ToLookup(p => p.CriterionId);
        var dimensions = application.Dimensions.Select(d => new ScoringDimension(d.Kind, d.MinimumPercent, [.. d.Criteria.Select(c =>
        {
            mine.TryGetValue(c.CriterionId, out var score);
            return new ScoringCriterion(c, catalogue.Criteria[c.CriterionId].AllowNotApplicable,
                score?.Points, score?.Passed, score?.NotApplicable ?? false, score?.Note, [.. photos[c.CriterionId]]);
        })])).ToList();
        return new ScoringSheet(header, access, dimensions, catalogue.Evaluate(Marks(mine.Values)));
    }

    /// <summary>
    /// Saves one member's mark for one criterion. A change id seen before is not applied again;
    /// the answer is the same as the first time, so the browser can safely retry.
    /// </summary>
    public async Task<(MarkSaved? Saved, Message? Problem)> SaveMarkAsync(AssessmentAccessInfo access, MarkForm form)
    {
        if (!access.CanScore)
        {
            return (null, new Message(access.IsSignedOff ? "Assessments.Locked" : access.ReconciliationOpen ? "Scoring.ReconciliationOpen" : "Assessments.NotAllowed"));
        }

        var catalogue = await ScoringCatalogue.LoadAsync(db, access.CycleId);
        if (form.ChangeId == Guid.Empty)
        {
            return (null, new Message("Scoring.ChangeIdMissing"));
        }

        if (await db.AppliedScoreChanges.AnyAsync(c => c.ChangeId == form.ChangeId))
        {
            return (new MarkSaved(true, await MyTotalsAsync(access, catalogue)), null);
        }

        if (!catalogue.Criteria.TryGetValue(form.CriterionId, out var criterion))
        {
            return (null, new Message("Scoring.UnknownCriterion"));
        }

        var (mark, problem) = ScoringCatalogue.Parse(criterion, form.Points, form.Passed, form.NotApplicable);
        if (problem is not null)
        {
            return (null, problem);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var score = await db.MemberScores.SingleOrDefaultAsync(s =>
            s.AssessmentId == access.AssessmentId && s.AssessorUserId == access.UserId && s.CriterionId == criterion.Id);
        if (score is null)
        {
            score = new MemberScore { AssessmentId = access.AssessmentId, CriterionId = criterion.Id, AssessorUserId = access.UserId };
            db.MemberScores.Add(score);
        }

        score.Points = mark?.Points;
        score.Passed = mark?.Passed;
        score.NotApplicable = mark?.NotApplicable ?? false;
        score.Note = Clean(form.Note);
        score.UpdatedAtUtc = now;
        db.AppliedScoreChanges.Add(new AppliedScoreChange { ChangeId = form.ChangeId, AssessmentId = access.AssessmentId, UserId = access.UserId, AppliedAtUtc = now });
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same change arrived twice at once, or another tab created this mark a moment ago:
            // nothing of this request was written; the browser retries with a new change id if it must.
            db.ChangeTracker.Clear();
            var applied = await db.AppliedScoreChanges.AnyAsync(c => c.ChangeId == form.ChangeId);
            return applied ? (new MarkSaved(true, await MyTotalsAsync(access, catalogue)), null) : (null, new Message("Scoring.TryAgain"));
        }

        return (new MarkSaved(false, await MyTotalsAsync(access, catalogue)), null);
    }

    public async Task<Message?> AddPhotoAsync(AssessmentAccessInfo access, int criterionId, EvidenceUpload upload, long maxBytes)
    {
        if (!access.CanScore)
        {
            return new Message("Assessments.NotAllowed");
        }

        var criterion = await db.Criteria.AsNoTracking().SingleOrDefaultAsync(c => c.Id == criterionId && c.CycleId == access.CycleId);
        if (criterion is null)
        {
            return new Message("Scoring.UnknownCriterion");
        }

        var name = upload.FileName ?? "";
        if (upload.Length == 0)
        {
            return new Message("Evidence.Empty", criterion.Code, name);
        }

        if (upload.Length > maxBytes)
        {
            return new Message("Evidence.TooLarge", criterion.Code, name, maxBytes / (1024 * 1024));
        }

        await using var stream = upload.Open();
        using var buffer = new MemoryStream((int)upload.Length);
        await stream.CopyToAsync(buffer);
        var bytes = buffer.ToArray();
        var contentType = EvidenceFileRules.DetectContentType(bytes);
        if (contentType is not ("image/jpeg" or "image/png"))
        {
            return new Message("Scoring.PhotoWrongType", criterion.Code, name);
        }

        db.AssessmentPhotos.Add(new AssessmentPhoto
        {
            AssessmentId = access.AssessmentId,
            CriterionId = criterion.Id,
            UploadedByUserId = access.UserId,
            FileName = EvidenceFileRules.SafeFileName(name, contentType),
            ContentType = contentType,
            SizeBytes = bytes.Length,
            UploadedAtUtc = clock.GetUtcNow().UtcDateTime,
            Content = new AssessmentPhotoContent { Data = bytes },
        });
        await db.SaveChangesAsync();
        return null;
    }

    /// <summary>A photo, for its author, and for everyone who may see all scores once reconciliation is open.</summary>
    public async Task<PhotoFile?> PhotoAsync(AssessmentAccessInfo access, int photoId)
    {
        var mineOnly = !access.CanSeeAllScores;
        if (mineOnly && !(access.IsMember && access.HasConflict == false))
        {
            return null;
        }

        return await db.AssessmentPhotos.AsNoTracking()
            .Where(p => p.Id == photoId && p.AssessmentId == access.AssessmentId && (!mineOnly || p.UploadedByUserId == access.UserId))
            .Select(p => new PhotoFile(p.FileName, p.ContentType, p.Content!.Data))
            .SingleOrDefaultAsync();
    }

    public async Task<Message?> OpenReconciliationAsync(AssessmentAccessInfo access, uint rowVersion)
    {
        if (!(access.IsChair && access.HasConflict == false))
        {
            return new Message("Assessments.ChairOnly");
        }

        if (access.IsStopped)
        {
            return new Message("Assessments.Stopped");
        }

        var assessment = await db.Assessments.SingleAsync(a => a.Id == access.AssessmentId);
        if (assessment.ReconciliationOpenedAtUtc is not null)
        {
            return null;
        }

        db.Entry(assessment).Property(a => a.RowVersion).OriginalValue = rowVersion;
        assessment.ReconciliationOpenedAtUtc = clock.GetUtcNow().UtcDateTime;
        return await SaveGuardedAsync();
    }

    public async Task<ReconcilePage> ReconcilePageAsync(AssessmentAccessInfo access)
    {
        var header = await HeaderAsync(access.AssessmentId);
        var catalogue = await ScoringCatalogue.LoadAsync(db, access.CycleId);
        var dimensions = await db.Dimensions.AsNoTracking().Where(d => d.CycleId == access.CycleId).OrderBy(d => d.SortOrder).Select(d => new { d.Id, d.Kind }).ToListAsync();

        // Members who declared a conflict are out of the assessment: their marks (if any) are not shown.
        var members = await db.SubcommitteeMembers.AsNoTracking().Where(m => m.SubcommitteeId == access.SubcommitteeId)
            .Where(m => !db.ConflictDeclarations.Any(c => c.AssessmentId == access.AssessmentId && c.UserId == m.UserId && c.HasConflict))
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.DisplayName }).OrderBy(u => u.DisplayName).ToListAsync();
        var memberIds = members.Select(m => m.Id).ToList();
        var memberScores = (await db.MemberScores.AsNoTracking()
            .Where(s => s.AssessmentId == access.AssessmentId && memberIds.Contains(s.AssessorUserId)).ToListAsync())
            .ToLookup(s => s.CriterionId);
        var reconciled = await db.ReconciledScores.AsNoTracking().Where(s => s.AssessmentId == access.AssessmentId).ToDictionaryAsync(s => s.CriterionId);

        var rows = dimensions.Select(d => new ReconcileDimension(d.Kind, [.. catalogue.Criteria.Values.Where(c => c.DimensionId == d.Id).Select(c =>
        {
            var marks = members.Select(m => memberScores[c.Id].FirstOrDefault(s => s.AssessorUserId == m.Id) is { } s
                ? new MemberMark(m.DisplayName, s.Points, s.Passed, s.NotApplicable, s.Note)
                : new MemberMark(m.DisplayName, null, null, false, null)).ToList();
            // Members who gave no mark (a chair who only reconciles, say) do not count as disagreeing.
            var values = marks.Where(m => m.HasMark).Select(m => MarkText.Value(m.Points, m.Passed, m.NotApplicable)).Distinct().Count();
            reconciled.TryGetValue(c.Id, out var r);
            return new ReconcileRow(c.Id, c.Code, c.TitleTh, c.MaxPoints, c.IsMandatory, c.AllowNotApplicable, marks, values > 1,
                r?.Points, r?.Passed, r?.NotApplicable ?? false, r?.Note, r?.RowVersion ?? 0);
        })])).ToList();
        return new ReconcilePage(header, access, [.. members.Select(m => m.DisplayName)], rows, catalogue.Evaluate(Marks(reconciled.Values)));
    }

    /// <summary>
    /// Saves the chair's marks. A row someone else changed since the page was loaded is not
    /// overwritten: it is named in a conflict message and the rest is saved.
    /// </summary>
    public async Task<IReadOnlyList<Message>> SaveReconciliationAsync(AssessmentAccessInfo access, ReconcileForm form)
    {
        if (!access.CanReconcile)
        {
            return [new Message(access.IsSignedOff ? "Assessments.Locked" : "Assessments.ChairOnly")];
        }

        var catalogue = await ScoringCatalogue.LoadAsync(db, access.CycleId);
        var existing = await db.ReconciledScores.Where(s => s.AssessmentId == access.AssessmentId).ToDictionaryAsync(s => s.CriterionId);
        var memberValues = (await db.MemberScores.AsNoTracking().Where(s => s.AssessmentId == access.AssessmentId)
            .Where(s => !db.ConflictDeclarations.Any(c => c.AssessmentId == access.AssessmentId && c.UserId == s.AssessorUserId && c.HasConflict))
            .Select(s => new { s.CriterionId, s.Points, s.Passed, s.NotApplicable }).ToListAsync())
            .ToLookup(s => s.CriterionId, s => MarkText.Value(s.Points, s.Passed, s.NotApplicable));
        var problems = new List<Message>();
        if (form.Rows.Any(r => !catalogue.Criteria.ContainsKey(r.CriterionId)))
        {
            problems.Add(new Message("Scoring.UnknownCriterion"));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var input in form.Rows)
        {
            if (!catalogue.Criteria.TryGetValue(input.CriterionId, out var criterion))
            {
                continue;
            }

            var (mark, problem) = ScoringCatalogue.Parse(criterion, input.Points, input.Passed, input.NotApplicable);
            if (problem is not null)
            {
                problems.Add(problem);
                continue;
            }

            var note = Clean(input.Note);
            var submitted = MarkText.Format(mark?.Points, mark?.Passed, mark?.NotApplicable ?? false, note);
            if (submitted == input.Original)
            {
                continue;
            }

            existing.TryGetValue(criterion.Id, out var score);
            var current = score is null ? MarkText.Format(null, null, false, null) : MarkText.Format(score.Points, score.Passed, score.NotApplicable, score.Note);
            if ((score?.RowVersion ?? 0) != input.RowVersion)
            {
                if (current != submitted)
                {
                    problems.Add(new Message("Reconcile.Conflict", criterion.Code));
                }

                continue;
            }

            var value = MarkText.Value(mark?.Points, mark?.Passed, mark?.NotApplicable ?? false);
            var members = memberValues[criterion.Id].ToList();
            if (mark is not null && members.Count > 0 && !members.Contains(value) && note is null)
            {
                problems.Add(new Message("Reconcile.NoteRequired", criterion.Code));
                continue;
            }

            if (score is null)
            {
                score = new ReconciledScore { AssessmentId = access.AssessmentId, CriterionId = criterion.Id };
                db.ReconciledScores.Add(score);
            }
            else
            {
                db.Entry(score).Property(s => s.RowVersion).OriginalValue = input.RowVersion;
            }

            score.Points = mark?.Points;
            score.Passed = mark?.Passed;
            score.NotApplicable = mark?.NotApplicable ?? false;
            score.Note = note;
            score.UpdatedAtUtc = now;
            score.UpdatedByUserId = access.UserId;
        }

        try
        {
            await db.SaveChangesAsync();
        }
        catch (Exception e) when (e is DbUpdateConcurrencyException || (e is DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } }))
        {
            // Someone saved between our read and our write: nothing of this save went in.
            db.ChangeTracker.Clear();
            return [new Message("Reconcile.ConflictAll")];
        }

        return problems;
    }

    public async Task<Message?> SignOffAsync(AssessmentAccessInfo access, uint rowVersion)
    {
        if (!(access.IsChair && access.HasConflict == false))
        {
            return new Message("Assessments.ChairOnly");
        }

        if (access.IsSignedOff)
        {
            return new Message("Assessments.Locked");
        }

        if (!access.ReconciliationOpen)
        {
            return new Message("Assessments.ReconciliationNotOpen");
        }

        var catalogue = await ScoringCatalogue.LoadAsync(db, access.CycleId);
        var result = catalogue.Evaluate(await ReconciledMarksAsync(access.AssessmentId)).Result;
        if (!result.IsComplete)
        {
            var codes = string.Join(", ", result.MissingCriterionIds.Select(id => catalogue.Criteria[id].Code));
            return new Message("Assessments.SignOffIncomplete", codes);
        }

        var assessment = await db.Assessments.SingleAsync(a => a.Id == access.AssessmentId);
        db.Entry(assessment).Property(a => a.RowVersion).OriginalValue = rowVersion;
        assessment.SignedOffAtUtc = clock.GetUtcNow().UtcDateTime;
        assessment.SignedOffByUserId = access.UserId;
        assessment.RecordRecommendation(result);
        return await SaveGuardedAsync();
    }

    public async Task<Message?> UnlockAsync(AssessmentAccessInfo access, string? reason, uint rowVersion)
    {
        if (!(access.IsChair && access.HasConflict == false))
        {
            return new Message("Assessments.ChairOnly");
        }

        reason = Clean(reason);
        if (reason is null)
        {
            return new Message("Assessments.UnlockReasonRequired");
        }

        if (!access.IsSignedOff)
        {
            return null;
        }

        if (await db.CertificationDecisions.AnyAsync(d => d.AssessmentId == access.AssessmentId))
        {
            // The committee has decided on these scores; reopening them would undo its decision.
            return new Message("Assessments.AlreadyDecided");
        }

        var assessment = await db.Assessments.SingleAsync(a => a.Id == access.AssessmentId);
        db.Entry(assessment).Property(a => a.RowVersion).OriginalValue = rowVersion;
        assessment.SignedOffAtUtc = null;
        assessment.SignedOffByUserId = null;
        assessment.RecordRecommendation(null);
        assessment.UnlockReason = reason;
        return await SaveGuardedAsync();
    }

    private async Task<ResultView> MyTotalsAsync(AssessmentAccessInfo access, ScoringCatalogue catalogue) =>
        catalogue.Evaluate(Marks(await db.MemberScores.AsNoTracking()
            .Where(s => s.AssessmentId == access.AssessmentId && s.AssessorUserId == access.UserId).ToListAsync()));

    private async Task<IReadOnlyDictionary<int, CriterionMark>> ReconciledMarksAsync(int assessmentId) =>
        Marks(await db.ReconciledScores.AsNoTracking().Where(s => s.AssessmentId == assessmentId).ToListAsync());

    private static Dictionary<int, CriterionMark> Marks(IEnumerable<MemberScore> scores) =>
        scores.Where(s => s.NotApplicable || s.Points is not null || s.Passed is not null)
            .ToDictionary(s => s.CriterionId, s => new CriterionMark(s.Points, s.Passed, s.NotApplicable));

    private static Dictionary<int, CriterionMark> Marks(IEnumerable<ReconciledScore> scores) =>
        scores.Where(s => s.NotApplicable || s.Points is not null || s.Passed is not null)
            .ToDictionary(s => s.CriterionId, s => new CriterionMark(s.Points, s.Passed, s.NotApplicable));

    private async Task<Message?> SaveGuardedAsync()
    {
        try
        {
            await db.SaveChangesAsync();
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return new Message("Assessments.ChangedByOthers");
        }
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
