namespace GeccAssessment.Web.Domain;

/// <summary>
/// Who may change which roles, as a table: a role is granted or removed only by a holder of one of
/// its grantor roles, and nobody changes their own roles. Returns message keys; empty means allowed.
/// </summary>
public static class RoleGrantRules
{
    /// <summary>For each role, the roles whose holders may grant or remove it.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Grantors = new Dictionary<string, IReadOnlyList<string>>
    {
        [Roles.Applicant] = [Roles.Admin, Roles.Secretariat],
        [Roles.Assessor] = [Roles.Admin, Roles.Secretariat],
        [Roles.SubcommitteeChair] = [Roles.Admin, Roles.Secretariat],
        // Staff who run the system or decide certification are made only by an Admin.
        [Roles.Secretariat] = [Roles.Admin],
        [Roles.SteeringCommittee] = [Roles.Admin],
        [Roles.Admin] = [Roles.Admin],
    };

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

        if (!actorRoles.Any(r => Grantors.Values.Any(g => g.Contains(r))))
        {
            errors.Add("Users.NotAllowed");
            return errors;
        }

        var changed = currentRoles.Except(requestedRoles).Concat(requestedRoles.Except(currentRoles)).Where(Roles.All.Contains).ToList();

        // Nobody raises or lowers their own standing; another manager has to.
        if (actorIsTarget && changed.Count > 0)
        {
            errors.Add("Users.CannotChangeOwnRoles");
        }

        foreach (var role in changed.Where(r => !Grantors[r].Any(actorRoles.Contains)))
        {
            errors.Add(role == Roles.Admin ? "Users.OnlyAdminGrantsAdmin" : "Users.OnlyAdminGrantsRole");
        }

        return errors.Distinct().ToList();
    }

    /// <summary>
    /// May the actor disable or enable the target account? Not their own; and only someone who
    /// could remove each of the target's roles, so the secretariat cannot switch off an Admin.
    /// </summary>
    public static IReadOnlyList<string> CheckDisable(IReadOnlyCollection<string> actorRoles, IReadOnlyCollection<string> targetRoles, bool actorIsTarget)
    {
        if (actorIsTarget)
        {
            return ["Users.CannotDisableSelf"];
        }

        return targetRoles.Where(Roles.All.Contains).All(r => Grantors[r].Any(actorRoles.Contains)) ? [] : ["Users.CannotDisableHigherRole"];
    }

    /// <summary>
    /// May the actor mail the target a password-reset link? An Admin to anyone (issue 13); anyone
    /// else only to an account whose every role they could grant, so the Secretariat helps applicants
    /// and assessors back in but does not send links to the staff above it.
    /// </summary>
    public static bool MaySendResetLink(IReadOnlyCollection<string> actorRoles, IReadOnlyCollection<string> targetRoles) =>
        actorRoles.Contains(Roles.Admin)
        || (actorRoles.Any(r => Grantors.Values.Any(g => g.Contains(r))) && targetRoles.Where(Roles.All.Contains).All(r => Grantors[r].Any(actorRoles.Contains)));
}
