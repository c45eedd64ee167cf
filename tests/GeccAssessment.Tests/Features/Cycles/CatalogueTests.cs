using System.Net;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Tests.Features.Cycles;

public class CatalogueTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>, IAsyncLifetime
{
    private HttpClient _secretariat = null!;

    public async Task InitializeAsync()
    {
        var email = $"sec{Guid.NewGuid():N}@catalogue.test";
        await app.CreateUserAsync(email, Roles.Secretariat);
        _secretariat = app.CreateBrowser();
        await _secretariat.SignInOrFailAsync(email);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<int> CreateCycleThroughTheFormAsync(int year)
    {
        var response = await _secretariat.SubmitFormAsync("/cycles/create", "form[action='/cycles/save']", new Dictionary<string, string>
        {
            ["BuddhistYear"] = Id(year),
            ["Title"] = $"รอบการประเมิน พ.ศ. {year}",
            // The cycle's own year (a fiscal year from October): dates of another year are refused.
            ["ApplicationOpensOn"] = $"{Id(year - 543 - 1)}-10-01",
            ["ApplicationClosesOn"] = $"{Id(year - 543)}-01-31",
            ["AssessmentStartsOn"] = $"{Id(year - 543)}-03-01",
            ["AssessmentEndsOn"] = $"{Id(year - 543)}-06-30",
            ["CertificateValidityYears"] = "3",
            ["SignatoryName"] = "นายวิชัย ศรีสวัสดิ์",
            ["SignatoryPosition"] = "ประธานกรรมการอำนวยการศูนย์ราชการสะดวก",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(response.Headers.Location!.OriginalString.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private Task<HttpResponseMessage> SaveCriterionAsync(int cycleId, int dimensionId, string code, bool mandatory = false, bool notApplicable = false, int id = 0) =>
        _secretariat.SubmitFormAsync($"/cycles/criterion?cycleId={cycleId}&dimensionId={dimensionId}", "form[action='/cycles/savecriterion']", new Dictionary<string, string>
        {
            ["Form.Id"] = Id(id),
            ["Form.Code"] = code,
            ["Form.TitleTh"] = "มีที่นั่งรอรับบริการเพียงพอ",
            ["Form.MaxPoints"] = "5",
            ["Form.IsMandatory"] = mandatory ? "true" : "false",
            ["Form.AllowNotApplicable"] = notApplicable ? "true" : "false",
        });

    [Fact]
    public async Task A_new_cycle_has_four_dimensions_and_three_levels_and_takes_criteria()
    {
        var cycleId = await CreateCycleThroughTheFormAsync(2580);
        var page = await _secretariat.GetPageAsync($"/cycles/catalogue/{cycleId}");
        var text = HtmlForms.TextOf(page);
        foreach (var dimension in new[] { "ด้านสถานที่", "ด้านบุคลากร", "ด้านงานบริการ", "ด้านอื่น ๆ" })
        {
            Assert.Contains(dimension, text);
        }

        var dimensionId = await app.WithDbAsync(db => db.Dimensions.Where(d => d.CycleId == cycleId && d.Kind == DimensionKind.Premises).Select(d => d.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await SaveCriterionAsync(cycleId, dimensionId, "p-05")).StatusCode);
        Assert.Contains("P-05", HtmlForms.TextOf(await _secretariat.GetPageAsync($"/cycles/catalogue/{cycleId}")));

        var duplicate = await SaveCriterionAsync(cycleId, dimensionId, "P-05");
        Assert.Contains("รหัสเกณฑ์นี้มีอยู่แล้วในรอบนี้", HtmlForms.TextOf(await HtmlForms.ParseAsync(duplicate)));
        var contradictory = await SaveCriterionAsync(cycleId, dimensionId, "P-06", mandatory: true, notApplicable: true);
        Assert.Contains("เกณฑ์บังคับจะกำหนดให้", HtmlForms.TextOf(await HtmlForms.ParseAsync(contradictory)));
        Assert.Equal(3, await app.WithDbAsync(db => db.CertificationLevels.CountAsync(l => l.CycleId == cycleId)));
        Assert.Equal(1, await app.WithDbAsync(db => db.Criteria.CountAsync(c => c.CycleId == cycleId)));

        // Every catalogue edit is audited.
        var added = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == "Criterion" && a.Action == "Added").Select(a => a.After).ToListAsync());
        Assert.Contains(added, after => after!.Contains("\"P-05\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_catalogue_is_copied_from_an_earlier_cycle()
    {
        var source = await TestData.CreateCycleAsync(app, 2581);
        var targetId = await CreateCycleThroughTheFormAsync(2582);

        var response = await _secretariat.SubmitFormAsync($"/cycles/catalogue/{targetId}", $"form[action='/cycles/copycatalogue/{targetId}']",
            new Dictionary<string, string> { ["sourceCycleId"] = Id(source.Id) });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var codes = await app.WithDbAsync(db => db.Criteria.Where(c => c.CycleId == targetId).OrderBy(c => c.Code).Select(c => c.Code).ToListAsync());
        Assert.Equal(["O-01", "P-01", "V-01"], codes);
        var mandatory = await app.WithDbAsync(db => db.Criteria.SingleAsync(c => c.CycleId == targetId && c.Code == "P-01"));
        Assert.True(mandatory.IsMandatory);
        Assert.Equal(DimensionKind.Premises, await app.WithDbAsync(db => db.Dimensions.Where(d => d.Id == mandatory.DimensionId).Select(d => d.Kind).SingleAsync()));
    }

    [Fact]
    public async Task Once_an_application_is_submitted_the_catalogue_cannot_change()
    {
        var cycle = await TestData.CreateCycleAsync(app, 2583);
        await app.WithDbAsync(async db =>
        {
            var stored = await db.Cycles.SingleAsync(c => c.Id == cycle.Id);
            stored.CatalogueLockedAtUtc = DateTime.UtcNow;
            return await db.SaveChangesAsync();
        });

        var edit = await SaveCriterionAsync(cycle.Id, cycle.OtherDimensionId, "O-01", id: cycle.OptionalId);
        Assert.Contains("แก้ไขเกณฑ์ของรอบนี้ไม่ได้แล้ว", HtmlForms.TextOf(await HtmlForms.ParseAsync(edit)));

        var catalogue = await _secretariat.GetPageAsync($"/cycles/catalogue/{cycle.Id}");
        Assert.Contains("มีหน่วยงานส่งใบสมัครแล้ว", HtmlForms.TextOf(catalogue));
        Assert.Null(catalogue.QuerySelector("form[action^='/cycles/deletecriterion']"));
        var token = catalogue.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var delete = await _secretariat.PostAsync($"/cycles/deletecriterion/{cycle.OptionalId}?cycleId={cycle.Id}",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Redirect, delete.StatusCode);
        Assert.Contains("แก้ไขเกณฑ์ของรอบนี้ไม่ได้แล้ว", HtmlForms.TextOf(await _secretariat.GetPageAsync($"/cycles/catalogue/{cycle.Id}")));

        Assert.Equal(3, await app.WithDbAsync(db => db.Criteria.CountAsync(c => c.CycleId == cycle.Id)));
        Assert.Equal("มีนวัตกรรมการให้บริการ", await app.WithDbAsync(db => db.Criteria.Where(c => c.Id == cycle.OptionalId).Select(c => c.TitleTh).SingleAsync()));
    }

    [Fact]
    public async Task The_first_submission_locks_the_catalogue()
    {
        var cycle = await TestData.CreateCycleAsync(app, 2584);
        var agency = await TestData.CreateAgencyAsync(app, "หน่วยงานผู้ส่งรายแรก");
        var point = await TestData.CreateServicePointAsync(app, agency.Id, "จุดบริการแรก");
        var application = await TestData.CreateApplicationAsync(app, cycle.Id, point);
        var email = $"first{Guid.NewGuid():N}@catalogue.test";
        await app.CreateUserAsync(email, Roles.Applicant, agency.Id);
        var applicant = app.CreateBrowser();
        await applicant.SignInOrFailAsync(email);
        var page = await applicant.GetPageAsync($"/applications/edit/{application.Id}");
        var selector = $"form[action='/applications/save/{application.Id}']";
        var fields = HtmlForms.FieldsOf(page, selector)
            .With(page.QuerySelector($"#score-{cycle.MandatoryId}")!.GetAttribute("name")!, "10").With("intent", "submit");

        await applicant.PostMultipartAsync(page, selector, fields, [($"Evidence_{cycle.EvidenceId}", "คู่มือ.pdf", TestData.Pdf())]);

        Assert.NotNull(await app.WithDbAsync(db => db.Cycles.Where(c => c.Id == cycle.Id).Select(c => c.CatalogueLockedAtUtc).SingleAsync()));
    }

    [Fact]
    public async Task Levels_must_rise_and_cycles_move_one_step_at_a_time()
    {
        var cycleId = await CreateCycleThroughTheFormAsync(2585);
        var page = await _secretariat.GetPageAsync($"/cycles/catalogue/{cycleId}");
        var fields = HtmlForms.FieldsOf(page, $"form[action='/cycles/settings/{cycleId}']").With("Levels[2].MinimumPercent", "75");
        fields.Add(new("__RequestVerificationToken", page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!));
        await _secretariat.PostAsync($"/cycles/settings/{cycleId}", new FormUrlEncodedContent(fields));
        Assert.Contains("ระดับที่สูงกว่าต้องใช้ร้อยละที่สูงกว่า", HtmlForms.TextOf(await _secretariat.GetPageAsync($"/cycles/catalogue/{cycleId}")));

        var list = await _secretariat.GetPageAsync("/cycles");
        var token = list.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        await _secretariat.PostAsync($"/cycles/advance/{cycleId}", new FormUrlEncodedContent([new("to", "Assessing"), new("__RequestVerificationToken", token)]));
        Assert.Equal(CycleStatus.Draft, await app.WithDbAsync(db => db.Cycles.Where(c => c.Id == cycleId).Select(c => c.Status).SingleAsync()));
        await _secretariat.PostAsync($"/cycles/advance/{cycleId}", new FormUrlEncodedContent([new("to", "Open"), new("__RequestVerificationToken", token)]));
        Assert.Equal(CycleStatus.Open, await app.WithDbAsync(db => db.Cycles.Where(c => c.Id == cycleId).Select(c => c.Status).SingleAsync()));
    }
}
