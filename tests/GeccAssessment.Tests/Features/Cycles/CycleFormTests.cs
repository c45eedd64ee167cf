using System.Net;
using AngleSharp.Dom;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Tests.Features.Cycles;

/// <summary>The cycle form through the one Thai date field, and how it tells what it refused.</summary>
public class CycleFormTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    private async Task<HttpClient> SecretariatAsync()
    {
        var email = $"sec{Guid.NewGuid():N}@cycleform.test";
        await app.CreateUserAsync(email, Roles.Secretariat);
        var client = app.CreateBrowser();
        await client.SignInOrFailAsync(email);
        return client;
    }

    [Fact]
    public async Task Dates_typed_in_the_buddhist_era_are_stored_as_those_days_and_shown_back_in_it()
    {
        var client = await SecretariatAsync();
        // In the form's range (2550–2700), unique in this class's database; its dates in its own year.
        const int year = 2563;
        var form = await client.GetPageAsync("/cycles/create");
        Assert.Empty(form.QuerySelectorAll("input[type=date]"));
        var response = await client.SubmitFormAsync(form, "form[action='/cycles/save']", new Dictionary<string, string>
        {
            ["BuddhistYear"] = year.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Title"] = $"รอบการประเมิน พ.ศ. {year}",
            ["ApplicationOpensOn"] = "15/07/2563",
            ["ApplicationClosesOn"] = "31 ส.ค. 2563",
            ["AssessmentStartsOn"] = "๑/๙/๒๕๖๓",
            ["AssessmentEndsOn"] = "2020-11-30",
            ["CertificateValidityYears"] = "3",
            ["SignatoryName"] = "นายวิชัย ศรีสวัสดิ์",
            ["SignatoryPosition"] = "ประธานกรรมการอำนวยการศูนย์ราชการสะดวก",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cycle = await app.WithDbAsync(db => db.Cycles.AsNoTracking().SingleAsync(c => c.BuddhistYear == year));
        Assert.Equal(
            (new DateOnly(2020, 7, 15), new DateOnly(2020, 8, 31), new DateOnly(2020, 9, 1), new DateOnly(2020, 11, 30)),
            (cycle.ApplicationOpensOn, cycle.ApplicationClosesOn, cycle.AssessmentStartsOn, cycle.AssessmentEndsOn));

        var edit = await client.GetPageAsync($"/cycles/edit/{cycle.Id}");
        Assert.Equal("15/07/2563", edit.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#ApplicationOpensOn")!.Value);
        Assert.Equal("อ่านว่า 15 กรกฎาคม พ.ศ. 2563", edit.QuerySelector("#ApplicationOpensOn-reads")!.TextContent);
    }

    [Fact]
    public async Task A_refused_form_links_each_error_to_its_field_marked_invalid_and_keeps_what_was_typed()
    {
        var client = await SecretariatAsync();
        var response = await client.SubmitFormAsync("/cycles/create", "form[action='/cycles/save']", new Dictionary<string, string>
        {
            ["BuddhistYear"] = "2591",
            ["Title"] = "",
            ["ApplicationOpensOn"] = "31/02/2563",
            ["ApplicationClosesOn"] = "31/08/2563",
            ["AssessmentStartsOn"] = "01/09/2563",
            ["AssessmentEndsOn"] = "30/11/2563",
            ["CertificateValidityYears"] = "3",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        var summary = page.QuerySelector("#form-errors")!;
        Assert.Equal("-1", summary.GetAttribute("tabindex"));
        Assert.NotNull(summary.QuerySelector("a[href='#Title']"));
        Assert.Contains("ไม่มีวันที่ \"31/02/2563\" ในปฏิทิน", summary.QuerySelector("a[href='#ApplicationOpensOn']")!.TextContent);
        Assert.Equal("true", page.QuerySelector("#Title")!.GetAttribute("aria-invalid"));
        var date = page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#ApplicationOpensOn")!;
        Assert.Equal("true", date.GetAttribute("aria-invalid"));
        Assert.Equal("31/02/2563", date.Value);
        Assert.Null(page.QuerySelector("#ApplicationClosesOn")!.GetAttribute("aria-invalid"));
    }

    [Fact]
    public async Task Dates_of_another_year_or_out_of_phase_order_are_refused_by_their_fields_keeping_what_was_typed()
    {
        var client = await SecretariatAsync();
        var fields = new Dictionary<string, string>
        {
            ["BuddhistYear"] = "2569",
            ["Title"] = "รอบการประเมิน พ.ศ. 2569",
            // A slip of a digit: 2659 for 2569 opened the window in 2116.
            ["ApplicationOpensOn"] = "01/10/2659",
            ["ApplicationClosesOn"] = "31/01/2569",
            // Before applications close: out of phase order.
            ["AssessmentStartsOn"] = "15/01/2569",
            ["AssessmentEndsOn"] = "30/06/2569",
            ["AwardOn"] = "30/09/2569",
            ["CertificateValidityYears"] = "3",
            ["SignatoryName"] = "นายวิชัย ศรีสวัสดิ์",
            ["SignatoryPosition"] = "ประธานกรรมการอำนวยการศูนย์ราชการสะดวก",
        };
        var refused = await client.SubmitFormAsync("/cycles/create", "form[action='/cycles/save']", fields);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await HtmlForms.ParseAsync(refused);
        Assert.Equal("วันที่นี้ไม่อยู่ในช่วงของรอบปี พ.ศ. 2569: ต้องอยู่ระหว่าง 1 มกราคม พ.ศ. 2568 ถึง 31 ธันวาคม พ.ศ. 2570 (ตรวจปี พ.ศ. ที่พิมพ์)", page.QuerySelector("[data-valmsg-for='ApplicationOpensOn']")!.TextContent.Trim());
        Assert.Equal("วันเริ่มตรวจประเมินต้องไม่ก่อนวันปิดรับสมัคร", page.QuerySelector("[data-valmsg-for='AssessmentStartsOn']")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("#form-errors a[href='#ApplicationOpensOn']"));
        var opens = page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#ApplicationOpensOn")!;
        Assert.Equal(("true", "01/10/2659"), (opens.GetAttribute("aria-invalid"), opens.Value));
        Assert.Equal("15/01/2569", page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#AssessmentStartsOn")!.Value);
        Assert.Null(page.QuerySelector("#ApplicationClosesOn")!.GetAttribute("aria-invalid"));
        Assert.False(await app.WithDbAsync(db => db.Cycles.AnyAsync(c => c.BuddhistYear == 2569)));

        fields["ApplicationOpensOn"] = "01/10/2568";
        fields["AssessmentStartsOn"] = "01/03/2569";
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitFormAsync("/cycles/create", "form[action='/cycles/save']", fields)).StatusCode);
        Assert.Equal(new DateOnly(2025, 10, 1), await app.WithDbAsync(db => db.Cycles.Where(c => c.BuddhistYear == 2569).Select(c => c.ApplicationOpensOn).SingleAsync()));
    }

    [Fact]
    public async Task The_signatory_is_required_in_thai_and_kept_on_the_cycle()
    {
        var client = await SecretariatAsync();
        var fields = new Dictionary<string, string>
        {
            ["BuddhistYear"] = "2592",
            ["Title"] = "รอบการประเมิน พ.ศ. 2592",
            ["ApplicationOpensOn"] = "15/07/2592",
            ["ApplicationClosesOn"] = "31/08/2592",
            ["AssessmentStartsOn"] = "01/09/2592",
            ["AssessmentEndsOn"] = "30/11/2592",
            ["CertificateValidityYears"] = "3",
        };
        var refused = await client.SubmitFormAsync("/cycles/create", "form[action='/cycles/save']", fields);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await HtmlForms.ParseAsync(refused);
        Assert.Equal("กรุณากรอกชื่อผู้ลงนาม (ตัวบรรจง)", page.QuerySelector("[data-valmsg-for='SignatoryName']")!.TextContent.Trim());
        Assert.Equal("กรุณากรอกตำแหน่งผู้ลงนาม", page.QuerySelector("[data-valmsg-for='SignatoryPosition']")!.TextContent.Trim());
        Assert.False(await app.WithDbAsync(db => db.Cycles.AnyAsync(c => c.BuddhistYear == 2592)));

        fields["SignatoryName"] = " นางสาวสมศรี มั่นคง ";
        fields["SignatoryPosition"] = "รองปลัดสำนักนายกรัฐมนตรี";
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitFormAsync("/cycles/create", "form[action='/cycles/save']", fields)).StatusCode);
        var cycle = await app.WithDbAsync(db => db.Cycles.AsNoTracking().SingleAsync(c => c.BuddhistYear == 2592));
        Assert.Equal(("นางสาวสมศรี มั่นคง", "รองปลัดสำนักนายกรัฐมนตรี"), (cycle.SignatoryName, cycle.SignatoryPosition));
        var edit = await client.GetPageAsync($"/cycles/edit/{cycle.Id}");
        Assert.Equal("นางสาวสมศรี มั่นคง", edit.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#SignatoryName")!.Value);
    }
}
