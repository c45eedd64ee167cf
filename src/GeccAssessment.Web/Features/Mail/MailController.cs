using GeccAssessment.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GeccAssessment.Web.Features.Mail;

/// <summary>อีเมลที่ส่ง: the Secretariat sees what was sent, what waits and what failed, and sends again.</summary>
[Authorize(Policy = Policies.Secretariat)]
public class MailController(SentMail mail) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(MailFilter filter, CancellationToken cancellationToken) =>
        View(await mail.ListAsync(filter, cancellationToken));

    [HttpPost]
    public async Task<IActionResult> Resend(long id, MailFilter filter)
    {
        if (!await mail.ResendAsync(id))
        {
            return NotFound();
        }

        TempData["MailResent"] = "1";
        return RedirectToAction(nameof(Index), new { filter.Status, filter.To, filter.Page });
    }
}
