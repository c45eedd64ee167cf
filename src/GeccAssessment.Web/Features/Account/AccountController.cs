using System.Security.Cryptography;
using GeccAssessment.Web.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace GeccAssessment.Web.Features.Account;

public class AccountController(
    SignInManager<ApplicationUser> signInManager,
    UserManager<ApplicationUser> userManager,
    ApplicantRegistration registration,
    Culture.LanguageChoice languages,
    IStringLocalizer<SharedResource> localizer) : Controller
{
    [HttpGet]
    [AllowAnonymous]
    public IActionResult Login(string? returnUrl = null) => View(new LoginModel { ReturnUrl = returnUrl });

    [HttpPost]
    [AllowAnonymous]
    [EnableRateLimiting(Infrastructure.RateLimits.SignIn)]
    public async Task<IActionResult> Login(LoginModel model)
    {
        if (!ModelState.IsValid)
        {
            return View(model);
        }

        var result = await signInManager.PasswordSignInAsync(model.Email, model.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await languages.AdoptSignedOutChoiceAsync(HttpContext, model.Email);
            return LocalRedirect(Infrastructure.LocalReturnUrl.Safe(Url, model.ReturnUrl));
        }

        // NotAllowed comes only with the right password of a disabled account (GeccSignInManager).
        ModelState.AddModelError("", result.IsLockedOut ? localizer["Login.LockedOut"]
            : result.IsNotAllowed ? localizer["Login.Disabled"] : localizer["Login.Failed"]);
        return View(model);
    }

    [HttpPost]
    [Authorize]
    public async Task<IActionResult> Logout([FromServices] ApplicationDbContext db, [FromServices] Infrastructure.SessionChecks sessions)
    {
        // A new security stamp ends every session of the account, copies of this cookie included. One
        // statement that nothing can make fail short of the database: Identity's load and save failed,
        // unnoticed, when the account was saved in between (a sign-in elsewhere counting a failure), and
        // the person was shown signed out while copied cookies kept working. The concurrency stamp is
        // renewed too, so a save of the account loaded before this fails instead of writing the old
        // security stamp back.
        if (userManager.GetUserId(User) is { } id)
        {
            var stamp = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
            var concurrency = Guid.NewGuid().ToString();
            await db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(set => set
                .SetProperty(u => u.SecurityStamp, stamp)
                .SetProperty(u => u.ConcurrencyStamp, concurrency));
            sessions.Forget(id);
        }

        await signInManager.SignOutAsync();
        return RedirectToAction(nameof(Login));
    }

    [HttpGet]
    [Authorize]
    public IActionResult Password() => View(new ChangePasswordModel());

    [HttpPost]
    [Authorize]
    [EnableRateLimiting(Infrastructure.RateLimits.SignIn)]
    public async Task<IActionResult> Password(ChangePasswordModel model, [FromServices] Infrastructure.SessionChecks sessions)
    {
        if (!ModelState.IsValid)
        {
            return View(model);
        }

        if (await userManager.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        // The current password is checked as at sign-in, each failure counted towards the lockout: Identity's
        // change alone counts none, so a session left open (or taken) could guess the password here, and
        // keep the account after the owner signs out, with no lockout (only the per-address rate limit).
        var check = await signInManager.CheckPasswordSignInAsync(user, model.CurrentPassword, lockoutOnFailure: true);
        if (!check.Succeeded)
        {
            ModelState.AddModelError("", check.IsLockedOut ? localizer["Login.LockedOut"] : userManager.ErrorDescriber.PasswordMismatch().Description);
            return View(new ChangePasswordModel());
        }

        // Changing the password renews the security stamp: the other sessions end; this one is re-issued.
        var result = await userManager.ChangePasswordAsync(user, model.CurrentPassword, model.NewPassword);
        if (!result.Succeeded)
        {
            result.Errors.ToList().ForEach(e => ModelState.AddModelError("", e.Description));
            return View(new ChangePasswordModel());
        }

        sessions.Forget(user.Id);
        await signInManager.RefreshSignInAsync(user);
        TempData["Saved"] = "1";
        return RedirectToAction(nameof(Password));
    }

    [HttpGet]
    [AllowAnonymous]
    public IActionResult Register() => View(new RegisterModel());

    [HttpPost]
    [AllowAnonymous]
    [EnableRateLimiting(Infrastructure.RateLimits.AccountCreation)]
    public async Task<IActionResult> Register(RegisterModel model)
    {
        if (!ModelState.IsValid)
        {
            return View(model);
        }

        var errors = await registration.RegisterAsync(model);
        if (errors.Count > 0)
        {
            errors.ToList().ForEach(e => ModelState.AddModelError("", e));
            return View(model);
        }

        // The same answer whether the account was created or the e-mail already had one, so the
        // form does not tell strangers which e-mails have accounts: the applicant signs in next.
        TempData["Registered"] = "1";
        return RedirectToAction(nameof(Login));
    }

    [HttpGet]
    [AllowAnonymous]
    public IActionResult Forgot() => View(new ForgotPasswordModel());

    [HttpPost]
    [AllowAnonymous]
    [EnableRateLimiting(Infrastructure.RateLimits.AccountCreation)]
    public async Task<IActionResult> Forgot(ForgotPasswordModel model, [FromServices] AccountMail mail)
    {
        if (!ModelState.IsValid)
        {
            return View(model);
        }

        // The same answer whether or not the address has an account.
        await mail.SendPasswordResetAsync(model.Email);
        TempData["Sent"] = "1";
        return RedirectToAction(nameof(Forgot));
    }

    [HttpGet]
    [AllowAnonymous]
    public IActionResult Reset(string? user, string? code) =>
        View(new ResetPasswordModel { User = user ?? "", Code = code ?? "" });

    [HttpPost]
    [AllowAnonymous]
    [EnableRateLimiting(Infrastructure.RateLimits.SignIn)]
    public async Task<IActionResult> Reset(ResetPasswordModel model, [FromServices] AccountMail mail)
    {
        if (!ModelState.IsValid)
        {
            return View(model);
        }

        var errors = await mail.ResetAsync(model);
        if (errors is null)
        {
            ModelState.AddModelError("", localizer["Reset.LinkInvalid"]);
            return View(model);
        }

        if (errors.Count > 0)
        {
            errors.ToList().ForEach(e => ModelState.AddModelError("", e));
            return View(model);
        }

        TempData["PasswordReset"] = "1";
        return RedirectToAction(nameof(Login));
    }

    [HttpGet]
    [AllowAnonymous]
    public async Task<IActionResult> Confirm(string? user, string? code, [FromServices] AccountMail mail) =>
        View(await mail.ConfirmAsync(user, code));

    [HttpPost]
    [Authorize]
    [EnableRateLimiting(Infrastructure.RateLimits.AccountCreation)]
    public async Task<IActionResult> SendConfirmation(string? returnUrl, [FromServices] AccountMail mail)
    {
        if (userManager.GetUserId(User) is { } id)
        {
            await mail.SendConfirmationAsync(id);
        }

        TempData["ConfirmationSent"] = "1";
        return LocalRedirect(Infrastructure.LocalReturnUrl.Safe(Url, returnUrl));
    }
}
