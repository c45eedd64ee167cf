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
    /// <summary>The sheet in six queries, whatever the number of criteria (the catalogue comes from the cache).</summary>
    public async Task<ScoringSheet> SheetAsync(AssessmentAccessInfo access)
    {
        var header = await db.AssessmentHeaderAsync(access.AssessmentId);
        var catalogue = await catalogues.GetAsync(access.CycleId);
        var answers = await db.SelfAssessmentAnswers.AsNoTracking().Where(a => a.ApplicationId == access.ApplicationId)
            .Select(a => new { a.CriterionId, a.SelfScore, a.Explanation }).ToDictionaryAsync(a => a.CriterionId);
        var files = (await db.EvidenceFiles.AsNoTracking().Where(f => f.ApplicationId == access.ApplicationId).OrderBy(f => f.Id)
            .Select(f => new EvidenceRow(f.Id, f.CriterionId, f.FileName, f.SizeBytes)).ToListAsync())
            .ToLookup(f => f.CriterionId);
        var scores = (await db.MemberScores.AsNoTracking()
            .Where(s => s.AssessmentId == access.AssessmentId && s.AssessorUserId == access.UserId)
            .Select(s => new { s.CriterionId, s.Round, s.Mark, s.Note }).ToListAsync())
            .ToLookup(s => s.Round);
        var mine = scores[access.Round].ToDictionary(s => s.CriterionId);
        var preliminary = access.Round == AssessmentRound.OnSite
            ? scores[AssessmentRound.Preliminary].ToDictionary(s => s.CriterionId, s => s.Mark)
            : [];
        var photos = (await db.AssessmentPhotos.AsNoTracking()
            .Where(p => p.AssessmentId == access.AssessmentId && p.UploadedByUserId == access.UserId).OrderBy(p => p.Id)
            .Select(p => new PhotoRow(p.Id, p.CriterionId, p.FileName)).ToListAsync()).ToLookup(p => p.CriterionId);
        var dimensions = catalogue.Dimensions.Select(d => new ScoringDimension(d.Kind, d.MinimumPercent, [.. d.Criteria.Select(c =>
        {
            answers.TryGetValue(c.Id, out var answer);
            mine.TryGetValue(c.Id, out var score);
            var mark = score?.Mark ?? Mark.None;
            var before = preliminary.GetValueOrDefault(c.Id);
            return new ScoringCriterion(
                new CriterionAnswer(c.Id, c.Code, c.TitleTh, c.Guidance, c.MaxPoints, c.IsMandatory, c.EvidenceRequired, answer?.SelfScore, answer?.Explanation, [.. files[c.Id]]),
                c.AllowNotApplicable, mark, score?.Note, before is not null && before != mark ? before : null, [.. photos[c.Id]]);
        })])).ToList();
        return new ScoringSheet(header, access, dimensions, new ResultView(catalogue.Evaluate(mine.ToDictionary(m => m.Key, m => m.Value.Mark)), catalogue));
    }

    /// <summary>
    /// Saves one member's mark for one criterion in the current round, in three statements after the
    /// access check: one read (the change id and this member's marks of the round), one write, and the
    /// audit entry of a new mark. A change id seen before with the same content is not applied again
    /// and gets the same answer as the first time, so the browser can safely retry; the same id with
    /// different content is refused (ADR 0004).
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
        var state = await db.Assessments.Where(a => a.Id == access.AssessmentId).Select(a => new
        {
            Applied = db.AppliedScoreChanges.Where(c => c.ChangeId == form.ChangeId).Select(c => new { c.AssessmentId, c.UserId, c.Fingerprint }).FirstOrDefault(),
            Scores = db.MemberScores.Where(s => s.AssessmentId == a.Id && s.AssessorUserId == access.UserId && s.Round == round).ToList(),
        }).SingleAsync();
        if (state.Applied is { } applied)
        {
            return Replayed(applied.AssessmentId == access.AssessmentId && applied.UserId == access.UserId && (applied.Fingerprint ?? fingerprint) == fingerprint);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var score = state.Scores.SingleOrDefault(s => s.CriterionId == criterion.Id);
        if (score is null)
        {
            score = new MemberScore { AssessmentId = access.AssessmentId, CriterionId = criterion.Id, AssessorUserId = access.UserId, Round = round };
            db.MemberScores.Add(score);
            state.Scores.Add(score);
        }

        score.Mark = mark;
        score.Note = note;
        score.UpdatedAtUtc = now;
        db.AppliedScoreChanges.Add(new AppliedScoreChange
        {
            ChangeId = form.ChangeId,
            AssessmentId = access.AssessmentId,
            UserId = access.UserId,
            AppliedAtUtc = now,
            Fingerprint = fingerprint,
        });
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same change arrived twice at once, or another tab created this mark a moment ago:
            // nothing of this request was written; the browser retries with a new change id if it must.
            db.ChangeTracker.Clear();
            var again = await db.AppliedScoreChanges.AsNoTracking().Where(c => c.ChangeId == form.ChangeId).Select(c => new { c.Fingerprint }).FirstOrDefaultAsync();
            return again is null ? new Message("Scoring.TryAgain") : Replayed(again.Fingerprint == fingerprint);
        }

        return Result<MarkSaved>.Ok(new MarkSaved(false, Totals(catalogue, state.Scores)));

        Result<MarkSaved> Replayed(bool same)
        {
            if (!same)
            {
                return new Message("Scoring.ChangeIdReused", criterion.Code);
            }

            return Result<MarkSaved>.Ok(new MarkSaved(true, Totals(catalogue, state.Scores)));
        }
    }

    public async Task<Result> AddPhotoAsync(AssessmentAccessInfo access, int criterionId, EvidenceUpload upload, long maxBytes)
    {
        if (!access.CanScore)
        {
            return new Message("Assessments.NotAllowed");
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
        return Result.Ok;
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

    private static ResultView Totals(CycleCatalogue catalogue, IEnumerable<MemberScore> scores) =>
        new(catalogue.Evaluate(scores.ToDictionary(s => s.CriterionId, s => s.Mark)), catalogue);

    /// <summary>What a change carries, as 64 hex digits: a retry must carry the same.</summary>
    private static string Fingerprint(int criterionId, Mark mark, string? note) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            criterionId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "|" + MarkInput.Snapshot(mark, note))));
}
