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

        var checks = services.GetRequiredService<SessionChecks>();
        if (interval > TimeSpan.Zero && checks.KnownValid(userId, stamp))
        {
            return true;
        }

        var forgetsBefore = checks.Forgets;
        var db = services.GetRequiredService<ApplicationDbContext>();
        var valid = await db.Users.AsNoTracking().AnyAsync(u => u.Id == userId && u.SecurityStamp == stamp && u.DisabledAtUtc == null, http.RequestAborted);
        if (valid && interval > TimeSpan.Zero)
        {
            checks.Remember(userId, stamp, interval, forgetsBefore);
        }

        return valid;
    }
}

/// <summary>
/// This instance's memory of the sessions found valid: per account, the security stamp last found
/// current, for <see cref="GeccSessionOptions.RevalidateSeconds"/>. What ends an account's sessions
/// through this instance (sign-out, password, roles, disabling) forgets it at once, so this instance
/// refuses the old cookie on its next request; other instances within their interval (ADR 0005).
/// </summary>
public sealed class SessionChecks(IMemoryCache cache)
{
    private long _forgets;

    /// <summary>Counts <see cref="Forget"/>s: a check compares it before and after its read.</summary>
    public long Forgets => Interlocked.Read(ref _forgets);

    public bool KnownValid(string userId, string stamp) => cache.TryGetValue(Key(userId), out string? known) && known == stamp;

    /// <param name="forgetsBefore"><see cref="Forgets"/> before the stamp was read.</param>
    public void Remember(string userId, string stamp, TimeSpan interval, long forgetsBefore)
    {
        cache.Set(Key(userId), stamp, interval);
        // A change committed just after this check's read, and forgotten meanwhile, must win.
        if (Forgets != forgetsBefore)
        {
            cache.Remove(Key(userId));
        }
    }

    /// <summary>Call once the change that renewed the account's stamp (or disabled it) is committed.</summary>
    public void Forget(string userId)
    {
        Interlocked.Increment(ref _forgets);
        cache.Remove(Key(userId));
    }

    private static (string, string) Key(string userId) => (nameof(SessionChecks), userId);
}
