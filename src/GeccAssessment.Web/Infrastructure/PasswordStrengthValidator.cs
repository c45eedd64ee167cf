using GeccAssessment.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace GeccAssessment.Web.Infrastructure;

/// <summary>
/// Refuses guessable passwords by zxcvbn's estimate (common passwords, keyboard walks, dates,
/// repeats, the user's own name and e-mail) rather than by composition rules, as NIST SP 800-63B
/// and ASVS 2.1.7 ask. Score 3 of 4: "safely unguessable", about 10^8 guesses and more.
/// </summary>
public sealed class PasswordStrengthValidator(IStringLocalizer<SharedResource> localizer) : IPasswordValidator<ApplicationUser>
{
    public const int MinimumScore = 3;

    /// <summary>Words an attacker tries first against this system.</summary>
    private static readonly string[] SiteWords = ["gecc", "ศูนย์ราชการสะดวก", "password", "รหัสผ่าน"];

    public Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Task.FromResult(IdentityResult.Success);
        }

        var userWords = new[] { user.Email, user.UserName, user.DisplayName }
            .Where(w => !string.IsNullOrWhiteSpace(w))
            .SelectMany(w => w!.Split(['@', '.', ' ', '-', '_'], StringSplitOptions.RemoveEmptyEntries))
            .Concat(SiteWords);
        var score = Zxcvbn.Zxcvbn.MatchPassword(password, userWords).Score;
        return Task.FromResult(score >= MinimumScore
            ? IdentityResult.Success
            : IdentityResult.Failed(new IdentityError { Code = "PasswordTooGuessable", Description = localizer["Identity.PasswordTooGuessable"] }));
    }
}
