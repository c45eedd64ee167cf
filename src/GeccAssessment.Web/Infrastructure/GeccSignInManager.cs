using GeccAssessment.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace GeccAssessment.Web.Infrastructure;

/// <summary>
/// Identity's sign-in with two changes: an unknown e-mail costs a password hash like a known one
/// (the answer's timing does not tell which e-mails have accounts); and a disabled account cannot sign
/// in, and says so only to someone who knows its password. (A disabled account's open sessions fail
/// their next check in <see cref="SessionLifetime"/>.)
/// </summary>
public sealed class GeccSignInManager(
    UserManager<ApplicationUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ApplicationUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation)
    : SignInManager<ApplicationUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private static string? _dummyHash;

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            VerifyAgainstDummy(password);
            return SignInResult.Failed;
        }

        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

    public override async Task<SignInResult> CheckPasswordSignInAsync(ApplicationUser user, string password, bool lockoutOnFailure)
    {
        if (user.DisabledAtUtc is not null)
        {
            return await UserManager.CheckPasswordAsync(user, password) ? SignInResult.NotAllowed : SignInResult.Failed;
        }

        return await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
    }

    public override async Task<bool> CanSignInAsync(ApplicationUser user) =>
        user.DisabledAtUtc is null && await base.CanSignInAsync(user);

    /// <summary>The same work as checking a real account's password, with the result thrown away.</summary>
    private void VerifyAgainstDummy(string password)
    {
        var hasher = UserManager.PasswordHasher;
        var dummy = new ApplicationUser();
        _dummyHash ??= hasher.HashPassword(dummy, Guid.NewGuid().ToString());
        hasher.VerifyHashedPassword(dummy, _dummyHash, password);
    }
}
