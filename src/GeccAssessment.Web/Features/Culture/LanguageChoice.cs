using System.Globalization;
using GeccAssessment.Web.Data;
using GeccAssessment.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Culture;

/// <summary>
/// The th/en choice: the culture cookie the pages are shown in, and the language of the user's mail
/// (<see cref="Domain.MailPreference.Language"/>, "the language the user last chose in the app").
/// </summary>
public sealed class LanguageChoice(ApplicationDbContext db, UserManager<ApplicationUser> users)
{
    /// <summary>
    /// Set beside the culture cookie by a switch made signed out, and taken away at the next sign-in,
    /// which adopts that language for the mail. The culture cookie alone (a year long) cannot say
    /// so: adopted at every sign-in, it would undo a mail language chosen since on the Notifications page.
    /// </summary>
    public const string ChosenSignedOutCookie = "gecc.language-chosen";

    public static CultureInfo Parse(string? culture) => culture == WebSetup.English.Name ? WebSetup.English : WebSetup.Thai;

    /// <summary>Remembers the choice for the pages, for a year; made signed out, marks it for the next sign-in.</summary>
    public static void Remember(HttpContext http, CultureInfo chosen, bool signedOut)
    {
        var options = new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps };
        http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)), options);
        if (signedOut)
        {
            http.Response.Cookies.Append(ChosenSignedOutCookie, "1", options);
        }
    }

    /// <summary>Sets the language of the user's mail.</summary>
    public async Task SetMailLanguageAsync(string userId, CultureInfo chosen)
    {
        var language = chosen.TwoLetterISOLanguageName == "en" ? "en" : "th";
        // One statement, whether or not the user ever saved preferences (the kinds turned off are kept).
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "MailPreferences" ("UserId", "Language", "TurnedOff") VALUES ({userId}, {language}, ARRAY[]::text[])
            ON CONFLICT ("UserId") DO UPDATE SET "Language" = EXCLUDED."Language"
            """);
    }

    /// <summary>
    /// At a sign-in: a language chosen with the switch while signed out becomes the language of the
    /// user's mail, as the switch does for a signed-in user. Without such a choice nothing is written.
    /// </summary>
    /// <remarks>
    /// The language is the one the culture cookie gives this request, the one the sign-in page was
    /// shown in. That cookie may have come from another site's forged switch (the anonymous switch
    /// has no token, ADR 0016), but the user then signed in on a page in that language, and the
    /// switch is one click away; the sign-in post itself is checked for antiforgery.
    /// </remarks>
    public async Task AdoptSignedOutChoiceAsync(HttpContext http, string userName)
    {
        if (!http.Request.Cookies.ContainsKey(ChosenSignedOutCookie))
        {
            return;
        }

        http.Response.Cookies.Delete(ChosenSignedOutCookie, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps });
        if (http.Features.Get<IRequestCultureFeature>() is { Provider: CookieRequestCultureProvider } fromCookie
            && await users.FindByNameAsync(userName) is { } user)
        {
            await SetMailLanguageAsync(user.Id, fromCookie.RequestCulture.UICulture);
        }
    }
}
