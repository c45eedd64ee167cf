using System.Globalization;
using GeccAssessment.Web.Domain;

namespace GeccAssessment.Web.Features.Catalogue;

/// <summary>One criterion of a cycle with every flag; <see cref="Rules"/> is what marks are checked and scored against.</summary>
public sealed record CatalogueCriterion(
    int Id, int DimensionId, DimensionKind Kind, string Code, string TitleTh, string? TitleEn, string? Guidance,
    int MaxPoints, bool IsMandatory, bool EvidenceRequired, bool AllowNotApplicable, int SortOrder)
{
    public PolicyCriterion Rules { get; } = new(Id, Kind, MaxPoints, IsMandatory, AllowNotApplicable);
}

public sealed record CatalogueDimension(int Id, DimensionKind Kind, int SortOrder, decimal MinimumPercent, IReadOnlyList<CatalogueCriterion> Criteria);

public sealed record CatalogueLevel(int Rank, string NameTh, string NameEn, decimal MinimumPercent)
{
    /// <summary>The name in the reader's language; documents, which are always Thai, use <see cref="NameTh"/>.</summary>
    public string Name(CultureInfo culture) => culture.TwoLetterISOLanguageName == "en" ? NameEn : NameTh;
}

/// <summary>
/// A cycle's catalogue, immutable: dimensions in order with their criteria, and the certification
/// levels. Everything that validates, scores, shows or prints a mark takes it from
/// <see cref="CatalogueProvider"/> instead of loading the tables again.
/// </summary>
public sealed class CycleCatalogue
{
    public CycleCatalogue(int cycleId, bool isLocked, IReadOnlyList<CatalogueDimension> dimensions, IReadOnlyList<CatalogueLevel> levels)
    {
        CycleId = cycleId;
        IsLocked = isLocked;
        Dimensions = dimensions;
        Levels = levels;
        Criteria = dimensions.SelectMany(d => d.Criteria).ToDictionary(c => c.Id);
        Policy = new PolicyCatalogue(
            [.. dimensions.Select(d => new PolicyDimension(d.Kind, d.MinimumPercent))],
            [.. dimensions.SelectMany(d => d.Criteria).Select(c => c.Rules)],
            [.. levels.Select(l => new PolicyLevel(l.Rank, l.MinimumPercent))]);
    }

    public int CycleId { get; }

    public bool IsLocked { get; }

    public IReadOnlyList<CatalogueDimension> Dimensions { get; }

    /// <summary>Criteria by id, in catalogue order.</summary>
    public IReadOnlyDictionary<int, CatalogueCriterion> Criteria { get; }

    /// <summary>Lowest rank first.</summary>
    public IReadOnlyList<CatalogueLevel> Levels { get; }

    public PolicyCatalogue Policy { get; }

    public ScoringResult Evaluate(IReadOnlyDictionary<int, Mark> marks) => ScoringPolicy.Evaluate(Policy, marks);

    public CatalogueLevel? Level(int? rank) => Levels.FirstOrDefault(l => l.Rank == rank);

    public string Codes(IEnumerable<int> criterionIds) => string.Join(", ", criterionIds.Select(id => Criteria[id].Code));
}
