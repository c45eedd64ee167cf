using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using GeccAssessment.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static GeccAssessment.Tests.Features.Assessments.AssessmentSteps;

namespace GeccAssessment.Tests.Features.Assessments;

/// <summary>
/// What the scoring page's script is told (ADR 0008): an expired sign-in is 401 JSON, never the
/// sign-in page; a change made on an older version of a mark is refused with both values; after
/// sign-off a change is refused with why; a photo sent twice is kept once.
/// </summary>
public class HonestSavingTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_script_request_without_a_sign_in_gets_401_JSON_and_a_person_gets_the_sign_in_page()
    {
        var scene = await ArrangeAsync(app);
        var member = await SignedInAsync(app, scene.Assessor1);
        await DeclareAsync(member, scene.AssessmentId, conflict: false);
        var page = await ScoringPageOfAsync(member, scene.AssessmentId, scene.Cycle.OptionalId);
        var stranger = app.CreateBrowser();

        foreach (var header in new[] { ("Accept", "application/json"), ("X-Requested-With", "XMLHttpRequest") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/assessments/mark/{I(scene.AssessmentId)}")
            {
                Content = new FormUrlEncodedContent([new("CriterionId", I(scene.Cycle.OptionalId)), new("Points", "3"), new("ChangeId", Guid.NewGuid().ToString())]),
            };
            request.Headers.TryAddWithoutValidation(header.Item1, header.Item2);
            var response = await stranger.SendAsync(request);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.True(json.RootElement.GetProperty("signIn").GetBoolean());
            Assert.Contains("เข้าสู่ระบบใหม่", json.RootElement.GetProperty("error").GetString());
        }

        var plain = await stranger.GetAsync($"/assessments/score/{scene.AssessmentId}");
        Assert.Equal(HttpStatusCode.Redirect, plain.StatusCode);
        Assert.Contains("/account/login", plain.Headers.Location!.OriginalString);

        // A signed-in member outside the role's reach gets 403 JSON, not the error page.
        var applicant = await SignedInAsync(app, scene.ApplicantEmail);
        var denied = await applicant.SendAsync(JsonRequest(page, scene.Cycle.OptionalId, "3", baseVersion: null));
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal("application/json", denied.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await app.WithDbAsync(db => db.MemberScores.CountAsync(s => s.AssessmentId == scene.AssessmentId)));
    }

    [Fact]
    public async Task A_change_made_on_an_older_version_is_refused_with_both_values_and_applied_once_the_person_chooses()
    {
        var scene = await ArrangeAsync(app);
        var member = await SignedInAsync(app, scene.Assessor1);
        await DeclareAsync(member, scene.AssessmentId, conflict: false);
        var page = await ScoringPageOfAsync(member, scene.AssessmentId, scene.Cycle.OptionalId);

        // Laptop A saves 3 on version 0; laptop B, opened before, still thinks version 0 and says 4.
        var first = await member.SendAsync(JsonRequest(page, scene.Cycle.OptionalId, "3", baseVersion: 0));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using (var json = JsonDocument.Parse(await first.Content.ReadAsStringAsync()))
        {
            Assert.Equal(1, json.RootElement.GetProperty("version").GetInt32());
        }

        var late = await member.SendAsync(JsonRequest(page, scene.Cycle.OptionalId, "4", baseVersion: 0, note: "จากเครื่องที่สอง"));

        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        using (var json = JsonDocument.Parse(await late.Content.ReadAsStringAsync()))
        {
            Assert.True(json.RootElement.GetProperty("conflict").GetBoolean());
            var theirs = json.RootElement.GetProperty("theirs");
            Assert.Equal(3m, theirs.GetProperty("points").GetDecimal());
            Assert.Equal(1, theirs.GetProperty("version").GetInt32());
            Assert.Equal("3", theirs.GetProperty("text").GetString());
            Assert.Contains("อีกเครื่องหนึ่ง", json.RootElement.GetProperty("error").GetString());
        }

        Assert.Equal((3m, 1), await StoredAsync(scene));

        // "Keep mine": the same value, now based on the version the person has seen.
        var chosen = await member.SendAsync(JsonRequest(page, scene.Cycle.OptionalId, "4", baseVersion: 1, note: "จากเครื่องที่สอง"));
        Assert.Equal(HttpStatusCode.OK, chosen.StatusCode);
        Assert.Equal((4m, 2), await StoredAsync(scene));
        Assert.Equal(2, await app.WithDbAsync(db => db.AppliedScoreChanges.CountAsync(c => c.AssessmentId == scene.AssessmentId)));
    }

    [Fact]
    public async Task A_retried_change_is_answered_with_the_version_it_made_so_a_later_save_elsewhere_is_still_seen()
    {
        var scene = await ArrangeAsync(app);
        var member = await SignedInAsync(app, scene.Assessor1);
        await DeclareAsync(member, scene.AssessmentId, conflict: false);
        var page = await ScoringPageOfAsync(member, scene.AssessmentId, scene.Cycle.OptionalId);
        var change = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.OK, (await member.SendAsync(JsonRequest(page, scene.Cycle.OptionalId, "3", 0, changeId: change))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.SendAsync(JsonRequest(page, scene.Cycle.OptionalId, "5", 1))).StatusCode);

        var retry = await member.SendAsync(JsonRequest(page, scene.Cycle.OptionalId, "3", 0, changeId: change));

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        using var json = JsonDocument.Parse(await retry.Content.ReadAsStringAsync());
        Assert.True(json.RootElement.GetProperty("alreadyApplied").GetBoolean());
        Assert.Equal(1, json.RootElement.GetProperty("version").GetInt32());
        Assert.Equal((5m, 2), await StoredAsync(scene));
    }

    [Fact]
    public async Task After_sign_off_a_waiting_change_is_refused_with_why_and_nothing_changes()
    {
        var scene = await ArrangeAsync(app);
        var member = await SignedInAsync(app, scene.Assessor1);
        await DeclareAsync(member, scene.AssessmentId, conflict: false);
        var page = await ScoringPageOfAsync(member, scene.AssessmentId, scene.Cycle.OptionalId);
        Assert.Equal(HttpStatusCode.OK, (await member.SendAsync(JsonRequest(page, scene.Cycle.OptionalId, "3", 0))).StatusCode);
        await app.WithDbAsync(db => db.Assessments.Where(a => a.Id == scene.AssessmentId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ReconciliationOpenedAtUtc, DateTime.UtcNow).SetProperty(a => a.SignedOffAtUtc, DateTime.UtcNow)));

        var late = await member.SendAsync(JsonRequest(page, scene.Cycle.OptionalId, "5", 1));

        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        using var json = JsonDocument.Parse(await late.Content.ReadAsStringAsync());
        Assert.True(json.RootElement.GetProperty("closed").GetBoolean());
        Assert.Contains("ลงนามรับรองผลแล้ว", json.RootElement.GetProperty("error").GetString());
        Assert.Equal((3m, 1), await StoredAsync(scene));
    }

    /// <summary>
    /// Changes waiting in the page's queue when the member declared a conflict (in another tab) or was
    /// taken off the subcommittee: the script is told why in JSON (403, 404), so that the page keeps
    /// each as refused and sends the next. The HTML error page it got instead made it retry that change
    /// every 20 s for ever ("server error (404)"), every later change, of any assessment, behind it.
    /// </summary>
    [Fact]
    public async Task A_member_with_a_conflict_or_off_the_subcommittee_is_told_why_in_json_so_the_queue_moves_on()
    {
        var scene = await ArrangeAsync(app);
        var member = await SignedInAsync(app, scene.Assessor1);
        await DeclareAsync(member, scene.AssessmentId, conflict: false);
        var page = await ScoringPageOfAsync(member, scene.AssessmentId, scene.Cycle.OptionalId);
        var memberId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == scene.Assessor1).Select(u => u.Id).SingleAsync());

        await app.WithDbAsync(db => db.ConflictDeclarations.Where(c => c.AssessmentId == scene.AssessmentId && c.UserId == memberId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.HasConflict, true)));
        var conflicted = await member.SendAsync(JsonRequest(page, scene.Cycle.OptionalId, "3", 0));

        Assert.Equal(HttpStatusCode.Forbidden, conflicted.StatusCode);
        Assert.Equal("application/json", conflicted.Content.Headers.ContentType?.MediaType);
        using (var json = JsonDocument.Parse(await conflicted.Content.ReadAsStringAsync()))
        {
            Assert.Contains("ไม่มีสิทธิ์", json.RootElement.GetProperty("error").GetString());
        }

        await app.WithDbAsync(db => db.SubcommitteeMembers.Where(m => m.SubcommitteeId == scene.SubcommitteeId && m.UserId == memberId).ExecuteDeleteAsync());
        var removed = await member.SendAsync(JsonRequest(page, scene.Cycle.OptionalId, "3", 0));
        using var photo = PhotoRequest(page, scene.AssessmentId, scene.Cycle.OptionalId);
        var removedPhoto = await member.SendAsync(photo);

        foreach (var response in new[] { removed, removedPhoto })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Contains("ไม่ได้อยู่ในคณะอนุกรรมการ", json.RootElement.GetProperty("error").GetString());
        }

        Assert.Equal(0, await app.WithDbAsync(db => db.MemberScores.CountAsync(s => s.AssessmentId == scene.AssessmentId)));
        Assert.Equal(0, await app.WithDbAsync(db => db.AssessmentPhotos.CountAsync(p => p.AssessmentId == scene.AssessmentId)));
        // A person (no script) still gets the Thai error page.
        var plain = await member.GetAsync($"/assessments/score/{I(scene.AssessmentId)}");
        Assert.Equal(HttpStatusCode.NotFound, plain.StatusCode);
        Assert.Equal("text/html", plain.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_photo_sent_twice_with_one_change_id_is_kept_once()
    {
        var scene = await ArrangeAsync(app);
        var member = await SignedInAsync(app, scene.Assessor1);
        await DeclareAsync(member, scene.AssessmentId, conflict: false);
        var page = await member.GetPageAsync($"/assessments/score/{scene.AssessmentId}");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var change = Guid.NewGuid();

        for (var i = 0; i < 2; i++)
        {
            using var content = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" },
                { new StringContent(I(scene.Cycle.OptionalId)), "criterionId" },
                { new StringContent(change.ToString()), "changeId" },
            };
            var png = new ByteArrayContent(TestData.Png());
            png.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            content.Add(png, "photo", "site.png");
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/assessments/photo/{I(scene.AssessmentId)}") { Content = content };
            request.Headers.Accept.ParseAdd("application/json");
            var response = await member.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.True(json.RootElement.GetProperty("saved").GetBoolean());
        }

        Assert.Equal(1, await app.WithDbAsync(db => db.AssessmentPhotos.CountAsync(p => p.AssessmentId == scene.AssessmentId)));
    }

    private Task<(decimal?, int)> StoredAsync(AssessmentScene scene) =>
        app.WithDbAsync(async db =>
        {
            var s = await db.MemberScores.AsNoTracking().SingleAsync(s => s.AssessmentId == scene.AssessmentId && s.CriterionId == scene.Cycle.OptionalId);
            return (s.Mark.Points, s.Version);
        });

    /// <summary>A photo of one criterion as the page's script sends it.</summary>
    private static HttpRequestMessage PhotoRequest(AngleSharp.Dom.IDocument page, int assessmentId, int criterionId)
    {
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(I(criterionId)), "criterionId" },
            { new StringContent(Guid.NewGuid().ToString()), "changeId" },
        };
        var png = new ByteArrayContent(TestData.Png());
        png.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        content.Add(png, "photo", "site.png");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/assessments/photo/{I(assessmentId)}") { Content = content };
        request.Headers.Accept.ParseAdd("application/json");
        return request;
    }

    /// <summary>One criterion's change as the page's script sends it (JSON asked for; without a base version as an older page sends it).</summary>
    internal static HttpRequestMessage JsonRequest(AngleSharp.Dom.IDocument page, int criterionId, string points, int? baseVersion, string? note = null, Guid? changeId = null)
    {
        var form = (AngleSharp.Html.Dom.IHtmlFormElement)page.QuerySelector($"#c-{I(criterionId)} form.score-form")!;
        var fields = Fields(form).Where(f => f.Key is not ("ChangeId" or "Points" or "Note" or "BaseVersion")).ToList();
        fields.Add(new("Points", points));
        fields.Add(new("Note", note ?? ""));
        fields.Add(new("ChangeId", (changeId ?? Guid.NewGuid()).ToString()));
        if (baseVersion is { } v)
        {
            fields.Add(new("BaseVersion", I(v)));
        }

        var request = new HttpRequestMessage(HttpMethod.Post, form.GetAttribute("action")) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Accept.ParseAdd("application/json");
        return request;
    }
}
