using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Tests.Features.Applications;

/// <summary>
/// The self-assessment page's autosave and one-by-one uploads (issue 11): each request saves one
/// criterion or one file and answers JSON with the application's new row version, on which the next
/// save is based; a save on an old version is refused, never applied over someone else's.
/// </summary>
public class PartSavingTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task An_answer_then_a_file_each_save_alone_and_chain_their_row_versions()
    {
        var cycle = await TestData.CreateCycleAsync(app, TestData.UniqueYear());
        var agency = await TestData.CreateAgencyAsync(app, "สำนักงานบันทึกทีละข้อ");
        var point = await TestData.CreateServicePointAsync(app, agency.Id, "จุดบริการทีละข้อ " + Guid.NewGuid().ToString("N")[..6]);
        var application = await TestData.CreateApplicationAsync(app, cycle.Id, point);
        var email = $"part-{Guid.NewGuid():N}@apply.test";
        await app.CreateUserAsync(email, Roles.Applicant, agency.Id);
        var client = app.CreateBrowser();
        await client.SignInOrFailAsync(email);
        var page = await client.GetPageAsync($"/applications/edit/{I(application.Id)}");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var version = page.QuerySelector("input[name=RowVersion]")!.GetAttribute("value")!;

        using var answer = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(version), "RowVersion" },
            { new StringContent(I(cycle.OptionalId)), "Answers[0].CriterionId" },
            { new StringContent("3"), "Answers[0].SelfScore" },
            { new StringContent("มีนวัตกรรมการนัดหมายออนไลน์"), "Answers[0].Explanation" },
        };
        var saved = await PostAsync(client, application.Id, answer);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        using var savedJson = JsonDocument.Parse(await saved.Content.ReadAsStringAsync());
        var next = savedJson.RootElement.GetProperty("rowVersion").GetUInt32();
        Assert.NotEqual(version, I(next));

        // The file on the version the answer gave back.
        using var upload = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(I(next)), "RowVersion" },
        };
        var pdf = new ByteArrayContent(TestData.Pdf());
        pdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        upload.Add(pdf, "Evidence_" + I(cycle.EvidenceId), "คู่มือ.pdf");
        var uploaded = await PostAsync(client, application.Id, upload);
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        using var uploadedJson = JsonDocument.Parse(await uploaded.Content.ReadAsStringAsync());
        var file = uploadedJson.RootElement.GetProperty("files")[0];
        Assert.Equal("คู่มือ.pdf", file.GetProperty("name").GetString());

        // The same file again on the same version, as the page retries an upload whose answer was lost:
        // answered as saved with the file already kept, and not stored twice.
        using var retried = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(I(next)), "RowVersion" },
        };
        var again = new ByteArrayContent(TestData.Pdf());
        again.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        retried.Add(again, "Evidence_" + I(cycle.EvidenceId), "คู่มือ.pdf");
        var retriedAnswer = await PostAsync(client, application.Id, retried);
        Assert.Equal(HttpStatusCode.OK, retriedAnswer.StatusCode);
        using var retriedJson = JsonDocument.Parse(await retriedAnswer.Content.ReadAsStringAsync());
        Assert.Equal(file.GetProperty("id").GetInt32(), retriedJson.RootElement.GetProperty("files")[0].GetProperty("id").GetInt32());

        // A save still based on the first version is refused with a reason, and changes nothing.
        using var stale = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(version), "RowVersion" },
            { new StringContent(I(cycle.OptionalId)), "Answers[0].CriterionId" },
            { new StringContent("1"), "Answers[0].SelfScore" },
        };
        var refused = await PostAsync(client, application.Id, stale);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        using var refusedJson = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.False(refusedJson.RootElement.GetProperty("saved").GetBoolean());
        Assert.NotEmpty(refusedJson.RootElement.GetProperty("error").GetString()!);

        var stored = await app.WithDbAsync(db => db.SelfAssessmentAnswers.AsNoTracking().SingleAsync(a => a.ApplicationId == application.Id));
        Assert.Equal(3m, stored.SelfScore);
        Assert.Equal(1, await app.WithDbAsync(db => db.EvidenceFiles.CountAsync(f => f.ApplicationId == application.Id)));
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, int applicationId, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/applications/savepart/{I(applicationId)}") { Content = content };
        request.Headers.Accept.ParseAdd("application/json");
        return client.SendAsync(request);
    }
}
