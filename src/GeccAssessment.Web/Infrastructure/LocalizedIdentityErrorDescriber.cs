using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace GeccAssessment.Web.Infrastructure;

/// <summary>Identity's messages (password rules, duplicate e-mail) in the user's language.</summary>
public sealed class LocalizedIdentityErrorDescriber(IStringLocalizer<SharedResource> localizer) : IdentityErrorDescriber
{
    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), localizer["Identity.DuplicateEmail", email]);

    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName), localizer["Identity.DuplicateEmail", userName]);

    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), localizer["Identity.InvalidEmail"]);

    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidUserName), localizer["Identity.InvalidEmail"]);

    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), localizer["Identity.PasswordTooShort", length]);

    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit), localizer["Identity.PasswordRequiresDigit"]);

    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower), localizer["Identity.PasswordRequiresLower"]);

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => Error(nameof(PasswordRequiresUniqueChars), localizer["Identity.PasswordRequiresUniqueChars", uniqueChars]);

    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch), localizer["Identity.PasswordMismatch"]);

    public override IdentityError DefaultError() => Error(nameof(DefaultError), localizer["Identity.DefaultError"]);

    private static IdentityError Error(string code, string description) => new() { Code = code, Description = description };
}
