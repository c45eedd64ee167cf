using System.Security.Cryptography;
using System.Text;
using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Applications;
using GeccAssessment.Web.Features.Catalogue;
using GeccAssessment.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GeccAssessment.Web.Features.Assessments;

/// <summary>
/// The members' own scoring, round by round: the scoring sheet, one autosaved mark at a time, and
/// the photos taken on site. A member's marks of the current round are the only ones the sheet edits.
/// </summary>
public class ScoringService(ApplicationDbContext db, CatalogueProvider catalogues, TimeProvider clock)
{
    /// <summary>
    /// The sheet in six queries, whatever the number of criteria (the catalogue comes from the cache),
    /// each compiled once: the scoring form is opened all day long, and EF Core's per-query handling of
    /// uncompiled reads was a third of its CPU under load (docs/adr/0021).
    /// </summary>
    /// <param name="showing">The dimension whose page is asked for; the first one when none or one this cycle has not.</param>
    public async Task<ScoringSheet> SheetAsync(AssessmentAccessInfo access, DimensionKind? showing)
    {
        var header = await db.AssessmentHeaderAsync(access.AssessmentId);
        var catalogue = await catalogues.GetAsync(access.CycleId);
        var answers = new Dictionary<int, SheetAnswerRow>();
        await foreach (var answer in SheetAnswersQuery(db, access.ApplicationId))
        {
            answers[answer.CriterionId] = answer;
        }

        var files = (await ApplicationDetails.FilesQuery(db, access.ApplicationId).ToListAsync()).ToLookup(f => f.CriterionId);
        var scores = (await SheetScoresQuery(db, access.AssessmentId, access.UserId).ToListAsync()).ToLookup(s => s.Round);
        var mine = scores[access.Round].ToDictionary(s => s.CriterionId);
        var preliminary = access.Round == AssessmentRound.OnSite
            ? scores[AssessmentRound.Preliminary].ToDictionary(s => s.CriterionId, s => s.Mark)
            : [];
        var photos = (await SheetPhotosQuery(db, access.AssessmentId, access.UserId).ToListAsync()).ToLookup(p => p.CriterionId);
        var dimensions = catalogue.Dimensions.Select(d => new ScoringDimension(d.Kind, d.MinimumPercent, [.. d.Criteria.Select(c =>
        {
            answers.TryGetValue(c.Id, out var answer);
            mine.TryGetValue(c.Id, out var score);
            var mark = score?.Mark ?? Mark.None;
            var before = preliminary.GetValueOrDefault(c.Id);
            return new ScoringCriterion(
                new CriterionAnswer(c.Id, c.Code, c.TitleTh, c.Guidance, c.MaxPoints, c.IsMandatory, c.EvidenceRequired, answer?.SelfScore, answer?.Explanation, [.. files[c.Id]]),
                c.AllowNotApplicable, mark, score?.Note, before is not null && before != mark ? before : null, [.. photos[c.Id]], score?.Version ?? 0);
        })])).ToList();
        var shown = dimensions.FirstOrDefault(d => d.Kind == showing) ?? dimensions.FirstOrDefault();
        return new ScoringSheet(header, access, dimensions, new ResultView(catalogue.Evaluate(mine.ToDictionary(m => m.Key, m => m.Value.Mark)), catalogue), shown?.Kind ?? DimensionKind.Premises);
    }

    /// <summary>
    /// The scoring page a criterion is on (where a browser without script goes back to after saving):
    /// its dimension, or null for the first dimension's page, whose address carries none.
    /// </summary>
    public async Task<DimensionKind?> PageOfAsync(AssessmentAccessInfo access, int criterionId)
    {
        var catalogue = await catalogues.GetAsync(access.CycleId);
        return catalogue.Criteria.TryGetValue(criterionId, out var criterion) && criterion.Kind != catalogue.Dimensions[0].Kind ? criterion.Kind : null;
    }

    /// <summary>
    /// Saves one member's mark for one criterion in the current round, in three statements after the
    /// access check: one read (the change id and this member's marks of the round), one write, and the
    /// audit entry of a new mark. A change id seen before with the same content is not applied again
    /// and gets the same answer as the first time, so the browser can safely retry; the same id with
    /// different content is refused (ADR 0004). A change made on an older version of the mark than the
    /// stored one (a second laptop, an offline change arriving late) is not applied: the answer carries
    /// the stored mark so the person can choose (ADR 0008). Many saves of one mark at the same moment
    /// get only these answers: the one change applied once, a change based on a version one of them
    /// replaced told so, and a change without a base version applied after the others (issue 16).
    /// </summary>
    public async Task<Result<MarkSaved>> SaveMarkAsync(AssessmentAccessInfo access, MarkForm form)
    {
        if (!access.CanScore)
        {
            return new Message(access.WhyNotScoring);
        }

        if (form.ChangeId == Guid.Empty)
        {
            return new Message("Scoring.ChangeIdMissing");
        }

        var catalogue = await catalogues.GetAsync(access.CycleId);
        if (!catalogue.Criteria.TryGetValue(form.CriterionId, out var criterion))
        {
            return new Message("Scoring.UnknownCriterion");
        }

        var (mark, problem) = form.Read(criterion);
        if (problem is not null)
        {
            return problem;
        }

        var note = form.CleanNote;
        var fingerprint = Fingerprint(criterion.Id, mark, note);
        var round = access.Round;
        var state = await MarkStateQuery(db, access.AssessmentId, form.ChangeId, access.UserId, round);
        if (state.Applied is { } applied)
        {
            return Replayed(IsSame(applied), applied.Version);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var score = state.Scores.SingleOrDefault(s => s.CriterionId == criterion.Id);
        if (form.BaseVersion is { } based && based != (score?.Version ?? 0))
        {
            // Made on a value this person never saw: applying it would silently overwrite the other save.
            return Result<MarkSaved>.Ok(Conflict(score));
        }

        if (score is null)
        {
            score = new MemberScore { AssessmentId = access.AssessmentId, CriterionId = criterion.Id, AssessorUserId = access.UserId, Round = round };
            db.MemberScores.Add(score);
            state.Scores.Add(score);
        }
        else
        {
            // Only the mark being saved is tracked (as read: its version is the UPDATE's condition);
            // the sheet's other marks were read for the totals alone.
            db.MemberScores.Attach(score);
        }

        Write(score);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Lost a race, and nothing of this request was written: another save changed this mark between
            // our read and our write (the UPDATE names the version it read), created it a moment ago (the
            // unique index), or this very change arrived twice at once (a retry after the page's timeout
            // while the first send was still here). The change id is asked first in every case: a change
            // that did get applied is never answered as a conflict with itself.
            db.ChangeTracker.Clear();
            if (await AppliedAsync() is { } again)
            {
                return Replayed(IsSame(again), again.Version);
            }

            if (form.BaseVersion is not null)
            {
                // Made on a version that is no longer the stored one: the person chooses (ADR 0008).
                var stored = await StoredAsync();
                return stored is null ? new Message("Scoring.TryAgain") : Result<MarkSaved>.Ok(Conflict(stored));
            }

            return await AppliedUnderLockAsync();
        }

        return Result<MarkSaved>.Ok(new MarkSaved(false, Totals(catalogue, state.Scores), score.Version));

        // The mark as this change has it, one version up, and the change id that made it (a retry asks for it).
        void Write(MemberScore target)
        {
            target.Mark = mark;
            target.Note = note;
            target.UpdatedAtUtc = now;
            target.Version++;
            db.AppliedScoreChanges.Add(new AppliedScoreChange
            {
                ChangeId = form.ChangeId,
                AssessmentId = access.AssessmentId,
                UserId = access.UserId,
                AppliedAtUtc = now,
                Fingerprint = fingerprint,
                Version = target.Version,
            });
        }

        bool IsSame(AppliedChange applied) =>
            applied.AssessmentId == access.AssessmentId && applied.UserId == access.UserId && (applied.Fingerprint ?? fingerprint) == fingerprint;

        Task<AppliedChange?> AppliedAsync() => db.AppliedScoreChanges.AsNoTracking().Where(c => c.ChangeId == form.ChangeId)
            .Select(c => new AppliedChange(c.AssessmentId, c.UserId, c.Fingerprint, c.Version)).FirstOrDefaultAsync();

        // A change without a base version is applied on whatever is stored (ADR 0004: last writer wins).
        // Losing the race to another save is then no reason to refuse it: had it arrived a moment later it
        // would have been applied on the winner's mark, and that is what happens here. Answering "try again"
        // instead only handed the same decision to the sender, and the page showed it as refused for good.
        // A second optimistic try could lose again under a burst (the load bench's 32 connections on one
        // row), so this one takes the row's lock: the fast path stays three statements, and only a save
        // that lost a race pays the lock. Under the lock the change id is asked again (the same change may
        // have been applied by a twin that also lost and got the lock first).
        async Task<Result<MarkSaved>> AppliedUnderLockAsync() => await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync();
            // The lock first, then the row through the model (FromSql cannot read a complex value's columns):
            // read after the lock, it is the last committed version, and nobody can change it until we commit.
            var roundName = round.ToString();
            await db.Database.ExecuteSqlAsync($"""
                SELECT 1 FROM "MemberScores"
                WHERE "AssessmentId" = {access.AssessmentId} AND "AssessorUserId" = {access.UserId} AND "Round" = {roundName} AND "CriterionId" = {criterion.Id}
                FOR UPDATE
                """);
            var locked = await db.MemberScores.SingleOrDefaultAsync(s => s.AssessmentId == access.AssessmentId && s.AssessorUserId == access.UserId && s.Round == round && s.CriterionId == criterion.Id);
            if (await AppliedAsync() is { } twin)
            {
                return Replayed(IsSame(twin), twin.Version);
            }

            if (locked is null)
            {
                // Removed between the race and now (nothing removes a member's mark while it can be scored).
                return new Message("Scoring.TryAgain");
            }

            Write(locked);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            state.Scores.RemoveAll(s => s.CriterionId == criterion.Id);
            state.Scores.Add(locked);
            return Result<MarkSaved>.Ok(new MarkSaved(false, Totals(catalogue, state.Scores), locked.Version));
        });

        Result<MarkSaved> Replayed(bool same, int? version)
        {
            if (!same)
            {
                return new Message("Scoring.ChangeIdReused", criterion.Code);
            }

            // The version this change made, not the stored one: a later save elsewhere must still be seen as a conflict.
            var current = state.Scores.SingleOrDefault(s => s.CriterionId == criterion.Id)?.Version ?? 0;
            return Result<MarkSaved>.Ok(new MarkSaved(true, Totals(catalogue, state.Scores), version ?? current));
        }

        async Task<MemberScore?> StoredAsync()
        {
            var stored = await db.MemberScores.AsNoTracking()
                .SingleOrDefaultAsync(s => s.AssessmentId == access.AssessmentId && s.AssessorUserId == access.UserId && s.Round == round && s.CriterionId == criterion.Id);
            state.Scores.RemoveAll(s => s.CriterionId == criterion.Id);
            if (stored is not null)
            {
                state.Scores.Add(stored);
            }

            return stored;
        }

        MarkSaved Conflict(MemberScore? stored) =>
            new(false, Totals(catalogue, state.Scores), stored?.Version ?? 0,
                new StoredMark(stored?.Mark ?? Mark.None, stored?.Note, stored?.Version ?? 0, stored?.UpdatedAtUtc ?? default));
    }

    /// <summary>
    /// Keeps one photo. A photo sent with a change id (the page's offline queue) is kept once however
    /// often it is sent: the id is recorded beside the marks' ids (ADR 0004, 0008).
    /// </summary>
    public async Task<Result<PhotoRow>> AddPhotoAsync(AssessmentAccessInfo access, int criterionId, EvidenceUpload upload, long maxBytes, Guid? changeId = null)
    {
        if (!access.CanScore)
        {
            return new Message(access.WhyNotScoring);
        }

        var catalogue = await catalogues.GetAsync(access.CycleId);
        if (!catalogue.Criteria.TryGetValue(criterionId, out var criterion))
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

        var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            "photo|" + criterion.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "|" + Convert.ToHexString(SHA256.HashData(bytes)))));
        if (changeId is { } id && id != Guid.Empty)
        {
            if (await db.AppliedScoreChanges.AsNoTracking().Where(c => c.ChangeId == id).Select(c => new { c.UserId, c.Fingerprint }).FirstOrDefaultAsync() is { } applied)
            {
                return applied.UserId == access.UserId && applied.Fingerprint == fingerprint
                    ? Result<PhotoRow>.Ok(await LatestPhotoAsync())
                    : new Message("Scoring.ChangeIdReused", criterion.Code);
            }

            db.AppliedScoreChanges.Add(new AppliedScoreChange
            {
                ChangeId = id,
                AssessmentId = access.AssessmentId,
                UserId = access.UserId,
                AppliedAtUtc = clock.GetUtcNow().UtcDateTime,
                Fingerprint = fingerprint,
            });
        }

        var photo = new AssessmentPhoto
        {
            AssessmentId = access.AssessmentId,
            CriterionId = criterion.Id,
            UploadedByUserId = access.UserId,
            FileName = EvidenceFileRules.SafeFileName(name, contentType),
            ContentType = contentType,
            SizeBytes = bytes.Length,
            UploadedAtUtc = clock.GetUtcNow().UtcDateTime,
            Content = new AssessmentPhotoContent { Data = bytes },
        };
        db.AssessmentPhotos.Add(photo);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same photo arrived twice at once: the first one is kept.
            db.ChangeTracker.Clear();
            return Result<PhotoRow>.Ok(await LatestPhotoAsync());
        }

        return Result<PhotoRow>.Ok(new PhotoRow(photo.Id, criterion.Id, photo.FileName));

        Task<PhotoRow> LatestPhotoAsync() => db.AssessmentPhotos.AsNoTracking()
            .Where(p => p.AssessmentId == access.AssessmentId && p.UploadedByUserId == access.UserId && p.CriterionId == criterion.Id)
            .OrderByDescending(p => p.Id).Select(p => new PhotoRow(p.Id, p.CriterionId, p.FileName)).FirstAsync();
    }

    /// <summary>A photo, for its author, and for everyone who may see all scores once reconciliation is open.</summary>
    public async Task<PhotoFile?> PhotoAsync(AssessmentAccessInfo access, int photoId)
    {
        var mineOnly = !access.CanSeeAllScores;
        if (mineOnly && !access.IsActiveMember)
        {
            return null;
        }

        return await db.AssessmentPhotos.AsNoTracking()
            .Where(p => p.Id == photoId && p.AssessmentId == access.AssessmentId && (!mineOnly || p.UploadedByUserId == access.UserId))
            .Select(p => new PhotoFile(p.FileName, p.ContentType, p.Content!.Data))
            .SingleOrDefaultAsync();
    }

    /// <summary>What a save reads: whether its change id was applied before, and this member's marks of the round (untracked: the one written is attached).</summary>
    private sealed record MarkState(AppliedChange? Applied, List<MemberScore> Scores);

    private sealed record AppliedChange(int AssessmentId, string UserId, string? Fingerprint, int? Version);

    /// <summary>
    /// The autosave's one read, compiled once: the busiest request of the scoring days pays no
    /// query-cache look-up and no parameter extraction for it, and tracks none of the sheet's
    /// 45 marks (change detection over all of them ran twice per save; docs/adr/0017).
    /// </summary>
    private static readonly Func<ApplicationDbContext, int, Guid, string, AssessmentRound, Task<MarkState>> MarkStateQuery = EF.CompileAsyncQuery(
        (ApplicationDbContext db, int assessmentId, Guid changeId, string userId, AssessmentRound round) => db.Assessments.AsNoTracking().Where(a => a.Id == assessmentId).Select(a => new MarkState(
            db.AppliedScoreChanges.Where(c => c.ChangeId == changeId).Select(c => new AppliedChange(c.AssessmentId, c.UserId, c.Fingerprint, c.Version)).FirstOrDefault(),
            db.MemberScores.Where(s => s.AssessmentId == a.Id && s.AssessorUserId == userId && s.Round == round).ToList())).Single());

    private sealed record SheetAnswerRow(int CriterionId, decimal? SelfScore, string? Explanation);

    private sealed record SheetScoreRow(int CriterionId, AssessmentRound Round, Mark Mark, string? Note, int Version);

    private static readonly Func<ApplicationDbContext, int, IAsyncEnumerable<SheetAnswerRow>> SheetAnswersQuery = EF.CompileAsyncQuery(
        (ApplicationDbContext db, int applicationId) => db.SelfAssessmentAnswers.AsNoTracking().Where(a => a.ApplicationId == applicationId)
            .Select(a => new SheetAnswerRow(a.CriterionId, a.SelfScore, a.Explanation)));

    /// <summary>This member's marks of both rounds: the current one is edited, the preliminary one shown beside an on-site mark that differs.</summary>
    private static readonly Func<ApplicationDbContext, int, string, IAsyncEnumerable<SheetScoreRow>> SheetScoresQuery = EF.CompileAsyncQuery(
        (ApplicationDbContext db, int assessmentId, string userId) => db.MemberScores.AsNoTracking()
            .Where(s => s.AssessmentId == assessmentId && s.AssessorUserId == userId)
            .Select(s => new SheetScoreRow(s.CriterionId, s.Round, s.Mark, s.Note, s.Version)));

    private static readonly Func<ApplicationDbContext, int, string, IAsyncEnumerable<PhotoRow>> SheetPhotosQuery = EF.CompileAsyncQuery(
        (ApplicationDbContext db, int assessmentId, string userId) => db.AssessmentPhotos.AsNoTracking()
            .Where(p => p.AssessmentId == assessmentId && p.UploadedByUserId == userId).OrderBy(p => p.Id)
            .Select(p => new PhotoRow(p.Id, p.CriterionId, p.FileName)));

    private static ResultView Totals(CycleCatalogue catalogue, IEnumerable<MemberScore> scores) =>
        new(catalogue.Evaluate(scores.ToDictionary(s => s.CriterionId, s => s.Mark)), catalogue);

    /// <summary>What a change carries, as 64 hex digits: a retry must carry the same.</summary>
    private static string Fingerprint(int criterionId, Mark mark, string? note) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            criterionId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "|" + MarkInput.Snapshot(mark, note))));
}
