using Deque.AxeCore.Commons;
using Microsoft.Playwright;
using Newtonsoft.Json.Linq;

namespace GeccAssessment.BrowserTests;

/// <summary>axe-core on the page as it stands, its serious and critical violations only.</summary>
public static class Axe
{
    /// <summary>axe-core as Deque's package ships it: the same script its <c>RunAxe</c> injects.</summary>
    private static readonly Lazy<string> Source = new(() =>
    {
        using var stream = typeof(AxeResult).Assembly.GetManifestResourceStream("Deque.AxeCore.Commons.Resources.axe.min.js")
            ?? throw new InvalidOperationException("axe.min.js is not in Deque.AxeCore.Commons any more");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <remarks>
    /// axe runs in the page itself, injected once per document. The package's <c>RunAxe</c> opens a blank
    /// page for every check to gather the frames' results in (and its in-page mode is obsolete): on this
    /// 2-core machine that cost about 2 of the 2.5 s of every check, whatever the page. The app draws no
    /// frames, so the same rules see the same nodes. Asking for violations only spares axe building the
    /// passes and "needs review" lists node by node; the violations are the same.
    /// </remarks>
    public static async Task<IReadOnlyList<AxeResultItem>> SeriousViolationsAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.EvaluateAsync(Source.Value);
        }

        var json = await page.EvaluateAsync<string>("async () => JSON.stringify(await axe.run(document, { resultTypes: ['violations'] }))");
        return new AxeResult(JObject.Parse(json)).Violations.Where(v => v.Impact is "serious" or "critical").ToList();
    }
}
