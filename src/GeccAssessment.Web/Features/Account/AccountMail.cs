using System.ComponentModel.DataAnnotations;
using System.Text;
using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Mail;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace GeccAssessment.Web.Features.Account;

/// <summary>
/// Password-reset and e-mail-confirmation links, sent through the outbox. The links carry Identity's
/// tokens: a reset link expires after <see cref="AccountLinkOptions.ResetLinkHours"/> and works once
/// (resetting renews the security stamp, which the token is bound to).
/// </summary>
public class AccountMail(ApplicationDbContext db, UserManager<ApplicationUser> users, Outbox outbox, IOptions<AccountLinkOptions> options, Infrastructure.SessionChecks sessions)
{
    /// <summary>Queues a reset link if the address has an active account; says nothing either way.</summary>
    public async Task SendPasswordResetAsync(string email)
    {
        if (await users.FindByEmailAsync(email.Trim()) is { DisabledAtUtc: null } user)
        {
            await SendPasswordResetAsync(user);
        }
    }

    public async Task SendPasswordResetAsync(ApplicationUser user)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var recipients = await outbox.UsersAsync([user.Id]);
        outbox.Add(MailKind.PasswordReset, recipients, $"/account/reset?user={user.Id}&code={Encode(token)}", [options.Value.ResetLinkHours]);
        await db.SaveChangesAsync();
    }

    /// <summary>Adds the confirmation mail to the outbox; the caller saves (with the account it created).</summary>
    public async Task AddConfirmationAsync(ApplicationUser user)
    {
        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        outbox.Add(MailKind.EmailConfirmation, [new MailRecipient(user.Id, user.Email!, user.DisplayName, "th", [])],
            $"/account/confirm?user={user.Id}&code={Encode(token)}", [options.Value.ConfirmLinkHours]);
    }

    public async Task SendConfirmationAsync(string userId)
    {
        if (await users.FindByIdAsync(userId) is { EmailConfirmed: false, DisabledAtUtc: null } user)
        {
            var recipients = await outbox.UsersAsync([user.Id]);
            var token = await users.GenerateEmailConfirmationTokenAsync(user);
            outbox.Add(MailKind.EmailConfirmation, recipients, $"/account/confirm?user={user.Id}&code={Encode(token)}", [options.Value.ConfirmLinkHours]);
            await db.SaveChangesAsync();
        }
    }

    /// <returns>Errors for the form; empty when the password was reset.</returns>
    public async Task<IReadOnlyList<string>?> ResetAsync(ResetPasswordModel model)
    {
        if (await users.FindByIdAsync(model.User) is not { DisabledAtUtc: null } user || Decode(model.Code) is not { } token)
        {
            return null;
        }

        var result = await users.ResetPasswordAsync(user, token, model.NewPassword);
        if (!result.Succeeded)
        {
            // A used or expired token is "InvalidToken": the link is no good, whatever the password.
            return result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken)) ? null : [.. result.Errors.Select(e => e.Description)];
        }

        sessions.Forget(user.Id);
        // The mail proved the address, and a locked-out user is let back in with the new password.
        user.EmailConfirmed = true;
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        return [];
    }

    public async Task<bool> ConfirmAsync(string? userId, string? code)
    {
        if (userId is null || await users.FindByIdAsync(userId) is not { } user || Decode(code) is not { } token)
        {
            return false;
        }

        return user.EmailConfirmed || (await users.ConfirmEmailAsync(user, token)).Succeeded;
    }

    private static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    private static string? Decode(string? code)
    {
        try
        {
            return code is null ? null : Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary><c>Gecc:Account:*</c>: how long the links in account mail work.</summary>
public sealed class AccountLinkOptions
{
    public double ResetLinkHours { get; set; } = 2;

    public double ConfirmLinkHours { get; set; } = 48;
}

/// <summary>
/// E-mail confirmation links: a provider of their own, since they live longer than reset links, and
/// bound to the address they were sent to rather than to the security stamp. Bound to the stamp
/// (Identity's way, right for reset links, which must work once), a link stopped working at the
/// applicant's first sign-out anywhere, since signing out renews the stamp to end every session
/// (docs/adr/0005-session-revocation.md): register, sign in, start the application, sign out, open
/// the mail, "link invalid". Identity's token layout is kept (time, user, purpose, then the stamp, here
/// the address), so a link sent before this change still works while the stamp is unchanged.
/// </summary>
public sealed class EmailConfirmationTokenProvider(
    IDataProtectionProvider dataProtectionProvider,
    IOptions<EmailConfirmationTokenProviderOptions> options,
    ILogger<DataProtectorTokenProvider<ApplicationUser>> logger)
    : DataProtectorTokenProvider<ApplicationUser>(dataProtectionProvider, options, logger)
{
    public const string ProviderName = "EmailConfirmation";

    public override async Task<string> GenerateAsync(string purpose, UserManager<ApplicationUser> manager, ApplicationUser user)
    {
        using var buffer = new MemoryStream();
        await using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(DateTimeOffset.UtcNow.UtcTicks);
            writer.Write(await manager.GetUserIdAsync(user));
            writer.Write(purpose ?? "");
            writer.Write(NormalizedEmail(await manager.GetEmailAsync(user)));
        }

        return Convert.ToBase64String(Protector.Protect(buffer.ToArray()));
    }

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<ApplicationUser> manager, ApplicationUser user)
    {
        string userId, madeFor, boundTo;
        DateTimeOffset created;
        try
        {
            using var reader = new BinaryReader(new MemoryStream(Protector.Unprotect(Convert.FromBase64String(token))), Encoding.UTF8);
            created = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            userId = reader.ReadString();
            madeFor = reader.ReadString();
            boundTo = reader.ReadString();
        }
        catch (Exception e) when (e is FormatException or System.Security.Cryptography.CryptographicException or EndOfStreamException or ArgumentException)
        {
            return false;
        }

        return created + Options.TokenLifespan >= DateTimeOffset.UtcNow
            && userId == await manager.GetUserIdAsync(user)
            && madeFor == (purpose ?? "")
            && (boundTo == NormalizedEmail(await manager.GetEmailAsync(user))
                || (manager.SupportsUserSecurityStamp && boundTo == await manager.GetSecurityStampAsync(user)));
    }

    private static string NormalizedEmail(string? email) => "email:" + (email ?? "").Trim().ToUpperInvariant();
}

public sealed class EmailConfirmationTokenProviderOptions : DataProtectionTokenProviderOptions;

public class ForgotPasswordModel
{
    [Required(ErrorMessage = "Validation.Required")]
    [EmailAddress(ErrorMessage = "Validation.Email")]
    [Display(Name = "Field.Email")]
    public string Email { get; set; } = "";
}

public class ResetPasswordModel : NewPasswordModel
{
    public string User { get; set; } = "";

    public string Code { get; set; } = "";
}
