using System.Net;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace GeccAssessment.Tests.Features.Users;

public class UserManagementTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    private async Task<string[]> RolesOfAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return [.. await users.GetRolesAsync((await users.FindByEmailAsync(email))!)];
    }

    [Theory]
    [InlineData(Roles.Applicant)]
    [InlineData(Roles.Assessor)]
    [InlineData(Roles.SteeringCommittee)]
    public async Task Other_roles_get_403_with_the_thai_page(string role)
    {
        var email = $"{role.ToLowerInvariant()}@forbidden.test";
        await app.CreateUserAsync(email, role);
        var browser = app.CreateBrowser();
        await browser.SignInOrFailAsync(email);

        var response = await browser.GetAsync("/users");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("ไม่มีสิทธิ์เข้าถึง", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Anonymous_users_are_sent_to_sign_in()
    {
        var response = await app.CreateBrowser().GetAsync("/users");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Secretariat_creates_a_staff_account_and_grants_roles()
    {
        await app.CreateUserAsync("sec@users.test", Roles.Secretariat);
        var browser = app.CreateBrowser();
        await browser.SignInOrFailAsync("sec@users.test");
        var page = await browser.GetPageAsync("/users/create");
        var token = page.QuerySelector("form[action='/users/create'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var response = await browser.PostFormAsync("/users/create",
        [
            new("__RequestVerificationToken", token), new("DisplayName", "นายผู้ตรวจ ใหม่"), new("Email", "new-assessor@users.test"),
            new("Password", "initial-mango-2569"), new("Roles", Roles.Assessor), new("Roles", Roles.SubcommitteeChair),
        ]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal([Roles.Assessor, Roles.SubcommitteeChair], (await RolesOfAsync("new-assessor@users.test")).Order());
        var list = HtmlForms.TextOf(await browser.GetPageAsync("/users?q=new-assessor"));
        Assert.Contains("นายผู้ตรวจ ใหม่", list);
        Assert.Contains("อนุกรรมการผู้ตรวจประเมิน", list);
    }

    [Fact]
    public async Task Secretariat_cannot_grant_admin_and_nothing_changes()
    {
        await app.CreateUserAsync("sec2@users.test", Roles.Secretariat);
        var target = await app.CreateUserAsync("target@users.test", Roles.Assessor);
        var browser = app.CreateBrowser();
        await browser.SignInOrFailAsync("sec2@users.test");
        var page = await browser.GetPageAsync($"/users/edit/{target.Id}");
        var token = page.QuerySelector("form[action^='/users/edit'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var response = await browser.PostFormAsync($"/users/edit/{target.Id}",
        [
            new("__RequestVerificationToken", token), new("Id", target.Id), new("Email", "target@users.test"),
            new("DisplayName", "ชื่อใหม่"), new("Roles", Roles.Admin),
        ]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("เฉพาะผู้ดูแลระบบเท่านั้น", HtmlForms.TextOf(await HtmlForms.ParseAsync(response)));
        Assert.Equal([Roles.Assessor], await RolesOfAsync("target@users.test"));
    }

    [Fact]
    public async Task The_list_filters_by_role_in_the_database_and_pages()
    {
        await app.CreateUserAsync("admin@filter.test", Roles.Admin);
        for (var i = 0; i < 27; i++)
        {
            await app.CreateUserAsync($"chair{i:00}@filter.test", Roles.SubcommitteeChair);
        }

        var browser = app.CreateBrowser();
        await browser.SignInOrFailAsync("admin@filter.test");

        var first = await browser.GetPageAsync("/users?role=SubcommitteeChair&q=filter.test");
        Assert.Equal(25, first.QuerySelectorAll("tbody tr").Length);
        Assert.Contains("ทั้งหมด 27 รายการ", HtmlForms.TextOf(first));
        var second = await browser.GetPageAsync("/users?role=SubcommitteeChair&q=filter.test&page=2");
        Assert.Equal(2, second.QuerySelectorAll("tbody tr").Length);
        Assert.DoesNotContain("admin@filter.test", second.QuerySelector("tbody")!.TextContent);
    }

    [Fact]
    public async Task Unknown_user_id_is_404()
    {
        await app.CreateUserAsync("admin404@users.test", Roles.Admin);
        var browser = app.CreateBrowser();
        await browser.SignInOrFailAsync("admin404@users.test");

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/users/edit/no-such-user")).StatusCode);
    }
}
