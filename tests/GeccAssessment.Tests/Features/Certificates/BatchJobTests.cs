using System.Net;
using System.Text.Json;
using GeccAssessment.Tests.Features.Certification;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GeccAssessment.Tests.Features.Certificates;

/// <summary>The batch page's progress requests once the person is out (js/batch-job.js stops on the 401).</summary>
public class BatchJobTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    private Task<Guid> RunningJobAsync() => CertificatePlanting.RunningBatchAsync(app, "batch-test");

    private static HttpRequestMessage Poll(Guid job, string? cookie = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/certificates/batchjobstatus/{job}");
        request.Headers.Add("Accept", "application/json");
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        return request;
    }

    [Fact]
    public async Task After_sign_out_the_progress_is_a_401_json_asking_to_sign_in_again_for_this_browser_and_a_copied_cookie()
    {
        var job = await RunningJobAsync();
        await app.CreateUserAsync("batch-signout@batch.test", Roles.Secretariat);
        var browser = app.CreateBrowser();
        var signIn = await browser.SignInAsync("batch-signout@batch.test");
        var copied = string.Join("; ", signIn.Headers.GetValues("Set-Cookie")
            .Where(c => c.StartsWith("gecc.auth", StringComparison.Ordinal)).Select(c => c.Split(';')[0]));
        var running = await browser.SendAsync(Poll(job));
        Assert.Equal(HttpStatusCode.OK, running.StatusCode);
        Assert.False(JsonDocument.Parse(await running.Content.ReadAsStringAsync()).RootElement.GetProperty("finished").GetBoolean());

        var page = await browser.GetPageAsync($"/certificates/batchjob/{job}");
        Assert.Equal($"/account/login?returnUrl=%2Fcertificates%2Fbatchjob%2F{job}", page.QuerySelector("#job-signin")!.GetAttribute("href"));
        var signOut = await browser.SubmitFormAsync(page, "form[action='/account/logout']", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        var anotherClient = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        foreach (var refused in new[] { await browser.SendAsync(Poll(job)), await anotherClient.SendAsync(Poll(job, copied)) })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("application/json", refused.Content.Headers.ContentType?.MediaType);
            var answer = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
            Assert.True(answer.GetProperty("signIn").GetBoolean());
            Assert.Contains("เข้าสู่ระบบใหม่", answer.GetProperty("error").GetString());
        }
    }
}
