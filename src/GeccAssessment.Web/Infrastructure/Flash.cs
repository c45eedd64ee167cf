using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace GeccAssessment.Web.Infrastructure;

public enum FlashKind
{
    /// <summary>Shown as "saved: …", announced politely.</summary>
    Saved,

    /// <summary>Shown as an alert, announced assertively.</summary>
    Error,
}

/// <summary>
/// The one-line outcome of the last action (Post/Redirect/Get), kept in TempData under the key of its
/// kind. Controllers set it through here and <c>_Flash.cshtml</c> reads it through here.
/// </summary>
public static class Flash
{
    public static void Set(this ITempDataDictionary tempData, FlashKind kind, string text) => tempData[kind.ToString()] = text;

    public static string? Get(this ITempDataDictionary tempData, FlashKind kind) => tempData[kind.ToString()] as string;
}
