using GeccAssessment.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Data.Seeding;

/// <summary>Demo agencies and one user per role, for Development only. Safe to run on every start.</summary>
public static class DemoSeeder
{
    /// <summary>Shared by every demo account; printed at start and listed in the README. Never used outside Development.</summary>
    public const string DemoPassword = "gecc-demo-2563";

    public sealed record DemoUser(string Email, string DisplayName, string Role, string? AgencyName);

    public static readonly IReadOnlyList<DemoUser> Users =
    [
        new("admin@gecc.test", "ผู้ดูแลระบบ (สาธิต)", Roles.Admin, null),
        new("secretariat@gecc.test", "ฝ่ายเลขานุการ (สาธิต)", Roles.Secretariat, null),
        new("assessor1@gecc.test", "นายสมชาย ตรวจประเมิน", Roles.Assessor, null),
        new("assessor2@gecc.test", "นางสาวสมหญิง ใจดี", Roles.Assessor, null),
        new("chair@gecc.test", "นายประธาน อนุกรรมการ", Roles.SubcommitteeChair, null),
        new("committee@gecc.test", "คณะกรรมการอำนวยการ (สาธิต)", Roles.SteeringCommittee, null),
        new("applicant@gecc.test", "เจ้าหน้าที่สรรพสามิตสงขลา", Roles.Applicant, "สำนักงานสรรพสามิตจังหวัดสงขลา"),
        new("applicant2@gecc.test", "เจ้าหน้าที่ กฟภ. สงขลา", Roles.Applicant, "การไฟฟ้าส่วนภูมิภาคจังหวัดสงขลา"),
    ];

    private static readonly (string NameTh, string NameEn, AgencyKind Kind)[] Agencies =
    [
        ("สำนักงานสรรพสามิตจังหวัดสงขลา", "Songkhla Excise Office", AgencyKind.Department),
        ("การไฟฟ้าส่วนภูมิภาคจังหวัดสงขลา", "Provincial Electricity Authority, Songkhla", AgencyKind.StateEnterprise),
    ];

    public static async Task<IReadOnlyList<DemoUser>> SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<ApplicationDbContext>();
        foreach (var (nameTh, nameEn, kind) in Agencies)
        {
            if (!await db.Agencies.AnyAsync(a => a.NameTh == nameTh, cancellationToken))
            {
                db.Agencies.Add(new Agency { NameTh = nameTh, NameEn = nameEn, Kind = kind, CreatedAtUtc = DateTime.UtcNow });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        var agencyIds = await db.Agencies.ToDictionaryAsync(a => a.NameTh, a => a.Id, cancellationToken);

        var userManager = services.GetRequiredService<UserManager<ApplicationUser>>();
        foreach (var demo in Users)
        {
            if (await userManager.FindByEmailAsync(demo.Email) is null)
            {
                var agencyId = demo.AgencyName is null ? (int?)null : agencyIds[demo.AgencyName];
                await IdentitySeeder.CreateUserAsync(userManager, demo.Email, demo.DisplayName, DemoPassword, [demo.Role], agencyId);
            }
        }

        return Users;
    }

    /// <summary>Written straight to the console, not through the logger: passwords never go into logs.</summary>
    public static void PrintSignInNames(IReadOnlyList<DemoUser> users)
    {
        Console.WriteLine();
        Console.WriteLine("Demo users (Development only), password for all: " + DemoPassword);
        foreach (var user in users)
        {
            Console.WriteLine($"  {user.Role,-18} {user.Email}");
        }

        Console.WriteLine();
    }
}
