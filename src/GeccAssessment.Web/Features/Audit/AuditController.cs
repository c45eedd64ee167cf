using GeccAssessment.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GeccAssessment.Web.Features.Audit;

/// <summary>The audit trail, newest first; read-only for everyone.</summary>
[Authorize(Policy = Policies.Oversight)]
public class AuditController(AuditTrail trail) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(AuditFilter filter, CancellationToken cancellationToken) => View(await trail.PageAsync(filter, cancellationToken));
}
