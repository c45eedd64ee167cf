using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace GeccAssessment.Tests.Features.Shell;

/// <summary>Every string the UI asks for exists in Thai and in English.</summary>
public partial class ResourceTests
{
    private static readonly string WebProject = Path.Combine(FindRepositoryRoot(), "src", "GeccAssessment.Web");

    private static Dictionary<string, string> Load(string file) =>
        XDocument.Load(Path.Combine(WebProject, "Resources", file)).Root!.Elements("data")
            .ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value);

    [Fact]
    public void Thai_and_english_have_the_same_keys_and_no_empty_values()
    {
        var thai = Load("SharedResource.resx");
        var english = Load("SharedResource.en.resx");

        Assert.Empty(thai.Keys.Except(english.Keys));
        Assert.Empty(english.Keys.Except(thai.Keys));
        Assert.DoesNotContain(thai, kv => string.IsNullOrWhiteSpace(kv.Value));
        Assert.DoesNotContain(english, kv => string.IsNullOrWhiteSpace(kv.Value));
    }

    [Fact]
    public void Every_literal_key_used_in_code_and_views_exists()
    {
        var thai = Load("SharedResource.resx");
        var used = Directory.EnumerateFiles(WebProject, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => KeyPattern().Matches(File.ReadAllText(f)).Select(m => m.Groups["key"].Value))
            .Distinct()
            .ToList();

        Assert.NotEmpty(used);
        Assert.DoesNotContain(used, k => !thai.ContainsKey(k));
    }

    /// <summary>The audit trail names each audited entity through "Entity." + its type name, a key no literal shows.</summary>
    [Fact]
    public void Every_audited_entity_has_a_name_in_the_audit_trail()
    {
        var thai = Load("SharedResource.resx");
        var audited = typeof(GeccAssessment.Web.Domain.IAudited).Assembly.GetTypes()
            .Where(t => t.IsClass && typeof(GeccAssessment.Web.Domain.IAudited).IsAssignableFrom(t)).Select(t => "Entity." + t.Name).ToList();

        Assert.Contains("Entity.MemberScore", audited);
        Assert.DoesNotContain(audited, k => !thai.ContainsKey(k));
    }

    internal static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "GeccAssessment.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("GeccAssessment.sln not found above " + AppContext.BaseDirectory);
    }

    // T["Key"], localizer["Key"], and DataAnnotations' ErrorMessage = "Key" / Name = "Key" (keys have a dot).
    [GeneratedRegex(@"(?:T\[|localizer\[|ErrorMessage = |Name = )""(?<key>[A-Z][A-Za-z]+\.[A-Za-z0-9.]+)""")]
    private static partial Regex KeyPattern();
}
