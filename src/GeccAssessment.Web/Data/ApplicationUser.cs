using GeccAssessment.Web.Domain;
using Microsoft.AspNetCore.Identity;

namespace GeccAssessment.Web.Data;

/// <summary>A person who signs in. Applicants belong to one agency; staff accounts have none.</summary>
public class ApplicationUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    public int? AgencyId { get; set; }

    public Agency? Agency { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>Set when a user manager switched the account off: it cannot sign in and its sessions end.</summary>
    public DateTime? DisabledAtUtc { get; set; }

    public string? DisabledReason { get; set; }
}
