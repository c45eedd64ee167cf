using GeccAssessment.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GeccAssessment.Web.Features.Culture;

public class CultureController(IAntiforgery antiforgery, LanguageChoice languages) : Controller
{
    /// <summary>
    /// The th/en switch: remembers the choice in a cookie for a year, and a signed-in user's as the
    /// language of his or her mail (<see cref="Domain.MailPreference.Language"/>); a choice made signed
    /// out becomes the mail's at the next sign-in (<see cref="LanguageChoice.AdoptSignedOutChoiceAsync"/>).
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
        var chosen = LanguageChoice.Parse(culture);
        var userId = User.UserId();
        LanguageChoice.Remember(HttpContext, chosen, signedOut: userId is null);
        if (userId is not null && await antiforgery.IsRequestValidAsync(HttpContext))
        {
            await languages.SetMailLanguageAsync(userId, chosen);
        }

        return LocalRedirect(LocalReturnUrl.Safe(Url, returnUrl));
    }
}
