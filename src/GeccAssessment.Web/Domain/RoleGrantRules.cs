namespace GeccAssessment.Web.Domain;

/// <summary>Who may change which roles. Returns message keys; an empty list means allowed.</summary>
public static class RoleGrantRules
{
    public static IReadOnlyList<string> Check(
        IReadOnlyCollection<string> actorRoles,
        IReadOnlyCollection<string> currentRoles,
        IReadOnlyCollection<string> requestedRoles,
        bool actorIsTarget,
        bool targetHasAgency = false)
    {
        var errors = new List<string>();
        if (requestedRoles.Any(r => !Roles.All.Contains(r)))
        {
            errors.Add("Users.UnknownRole");
        }

        // An applicant acts for an agency, and every applicant page filters by it: without one the
        // account cannot work. Agencies come with registration or from a colleague, not from here.
        if (requestedRoles.Contains(Roles.Applicant) && !targetHasAgency)
        {
            errors.Add("Users.ApplicantNeedsAgency");
        }

        var actorIsAdmin = actorRoles.Contains(Roles.Admin);
        if (!actorIsAdmin && !actorRoles.Contains(Roles.Secretariat))
        {
            errors.Add("Users.NotAllowed");
            return errors;
        }

        // Only an Admin makes or unmakes Admins.
        if (!actorIsAdmin && currentRoles.Contains(Roles.Admin) != requestedRoles.Contains(Roles.Admin))
        {
            errors.Add("Users.OnlyAdminGrantsAdmin");
        }

        // Nobody locks themselves out of user management by mistake.
        if (actorIsTarget && actorIsAdmin && !requestedRoles.Contains(Roles.Admin))
        {
            errors.Add("Users.CannotDropOwnAdmin");
        }

        return errors;
    }
}
