using System.Security.Claims;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GeccAssessment.Tests.Features.Shell;

/// <summary>
/// What was cut from every request (docs/adr/0017) still behaves as before: the layout's menu,
/// asked without the authorization service and kept per roles and language, and the audit of
/// pooled contexts sharing one interceptor.
/// </summary>
public class PerRequestCostTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    [Fact]
    public async Task The_menus_shortcut_answers_as_the_registered_policies_for_every_role()
    {
        var authorization = app.Services.GetRequiredService<IAuthorizationService>();
        string[] policies = [Policies.Applicants, Policies.Secretariat, Policies.Assessments, Policies.Decisions, Policies.Certificates, Policies.Oversight, Policies.Administration];
        IEnumerable<string[]> roleSets = [[], .. Roles.All.Select(r => new[] { r }), [Roles.Secretariat, Roles.Admin], [Roles.Assessor, Roles.SubcommitteeChair]];
        foreach (var roles in roleSets)
        {
            var user = new ClaimsPrincipal(new ClaimsIdentity(roles.Select(r => new Claim(ClaimTypes.Role, r)), "test"));
            foreach (var policy in policies)
            {
                Assert.Equal((await authorization.AuthorizeAsync(user, policy)).Succeeded, Policies.Allows(user, policy));
            }
        }
    }

    [Fact]
    public async Task The_kept_menu_is_each_users_own_by_roles_and_language()
    {
        await app.CreateUserAsync("menu-secretariat@shell.test", Roles.Secretariat);
        await app.CreateUserAsync("menu-assessor@shell.test", Roles.Assessor);
        var secretariat = app.CreateBrowser();
        await secretariat.SignInOrFailAsync("menu-secretariat@shell.test");
        var assessor = app.CreateBrowser();
        await assessor.SignInOrFailAsync("menu-assessor@shell.test");

        // Twice each, so that the second page of each comes from the kept copy.
        for (var i = 0; i < 2; i++)
        {
            var secretariatMenu = (await secretariat.GetPageAsync("/")).QuerySelector("#main-nav")!;
            var assessorMenu = (await assessor.GetPageAsync("/")).QuerySelector("#main-nav")!;
            Assert.NotNull(secretariatMenu.QuerySelector("a[href='/screening']"));
            Assert.Null(assessorMenu.QuerySelector("a[href='/screening']"));
            Assert.NotNull(assessorMenu.QuerySelector("a[href='/assessments']"));
            Assert.Contains("ตรวจสอบเอกสาร", secretariatMenu.TextContent, StringComparison.Ordinal);
        }

        var home = await secretariat.GetPageAsync("/");
        await secretariat.SubmitFormAsync(home, "form[action='/culture/set']", new Dictionary<string, string>());
        var english = (await secretariat.GetPageAsync("/")).QuerySelector("#main-nav")!;
        Assert.NotNull(english.QuerySelector("a[href='/screening']"));
        Assert.DoesNotContain("ตรวจสอบเอกสาร", english.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pooled_contexts_saving_at_once_each_audit_their_own_inserts()
    {
        var names = Enumerable.Range(0, 12).Select(i => $"หน่วยงานพร้อมกัน {Guid.NewGuid():N} {i}").ToList();
        await Task.WhenAll(names.Select(name => Task.Run(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            db.Agencies.Add(new Agency { NameTh = name, Kind = AgencyKind.Department, ProvinceCode = "90", CreatedAtUtc = DateTime.UtcNow });
            await db.SaveChangesAsync();
        })));

        await app.WithDbAsync(async db =>
        {
            var ids = (await db.Agencies.Where(a => names.Contains(a.NameTh)).Select(a => a.Id).ToListAsync())
                .Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(names.Count, ids.Count);
            var added = await db.AuditEntries.Where(e => e.EntityType == nameof(Agency) && e.Action == "Added" && ids.Contains(e.EntityId)).ToListAsync();
            Assert.Equal(ids.Order(), added.Select(e => e.EntityId).Order());
            return 0;
        });
    }

    [Fact]
    public async Task A_failed_save_leaves_nothing_behind_for_the_contexts_next_use()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            // No such parent agency: the insert fails after its audit was prepared.
            db.Agencies.Add(new Agency { NameTh = "หน่วยงานที่บันทึกไม่ได้", Kind = AgencyKind.Department, ProvinceCode = "90", ParentAgencyId = int.MaxValue, CreatedAtUtc = DateTime.UtcNow });
            await Assert.ThrowsAnyAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        var agency = await TestData.CreateAgencyAsync(app, "หน่วยงานหลังบันทึกไม่ได้");

        await app.WithDbAsync(async db =>
        {
            // The values are jsonb: read this class's few agency entries and look at them here.
            var entries = (await db.AuditEntries.Where(e => e.EntityType == nameof(Agency) && e.Action == "Added").ToListAsync())
                .Where(e => e.After!.Contains("บันทึกไม่ได้", StringComparison.Ordinal)).ToList();
            Assert.Equal([agency.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], entries.Select(e => e.EntityId));
            return 0;
        });
    }
}
