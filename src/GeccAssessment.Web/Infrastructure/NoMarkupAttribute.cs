using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;
using Microsoft.Extensions.Localization;

namespace GeccAssessment.Web.Infrastructure;

/// <summary>
/// Refuses HTML tags in names and short texts ("&lt;script&gt;", "&lt;b&gt;"). Pages encode
/// everything anyway; this tells the user plainly instead of storing markup that prints oddly in PDFs.
/// A lone "&lt;" as in "&lt; 15 นาที" is fine.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed partial class NoMarkupAttribute : ValidationAttribute
{
    public NoMarkupAttribute() => ErrorMessage = "Validation.NoMarkup";

    public override bool IsValid(object? value) => value is not string text || !HasMarkup(text);

    /// <summary>For services that check free text outside model binding.</summary>
    public static bool HasMarkup(string text) => TagPattern().IsMatch(text);

    [GeneratedRegex(@"<\s*[/!?a-zA-Z]")]
    private static partial Regex TagPattern();
}

/// <summary>
/// MVC localizes a validation message only through an attribute adapter; built-in attributes have
/// one, this provider adds one for <see cref="NoMarkupAttribute"/>.
/// </summary>
public sealed class GeccValidationAttributeAdapterProvider : IValidationAttributeAdapterProvider
{
    private readonly ValidationAttributeAdapterProvider _builtIn = new();

    public IAttributeAdapter? GetAttributeAdapter(ValidationAttribute attribute, IStringLocalizer? stringLocalizer) =>
        attribute is NoMarkupAttribute noMarkup
            ? new NoMarkupAdapter(noMarkup, stringLocalizer)
            : _builtIn.GetAttributeAdapter(attribute, stringLocalizer);

    private sealed class NoMarkupAdapter(NoMarkupAttribute attribute, IStringLocalizer? localizer)
        : AttributeAdapterBase<NoMarkupAttribute>(attribute, localizer)
    {
        public override void AddValidation(ClientModelValidationContext context)
        {
            // Server-side only: the app ships no client-side validation scripts.
        }

        public override string GetErrorMessage(ModelValidationContextBase validationContext) =>
            GetErrorMessage(validationContext.ModelMetadata, validationContext.ModelMetadata.GetDisplayName());
    }
}
