using System.Text.RegularExpressions;

namespace GeccAssessment.Tests.Features.Shell;

/// <summary>
/// The pages load only the icons the app uses (wwwroot/lib/bootstrap-icons/bootstrap-icons.subset.css,
/// made by tools/subset-icons.py): an icon used without re-running the script would show as nothing.
/// </summary>
public partial class IconSubsetTests
{
    [Fact]
    public void Every_icon_used_is_in_the_subset()
    {
        var web = Path.Combine(ResourceTests.FindRepositoryRoot(), "src", "GeccAssessment.Web");
        string[] skipped = ["bin", "obj", "lib", "node_modules"];
        var used = Directory.EnumerateFiles(web, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".js", StringComparison.Ordinal))
                && !Path.GetRelativePath(web, f).Split(Path.DirectorySeparatorChar).Any(skipped.Contains))
            .SelectMany(f => IconClass().Matches(File.ReadAllText(f)).Select(m => m.Value))
            .ToHashSet();
        var subset = File.ReadAllText(Path.Combine(web, "wwwroot", "lib", "bootstrap-icons", "bootstrap-icons.subset.css"));

        Assert.Contains("bi-arrow-left", used);
        Assert.Empty(used.Where(icon => !subset.Contains("." + icon + "::before", StringComparison.Ordinal)).Order());
        Assert.True(File.Exists(Path.Combine(web, "wwwroot", "lib", "bootstrap-icons", "fonts", "bootstrap-icons.subset.woff2")));
    }

    [GeneratedRegex(@"\bbi-[a-z0-9-]+")]
    private static partial Regex IconClass();
}
