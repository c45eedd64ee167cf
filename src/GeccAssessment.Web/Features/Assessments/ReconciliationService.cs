using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Catalogue;
using GeccAssessment.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GeccAssessment.Web.Features.Assessments;

/// <summary>
/// The chair's reconciliation: the members' marks of the current round side by side (with the
/// preliminary ones where the on-site round changed them), and the subcommittee's mark per criterion.
/// </summary>
public class ReconciliationService(ApplicationDbContext db, CatalogueProvider catalogues, TimeProvider clock, Mail.Notices notices)
{
    public async Task<Result> OpenAsync(AssessmentAccessInfo access, uint rowVersion)
    {
        if (!access.IsActiveChair)
        {
            return new Message("Assessments.ChairOnly");
        }

        if (access.IsStopped)
        {
            return new Message("Assessments.Stopped");
        }

        if (!access.CanOpenReconciliation)
        {
            // Already open (a second click): nothing to do.
            return Result.Ok;
        }

        var assessment = await db.Assessments.SingleAsync(a => a.Id == access.AssessmentId);
        db.Entry(assessment).Property(a => a.RowVersion).OriginalValue = rowVersion;
        assessment.ReconciliationOpenedAtUtc = clock.GetUtcNow().UtcDateTime;
        // To the chair (issue 13): the mail links straight back to the reconciliation, on any device.
        await notices.ToSubcommitteeAsync(MailKind.ReconciliationOpened, assessment.Id, chairOnly: true, page: "reconcile");
        return await db.SaveGuardedAsync();
    }

    public async Task<ReconcilePage> PageAsync(AssessmentAccessInfo access)
    {
        var header = await db.AssessmentHeaderAsync(access.AssessmentId);
        var catalogue = await catalogues.GetAsync(access.CycleId);

        // Members who declared a conflict are out of the assessment: their marks (if any) are not shown.
        var members = await db.SubcommitteeMembers.AsNoTracking().Where(m => m.SubcommitteeId == access.SubcommitteeId)
            .Where(m => !db.ConflictDeclarations.Any(c => c.AssessmentId == access.AssessmentId && c.UserId == m.UserId && c.HasConflict))
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.DisplayName }).OrderBy(u => u.DisplayName).ToListAsync();
        var memberIds = members.Select(m => m.Id).ToList();
        var scores = (await db.MemberScores.AsNoTracking()
            .Where(s => s.AssessmentId == access.AssessmentId && memberIds.Contains(s.AssessorUserId))
            .Select(s => new { s.CriterionId, s.AssessorUserId, s.Round, s.Mark, s.Note }).ToListAsync())
            .ToDictionary(s => (s.CriterionId, s.AssessorUserId, s.Round));
        var reconciled = await db.ReconciledScores.AsNoTracking().Where(s => s.AssessmentId == access.AssessmentId).ToDictionaryAsync(s => s.CriterionId);
        var onSite = access.Round == AssessmentRound.OnSite;

        var dimensions = catalogue.Dimensions.Select(d => new ReconcileDimension(d.Kind, [.. d.Criteria.Select(c =>
        {
            var marks = members.Select(m =>
            {
                var current = scores.GetValueOrDefault((c.Id, m.Id, access.Round));
                var before = onSite ? scores.GetValueOrDefault((c.Id, m.Id, AssessmentRound.Preliminary))?.Mark : null;
                var mark = current?.Mark ?? Mark.None;
                return new MemberMark(m.DisplayName, mark, current?.Note, before is not null && before != mark ? before : null);
            }).ToList();
            var values = marks.Where(m => m.Mark.IsGiven).Select(m => m.Mark).Distinct().Count();
            reconciled.TryGetValue(c.Id, out var r);
            return new ReconcileRow(c, marks, values > 1, r?.Mark ?? Mark.None, r?.Note, r?.RowVersion ?? 0);
        })])).ToList();
        return new ReconcilePage(header, access, [.. members.Select(m => m.DisplayName)], dimensions,
            new ResultView(catalogue.Evaluate(reconciled.ToDictionary(r => r.Key, r => r.Value.Mark)), catalogue));
    }

    /// <summary>
    /// Saves the chair's marks. A row someone else changed since the page was loaded is not
    /// overwritten: it is named in a conflict message and the rest is saved.
    /// </summary>
    public async Task<Result> SaveAsync(AssessmentAccessInfo access, ReconcileForm form) => (await SaveRowsAsync(access, form)).Result;

    /// <summary>
    /// As <see cref="SaveAsync"/>, and the state of each row now stored (its new row version and value),
    /// so the page's per-row autosave can base its next change on it.
    /// </summary>
    public async Task<(Result Result, IReadOnlyList<ReconciledRowState> Rows)> SaveRowsAsync(AssessmentAccessInfo access, ReconcileForm form)
    {
        if (!access.CanReconcile)
        {
            return (new Message(access.IsSignedOff ? "Assessments.Locked" : "Assessments.ChairOnly"), []);
        }

        var catalogue = await catalogues.GetAsync(access.CycleId);
        var existing = await db.ReconciledScores.Where(s => s.AssessmentId == access.AssessmentId).ToDictionaryAsync(s => s.CriterionId);
        var round = access.Round;
        var memberMarks = (await db.MemberScores.AsNoTracking().Where(s => s.AssessmentId == access.AssessmentId && s.Round == round)
            .Where(s => !db.ConflictDeclarations.Any(c => c.AssessmentId == access.AssessmentId && c.UserId == s.AssessorUserId && c.HasConflict))
            .Select(s => new { s.CriterionId, s.Mark }).ToListAsync())
            .Where(s => s.Mark.IsGiven)
            .ToLookup(s => s.CriterionId, s => s.Mark);
        var problems = new List<Message>();
        if (form.Rows.Any(r => !catalogue.Criteria.ContainsKey(r.CriterionId)))
        {
            problems.Add(new Message("Scoring.UnknownCriterion"));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var stored = new List<(int CriterionId, ReconciledScore? Score, string Original, uint RowVersion)>();
        foreach (var input in form.Rows)
        {
            if (!catalogue.Criteria.TryGetValue(input.CriterionId, out var criterion))
            {
                continue;
            }

            var (mark, problem) = input.Read(criterion);
            if (problem is not null)
            {
                problems.Add(problem);
                continue;
            }

            var note = input.CleanNote;
            var submitted = MarkInput.Snapshot(mark, note);
            if (submitted == input.Original)
            {
                stored.Add((criterion.Id, null, input.Original, input.RowVersion));
                continue;
            }

            existing.TryGetValue(criterion.Id, out var score);
            if ((score?.RowVersion ?? 0) != input.RowVersion)
            {
                if (MarkInput.Snapshot(score?.Mark ?? Mark.None, score?.Note) != submitted)
                {
                    problems.Add(new Message("Reconcile.Conflict", criterion.Code));
                }

                continue;
            }

            var members = memberMarks[criterion.Id].ToList();
            if (mark.IsGiven && members.Count > 0 && !members.Contains(mark) && note is null)
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

            score.Mark = mark;
            score.Note = note;
            score.UpdatedAtUtc = now;
            score.UpdatedByUserId = access.UserId;
            stored.Add((criterion.Id, score, submitted, 0));
        }

        try
        {
            await db.SaveChangesAsync();
        }
        catch (Exception e) when (e is DbUpdateConcurrencyException || (e is DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } }))
        {
            // Someone saved between our read and our write: nothing of this save went in.
            db.ChangeTracker.Clear();
            return (new Message("Reconcile.ConflictAll"), []);
        }

        // The row version PostgreSQL gave each saved row (read back by the same statement).
        return (new Result(problems), [.. stored.Select(r => new ReconciledRowState(r.CriterionId, r.Score?.RowVersion ?? r.RowVersion, r.Original))]);
    }
}
