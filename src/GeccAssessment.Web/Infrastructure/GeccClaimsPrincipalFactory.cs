using System.Security.Claims;
using GeccAssessment.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace GeccAssessment.Web.Infrastructure;

/// <summary>Puts the user's agency into the sign-in cookie, so pages need no query to know it.</summary>
public sealed class GeccClaimsPrincipalFactory(
    UserManager<ApplicationUser> userManager, RoleManager<IdentityRole> roleManager, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(userManager, roleManager, options)
{
    public const string AgencyClaim = "gecc:agency";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.AgencyId is { } agencyId)
        {
            identity.AddClaim(new Claim(AgencyClaim, agencyId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return identity;
    }
}

public static class ClaimsPrincipalExtensions
{
    /// <summary>The applicant's agency, or null for staff accounts.</summary>
    public static int? AgencyId(this ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(GeccClaimsPrincipalFactory.AgencyClaim), out var id) ? id : null;

    public static string? UserId(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);
}
