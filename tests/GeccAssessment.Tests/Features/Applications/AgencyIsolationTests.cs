using System.Net;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;
using ServicePoint = GeccAssessment.Web.Domain.ServicePoint;

namespace GeccAssessment.Tests.Features.Applications;

/// <summary>An applicant guessing another agency's ids gets 404 and changes nothing.</summary>
public class AgencyIsolationTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>, IAsyncLifetime
{
    private TestData.CycleInfo _cycle = null!;
    private ServicePoint _theirPoint = null!;
    private Application _theirApplication = null!;
    private int _theirFileId;
    private HttpClient _intruder = null!;

    public async Task InitializeAsync()
    {
        _cycle = await TestData.CreateCycleAsync(app, TestData.UniqueYear());
        var victim = await TestData.CreateAgencyAsync(app, "หน่วยงานเจ้าของข้อมูล");
        var intruderAgency = await TestData.CreateAgencyAsync(app, "หน่วยงานอื่น");
        _theirPoint = await TestData.CreateServicePointAsync(app, victim.Id, "จุดบริการของเขา");
        _theirApplication = await TestData.CreateApplicationAsync(app, _cycle.Id, _theirPoint);
        _theirFileId = await app.WithDbAsync(async db =>
        {
            var file = new EvidenceFile
            {
                ApplicationId = _theirApplication.Id,
                CriterionId = _cycle.EvidenceId,
                FileName = "ลับ.pdf",
                ContentType = "application/pdf",
                SizeBytes = 600,
                Sha256 = "x",
                UploadedAtUtc = DateTime.UtcNow,
                Content = new EvidenceFileContent { Data = TestData.Pdf() },
            };
            db.EvidenceFiles.Add(file);
            await db.SaveChangesAsync();
            return file.Id;
        });
        var email = $"intruder{Guid.NewGuid():N}@isolation.test";
        await app.CreateUserAsync(email, Roles.Applicant, intruderAgency.Id);
        _intruder = app.CreateBrowser();
        await _intruder.SignInOrFailAsync(email);
        // A page of the intruder's own, for a valid antiforgery token.
        await TestData.CreateServicePointAsync(app, intruderAgency.Id, "จุดบริการของฉัน");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Another_agencys_pages_and_files_are_not_found()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _intruder.GetAsync($"/servicepoints/edit/{_theirPoint.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _intruder.GetAsync($"/applications/edit/{_theirApplication.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _intruder.GetAsync($"/evidence/{_theirFileId}")).StatusCode);
        Assert.DoesNotContain("จุดบริการของเขา", HtmlForms.TextOf(await _intruder.GetPageAsync("/servicepoints")));
        Assert.DoesNotContain("จุดบริการของเขา", HtmlForms.TextOf(await _intruder.GetPageAsync("/applications")));
        Assert.DoesNotContain("จุดบริการของเขา", HtmlForms.TextOf(await _intruder.GetPageAsync("/applications/create")));
    }

    [Fact]
    public async Task Posting_with_another_agencys_ids_changes_nothing()
    {
        var ownPage = await _intruder.GetPageAsync("/servicepoints/create");

        var pointEdit = await _intruder.SubmitFormAsync(ownPage, "form[action='/servicepoints/save']", new Dictionary<string, string>
        {
            ["Form.Id"] = _theirPoint.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.Name"] = "ยึดแล้ว",
            ["Form.Address"] = "x",
            ["Form.ProvinceCode"] = "90",
            ["Form.DistrictCode"] = "9001",
        });
        Assert.Equal(HttpStatusCode.NotFound, pointEdit.StatusCode);

        var save = await _intruder.PostAsync($"/applications/save/{_theirApplication.Id}", await TokenFormAsync(ownPage,
            [new("Answers[0].CriterionId", _cycle.OptionalId.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("Answers[0].SelfScore", "5"), new("intent", "submit"), new("DeleteEvidence", _theirFileId.ToString(System.Globalization.CultureInfo.InvariantCulture))]));
        Assert.Equal(HttpStatusCode.NotFound, save.StatusCode);

        var apply = await _intruder.PostAsync("/applications/create", await TokenFormAsync(ownPage,
            [new("servicePointId", _theirPoint.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("cycleId", _cycle.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))]));
        Assert.Equal(HttpStatusCode.OK, apply.StatusCode);
        Assert.Contains("กรุณาเลือกจุดบริการของหน่วยงาน", HtmlForms.TextOf(await HtmlForms.ParseAsync(apply)));

        var point = await app.WithDbAsync(db => db.ServicePoints.SingleAsync(p => p.Id == _theirPoint.Id));
        Assert.Equal("จุดบริการของเขา", point.Name);
        Assert.False(await app.WithDbAsync(db => db.SelfAssessmentAnswers.AnyAsync(a => a.ApplicationId == _theirApplication.Id)));
        Assert.True(await app.WithDbAsync(db => db.EvidenceFiles.AnyAsync(f => f.Id == _theirFileId)));
        Assert.Equal(ApplicationStatus.Draft, await app.WithDbAsync(db => db.Applications.Where(a => a.Id == _theirApplication.Id).Select(a => a.Status).SingleAsync()));
        Assert.Equal(1, await app.WithDbAsync(db => db.Applications.CountAsync(a => a.ServicePointId == _theirPoint.Id)));
    }

    [Fact]
    public async Task Applicants_cannot_reach_the_secretariats_pages()
    {
        foreach (var url in new[] { "/screening", $"/screening/show/{_theirApplication.Id}", "/cycles", $"/cycles/catalogue/{_cycle.Id}", "/audit", "/agencies", "/users" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await _intruder.GetAsync(url)).StatusCode);
        }
    }

    [Fact]
    public async Task Staff_may_read_evidence_and_anonymous_visitors_may_not()
    {
        var email = $"secretariat{Guid.NewGuid():N}@isolation.test";
        await app.CreateUserAsync(email, Roles.Secretariat);
        var secretariat = app.CreateBrowser();
        await secretariat.SignInOrFailAsync(email);

        // An assessor sees only what his or her subcommittee assesses (tested in Assessments).
        var assessorEmail = $"assessor{Guid.NewGuid():N}@isolation.test";
        await app.CreateUserAsync(assessorEmail, Roles.Assessor);
        var assessor = app.CreateBrowser();
        await assessor.SignInOrFailAsync(assessorEmail);
        Assert.Equal(HttpStatusCode.NotFound, (await assessor.GetAsync($"/evidence/{_theirFileId}")).StatusCode);

        var file = await secretariat.GetAsync($"/evidence/{_theirFileId}");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("application/pdf", file.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", file.Headers.GetValues("X-Content-Type-Options").Single());

        var anonymous = await app.CreateBrowser().GetAsync($"/evidence/{_theirFileId}");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
    }

    private static Task<FormUrlEncodedContent> TokenFormAsync(AngleSharp.Dom.IDocument page, List<KeyValuePair<string, string>> fields)
    {
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        fields.Add(new("__RequestVerificationToken", token));
        return Task.FromResult(new FormUrlEncodedContent(fields));
    }
}
