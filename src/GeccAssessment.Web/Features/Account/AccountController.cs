using GeccAssessment.Web.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace GeccAssessment.Web.Features.Account;

public class AccountController(
    SignInManager<ApplicationUser> signInManager,
    ApplicantRegistration registration,
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
            return LocalRedirect(Infrastructure.LocalReturnUrl.Safe(Url, model.ReturnUrl));
        }

        ModelState.AddModelError("", result.IsLockedOut ? localizer["Login.LockedOut"] : localizer["Login.Failed"]);
        return View(model);
    }

    [HttpPost]
    [Authorize]
    public async Task<IActionResult> Logout()
    {
        await signInManager.SignOutAsync();
        return RedirectToAction(nameof(Login));
    }

    [HttpGet]
    [AllowAnonymous]
    public IActionResult Register() => View(new RegisterModel());

    [HttpPost]
    [AllowAnonymous]
    [EnableRateLimiting(Infrastructure.RateLimits.SignIn)]
    public async Task<IActionResult> Register(RegisterModel model)
    {
        if (!ModelState.IsValid)
        {
            return View(model);
        }

        var (user, errors) = await registration.RegisterAsync(model);
        if (user is null)
        {
            foreach (var error in errors)
            {
                ModelState.AddModelError("", error);
            }

            return View(model);
        }

        await signInManager.SignInAsync(user, isPersistent: false);
        return RedirectToAction("Index", "Home");
    }
}
