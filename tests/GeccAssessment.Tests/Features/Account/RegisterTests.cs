using System.Net;
using AngleSharp.Dom;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Tests.Features.Account;

public class RegisterTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    private static Dictionary<string, string> Form(string email, string agency = "สำนักงานทดสอบจังหวัดสงขลา") => new()
    {
        ["AgencyName"] = agency,
        ["AgencyKind"] = nameof(AgencyKind.Department),
        ["DisplayName"] = "นายทดสอบ สมัครใหม่",
        ["Email"] = email,
        ["Password"] = "new-mango-pass-2563",
        ["ConfirmPassword"] = "new-mango-pass-2563",
    };

    [Fact]
    public async Task An_applicant_registers_with_an_agency_and_then_signs_in()
    {
        var browser = app.CreateBrowser();

        var response = await browser.SubmitFormAsync("/account/register", "form[action='/account/register']", Form("new@register.test"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.OriginalString);
        Assert.Contains("ดำเนินการลงทะเบียนแล้ว", HtmlForms.TextOf(await browser.GetPageAsync("/account/login")));
        await browser.SignInOrFailAsync("new@register.test", "new-mango-pass-2563");
        var home = HtmlForms.TextOf(await browser.GetPageAsync("/"));
        Assert.Contains("สำนักงานทดสอบจังหวัดสงขลา", home);
        Assert.Contains("ผู้สมัคร", home);
        var user = await app.WithDbAsync(db => db.Users.Include(u => u.Agency).SingleAsync(u => u.Email == "new@register.test"));
        Assert.Equal(AgencyKind.Department, user.Agency!.Kind);
    }

    [Fact]
    public async Task Missing_fields_are_named_in_thai_and_nothing_is_saved()
    {
        var agenciesBefore = await app.WithDbAsync(db => db.Agencies.CountAsync());
        var form = Form("incomplete@register.test");
        form["AgencyName"] = "";
        form["ConfirmPassword"] = "something-else-1";

        var response = await app.CreateBrowser().SubmitFormAsync("/account/register", "form[action='/account/register']", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        var errors = page.QuerySelector("[role=alert]")!.TextContent;
        Assert.Contains("กรุณากรอกชื่อหน่วยงาน", errors);
        Assert.Contains("รหัสผ่านทั้งสองช่องไม่ตรงกัน", errors);
        // What the user typed is still there.
        Assert.Equal("นายทดสอบ สมัครใหม่", page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#DisplayName")!.Value);
        Assert.Equal(agenciesBefore, await app.WithDbAsync(db => db.Agencies.CountAsync()));
    }

    [Fact]
    public async Task A_taken_email_or_weak_password_leaves_no_orphan_agency()
    {
        await app.CreateUserAsync("taken@register.test", Roles.Applicant);
        var agenciesBefore = await app.WithDbAsync(db => db.Agencies.CountAsync());

        var taken = await app.CreateBrowser().SubmitFormAsync("/account/register", "form[action='/account/register']", Form("taken@register.test", "หน่วยงานซ้ำ"));
        Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);

        var weakForm = Form("weak@register.test", "หน่วยงานรหัสอ่อน");
        weakForm["Password"] = weakForm["ConfirmPassword"] = "short1";
        var weak = await app.CreateBrowser().SubmitFormAsync("/account/register", "form[action='/account/register']", weakForm);
        Assert.Contains("รหัสผ่านต้องยาวอย่างน้อย 10 ตัวอักษร", HtmlForms.TextOf(await HtmlForms.ParseAsync(weak)));

        Assert.Equal(agenciesBefore, await app.WithDbAsync(db => db.Agencies.CountAsync()));
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "weak@register.test")));
    }

    [Fact]
    public async Task Script_in_a_thai_name_is_refused_and_echoed_inert()
    {
        var response = await app.CreateBrowser().SubmitFormAsync("/account/register", "form[action='/account/register']",
            Form("script@register.test", "สำนักงาน<script>alert(1)</script>ทดสอบ"));

        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("ต้องไม่มีแท็ก HTML", (await HtmlForms.ParseAsync(response)).QuerySelector("[role=alert]")?.TextContent ?? html);
        Assert.DoesNotContain("<script>alert(1)</script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "script@register.test")));
    }
}
