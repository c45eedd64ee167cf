using GeccAssessment.Web.Domain;
using Microsoft.AspNetCore.Identity;

namespace GeccAssessment.Web.Data.Seeding;

/// <summary>Roles exist in every environment; a first Admin can be created from configuration.</summary>
public static class IdentitySeeder
{
    public static async Task EnsureRolesAsync(IServiceProvider services)
    {
        var roleManager = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roleManager.RoleExistsAsync(role))
            {
                ThrowIfFailed(await roleManager.CreateAsync(new IdentityRole(role)), $"role {role}");
            }
        }
    }

    /// <summary>
    /// Production has no demo users: Gecc:BootstrapAdmin:Email and :Password create the first Admin,
    /// who then grants the other roles on the user-management page.
    /// </summary>
    public static async Task EnsureBootstrapAdminAsync(IServiceProvider services)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var email = configuration["Gecc:BootstrapAdmin:Email"];
        var password = configuration["Gecc:BootstrapAdmin:Password"];
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrWhiteSpace(password))
        {
            return;
        }

        var userManager = services.GetRequiredService<UserManager<ApplicationUser>>();
        if (await userManager.FindByEmailAsync(email) is not null)
        {
            return;
        }

        await CreateUserAsync(userManager, email, "ผู้ดูแลระบบ", password, [Roles.Admin], agencyId: null);
        services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IdentitySeeder))
            .LogInformation("Created the bootstrap administrator account {Email}", email);
    }

    public static async Task<ApplicationUser> CreateUserAsync(
        UserManager<ApplicationUser> userManager, string email, string displayName, string password,
        IEnumerable<string> roles, int? agencyId)
    {
        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = displayName,
            AgencyId = agencyId,
            CreatedAtUtc = DateTime.UtcNow,
        };
        ThrowIfFailed(await userManager.CreateAsync(user, password), $"user {email}");
        ThrowIfFailed(await userManager.AddToRolesAsync(user, roles), $"roles of {email}");
        return user;
    }

    private static void ThrowIfFailed(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"Could not create {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
