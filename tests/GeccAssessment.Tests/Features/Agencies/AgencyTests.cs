using System.Net;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Tests.Features.Agencies;

public class AgencyTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    [Fact]
    public async Task An_applicant_keeps_the_agency_details_and_adds_a_colleague_who_sees_the_same_points()
    {
        // Ministries are reference data, seeded with the database.
        var ministry = await app.WithDbAsync(db => db.Agencies.SingleAsync(a => a.NameTh == "กระทรวงการคลัง" && a.IsReference));
        var agency = await TestData.CreateAgencyAsync(app, "สำนักงานทดสอบเพื่อนร่วมงาน");
        await TestData.CreateServicePointAsync(app, agency.Id, "จุดบริการร่วมกัน");
        await app.CreateUserAsync("first@agency.test", Roles.Applicant, agency.Id);
        var first = app.CreateBrowser();
        await first.SignInOrFailAsync("first@agency.test");

        var saved = await first.SubmitFormAsync("/agencies/mine", "form[action='/agencies/mine']", new Dictionary<string, string>
        {
            ["Form.NameEn"] = "Test Office",
            ["Form.ParentAgencyId"] = ministry.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.ProvinceCode"] = "50",
            ["Form.ContactPhone"] = "0 7431 1234",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var stored = await app.WithDbAsync(db => db.Agencies.SingleAsync(a => a.Id == agency.Id));
        Assert.Equal((ministry.Id, "50", "Test Office"), (stored.ParentAgencyId!.Value, stored.ProvinceCode!, stored.NameEn!));

        var added = await first.SubmitFormAsync("/agencies/mine", "form[action='/agencies/addcolleague']", new Dictionary<string, string>
        {
            ["NewColleague.DisplayName"] = "นายเพื่อน ร่วมงาน",
            ["NewColleague.Email"] = "second@agency.test",
            ["NewColleague.Password"] = "colleague-kiwi-2569",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);

        var second = app.CreateBrowser();
        await second.SignInOrFailAsync("second@agency.test", "colleague-kiwi-2569");
        Assert.Contains("จุดบริการร่วมกัน", HtmlForms.TextOf(await second.GetPageAsync("/servicepoints")));
    }

    [Fact]
    public async Task A_parent_must_be_a_ministry_or_department()
    {
        var agency = await TestData.CreateAgencyAsync(app, "สำนักงานพ่อแม่ผิด");
        var localGovernment = await app.WithDbAsync(async db =>
        {
            var l = new Agency { NameTh = "เทศบาลทดสอบ", Kind = AgencyKind.LocalGovernment, CreatedAtUtc = DateTime.UtcNow };
            db.Agencies.Add(l);
            await db.SaveChangesAsync();
            return l;
        });
        await app.CreateUserAsync("parent@agency.test", Roles.Applicant, agency.Id);
        var browser = app.CreateBrowser();
        await browser.SignInOrFailAsync("parent@agency.test");

        var response = await browser.SubmitFormAsync("/agencies/mine", "form[action='/agencies/mine']", new Dictionary<string, string>
        {
            ["Form.ParentAgencyId"] = localGovernment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.Contains("หน่วยงานต้นสังกัดต้องเป็นกระทรวงหรือกรม", HtmlForms.TextOf(await HtmlForms.ParseAsync(response)));
        Assert.Null(await app.WithDbAsync(db => db.Agencies.Where(a => a.Id == agency.Id).Select(a => a.ParentAgencyId).SingleAsync()));
    }

    [Fact]
    public async Task The_secretariat_filters_the_agency_register_in_the_database()
    {
        await TestData.CreateAgencyAsync(app, "กรมทดสอบการกรอง");
        await app.CreateUserAsync("sec@agency.test", Roles.Secretariat);
        var browser = app.CreateBrowser();
        await browser.SignInOrFailAsync("sec@agency.test");

        var found = await browser.GetPageAsync("/agencies?q=การกรอง&kind=Department&province=90");
        Assert.Contains("กรมทดสอบการกรอง", found.QuerySelector("tbody")!.TextContent);
        var none = await browser.GetPageAsync("/agencies?q=การกรอง&kind=Ministry");
        Assert.DoesNotContain("กรมทดสอบการกรอง", none.QuerySelector("tbody")!.TextContent);
    }
}
