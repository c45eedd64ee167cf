using System.Globalization;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace GeccAssessment.Web.Infrastructure;

/// <summary>
/// Names kept in Thai and, where given, in English (provinces, districts, agencies, criteria, levels):
/// the reader's language when there is one; a Thai name shown on an English page says so with
/// <c>lang="th"</c>, so that a screen reader pronounces it in Thai.
/// </summary>
public static class LocalNames
{
    public static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    /// <summary>The plain text (for attributes and options).</summary>
    public static string Text(string th, string? en) => English && !string.IsNullOrWhiteSpace(en) ? en : th;

    /// <summary>The name as markup: the English one, or the Thai one marked as Thai on an English page.</summary>
    public static IHtmlContent LocalName(this IHtmlHelper html, string th, string? en)
    {
        if (!English)
        {
            return new HtmlContentBuilder().Append(th);
        }

        if (!string.IsNullOrWhiteSpace(en))
        {
            return new HtmlContentBuilder().Append(en);
        }

        var builder = new TagBuilder("span");
        builder.Attributes["lang"] = "th";
        builder.InnerHtml.Append(th);
        return builder;
    }

    /// <summary>A name that has no English (a service point's, a person's): marked as Thai on an English page.</summary>
    public static IHtmlContent ThaiName(this IHtmlHelper html, string th) => html.LocalName(th, null);
}
