using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Catalogue;
using GeccAssessment.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Cycles;

/// <summary>The secretariat's cycles and their criteria catalogues. A catalogue freezes at the first submission.</summary>
public class CycleService(ApplicationDbContext db, CatalogueProvider catalogues, TimeProvider clock)
{
    public const string Locked = "Catalogue.Locked";

    public Task<PagedList<CycleRow>> ListAsync(int page, CancellationToken cancellationToken) =>
        PagedList<CycleRow>.CreateAsync(Rows(db.Cycles.OrderByDescending(c => c.BuddhistYear)), page, cancellationToken: cancellationToken);

    private IQueryable<CycleRow> Rows(IQueryable<Cycle> cycles) =>
        cycles.AsNoTracking().Select(c => new CycleRow(
            c.Id, c.BuddhistYear, c.Title, c.Status, c.ApplicationOpensOn, c.ApplicationClosesOn,
            db.Criteria.Count(x => x.CycleId == c.Id), db.Applications.Count(a => a.CycleId == c.Id), c.CatalogueLockedAtUtc != null));

    public async Task<CycleForm?> FormAsync(int id) =>
        await db.Cycles.AsNoTracking().Where(c => c.Id == id).Select(c => new CycleForm
        {
            Id = c.Id,
            BuddhistYear = c.BuddhistYear,
            Title = c.Title,
            ApplicationOpensOn = c.ApplicationOpensOn,
            ApplicationClosesOn = c.ApplicationClosesOn,
            AssessmentStartsOn = c.AssessmentStartsOn,
            AssessmentEndsOn = c.AssessmentEndsOn,
            AwardOn = c.AwardOn,
            CertificateValidityYears = c.CertificateValidityYears,
            SignatoryName = c.SignatoryName,
            SignatoryPosition = c.SignatoryPosition,
        }).SingleOrDefaultAsync();

    public async Task<SaveResult> SaveAsync(CycleForm form)
    {
        var year = form.BuddhistYear!.Value;
        // Arguments for every date message: the window the cycle's year allows, and the year.
        object[] window = [BuddhistEraDate.Long(Cycle.EarliestDateOf(year)), BuddhistEraDate.Long(Cycle.LatestDateOf(year)), year];
        var errors = Cycle.DateProblems(year, form.ApplicationOpensOn!.Value, form.ApplicationClosesOn!.Value, form.AssessmentStartsOn!.Value, form.AssessmentEndsOn!.Value, form.AwardOn)
            .Select(p => (p.Field, new Message(p.Key, window))).ToList();
        if (await db.Cycles.AnyAsync(c => c.BuddhistYear == form.BuddhistYear && c.Id != form.Id))
        {
            errors.Add((nameof(CycleForm.BuddhistYear), new Message("Cycles.YearTaken")));
        }

        if (errors.Count > 0)
        {
            return SaveResult.InvalidFields(errors);
        }

        Cycle? cycle;
        if (form.Id == 0)
        {
            cycle = new Cycle { Title = "", CreatedAtUtc = clock.GetUtcNow().UtcDateTime };
            // Every catalogue has the four dimensions and three levels; the secretariat adjusts them.
            cycle.Dimensions.AddRange(Enum.GetValues<DimensionKind>().Select(k => new Dimension { Kind = k, SortOrder = (int)k, MinimumPercent = 60m }));
            cycle.Levels.AddRange(
            [
                new CertificationLevel { Rank = 1, NameTh = "ระดับพื้นฐาน", NameEn = "Basic", MinimumPercent = 70m },
                new CertificationLevel { Rank = 2, NameTh = "ระดับก้าวหน้า", NameEn = "Advanced", MinimumPercent = 80m },
                new CertificationLevel { Rank = 3, NameTh = "ระดับเป็นเลิศ", NameEn = "Excellence", MinimumPercent = 90m },
            ]);
            db.Cycles.Add(cycle);
        }
        else
        {
            cycle = await db.Cycles.SingleOrDefaultAsync(c => c.Id == form.Id);
            if (cycle is null)
            {
                return SaveResult.NotFound;
            }
        }

        cycle.BuddhistYear = form.BuddhistYear!.Value;
        cycle.Title = form.Title.Trim();
        cycle.ApplicationOpensOn = form.ApplicationOpensOn!.Value;
        cycle.ApplicationClosesOn = form.ApplicationClosesOn!.Value;
        cycle.AssessmentStartsOn = form.AssessmentStartsOn!.Value;
        cycle.AssessmentEndsOn = form.AssessmentEndsOn!.Value;
        cycle.AwardOn = form.AwardOn;
        cycle.CertificateValidityYears = form.CertificateValidityYears!.Value;
        cycle.SignatoryName = form.SignatoryName!.Trim();
        cycle.SignatoryPosition = form.SignatoryPosition!.Trim();
        await db.SaveChangesAsync();
        form.Id = cycle.Id;
        return SaveResult.Saved;
    }

    public async Task<SaveResult> AdvanceAsync(int id, CycleStatus expectedNext)
    {
        var cycle = await db.Cycles.SingleOrDefaultAsync(c => c.Id == id);
        if (cycle is null)
        {
            return SaveResult.NotFound;
        }

        if (!CycleWorkflow.CanMove(cycle.Status, expectedNext))
        {
            return SaveResult.Invalid("Workflow.NotAllowed");
        }

        cycle.Status = expectedNext;
        await db.SaveChangesAsync();
        return SaveResult.Saved;
    }

    public async Task<CataloguePage?> CatalogueAsync(int id)
    {
        var cycle = await db.Cycles.AsNoTracking()
            .Include(c => c.Dimensions.OrderBy(d => d.SortOrder)).ThenInclude(d => d.Criteria.OrderBy(x => x.SortOrder).ThenBy(x => x.Code))
            .Include(c => c.Levels.OrderBy(l => l.Rank))
            .AsSplitQuery()
            .SingleOrDefaultAsync(c => c.Id == id);
        if (cycle is null)
        {
            return null;
        }

        var sources = await Rows(db.Cycles.Where(c => c.Id != id && db.Criteria.Any(x => x.CycleId == c.Id)).OrderByDescending(c => c.BuddhistYear).Take(20)).ToListAsync();
        return new CataloguePage(cycle.Id, cycle.BuddhistYear, cycle.Title, cycle.Status, cycle.CatalogueLockedAtUtc != null,
            [.. cycle.Dimensions.Select(d => new DimensionBlock(d.Id, d.Kind, d.SortOrder, d.MinimumPercent,
                [.. d.Criteria.Select(c => new CriterionRow(c.Id, c.Code, c.TitleTh, c.TitleEn, c.MaxPoints, c.IsMandatory, c.EvidenceRequired, c.AllowNotApplicable, c.SortOrder))]))],
            cycle.Levels, sources);
    }

    public async Task<SaveResult> SaveSettingsAsync(int cycleId, CatalogueSettingsForm form)
    {
        var cycle = await db.Cycles.Include(c => c.Dimensions).Include(c => c.Levels).SingleOrDefaultAsync(c => c.Id == cycleId);
        if (cycle is null)
        {
            return SaveResult.NotFound;
        }

        if (cycle.CatalogueLockedAtUtc is not null)
        {
            return SaveResult.Invalid(Locked);
        }

        var levels = form.Levels.Select(l => (Level: cycle.Levels.SingleOrDefault(x => x.Id == l.Id), Setting: l)).ToList();
        if (levels.Any(l => l.Level is null) || form.Dimensions.Any(d => cycle.Dimensions.All(x => x.Id != d.Id)))
        {
            return SaveResult.NotFound;
        }

        // Higher levels must need higher percentages, or the level decision would be ambiguous.
        var ordered = levels.OrderBy(l => l.Level!.Rank).Select(l => l.Setting.MinimumPercent).ToList();
        if (ordered.Zip(ordered.Skip(1)).Any(pair => pair.Second <= pair.First))
        {
            return SaveResult.Invalid("Catalogue.LevelsAscending");
        }

        foreach (var setting in form.Dimensions)
        {
            var dimension = cycle.Dimensions.Single(d => d.Id == setting.Id);
            dimension.MinimumPercent = setting.MinimumPercent;
            dimension.SortOrder = setting.SortOrder;
        }

        foreach (var (level, setting) in levels)
        {
            level!.NameTh = setting.NameTh.Trim();
            level.NameEn = setting.NameEn.Trim();
            level.MinimumPercent = setting.MinimumPercent;
        }

        await db.SaveChangesAsync();
        catalogues.Evict(cycleId);
        return SaveResult.Saved;
    }

    public async Task<CriterionFormPage?> CriterionFormAsync(int cycleId, int? criterionId, int? dimensionId)
    {
        var cycle = await db.Cycles.AsNoTracking().Include(c => c.Dimensions).SingleOrDefaultAsync(c => c.Id == cycleId);
        if (cycle is null)
        {
            return null;
        }

        CriterionForm form;
        if (criterionId is { } id)
        {
            var criterion = await db.Criteria.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id && c.CycleId == cycleId);
            if (criterion is null)
            {
                return null;
            }

            form = new CriterionForm
            {
                Id = criterion.Id,
                CycleId = cycleId,
                DimensionId = criterion.DimensionId,
                Code = criterion.Code,
                TitleTh = criterion.TitleTh,
                TitleEn = criterion.TitleEn,
                Guidance = criterion.Guidance,
                MaxPoints = criterion.MaxPoints,
                IsMandatory = criterion.IsMandatory,
                EvidenceRequired = criterion.EvidenceRequired,
                AllowNotApplicable = criterion.AllowNotApplicable,
                SortOrder = criterion.SortOrder,
            };
        }
        else
        {
            form = new CriterionForm { CycleId = cycleId, DimensionId = dimensionId, MaxPoints = 5 };
        }

        return CriterionPage(cycle, form);
    }

    public async Task<CriterionFormPage?> CriterionPageAsync(CriterionForm form)
    {
        var cycle = await db.Cycles.AsNoTracking().Include(c => c.Dimensions).SingleOrDefaultAsync(c => c.Id == form.CycleId);
        return cycle is null ? null : CriterionPage(cycle, form);
    }

    private static CriterionFormPage CriterionPage(Cycle cycle, CriterionForm form) =>
        new(form, cycle.BuddhistYear, [.. cycle.Dimensions.OrderBy(d => d.SortOrder).Select(d => (d.Id, d.Kind))]);

    public async Task<SaveResult> SaveCriterionAsync(CriterionForm form)
    {
        var cycle = await db.Cycles.Include(c => c.Dimensions).SingleOrDefaultAsync(c => c.Id == form.CycleId);
        if (cycle is null || cycle.Dimensions.All(d => d.Id != form.DimensionId))
        {
            return SaveResult.NotFound;
        }

        if (cycle.CatalogueLockedAtUtc is not null)
        {
            return SaveResult.Invalid(Locked);
        }

        var code = form.Code.Trim().ToUpperInvariant();
        var errors = new List<string>();
        if (await db.Criteria.AnyAsync(c => c.CycleId == form.CycleId && c.Code == code && c.Id != form.Id))
        {
            errors.Add("Catalogue.CodeTaken");
        }

        if (form.IsMandatory && form.AllowNotApplicable)
        {
            errors.Add("Catalogue.MandatoryNotApplicable");
        }

        if (errors.Count > 0)
        {
            return SaveResult.Invalid([.. errors]);
        }

        Criterion? criterion;
        if (form.Id == 0)
        {
            criterion = new Criterion { CycleId = form.CycleId, Code = "", TitleTh = "" };
            db.Criteria.Add(criterion);
        }
        else
        {
            criterion = await db.Criteria.SingleOrDefaultAsync(c => c.Id == form.Id && c.CycleId == form.CycleId);
            if (criterion is null)
            {
                return SaveResult.NotFound;
            }
        }

        criterion.DimensionId = form.DimensionId!.Value;
        criterion.Code = code;
        criterion.TitleTh = form.TitleTh.Trim();
        criterion.TitleEn = form.TitleEn?.Trim();
        criterion.Guidance = form.Guidance?.Trim();
        criterion.MaxPoints = form.MaxPoints!.Value;
        criterion.IsMandatory = form.IsMandatory;
        criterion.EvidenceRequired = form.EvidenceRequired;
        criterion.AllowNotApplicable = form.AllowNotApplicable;
        criterion.SortOrder = form.SortOrder;
        await db.SaveChangesAsync();
        catalogues.Evict(criterion.CycleId);
        return SaveResult.Saved;
    }

    public async Task<SaveResult> DeleteCriterionAsync(int cycleId, int criterionId)
    {
        var criterion = await db.Criteria.SingleOrDefaultAsync(c => c.Id == criterionId && c.CycleId == cycleId);
        if (criterion is null)
        {
            return SaveResult.NotFound;
        }

        if (await db.Cycles.AnyAsync(c => c.Id == cycleId && c.CatalogueLockedAtUtc != null))
        {
            return SaveResult.Invalid(Locked);
        }

        // Draft answers to a removed criterion go with it; nothing was submitted yet (the catalogue is not locked).
        await db.SelfAssessmentAnswers.Where(a => a.CriterionId == criterionId).ExecuteDeleteAsync();
        await db.EvidenceFiles.Where(f => f.CriterionId == criterionId).ExecuteDeleteAsync();
        db.Criteria.Remove(criterion);
        await db.SaveChangesAsync();
        catalogues.Evict(cycleId);
        return SaveResult.Saved;
    }

    /// <summary>Replaces this cycle's catalogue (pass marks, levels, criteria) with a copy of another cycle's.</summary>
    public async Task<SaveResult> CopyCatalogueAsync(int targetId, int sourceId)
    {
        var target = await db.Cycles.Include(c => c.Dimensions).ThenInclude(d => d.Criteria).Include(c => c.Levels).SingleOrDefaultAsync(c => c.Id == targetId);
        var source = await db.Cycles.AsNoTracking().Include(c => c.Dimensions).ThenInclude(d => d.Criteria).Include(c => c.Levels)
            .AsSplitQuery().SingleOrDefaultAsync(c => c.Id == sourceId);
        if (target is null || source is null || targetId == sourceId)
        {
            return SaveResult.NotFound;
        }

        if (target.CatalogueLockedAtUtc is not null)
        {
            return SaveResult.Invalid(Locked);
        }

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var oldCriteria = target.Dimensions.SelectMany(d => d.Criteria).Select(c => c.Id).ToList();
            await db.SelfAssessmentAnswers.Where(a => oldCriteria.Contains(a.CriterionId)).ExecuteDeleteAsync();
            await db.EvidenceFiles.Where(f => oldCriteria.Contains(f.CriterionId)).ExecuteDeleteAsync();
            // Old criteria and levels go first, so that copied codes and ranks do not collide with them.
            db.Criteria.RemoveRange(target.Dimensions.SelectMany(d => d.Criteria));
            db.CertificationLevels.RemoveRange(target.Levels);
            await db.SaveChangesAsync();

            foreach (var dimension in target.Dimensions)
            {
                var from = source.Dimensions.SingleOrDefault(d => d.Kind == dimension.Kind);
                if (from is null)
                {
                    continue;
                }

                dimension.SortOrder = from.SortOrder;
                dimension.MinimumPercent = from.MinimumPercent;
                db.Criteria.AddRange(from.Criteria.Select(c => new Criterion
                {
                    CycleId = target.Id,
                    DimensionId = dimension.Id,
                    Code = c.Code,
                    TitleTh = c.TitleTh,
                    TitleEn = c.TitleEn,
                    Guidance = c.Guidance,
                    MaxPoints = c.MaxPoints,
                    IsMandatory = c.IsMandatory,
                    EvidenceRequired = c.EvidenceRequired,
                    AllowNotApplicable = c.AllowNotApplicable,
                    SortOrder = c.SortOrder,
                }));
            }

            db.CertificationLevels.AddRange(source.Levels.Select(level => new CertificationLevel
            {
                CycleId = target.Id,
                Rank = level.Rank,
                NameTh = level.NameTh,
                NameEn = level.NameEn,
                MinimumPercent = level.MinimumPercent,
            }));
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        });
        catalogues.Evict(targetId);
        return SaveResult.Saved;
    }
}
