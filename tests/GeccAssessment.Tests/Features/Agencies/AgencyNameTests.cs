using System.Net;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Tests.Features.Agencies;

/// <summary>Agency names are unique once normalised; ministries and departments are reference data.</summary>
public class AgencyNameTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    private static Dictionary<string, string> Registration(string agency, AgencyKind kind = AgencyKind.Department) => new()
    {
        ["AgencyName"] = agency,
        ["AgencyKind"] = kind.ToString(),
        ["DisplayName"] = "นายทดสอบ ชื่อหน่วยงาน",
        ["Email"] = $"name-{Guid.NewGuid():N}@agency-name.test",
        ["Password"] = "new-mango-pass-2563",
        ["ConfirmPassword"] = "new-mango-pass-2563",
    };

    private async Task<(HttpResponseMessage Response, string Text)> RegisterAsync(Dictionary<string, string> form)
    {
        var response = await app.CreateBrowser().SubmitFormAsync("/account/register", "form[action='/account/register']", form);
        return (response, response.StatusCode == HttpStatusCode.OK ? HtmlForms.TextOf(await HtmlForms.ParseAsync(response)) : "");
    }

    [Theory]
    [InlineData("กระทรวงการคลัง")]
    [InlineData("  กระทรวงการคลัง  ")]
    [InlineData("กรมสรรพากร")]
    public async Task Registering_an_agency_named_like_a_ministry_or_department_is_refused_in_thai(string name)
    {
        var form = Registration(name);

        var (response, text) = await RegisterAsync(form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("ชื่อนี้เป็นชื่อกระทรวงหรือกรมในทะเบียนอ้างอิง", text);
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == form["Email"])));
        Assert.Equal(1, await app.WithDbAsync(db => db.Agencies.CountAsync(a => a.NameTh.Contains(name.Trim()))));
    }

    [Fact]
    public async Task A_ministry_cannot_be_registered_at_all()
    {
        var (response, text) = await RegisterAsync(Registration("กระทรวงใหม่ที่ไม่มีจริง", AgencyKind.Ministry));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("กระทรวงมาจากทะเบียนอ้างอิงของระบบ", text);
        Assert.False(await app.WithDbAsync(db => db.Agencies.AnyAsync(a => a.NameTh == "กระทรวงใหม่ที่ไม่มีจริง")));
    }

    [Fact]
    public async Task Names_equal_after_trimming_spaces_unicode_form_and_case_are_one_agency()
    {
        var (first, _) = await RegisterAsync(Registration("สำนักงาน Café  ทดสอบชื่อซ้ำ"));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        // Two spaces become one, "E" + combining acute is "É" (NFC), and case does not count.
        var (second, text) = await RegisterAsync(Registration(" สำนักงาน CAFE\u0301 ทดสอบชื่อซ้ำ"));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("มีหน่วยงานชื่อนี้ในระบบแล้ว", text);
        Assert.Equal(1, await app.WithDbAsync(db => db.Agencies.CountAsync(a => a.NameTh.Contains("ทดสอบชื่อซ้ำ"))));
    }

    [Fact]
    public async Task Renaming_ones_agency_to_a_taken_name_is_refused_and_nothing_changes()
    {
        await TestData.CreateAgencyAsync(app, "สำนักงานที่มีชื่อนี้อยู่แล้ว");
        var mine = await TestData.CreateAgencyAsync(app, "สำนักงานที่จะเปลี่ยนชื่อ");
        await app.CreateUserAsync("rename@agency-name.test", Roles.Applicant, mine.Id);
        var browser = app.CreateBrowser();
        await browser.SignInOrFailAsync("rename@agency-name.test");

        var response = await browser.SubmitFormAsync("/agencies/mine", "form[action='/agencies/mine']",
            new Dictionary<string, string> { ["Form.NameTh"] = "สำนักงานที่มีชื่อนี้อยู่แล้ว " });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("มีหน่วยงานชื่อนี้ในระบบแล้ว", HtmlForms.TextOf(await HtmlForms.ParseAsync(response)));
        Assert.Equal("สำนักงานที่จะเปลี่ยนชื่อ", await app.WithDbAsync(db => db.Agencies.Where(a => a.Id == mine.Id).Select(a => a.NameTh).SingleAsync()));
    }

    [Fact]
    public async Task Parents_are_chosen_from_the_reference_list_only()
    {
        // A registered agency of kind "department" is not a parent: only the seeded list is.
        var registered = await TestData.CreateAgencyAsync(app, "กรมที่ลงทะเบียนเองไม่อยู่ในรายการ");
        var mine = await TestData.CreateAgencyAsync(app, "สำนักงานเลือกต้นสังกัด");
        await app.CreateUserAsync("parent-list@agency-name.test", Roles.Applicant, mine.Id);
        var browser = app.CreateBrowser();
        await browser.SignInOrFailAsync("parent-list@agency-name.test");

        var page = await browser.GetPageAsync("/agencies/mine");
        var options = page.QuerySelectorAll("select[name='Form.ParentAgencyId'] option").Select(o => o.TextContent.Trim()).ToList();

        Assert.Contains("กระทรวงการคลัง", options);
        Assert.Contains("กรมสรรพากร", options);
        Assert.Single(options, o => o == "กระทรวงการคลัง");
        Assert.DoesNotContain(registered.NameTh, options);

        var refused = await browser.SubmitFormAsync(page, "form[action='/agencies/mine']",
            new Dictionary<string, string> { ["Form.ParentAgencyId"] = registered.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Contains("หน่วยงานต้นสังกัดต้องเป็นกระทรวงหรือกรม", HtmlForms.TextOf(await HtmlForms.ParseAsync(refused)));
    }
}
