using System.Text;
using System.Text.RegularExpressions;

namespace GeccAssessment.Web.Domain;

/// <summary>How agency names compare: the C# twin of the database's computed Agencies.NormalizedName.</summary>
public static partial class AgencyNames
{
    public static string Normalize(string name) =>
        Spaces().Replace(name.Trim(), " ").Normalize(NormalizationForm.FormC).ToLowerInvariant();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
