using System.Globalization;
using GeccAssessment.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
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
/// Every request's session check: the absolute lifetime first, then the security stamp, which
/// signs out a session whose account changed (sign-out elsewhere, password, roles, disabled) at
/// most <see cref="GeccSessionOptions.RevalidateSeconds"/> after the change.
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
        var session = services.GetRequiredService<IOptions<GeccSessionOptions>>().Value;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        // A cookie without the time (issued before this check existed) is treated as expired.
        var expired = !context.Properties.Items.TryGetValue(SignedInAtKey, out var text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var signedInAt)
            || now - signedInAt > TimeSpan.FromHours(session.AbsoluteHours);
        // The error page re-executed after a failure (often the database itself) shows no data and must
        // not fail again on the stamp check; every other request is checked as usual.
        if (expired || (!ErrorPageRequests.AfterException(context.HttpContext)
            && !await StampStillValidAsync(context.HttpContext, context.Principal, TimeSpan.FromSeconds(session.RevalidateSeconds))))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }

    /// <summary>
    /// Identity's security-stamp check, made cheap: one primary-key read that the cookie's stamp is
    /// still the account's and the account is not disabled, remembered for the interval on this
    /// instance. Identity's own validator also rebuilt the principal (roles, claims: three more
    /// reads) and re-issued the cookie each time, but every change that alters the claims renews the
    /// stamp, so a matching stamp means the cookie's claims are still the account's.
    /// </summary>
    private static async Task<bool> StampStillValidAsync(HttpContext http, System.Security.Claims.ClaimsPrincipal? principal, TimeSpan interval)
    {
        var services = http.RequestServices;
        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var userId = principal?.UserId();
        var stamp = principal?.FindFirst(stampClaim)?.Value;
        if (userId is null || stamp is null)
        {
            return false;
        }

        var cache = services.GetRequiredService<IMemoryCache>();
        var key = (nameof(SessionLifetime), userId, stamp);
        if (interval > TimeSpan.Zero && cache.TryGetValue(key, out _))
        {
            return true;
        }

        var db = services.GetRequiredService<ApplicationDbContext>();
        var valid = await db.Users.AsNoTracking().AnyAsync(u => u.Id == userId && u.SecurityStamp == stamp && u.DisabledAtUtc == null, http.RequestAborted);
        if (valid && interval > TimeSpan.Zero)
        {
            cache.Set(key, true, interval);
        }

        return valid;
    }
}
