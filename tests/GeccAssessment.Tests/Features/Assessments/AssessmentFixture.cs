using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Tests.Features.Assessments;

/// <summary>One accepted application assigned to a subcommittee of a chair and two assessors, and an outsider.</summary>
public sealed record AssessmentScene(
    TestData.CycleInfo Cycle, Application Application, int AssessmentId, int SubcommitteeId,
    string Secretariat, string Chair, string Assessor1, string Assessor2, string Outsider, string ApplicantEmail);

public static class AssessmentSteps
{
    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static async Task<AssessmentScene> ArrangeAsync(GeccAppFactory app)
    {
        var cycle = await TestData.CreateCycleAsync(app, TestData.UniqueYear(), status: CycleStatus.Assessing);
        var agency = await TestData.CreateAgencyAsync(app, "สำนักงานที่ดินจังหวัดทดสอบ");
        var point = await TestData.CreateServicePointAsync(app, agency.Id, "จุดบริการที่ดิน " + Guid.NewGuid().ToString("N")[..6]);
        var application = await TestData.CreateApplicationAsync(app, cycle.Id, point, ApplicationStatus.Accepted);
        var tag = Guid.NewGuid().ToString("N")[..8];
        string Email(string who) => $"{who}-{tag}@assess.test";
        var secretariat = await app.CreateUserAsync(Email("sec"), Roles.Secretariat, displayName: "เลขานุการ");
        var chair = await app.CreateUserAsync(Email("chair"), Roles.SubcommitteeChair, displayName: "ประธาน " + tag);
        var a1 = await app.CreateUserAsync(Email("a1"), Roles.Assessor, displayName: "กรรมการหนึ่ง " + tag);
        var a2 = await app.CreateUserAsync(Email("a2"), Roles.Assessor, displayName: "กรรมการสอง " + tag);
        var outsider = await app.CreateUserAsync(Email("out"), Roles.Assessor, displayName: "กรรมการคณะอื่น " + tag);
        var applicant = await app.CreateUserAsync(Email("app"), Roles.Applicant, agency.Id);
        var (assessmentId, subcommitteeId) = await app.WithDbAsync(async db =>
        {
            var ours = new Subcommittee { CycleId = cycle.Id, Name = "คณะที่ 1 " + tag, ChairUserId = chair.Id, CreatedAtUtc = DateTime.UtcNow };
            ours.Members.AddRange([new SubcommitteeMember { UserId = chair.Id }, new SubcommitteeMember { UserId = a1.Id }, new SubcommitteeMember { UserId = a2.Id }]);
            var theirs = new Subcommittee { CycleId = cycle.Id, Name = "คณะที่ 2 " + tag, ChairUserId = chair.Id, CreatedAtUtc = DateTime.UtcNow };
            theirs.Members.Add(new SubcommitteeMember { UserId = outsider.Id });
            db.Subcommittees.AddRange(ours, theirs);
            await db.SaveChangesAsync();
            var assessment = new Assessment { ApplicationId = application.Id, SubcommitteeId = ours.Id, CycleId = cycle.Id, AssignedAtUtc = DateTime.UtcNow };
            db.Assessments.Add(assessment);
            await db.SaveChangesAsync();
            return (assessment.Id, ours.Id);
        });
        return new AssessmentScene(cycle, application, assessmentId, subcommitteeId,
            Email("sec"), Email("chair"), Email("a1"), Email("a2"), Email("out"), Email("app"));
    }

    public static async Task<HttpClient> SignedInAsync(GeccAppFactory app, string email)
    {
        var client = app.CreateBrowser();
        await client.SignInOrFailAsync(email);
        return client;
    }

    public static async Task DeclareAsync(HttpClient client, int assessmentId, bool conflict, string? reason = null)
    {
        var page = await client.GetPageAsync($"/assessments/show/{assessmentId}");
        var form = page.QuerySelectorAll<IHtmlFormElement>("form[action$='/declare/" + I(assessmentId) + "']")
            .Single(f => f.QuerySelector<IHtmlInputElement>("input[name=hasConflict]")!.Value == (conflict ? "true" : "false"));
        var values = new Dictionary<string, string>();
        if (reason is not null)
        {
            values["reason"] = reason;
        }

        var response = await client.PostAsync(form.Action, new FormUrlEncodedContent(Fields(form).Where(f => !values.ContainsKey(f.Key)).Concat(values)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>
    /// The criterion's form on the scoring page given, or else on the page of its dimension that this
    /// page links to (a page per dimension, ADR 0026), as a person would follow the link.
    /// </summary>
    public static async Task<IHtmlFormElement> ScoringFormAsync(HttpClient client, IDocument scoringPage, int criterionId)
    {
        var selector = $"#c-{I(criterionId)} form.score-form";
        if (scoringPage.QuerySelector<IHtmlFormElement>(selector) is { } here)
        {
            return here;
        }

        foreach (var link in scoringPage.QuerySelectorAll<IHtmlAnchorElement>("#dimension-jumps a[data-page]"))
        {
            if ((await client.GetPageAsync(link.GetAttribute("href")!)).QuerySelector<IHtmlFormElement>(selector) is { } there)
            {
                return there;
            }
        }

        throw new InvalidOperationException("No scoring form for criterion " + I(criterionId));
    }

    /// <summary>The scoring page (of the dimension) that holds the criterion.</summary>
    public static async Task<IDocument> ScoringPageOfAsync(HttpClient client, int assessmentId, int criterionId) =>
        (await ScoringFormAsync(client, await client.GetPageAsync($"/assessments/score/{I(assessmentId)}"), criterionId)).Owner!;

    /// <summary>Posts one criterion's form of the scoring page as the page's script does (JSON), or as a plain form.</summary>
    public static async Task<HttpResponseMessage> MarkAsync(
        HttpClient client, IDocument scoringPage, int criterionId, IReadOnlyDictionary<string, string> values, Guid? changeId = null, bool json = true)
    {
        var form = await ScoringFormAsync(client, scoringPage, criterionId);
        // Without a BaseVersion among the values, the change is sent as an older page without versions
        // sends it (applied on whatever is stored): these steps post several changes from one page read.
        var fields = Fields(form).Where(f => !values.ContainsKey(f.Key) && f.Key is not ("ChangeId" or "BaseVersion")).ToList();
        fields.AddRange(values);
        fields.Add(new("ChangeId", (changeId ?? Guid.NewGuid()).ToString()));
        using var request = new HttpRequestMessage(HttpMethod.Post, form.GetAttribute("action")) { Content = new FormUrlEncodedContent(fields) };
        if (json)
        {
            request.Headers.Accept.ParseAdd("application/json");
        }

        return await client.SendAsync(request);
    }

    public static List<KeyValuePair<string, string>> Fields(IHtmlFormElement form)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements.OfType<IHtmlElement>())
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name))
            {
                continue;
            }

            switch (element)
            {
                case IHtmlInputElement { Type: "checkbox" or "radio" } box when box.IsChecked:
                    fields.Add(new(name, box.Value));
                    break;
                case IHtmlInputElement { Type: "checkbox" or "radio" or "submit" or "button" or "file" }:
                    break;
                case IHtmlInputElement input:
                    fields.Add(new(name, input.Value));
                    break;
                case IHtmlTextAreaElement area:
                    fields.Add(new(name, area.Value));
                    break;
                case IHtmlSelectElement select:
                    fields.Add(new(name, select.Value ?? ""));
                    break;
            }
        }

        return fields;
    }

    /// <summary>Both members score: P-01 pass, V-01 4 and 5, O-01 3.</summary>
    public static async Task BothMembersScoreAsync(GeccAppFactory app, AssessmentScene scene)
    {
        foreach (var (email, v01) in new[] { (scene.Assessor1, "4"), (scene.Assessor2, "5") })
        {
            var member = await SignedInAsync(app, email);
            await DeclareAsync(member, scene.AssessmentId, conflict: false);
            var page = await member.GetPageAsync($"/assessments/score/{scene.AssessmentId}");
            Assert.True((await MarkAsync(member, page, scene.Cycle.MandatoryId, new Dictionary<string, string> { ["Passed"] = "pass" })).IsSuccessStatusCode);
            Assert.True((await MarkAsync(member, page, scene.Cycle.EvidenceId, new Dictionary<string, string> { ["Points"] = v01 })).IsSuccessStatusCode);
            Assert.True((await MarkAsync(member, page, scene.Cycle.OptionalId, new Dictionary<string, string> { ["Points"] = "3" })).IsSuccessStatusCode);
        }
    }

    public static async Task<HttpResponseMessage> PostPageFormAsync(HttpClient client, string url, string formSelector, IReadOnlyDictionary<string, string>? values = null)
    {
        var page = await client.GetPageAsync(url);
        return await client.SubmitFormAsync(page, formSelector, values ?? new Dictionary<string, string>());
    }

    /// <summary>
    /// The chair signs off as in the browser: the button on the assessment's page, then "confirm" on
    /// the page that asks again. Returns the confirmation's response (a redirect when signed).
    /// </summary>
    public static async Task<HttpResponseMessage> SignOffAsync(HttpClient chair, int assessmentId)
    {
        var id = assessmentId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var first = await PostPageFormAsync(chair, $"/assessments/show/{id}", $"form[action$='/signoff/{id}']");
        return await chair.ConfirmAsync(first, $"form[action$='/signoff/{id}']");
    }

    /// <summary>Freezes the cycle's catalogue, as the first submission does; from then on it is served from the cache.</summary>
    public static Task LockCatalogueAsync(GeccAppFactory app, AssessmentScene scene) =>
        app.WithDbAsync(db => db.Cycles.Where(c => c.Id == scene.Cycle.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.CatalogueLockedAtUtc, DateTime.UtcNow)));
}
