using GeccAssessment.Web.Domain;
using Microsoft.Extensions.Localization;

namespace GeccAssessment.Web.Infrastructure;

public static class MarkWordsLocalizer
{
    /// <summary>The words for marks in the current UI culture (documents set Thai before they ask).</summary>
    public static MarkWords MarkWords(this IStringLocalizer localizer) =>
        new(localizer["Scoring.NotApplicableShort"].Value, localizer["Scoring.Pass"].Value, localizer["Scoring.Fail"].Value, "–");
}
