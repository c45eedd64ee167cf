using GeccAssessment.Web.Data.Seeding;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Data;

/// <summary>Applies migrations, then seeds what every environment needs and, on request, the demo data.</summary>
public static class DatabaseStartup
{
    public static async Task MigrateAndSeedAsync(IServiceProvider services, bool seedDemo, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var db = provider.GetRequiredService<ApplicationDbContext>();
        await db.Database.MigrateAsync(cancellationToken);

        await ReferenceDataSeeder.SeedAsync(db, cancellationToken);
        await IdentitySeeder.EnsureRolesAsync(provider);
        await IdentitySeeder.EnsureBootstrapAdminAsync(provider);
        if (seedDemo)
        {
            var demoUsers = await DemoSeeder.SeedAsync(provider, cancellationToken);
            DemoSeeder.PrintSignInNames(demoUsers);
        }
    }
}
