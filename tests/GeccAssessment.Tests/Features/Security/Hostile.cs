using AngleSharp.Dom;
using GeccAssessment.Tests.Features.Assessments;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GeccAssessment.Tests.Features.Security;

/// <summary>Hostile text, and the checks that it stayed text and where it was stored.</summary>
public static class Hostile
{
    /// <summary>A fresh marker: it makes one test's text findable in the database and on pages.</summary>
    public static string NewTag() => "hx" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>
    /// Thai around an attempt to leave an attribute and a textarea, then a script and an image with
    /// an event handler, as a user could type or paste it into any field.
    /// </summary>
    public static string Text(string tag) =>
        $"สำนักงาน\"'></textarea><script>alert('{tag}')</script><img src=x onerror=alert('{tag}')>ทดสอบ";

    /// <summary>Nothing on the page is live markup of the user's: no inline script, no event handler, no image from the text.</summary>
    public static void AssertInert(IDocument page)
    {
        // The app's own pages have no inline script or handler at all (SecurityHeadersTests), so any is injected.
        Assert.Empty(page.QuerySelectorAll("script:not([src])"));
        Assert.DoesNotContain(page.All.SelectMany(e => e.Attributes), a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(page.QuerySelectorAll("img[src='x']"));
    }

    /// <summary>The page is inert and shows the text as text: in what is displayed, or as a field's value or a link.</summary>
    public static void AssertShownAsText(IDocument page, string text)
    {
        AssertInert(page);
        var shown = page.All.SelectMany(e => e.Attributes).Select(a => a.Value).Prepend(page.Body?.TextContent ?? "");
        Assert.True(shown.Any(s => s.Contains(text, StringComparison.Ordinal)), $"{page.Url} does not show the text as typed");
    }

    /// <summary>Every text column of the database that holds <paramref name="tag"/>, as "Table.Column", with the values holding it.</summary>
    public static async Task<Dictionary<string, List<string>>> StoredAsync(GeccAppFactory app, string tag)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionStringFor(app.DatabaseName));
        await connection.OpenAsync();
        var columns = new List<(string Table, string Column)>();
        await using (var list = new NpgsqlCommand(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb')", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var found = new Dictionary<string, List<string>>();
        foreach (var (table, column) in columns)
        {
            await using var query = new NpgsqlCommand($"SELECT \"{column}\"::text FROM \"{table}\" WHERE \"{column}\"::text LIKE @pattern", connection);
            query.Parameters.AddWithValue("pattern", "%" + tag + "%");
            await using var reader = await query.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                found.TryAdd($"{table}.{column}", []);
                found[$"{table}.{column}"].Add(reader.GetString(0));
            }
        }

        return found;
    }

    /// <summary>An assessment scene whose application is back in the applicant's hands (returned for correction), with the applicant signed in.</summary>
    public static async Task<(AssessmentScene Scene, HttpClient Applicant)> EditableApplicationAsync(GeccAppFactory app)
    {
        var scene = await AssessmentSteps.ArrangeAsync(app);
        await app.WithDbAsync(db => db.Applications.Where(a => a.Id == scene.Application.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, ApplicationStatus.Returned)));
        return (scene, await AssessmentSteps.SignedInAsync(app, scene.ApplicantEmail));
    }

    /// <summary>Posts the self-assessment form as the page has it (intent "save"), changed by <paramref name="change"/>, with the files; returns the page after.</summary>
    public static async Task<IDocument> SaveSelfAssessmentAsync(
        HttpClient applicant, AssessmentScene scene,
        Func<IDocument, List<KeyValuePair<string, string>>, List<KeyValuePair<string, string>>> change,
        IEnumerable<(string Name, string FileName, byte[] Content)>? files = null)
    {
        var url = $"/applications/edit/{scene.Application.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        var form = $"form[action='/applications/save/{scene.Application.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}']";
        var page = await applicant.GetPageAsync(url);
        var fields = change(page, HtmlForms.FieldsOf(page, form).With("intent", "save"));
        var response = await applicant.PostMultipartAsync(page, form, fields, files);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return await applicant.GetPageAsync(url);
    }

    /// <summary>The name of the form field behind the element with this id (answers are named by position, not by criterion).</summary>
    public static string FieldName(IDocument page, string elementId) => page.GetElementById(elementId)!.GetAttribute("name")!;
}
