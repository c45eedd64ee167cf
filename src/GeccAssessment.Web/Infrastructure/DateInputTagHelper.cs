using System.Globalization;
using GeccAssessment.Web.Domain;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Localization;

namespace GeccAssessment.Web.Infrastructure;

/// <summary>
/// The one date field of the app (ADR 0006): <c>&lt;date-input name="MeetingDate" value="@date" /&gt;</c>.
/// A text box for a day typed the Thai way (15/07/2563, 15 ก.ค. 2563) — never the browser's date
/// picker, which counts years in the Christian era and took 2563 as the year 2563 — and under it how
/// the date will read ("15 กรกฎาคม พ.ศ. 2563"), written by the server and kept current by
/// js/date-input.js as the person types. The server reads it with <see cref="ThaiDateModelBinder"/>.
/// After a refused post the field shows what was typed, marked invalid.
/// </summary>
[HtmlTargetElement("date-input", TagStructure = TagStructure.WithoutEndTag)]
public sealed class DateInputTagHelper(IStringLocalizer<SharedResource> localizer) : TagHelper
{
    [HtmlAttributeName("name")]
    public string Name { get; set; } = "";

    [HtmlAttributeName("id")]
    public string? Id { get; set; }

    [HtmlAttributeName("value")]
    public DateOnly? Value { get; set; }

    [HtmlAttributeName("required")]
    public bool Required { get; set; }

    /// <summary>Extra classes for the text box (e.g. "mb-0").</summary>
    [HtmlAttributeName("class")]
    public string? CssClass { get; set; }

    [HtmlAttributeNotBound]
    [ViewContext]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var id = Id ?? TagBuilder.CreateSanitizedId(Name, "_");
        var readsId = id + "-reads";
        var entry = ViewContext.ViewData.ModelState.TryGetValue(Name, out var state) ? state : null;
        var invalid = entry?.Errors.Count > 0;
        var typed = invalid ? entry!.AttemptedValue : Value is { } v ? ThaiDateInput.Format(v) : "";
        var culture = CultureInfo.CurrentUICulture;

        output.TagName = null;
        var input = new TagBuilder("input") { TagRenderMode = TagRenderMode.SelfClosing };
        input.MergeAttribute("type", "text");
        input.MergeAttribute("id", id);
        input.MergeAttribute("name", Name);
        input.MergeAttribute("value", typed ?? "");
        input.MergeAttribute("autocomplete", "off");
        input.MergeAttribute("spellcheck", "false");
        input.MergeAttribute("placeholder", localizer["DateInput.Placeholder"].Value);
        input.MergeAttribute("aria-describedby", readsId);
        input.MergeAttribute("data-date-input", "");
        input.AddCssClass("form-control date-input");
        if (CssClass is { Length: > 0 })
        {
            input.AddCssClass(CssClass);
        }

        if (Required)
        {
            input.MergeAttribute("required", "required");
        }

        if (invalid)
        {
            input.MergeAttribute("aria-invalid", "true");
            input.AddCssClass("is-invalid");
        }

        // What the server read is what the person sees; the script only keeps it current while typing.
        var reads = new TagBuilder("div");
        reads.MergeAttribute("id", readsId);
        reads.AddCssClass("form-text date-reads");
        reads.MergeAttribute("aria-live", "polite");
        reads.MergeAttribute("data-reads", localizer["DateInput.Reads", "{0}"].Value);
        reads.MergeAttribute("data-hint", localizer["DateInput.Hint"].Value);
        reads.MergeAttribute("data-unreadable", localizer["DateInput.UnreadableShort"].Value);
        reads.MergeAttribute("data-lang", culture.TwoLetterISOLanguageName);
        reads.InnerHtml.Append(!invalid && Value is { } date
            ? localizer["DateInput.Reads", BuddhistEraDate.Long(date, culture)].Value
            : localizer["DateInput.Hint"].Value);

        output.Content.AppendHtml(input);
        output.Content.AppendHtml(reads);
    }
}
