using GeccAssessment.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace GeccAssessment.Web.Features.Users;

[Authorize(Policy = Policies.Oversight)]
public class UsersController(UserAdministration users) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(UserFilter filter, CancellationToken cancellationToken) =>
        View(await users.ListAsync(filter, cancellationToken));

    [HttpGet]
    public IActionResult Create() => View(new CreateUserModel());

    [HttpPost]
    [EnableRateLimiting(RateLimits.AccountCreation)]
    public async Task<IActionResult> Create(CreateUserModel model)
    {
        if (ModelState.IsValid)
        {
            var errors = await users.CreateAsync(model, User);
            if (errors.Count == 0)
            {
                TempData["Saved"] = model.Email;
                return RedirectToAction(nameof(Index));
            }

            errors.ToList().ForEach(e => ModelState.AddModelError("", e));
        }

        return View(model);
    }

    [HttpGet]
    public async Task<IActionResult> Edit(string id)
    {
        var model = await users.GetForEditAsync(id);
        return model is null ? NotFound() : View(model);
    }

    [HttpPost]
    public async Task<IActionResult> Edit(EditUserModel model)
    {
        if (ModelState.IsValid)
        {
            var errors = await users.UpdateAsync(model, User);
            if (errors is null)
            {
                return NotFound();
            }

            if (errors.Count == 0)
            {
                TempData["Saved"] = model.Email;
                return RedirectToAction(nameof(Index));
            }

            errors.ToList().ForEach(e => ModelState.AddModelError("", e));
        }

        return View(model);
    }

    [HttpPost]
    public async Task<IActionResult> Disable(DisableUserModel model)
    {
        var errors = ModelState.IsValid ? await users.SetDisabledAsync(model.Id, disable: true, model.Reason, User) : [];
        return await AfterDisableAsync(model.Id, errors, model.Reason);
    }

    [HttpPost]
    public async Task<IActionResult> Enable(string id) =>
        await AfterDisableAsync(id, await users.SetDisabledAsync(id, disable: false, reason: null, User), null);

    /// <summary>Mails the user a password-reset link (a person locked out, or who never set one).</summary>
    [HttpPost]
    public async Task<IActionResult> SendReset(string id)
    {
        var sentTo = await users.SendResetLinkAsync(id, User);
        if (string.IsNullOrEmpty(sentTo))
        {
            return sentTo is null ? NotFound() : Forbid();
        }

        TempData["ResetSent"] = sentTo;
        return RedirectToAction(nameof(Edit), new { id });
    }

    /// <summary>Back to the list when done; otherwise the edit page again with the messages.</summary>
    private async Task<IActionResult> AfterDisableAsync(string id, IReadOnlyList<string>? errors, string? reason)
    {
        if (errors is null)
        {
            return NotFound();
        }

        if (errors.Count == 0 && ModelState.IsValid)
        {
            TempData["Saved"] = id;
            return RedirectToAction(nameof(Edit), new { id });
        }

        errors.ToList().ForEach(e => ModelState.AddModelError("", e));
        var model = await users.GetForEditAsync(id);
        if (model is null)
        {
            return NotFound();
        }

        ViewData["DisableReason"] = reason;
        return View(nameof(Edit), model);
    }
}
