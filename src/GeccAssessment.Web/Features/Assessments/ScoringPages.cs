using GeccAssessment.Web.Domain;
using Microsoft.AspNetCore.Mvc;

namespace GeccAssessment.Web.Features.Assessments;

/// <summary>
/// The addresses of an assessment's scoring pages, one per dimension (ADR 0026). The first dimension's
/// page is /assessments/score/{id} itself, so the links that have always pointed there, and the copy
/// a browser keeps for working offline, stay one page; the others add the dimension:
/// /assessments/score/{id}/personnel. The service worker (sw.js) knows the same shape.
/// </summary>
public static class ScoringPages
{
    /// <param name="dimension">The dimension, or null for the first dimension's page.</param>
    public static string Of(IUrlHelper url, int assessmentId, DimensionKind? dimension) =>
        dimension is { } kind
            ? url.Action("Score", "Assessments", new { id = assessmentId, dimension = kind.ToString().ToLowerInvariant() })!
            : url.Action("Score", "Assessments", new { id = assessmentId })!;

    /// <summary>Every page of a sheet whose dimensions are these, in their order.</summary>
    public static IEnumerable<string> All(IUrlHelper url, int assessmentId, IEnumerable<DimensionKind> dimensions) =>
        dimensions.Select((kind, i) => Of(url, assessmentId, i == 0 ? null : kind));
}
