using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace GeccAssessment.Web.Infrastructure;

/// <summary>Gecc:Session settings (docs/adr/0005-session-revocation.md).</summary>
public sealed class GeccSessionOptions
{
    /// <summary>How often a session is checked against the account (security stamp, disabled flag).</summary>
    public double RevalidateSeconds { get; set; } = 5;

    /// <summary>A session ends this long after sign-in however active it is (the sliding limit is 8 hours idle).</summary>
    public double AbsoluteHours { get; set; } = 12;
}

/// <summary>
/// Every request's session check: the absolute lifetime first, then Identity's security-stamp
/// validation, which signs out a session whose account changed (sign-out elsewhere, password,
/// roles, disabled) at most <see cref="GeccSessionOptions.RevalidateSeconds"/> after the change.
/// </summary>
public static class SessionLifetime
{
    private const string SignedInAtKey = ".gecc.signed-in-at";

    /// <summary>Remembers when the session began; refreshes (password change, renewal) keep it.</summary>
    public static Task OnSigningIn(CookieSigningInContext context)
    {
        if (!context.Properties.Items.ContainsKey(SignedInAtKey))
        {
            var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            context.Properties.Items[SignedInAtKey] = now.ToString("O", CultureInfo.InvariantCulture);
        }

        return Task.CompletedTask;
    }

    public static async Task OnValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var limit = TimeSpan.FromHours(services.GetRequiredService<IOptions<GeccSessionOptions>>().Value.AbsoluteHours);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        // A cookie without the time (issued before this check existed) is treated as expired.
        if (!context.Properties.Items.TryGetValue(SignedInAtKey, out var text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var signedInAt)
            || now - signedInAt > limit)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        // The error page re-executed after a failure (often the database itself) shows no data and must
        // not fail again on the session check; every other request is checked as usual.
        if (ErrorPageRequests.AfterException(context.HttpContext))
        {
            return;
        }

        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }
}
