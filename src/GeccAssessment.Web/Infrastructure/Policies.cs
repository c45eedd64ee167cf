using System.Security.Claims;
using GeccAssessment.Web.Domain;
using Microsoft.AspNetCore.Authorization;

namespace GeccAssessment.Web.Infrastructure;

/// <summary>
/// Who may open which part of the app, by name. Controllers (<c>[Authorize(Policy = …)]</c>) and the
/// navigation in the layout ask the same policy, so that a menu never offers a page that answers 403
/// and a page is never reachable without its menu. Per-record rules (a member of this subcommittee,
/// this agency's application) stay with the feature.
/// </summary>
public static class Policies
{
    public const string Applicants = nameof(Applicants);

    /// <summary>Cycles and catalogues, screening, subcommittees.</summary>
    public const string Secretariat = nameof(Secretariat);

    /// <summary>The assessments list and pages: members score, staff read.</summary>
    public const string Assessments = nameof(Assessments);

    /// <summary>The steering committee's decisions.</summary>
    public const string Decisions = nameof(Decisions);

    /// <summary>Certificates, documents and the dashboard.</summary>
    public const string Certificates = nameof(Certificates);

    /// <summary>The agency registry, user accounts and the audit trail.</summary>
    public const string Oversight = nameof(Oversight);

    /// <summary>What only the system's administrator sets: the office's emblem on the certificates.</summary>
    public const string Administration = nameof(Administration);

    public static readonly string[] ReadsAllAssessmentsRoles = [Roles.Secretariat, Roles.SteeringCommittee, Roles.Admin];

    private static readonly Dictionary<string, string[]> RolesByPolicy = new()
    {
        [Applicants] = [Roles.Applicant],
        [Secretariat] = [Roles.Secretariat],
        [Assessments] = [Roles.Assessor, Roles.SubcommitteeChair, .. ReadsAllAssessmentsRoles],
        [Decisions] = [Roles.SteeringCommittee],
        [Certificates] = [Roles.Secretariat, Roles.SteeringCommittee],
        [Oversight] = [Roles.Secretariat, Roles.Admin],
        [Administration] = [Roles.Admin],
    };

    public static void Add(AuthorizationOptions options)
    {
        foreach (var (name, roles) in RolesByPolicy)
        {
            options.AddPolicy(name, policy => policy.RequireRole(roles));
        }
    }

    public static bool IsIn(ClaimsPrincipal user, IEnumerable<string> roles) => roles.Any(user.IsInRole);

    /// <summary>
    /// Would the named policy let this user in? The same roles the registered policy requires, read
    /// without the authorization service: the layout asks up to eight of these on every page.
    /// </summary>
    public static bool Allows(ClaimsPrincipal user, string policy) => IsIn(user, RolesByPolicy[policy]);

    /// <summary>Which roles the user holds, as a short key (one bit per role of <see cref="Roles.All"/>): what the layout's menu depends on.</summary>
    public static string RoleSignature(ClaimsPrincipal user)
    {
        var bits = 0;
        for (var i = 0; i < Roles.All.Count; i++)
        {
            if (user.IsInRole(Roles.All[i]))
            {
                bits |= 1 << i;
            }
        }

        return bits.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
