using System.Net;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GeccAssessment.Tests.Features.Users;

/// <summary>The role-grant table over HTTP: who may grant what, nobody their own, every change audited.</summary>
public class RoleGrantTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    private async Task<string[]> RolesOfAsync(string id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return [.. (await users.GetRolesAsync((await users.FindByIdAsync(id))!)).Order()];
    }

    private static async Task<HttpResponseMessage> PostEditAsync(HttpClient actor, ApplicationUser target, params string[] roles)
    {
        var page = await actor.GetPageAsync($"/users/edit/{target.Id}");
        var token = page.QuerySelector("form[action^='/users/edit'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return await actor.PostFormAsync($"/users/edit/{target.Id}",
            [new("__RequestVerificationToken", token), new("Id", target.Id), new("Email", target.Email!), new("DisplayName", target.DisplayName),
             .. roles.Select(r => new KeyValuePair<string, string>("Roles", r))]);
    }

    private async Task<(HttpClient Client, ApplicationUser User)> SignedInAsync(string role)
    {
        var user = await app.CreateUserAsync($"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@grant.test", role);
        var client = app.CreateBrowser();
        await client.SignInOrFailAsync(user.Email!);
        return (client, user);
    }

    [Theory]
    [InlineData(Roles.SteeringCommittee)]
    [InlineData(Roles.Secretariat)]
    public async Task The_secretariat_cannot_grant_staff_roles_that_only_an_admin_grants(string role)
    {
        var (secretariat, _) = await SignedInAsync(Roles.Secretariat);
        var target = await app.CreateUserAsync($"target-{Guid.NewGuid():N}@grant.test", Roles.Assessor);

        var response = await PostEditAsync(secretariat, target, Roles.Assessor, role);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("เฉพาะผู้ดูแลระบบเท่านั้นที่กำหนดหรือยกเลิกบทบาท", HtmlForms.TextOf(await HtmlForms.ParseAsync(response)));
        Assert.Equal([Roles.Assessor], await RolesOfAsync(target.Id));
    }

    [Fact]
    public async Task The_secretariat_cannot_grant_itself_the_steering_committee_nor_an_admin_drop_its_own_roles()
    {
        var (secretariat, secretary) = await SignedInAsync(Roles.Secretariat);
        var own = await PostEditAsync(secretariat, secretary, Roles.Secretariat, Roles.SteeringCommittee);
        Assert.Contains("ไม่สามารถเปลี่ยนบทบาทของตนเองได้", HtmlForms.TextOf(await HtmlForms.ParseAsync(own)));
        Assert.Equal([Roles.Secretariat], await RolesOfAsync(secretary.Id));

        var (adminClient, admin) = await SignedInAsync(Roles.Admin);
        var dropped = await PostEditAsync(adminClient, admin, Roles.Secretariat);
        Assert.Contains("ไม่สามารถเปลี่ยนบทบาทของตนเองได้", HtmlForms.TextOf(await HtmlForms.ParseAsync(dropped)));
        Assert.Equal([Roles.Admin], await RolesOfAsync(admin.Id));
    }

    [Fact]
    public async Task An_admin_grants_the_steering_committee_and_every_grant_and_removal_is_audited()
    {
        var (adminClient, admin) = await SignedInAsync(Roles.Admin);
        var target = await app.CreateUserAsync($"committee-{Guid.NewGuid():N}@grant.test", Roles.Assessor);

        var response = await PostEditAsync(adminClient, target, Roles.SteeringCommittee);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal([Roles.SteeringCommittee], await RolesOfAsync(target.Id));
        var trail = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == UserAdministration.AccountEntityType && a.EntityId == target.Id).ToListAsync());
        Assert.Equal(2, trail.Count);
        Assert.All(trail, a => Assert.Equal((admin.Id, admin.Email), (a.UserId!, a.UserName)));
        Assert.Contains(trail, a => a.Action == "RoleGranted" && a.After!.Contains("\"Role\": \"SteeringCommittee\"", StringComparison.Ordinal) && a.After.Contains(target.Email!, StringComparison.Ordinal));
        Assert.Contains(trail, a => a.Action == "RoleRemoved" && a.After!.Contains("\"Role\": \"Assessor\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Roles_given_when_an_account_is_created_are_audited()
    {
        var (secretariat, _) = await SignedInAsync(Roles.Secretariat);
        var email = $"created-{Guid.NewGuid():N}@grant.test";
        var page = await secretariat.GetPageAsync("/users/create");
        var token = page.QuerySelector("form[action='/users/create'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var response = await secretariat.PostFormAsync("/users/create",
            [new("__RequestVerificationToken", token), new("DisplayName", "นายผู้ตรวจ ใหม่"), new("Email", email), new("Password", "initial-mango-2569"), new("Roles", Roles.Assessor)]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityId == id && a.Action == "RoleGranted")));
    }
}
