using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Tests.Features.Certification;

/// <summary>The steps the certification tests share: a cycle with signed-off assessments, deciding, revoking.</summary>
internal static class CertificationSteps
{
    internal static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>When the scene's assessments were signed off: 25 September 2563, 10:00 in Thailand.</summary>
    internal static readonly DateTime SignedOffAt = new(2020, 9, 25, 3, 0, 0, DateTimeKind.Utc);

    internal sealed record Scene(int CycleId, int Year, int[] AssessmentIds, Application[] Applications, string Committee, string Secretariat);

    /// <summary>Three signed-off assessments: two recommended at the basic level, one not recommended.</summary>
    internal static async Task<Scene> ArrangeAsync(GeccAppFactory app)
    {
        var year = TestData.UniqueYear();
        var cycle = await TestData.CreateCycleAsync(app, year, status: CycleStatus.Deciding);
        // A cycle that opened in 2563 (2020) and certifies for ten years: its meetings of 2563 are
        // within the cycle, and their certificates still valid today.
        await app.WithDbAsync(db => db.Cycles.Where(c => c.Id == cycle.Id).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.ApplicationOpensOn, new DateOnly(2020, 6, 1)).SetProperty(c => c.CertificateValidityYears, 10)));
        var tag = Guid.NewGuid().ToString("N")[..8];
        var chair = await app.CreateUserAsync($"chair-{tag}@cert.test", Roles.SubcommitteeChair);
        await app.CreateUserAsync($"committee-{tag}@cert.test", Roles.SteeringCommittee);
        await app.CreateUserAsync($"sec-{tag}@cert.test", Roles.Secretariat);
        var ids = new List<int>();
        var applications = new List<Application>();
        var subcommittee = await app.WithDbAsync(async db =>
        {
            var s = new Subcommittee { CycleId = cycle.Id, Name = "คณะที่ 1 " + tag, ChairUserId = chair.Id, CreatedAtUtc = DateTime.UtcNow };
            s.Members.Add(new SubcommitteeMember { UserId = chair.Id });
            db.Subcommittees.Add(s);
            await db.SaveChangesAsync();
            return s.Id;
        });
        string[] names = ["สำนักงานสรรพสามิตพื้นที่สงขลา", "สำนักงานที่ดินจังหวัดสงขลา", "สำนักงานขนส่งจังหวัดสงขลา"];
        for (var i = 0; i < 3; i++)
        {
            var agency = await TestData.CreateAgencyAsync(app, names[i] + " " + tag);
            var point = await TestData.CreateServicePointAsync(app, agency.Id, "ศูนย์บริการ " + names[i]);
            var application = await TestData.CreateApplicationAsync(app, cycle.Id, point, ApplicationStatus.Accepted);
            applications.Add(application);
            var recommended = i < 2;
            ids.Add(await app.WithDbAsync(async db =>
            {
                var assessment = new Assessment
                {
                    ApplicationId = application.Id,
                    SubcommitteeId = subcommittee,
                    CycleId = cycle.Id,
                    // Assessed and signed off in September 2563 (2020), before the committee's meeting of
                    // 30/09/2563 that the tests decide at: a meeting before the sign-off is refused.
                    AssignedAtUtc = SignedOffAt.AddDays(-60),
                    ReconciliationOpenedAtUtc = SignedOffAt.AddDays(-2),
                    SignedOffAtUtc = SignedOffAt,
                    OnSiteAtUtc = SignedOffAt.AddDays(-3),
                };
                db.Assessments.Add(assessment);
                await db.SaveChangesAsync();
                db.ReconciledScores.AddRange(
                    new ReconciledScore { AssessmentId = assessment.Id, CriterionId = cycle.MandatoryId, Mark = new Mark(null, recommended, false), UpdatedAtUtc = DateTime.UtcNow },
                    new ReconciledScore { AssessmentId = assessment.Id, CriterionId = cycle.EvidenceId, Mark = Mark.Scored(5), Note = "คู่มือครบถ้วน <b>ดี</b>", UpdatedAtUtc = DateTime.UtcNow },
                    new ReconciledScore { AssessmentId = assessment.Id, CriterionId = cycle.OptionalId, Mark = Mark.Scored(4), UpdatedAtUtc = DateTime.UtcNow });
                assessment.RecordRecommendation(recommended
                    ? new ScoringResult([], true, [], [], [], true, 19, 20, 95, RecommendedOutcome.Certify, 1, [])
                    : new ScoringResult([], true, [], [], [cycle.MandatoryId], false, 9, 20, 45, RecommendedOutcome.DoNotCertify, null, [NotCertifiedReason.MandatoryItemFailed]));
                await db.SaveChangesAsync();
                return assessment.Id;
            }));
        }

        return new Scene(cycle.Id, year, [.. ids], [.. applications], $"committee-{tag}@cert.test", $"sec-{tag}@cert.test");
    }

    internal static async Task<HttpClient> SignedInAsync(GeccAppFactory app, string email)
    {
        var client = app.CreateBrowser();
        await client.SignInOrFailAsync(email);
        return client;
    }

    /// <summary>The committee's first post: the confirmation page when the decision can be made, else the form returned with the refusal.</summary>
    internal static async Task<HttpResponseMessage> PostDecisionAsync(HttpClient client, Scene scene, string decision, int[] assessmentIds, string? reason = null, string meetingDate = "30/09/2563")
    {
        var page = await client.GetPageAsync($"/decisions?cycle={I(scene.CycleId)}");
        var fields = HtmlForms.FieldsOf(page, "form[action='/decisions/decide']")
            .With("MeetingNumber", "1/" + I(scene.Year)).With("MeetingDate", meetingDate).With("Decision", decision).With("Reason", reason ?? "");
        fields.AddRange(assessmentIds.Select(id => new KeyValuePair<string, string>("AssessmentIds", I(id))));
        fields.Add(new("__RequestVerificationToken", page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("form[action='/decisions/decide'] input[name=__RequestVerificationToken]")!.Value));
        return await client.PostAsync("/decisions/decide", new FormUrlEncodedContent(fields));
    }

    /// <summary>
    /// Decides as a person does: the form, the summary, "confirm"; returns the page it lands on (the
    /// list after a decision, or the form returned with the refusal).
    /// </summary>
    internal static async Task<IDocument> DecideAsync(HttpClient client, Scene scene, string decision, int[] assessmentIds, string? reason = null, string meetingDate = "30/09/2563")
    {
        var response = await PostDecisionAsync(client, scene, decision, assessmentIds, reason, meetingDate);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        if (page.QuerySelector("#decision-summary") is null)
        {
            return page;
        }

        response = await client.SubmitFormAsync(page, "form[action='/decisions/decide']", new Dictionary<string, string> { ["Confirmed"] = "true" });
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return await HtmlForms.ParseAsync(response);
        }

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await client.GetPageAsync(response.Headers.Location!.ToString());
    }

    /// <summary>The text a refused decision shows: the page it redirects to, or the form returned with the errors.</summary>
    internal static async Task<string> RefusalTextAsync(HttpClient client, HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect
            ? HtmlForms.TextOf(await client.GetPageAsync(response.Headers.Location!.ToString()))
            : HtmlForms.TextOf(await HtmlForms.ParseAsync(response));

    internal static async Task<HttpResponseMessage> RevokeAsync(HttpClient client, int certificateId, string reason)
    {
        var show = await client.GetPageAsync($"/certificates/show/{I(certificateId)}");
        var first = await client.SubmitFormAsync(show, "form[action$='/revoke/" + I(certificateId) + "']", new Dictionary<string, string> { ["reason"] = reason });
        return await client.ConfirmAsync(first, "form[action$='/revoke/" + I(certificateId) + "']");
    }
}
