using System.Text.RegularExpressions;

namespace GeccAssessment.Tests.Features.Shell;

/// <summary>
/// The pages load Bootstrap's stylesheet less the rules no view uses (wwwroot/lib/bootstrap/bootstrap.purged.css,
/// made by tools/purge-bootstrap.sh with purgecss): a class used without re-running the script would silently
/// lose its style. The check follows purgecss's own rule: a selector whose every class is a word somewhere in the
/// views, C# code, scripts or Bootstrap's script must be kept.
/// </summary>
public partial class BootstrapPurgeTests
{
    [Fact]
    public void Every_rule_for_classes_in_use_is_in_the_purged_stylesheet()
    {
        var web = Path.Combine(ResourceTests.FindRepositoryRoot(), "src", "GeccAssessment.Web");
        var bootstrap = Path.Combine(web, "wwwroot", "lib", "bootstrap");
        string[] skipped = ["bin", "obj", "lib", "node_modules"];
        var words = Directory.EnumerateFiles(web, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".js", StringComparison.Ordinal))
                && !Path.GetRelativePath(web, f).Split(Path.DirectorySeparatorChar).Any(skipped.Contains))
            .Append(Path.Combine(bootstrap, "bootstrap.bundle.min.js"))
            .SelectMany(f => Word().Matches(File.ReadAllText(f)).Select(m => m.Value))
            .ToHashSet(StringComparer.Ordinal);
        var purged = Selectors(File.ReadAllText(Path.Combine(bootstrap, "bootstrap.purged.css")));

        // The app has no dark theme: those rules may go.
        var missing = Selectors(File.ReadAllText(Path.Combine(bootstrap, "bootstrap.min.css")))
            .Where(s => !s.Contains("[data-bs-theme", StringComparison.Ordinal))
            .Where(s =>
            {
                var classes = ClassName().Matches(Attribute().Replace(s, "")).Select(m => m.Groups[1].Value).ToList();
                return classes.Count > 0 && classes.All(words.Contains);
            })
            .Where(s => !purged.Contains(s))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Contains(".btn-primary", purged);
        Assert.Contains(".dropdown-menu[data-bs-popper]", purged);
        Assert.DoesNotContain(".accordion-button", purged);
        Assert.True(missing.Count == 0, "Run tools/purge-bootstrap.sh: these rules are used but not in bootstrap.purged.css: " + string.Join(", ", missing.Take(20)));
    }

    private static HashSet<string> Selectors(string css) =>
        RuleHead().Matches(Comment().Replace(css, ""))
            .SelectMany(m => m.Groups[1].Value.Split(','))
            .Select(s => s.Trim())
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"[A-Za-z0-9_-]+")]
    private static partial Regex Word();

    [GeneratedRegex(@"\.(-?[A-Za-z_][\w-]*)")]
    private static partial Regex ClassName();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Attribute();

    [GeneratedRegex(@"([^{}@;]+)\{")]
    private static partial Regex RuleHead();

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comment();
}
