using GeccAssessment.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace GeccAssessment.Web.Features.Culture;

public class CultureController : Controller
{
    /// <summary>The th/en switch: remembers the choice in a cookie for a year.</summary>
    [HttpPost]
    [AllowAnonymous]
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
