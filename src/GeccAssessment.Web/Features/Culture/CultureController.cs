using GeccAssessment.Web.Data;
using GeccAssessment.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Culture;

public class CultureController(IAntiforgery antiforgery, ApplicationDbContext db) : Controller
{
    /// <summary>
    /// The th/en switch: remembers the choice in a cookie for a year, and a signed-in user's as the
    /// language of his or her mail (<see cref="Domain.MailPreference.Language"/>).
    /// </summary>
    /// <remarks>
    /// Not checked for antiforgery as a whole: another site could at worst switch a visitor's language, and a
    /// token on the public pages would cost them their cacheability (docs/adr/0016-public-page-cache.md).
    /// The mail language is written only when the post carries a valid token, which the layout adds for
    /// signed-in users alone (their pages are never kept): a forged post switches the page's language
    /// but never writes to the database, and an anonymous one writes nothing (docs/adr/0010-mail-outbox.md).
    /// </remarks>
    [HttpPost]
    [AllowAnonymous]
    [IgnoreAntiforgeryToken]
    public async Task<IActionResult> Set(string culture, string? returnUrl)
    {
        var chosen = culture == WebSetup.English.Name ? WebSetup.English : WebSetup.Thai;
        Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = Request.IsHttps });
        if (User.UserId() is { } userId && await antiforgery.IsRequestValidAsync(HttpContext))
        {
            var language = chosen == WebSetup.English ? "en" : "th";
            // One statement, whether or not the user ever saved preferences (the kinds turned off are kept).
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "MailPreferences" ("UserId", "Language", "TurnedOff") VALUES ({userId}, {language}, ARRAY[]::text[])
                ON CONFLICT ("UserId") DO UPDATE SET "Language" = EXCLUDED."Language"
                """);
        }

        return LocalRedirect(LocalReturnUrl.Safe(Url, returnUrl));
    }
}
