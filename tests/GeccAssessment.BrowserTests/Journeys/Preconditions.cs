using System.Globalization;
using System.Net;
using GeccAssessment.Tests.Features.Assessments;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.BrowserTests.Journeys;

/// <summary>The staff of one run. Their accounts exist before any journey starts, so they are made directly.</summary>
public sealed record Staff(string Tag, string Secretariat, string Chair, string Assessor1, string Assessor2, string Committee)
{
    public static async Task<Staff> CreateAsync(GeccAppFactory app)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        string Email(string who) => $"{who}-{tag}@journey.test";
        await app.CreateUserAsync(Email("sec"), Roles.Secretariat, displayName: "เลขานุการ " + tag);
        await app.CreateUserAsync(Email("chair"), Roles.SubcommitteeChair, displayName: "ประธาน " + tag);
        await app.CreateUserAsync(Email("a1"), Roles.Assessor, displayName: "กรรมการหนึ่ง " + tag);
        await app.CreateUserAsync(Email("a2"), Roles.Assessor, displayName: "กรรมการสอง " + tag);
        await app.CreateUserAsync(Email("committee"), Roles.SteeringCommittee, displayName: "กรรมการอำนวยการ " + tag);
        return new Staff(tag, Email("sec"), Email("chair"), Email("a1"), Email("a2"), Email("committee"));
    }
}

/// <summary>
/// Quick preconditions for the single-journey tests, over HTTP with the integration tests' helpers
/// (the same forms a browser posts) or straight to the database: only the journey under test runs in Chromium.
/// </summary>
public static class Preconditions
{
    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A Buddhist year for a new cycle (years are unique; the test database is shared by the collection).</summary>
    public static int NewYear() => TestData.UniqueYear();

    public static DateOnly ThailandToday() => BuddhistEraDate.ThailandToday(DateTime.UtcNow);

    public static Task<string> PointNameAsync(GeccAppFactory app, AssessmentScene scene) =>
        app.WithDbAsync(db => db.ServicePoints.Where(p => p.Id == scene.Application.ServicePointId).Select(p => p.Name).SingleAsync());

    /// <summary>
    /// An assessment signed off by its chair: both members scored (V-01 4 and 5), the subcommittee's
    /// marks are P-01 pass, V-01 4, O-01 3, so 85 % and a recommendation at the basic level.
    /// </summary>
    public static async Task<AssessmentScene> SignedOffAsync(GeccAppFactory app)
    {
        var scene = await AssessmentSteps.ArrangeAsync(app);
        await AssessmentSteps.BothMembersScoreAsync(app, scene);
        var chair = await AssessmentSteps.SignedInAsync(app, scene.Chair);
        await AssessmentSteps.DeclareAsync(chair, scene.AssessmentId, conflict: false);
        var id = I(scene.AssessmentId);
        Assert.Equal(HttpStatusCode.Redirect, (await AssessmentSteps.PostPageFormAsync(chair, $"/assessments/show/{id}", $"form[action$='/openreconciliation/{id}']")).StatusCode);

        var page = await chair.GetPageAsync($"/assessments/reconcile/{id}");
        string Row(int criterionId) => page.QuerySelector($"input[name$='.CriterionId'][value='{I(criterionId)}']")!.GetAttribute("name")![..^".CriterionId".Length];
        var saved = await chair.SubmitFormAsync(page, $"form[action$='/reconcile/{id}']", new Dictionary<string, string>
        {
            [Row(scene.Cycle.MandatoryId) + ".Passed"] = "pass",
            [Row(scene.Cycle.EvidenceId) + ".Points"] = "4",
            [Row(scene.Cycle.OptionalId) + ".Points"] = "3",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await AssessmentSteps.SignOffAsync(chair, scene.AssessmentId)).StatusCode);
        var assessment = await app.WithDbAsync(db => db.Assessments.AsNoTracking().SingleAsync(a => a.Id == scene.AssessmentId));
        Assert.NotNull(assessment.SignedOffAtUtc);
        Assert.Equal(RecommendedOutcome.Certify, assessment.RecommendedOutcome);
        return scene;
    }

    /// <summary>A signed-off assessment certified by the committee at a meeting held today; returns its certificate's number.</summary>
    public static async Task<(AssessmentScene Scene, string Number)> CertifiedAsync(GeccAppFactory app)
    {
        var scene = await SignedOffAsync(app);
        var committee = $"committee-{Guid.NewGuid():N}@journey.test";
        await app.CreateUserAsync(committee, Roles.SteeringCommittee);
        var client = await AssessmentSteps.SignedInAsync(app, committee);
        var decided = await client.SubmitFormAsync($"/decisions?cycle={I(scene.Cycle.Id)}", "form[action='/decisions/decide']", new Dictionary<string, string>
        {
            ["AssessmentIds"] = I(scene.AssessmentId),
            ["MeetingNumber"] = "1/" + I(ThailandToday().Year + BuddhistEraDate.EraOffset),
            ["MeetingDate"] = ThailandToday().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Decision"] = "certify",
            ["Confirmed"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
        var number = await app.WithDbAsync(db => db.Certificates.Where(c => c.ApplicationId == scene.Application.Id).Select(c => c.Number).SingleAsync());
        return (scene, number);
    }
}
