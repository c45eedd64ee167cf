using GeccAssessment.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace GeccAssessment.Web.Features.Culture;

public class CultureController : Controller
{
    /// <summary>The th/en switch: remembers the choice in a cookie for a year.</summary>
    /// <remarks>
    /// Without an antiforgery check: another site could at worst switch a visitor's language, and the
    /// token would cost every public page its cacheability (docs/adr/0016-public-page-cache.md).
    /// </remarks>
    [HttpPost]
    [AllowAnonymous]
    [IgnoreAntiforgeryToken]
    public IActionResult Set(string culture, string? returnUrl)
    {
        var chosen = culture == WebSetup.English.Name ? WebSetup.English : WebSetup.Thai;
        Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = Request.IsHttps });
        return LocalRedirect(LocalReturnUrl.Safe(Url, returnUrl));
    }
}
