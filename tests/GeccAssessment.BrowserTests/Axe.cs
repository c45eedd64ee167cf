using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace GeccAssessment.BrowserTests;

/// <summary>axe-core on the page as it stands, its serious and critical violations only.</summary>
public static class Axe
{
    // Asking axe for violations only spares it building the passes and "needs review" lists, node by
    // node, which is most of its time on a long page; the violations it finds are the same.
    private static readonly AxeRunOptions ViolationsOnly = new() { ResultTypes = [ResultType.Violations] };

    public static async Task<IReadOnlyList<AxeResultItem>> SeriousViolationsAsync(IPage page) =>
        (await page.RunAxe(ViolationsOnly)).Violations.Where(v => v.Impact is "serious" or "critical").ToList();
}
