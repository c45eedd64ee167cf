using GeccAssessment.Web.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GeccAssessment.Web.Features.Users;

[Authorize(Roles = Roles.UserManagers)]
public class UsersController(UserAdministration users) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(UserFilter filter, CancellationToken cancellationToken) =>
        View(await users.ListAsync(filter, cancellationToken));

    [HttpGet]
    public IActionResult Create() => View(new CreateUserModel());

    [HttpPost]
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
}
