using System.Globalization;
using GeccAssessment.BrowserTests.Journeys;
using GeccAssessment.Tests.Features.Assessments;
using GeccAssessment.Tests.Features.Certification;
using GeccAssessment.Tests.Features.Satisfaction;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GeccAssessment.BrowserTests;

/// <summary>
/// axe-core at 1366×768 on every page a person can reach, as the role that uses it: each GET endpoint
/// of the app, read from its endpoint data source, is either visited below or excluded with a reason
/// (a file, JSON, a redirect), so a new page cannot be forgotten. Where a page has a form, it is also
/// posted empty once so that the page with its errors shown is checked too, and the pages reached only
/// by a POST (confirmations) are checked on the way.
/// </summary>
[Collection("browser")]
public class EveryPageAccessibilityTests(BrowserFixture browser, ITestOutputHelper output)
{
    /// <summary>GET endpoints that answer with no page of their own, and why.</summary>
    private static readonly Dictionary<string, string> Excluded = new()
    {
        ["Applications.Certificate"] = "a PDF download",
        ["Assessments.PhotoFile"] = "an image file",
        ["Certificates.Pdf"] = "a PDF download",
        ["Certificates.Batch"] = "a PDF download, or a redirect to Certificates.BatchJob (visited) for a large batch",
        ["Certificates.BatchJobFile"] = "a PDF download",
        ["Certificates.BatchJobStatus"] = "JSON read by the batch page's script",
        ["Certificates.AssessmentReport"] = "a PDF download",
        ["Certificates.CycleReport"] = "a PDF download",
        ["Decisions.Export"] = "a spreadsheet or PDF download",
        ["Emblem.Image"] = "an image file",
        ["Evidence.Download"] = "an evidence file download",
        ["Notifications.Open"] = "a redirect to the notification's page",
        ["Satisfaction.Poster"] = "a PDF download",
    };

    /// <summary>One page to check: the endpoint it is, where, the status it answers with, and what to do on it next.</summary>
    private sealed record Visit(string Endpoint, string Url, int Status = 200, Step[]? Then = null);

    /// <summary>An action on the page just checked (posting a form, pressing a button) whose resulting page is checked too.</summary>
    private sealed record Step(string Name, Func<IPage, Task> Act);

    [Fact]
    public async Task Every_page_of_every_role_has_no_serious_or_critical_violations()
    {
        var app = browser.App;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

        // Certified: a certificate, a meeting, public pages with content, an applicant whose application is certified.
        var (certified, number) = await Preconditions.CertifiedAsync(app);
        // Signed off and waiting for the committee: the decisions page has a row to decide.
        var pending = await Preconditions.SignedOffAsync(app);
        // The chair has opened the reconciliation after both members scored.
        var reconciling = await AssessmentSteps.ArrangeAsync(app);
        await AssessmentSteps.BothMembersScoreAsync(app, reconciling);
        var chairClient = await AssessmentSteps.SignedInAsync(app, reconciling.Chair);
        await AssessmentSteps.DeclareAsync(chairClient, reconciling.AssessmentId, conflict: false);
        var reconcileId = I(reconciling.AssessmentId);
        await AssessmentSteps.PostPageFormAsync(chairClient, $"/assessments/show/{reconcileId}", $"form[action$='/openreconciliation/{reconcileId}']");

        var tag = Guid.NewGuid().ToString("N")[..8];
        var committee = $"committee-{tag}@axe.test";
        var admin = $"admin-{tag}@axe.test";
        await app.CreateUserAsync(committee, Roles.SteeringCommittee);
        await app.CreateUserAsync(admin, Roles.Admin);
        var applicantUserId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == certified.ApplicantEmail).Select(u => u.Id).SingleAsync());

        // A second assessment of the reconciling subcommittee whose scoring is still open (the form editable).
        var agencyId = reconciling.Application.AgencyId;
        var scoringPoint = await TestData.CreateServicePointAsync(app, agencyId, "จุดบริการที่ยังให้คะแนน " + tag);
        var scoringApplication = await TestData.CreateApplicationAsync(app, reconciling.Cycle.Id, scoringPoint, ApplicationStatus.Accepted);
        var scoringId = await app.WithDbAsync(async db =>
        {
            var assessment = new Assessment { ApplicationId = scoringApplication.Id, SubcommitteeId = reconciling.SubcommitteeId, CycleId = reconciling.Cycle.Id, AssignedAtUtc = DateTime.UtcNow };
            db.Assessments.Add(assessment);
            await db.SaveChangesAsync();
            return assessment.Id;
        });
        await AssessmentSteps.DeclareAsync(await AssessmentSteps.SignedInAsync(app, reconciling.Assessor1), scoringId, conflict: false);

        // Waiting for screening: a submitted application.
        var screeningPoint = await TestData.CreateServicePointAsync(app, agencyId, "จุดบริการรอตรวจ " + tag);
        var submitted = await TestData.CreateApplicationAsync(app, reconciling.Cycle.Id, screeningPoint, ApplicationStatus.Submitted);

        // A draft of the certified applicant's agency in an open cycle: the self-assessment form.
        var openCycle = await TestData.CreateCycleAsync(app, TestData.UniqueYear());
        var draftPoint = await TestData.CreateServicePointAsync(app, certified.Application.AgencyId, "จุดบริการฉบับร่าง " + tag);
        var draft = await TestData.CreateApplicationAsync(app, openCycle.Id, draftPoint, ApplicationStatus.Draft);

        // The public survey of the certified point, with questions and enough answers for every figure.
        var certifiedPointId = certified.Application.ServicePointId;
        var surveyCode = "axe" + Guid.NewGuid().ToString("N")[..19];
        await app.WithDbAsync(async db =>
        {
            db.SatisfactionLinks.Add(new SatisfactionLink { ServicePointId = certifiedPointId, Token = surveyCode, IssuedAtUtc = DateTime.UtcNow });
            db.SatisfactionQuestions.AddRange(GeccAssessment.Web.Data.Seeding.DemoSatisfaction.Questions.Select(q =>
                new SatisfactionQuestion { CycleId = certified.Cycle.Id, Kind = q.Kind, TextTh = q.Th, TextEn = q.En }));
            (await db.ServicePoints.FindAsync(certifiedPointId))!.ServicesOffered = "ยื่นคำขอ, รับใบอนุญาต";
            return await db.SaveChangesAsync();
        });
        await Survey.AddCountedAnswersAsync(app, certifiedPointId, 30, overall: 4, comment: "บริการดี");

        var certificateId = await app.WithDbAsync(db => db.Certificates.Where(c => c.Number == number).Select(c => c.Id).SingleAsync());
        // A certificate batch being made (its lease far ahead, so no worker takes it): the page that polls for progress.
        var meetingId = await app.WithDbAsync(db => db.Certificates.Where(c => c.Id == certificateId).Select(c => c.MeetingId).SingleAsync());
        var job = await CertificatePlanting.RunningBatchAsync(app, "axe", meetingId);

        var today = BuddhistEraDate.ThailandToday(DateTime.UtcNow);
        var thaiToday = $"{today.Day:00}/{today.Month:00}/{today.Year + BuddhistEraDate.EraOffset}";
        var cycle = I(certified.Cycle.Id);
        var pendingId = I(pending.AssessmentId);
        var plan = new List<(string Who, string? Email, Visit[] Visits)>
        {
            ("anonymous", null,
            [
                new("Account.Login", "/account/login", Then: [Empty("form[action='/account/login']")]),
                new("Account.Register", "/account/register", Then: [Empty("form[action='/account/register']")]),
                new("Account.Forgot", "/account/forgot", Then: [Empty("form[action='/account/forgot']")]),
                new("Account.Reset", "/account/reset?user=nobody&code=nothing", Then: [Empty("form[action^='/account/reset']")]),
                new("Account.Confirm", "/account/confirm?user=nobody&code=nothing"),
                new("Public.Centres", "/centres"),
                new("Public.Verify", $"/verify/{number}"),
                new("Public.Verify", "/verify/GECC-0000-0000", Status: 404),
                new("Satisfaction.Survey", $"/s/{surveyCode}", Then: [Empty("form.survey")]),
                new("Satisfaction.Survey", "/s/no-such-code-0000000", Status: 404),
                new("Satisfaction.Thanks", "/s/thanks"),
                new("Errors.Show", "/no-such-page", Status: 404),
                new("Errors.Show", "/error/500", Status: 500),
            ]),
            ("applicant", certified.ApplicantEmail,
            [
                new("Home.Index", "/"),
                new("Applications.Index", "/applications"),
                new("Applications.Create", "/applications/create"),
                new("Applications.Edit", $"/applications/edit/{certified.Application.Id}"),
                new("Applications.Edit", $"/applications/edit/{draft.Id}", Then: [Press("submit the draft empty", "#self-form button[name=intent][value=submit]")]),
                new("ServicePoints.Index", "/servicepoints"),
                new("ServicePoints.Create", "/servicepoints/create", Then: [Empty("form[action='/servicepoints/save']")]),
                new("ServicePoints.Edit", $"/servicepoints/edit/{draftPoint.Id}"),
                new("Agencies.Mine", "/agencies/mine", Then: [Empty("form[action='/agencies/mine']")]),
                new("Satisfaction.Index", "/satisfaction"),
                new("Satisfaction.Results", $"/satisfaction/results/{certifiedPointId}"),
                new("Notifications.Index", "/notifications"),
                new("Account.Password", "/account/password", Then: [Empty("form[action='/account/password']")]),
                new("Errors.Show", "/cycles", Status: 403),
            ]),
            ("assessor", reconciling.Assessor1,
            [
                new("Home.Index", "/"),
                new("Assessments.Index", "/assessments"),
                new("Assessments.Show", $"/assessments/show/{I(scoringId)}"),
                new("Assessments.Score", $"/assessments/score/{I(scoringId)}"),
                new("Assessments.Score", $"/assessments/score/{reconcileId}"),
                new("Assessments.Reconcile", $"/assessments/reconcile/{reconcileId}"),
                new("Satisfaction.Assessment", $"/satisfaction/assessment/{I(scoringId)}"),
            ]),
            ("chair", reconciling.Chair,
            [
                new("Home.Index", "/"),
                new("Assessments.Reconcile", $"/assessments/reconcile/{reconcileId}"),
                // Checked as it stands, then with its sign-off confirmation.
                new("Assessments.Show", $"/assessments/show/{reconcileId}", Then: [Press("sign-off confirmation", $"form[action$='/signoff/{reconcileId}'] button[type=submit]")]),
            ]),
            ("Secretariat", certified.Secretariat,
            [
                new("Home.Index", "/"),
                new("Screening.Index", "/screening"),
                new("Screening.Show", $"/screening/show/{I(submitted.Id)}", Then: [Empty("#return-form")]),
                new("Cycles.Index", "/cycles"),
                new("Cycles.Create", "/cycles/create", Then: [Empty("form[action='/cycles/save']")]),
                new("Cycles.Edit", $"/cycles/edit/{cycle}"),
                new("Cycles.Catalogue", $"/cycles/catalogue/{cycle}"),
                new("Cycles.Criterion", $"/cycles/criterion?cycleId={I(openCycle.Id)}&dimensionId={I(openCycle.OtherDimensionId)}", Then: [Empty("form[action*='/cycles/savecriterion']")]),
                new("Cycles.Criterion", $"/cycles/criterion?cycleId={cycle}&id={I(certified.Cycle.MandatoryId)}"),
                new("Subcommittees.Index", $"/subcommittees?cycle={I(reconciling.Cycle.Id)}", Then: [Empty("form[action='/subcommittees/save']")]),
                new("Subcommittees.Edit", $"/subcommittees/edit/{I(reconciling.SubcommitteeId)}"),
                new("Subcommittees.Assign", $"/subcommittees/assign?cycle={I(reconciling.Cycle.Id)}"),
                new("Assessments.Index", "/assessments"),
                new("Assessments.Show", $"/assessments/show/{pendingId}"),
                new("Certificates.Index", "/certificates"),
                new("Certificates.Show", $"/certificates/show/{I(certificateId)}", Then: [new Step("revoke confirmation", async page =>
                {
                    await page.FillAsync("#reason", "ทดสอบการเพิกถอน");
                    await NavigatesAsync(page, () => page.ClickAsync($"form[action$='/revoke/{I(certificateId)}'] button[type=submit]"));
                })]),
                new("Certificates.BatchJob", $"/certificates/batchjob/{job}"),
                new("Dashboard.Index", "/dashboard"),
                new("Satisfaction.Index", "/satisfaction"),
                new("Satisfaction.Review", "/satisfaction/review"),
                new("Satisfaction.Questions", $"/satisfaction/questions?cycle={cycle}"),
                new("Mail.Index", "/mail"),
                new("Users.Index", "/users"),
                new("Users.Create", "/users/create", Then: [Empty("form[action='/users/create']")]),
                new("Agencies.Index", "/agencies"),
                new("Audit.Index", "/audit"),
            ]),
            ("committee", committee,
            [
                new("Home.Index", "/"),
                new("Decisions.Index", $"/decisions?cycle={I(pending.Cycle.Id)}", Then:
                [
                    Empty("form[action='/decisions/decide']"),
                    new Step("decision confirmation", async page =>
                    {
                        await page.CheckAsync($"#d-{pendingId}");
                        await page.FillAsync("#MeetingNumber", "9/" + I(today.Year + BuddhistEraDate.EraOffset));
                        await page.FillAsync("#MeetingDate", thaiToday);
                        await NavigatesAsync(page, () => page.ClickAsync("button[name=Decision][value=certify]"));
                    }),
                ]),
                new("Dashboard.Index", $"/dashboard?cycle={cycle}"),
                new("Satisfaction.Results", $"/satisfaction/results/{certifiedPointId}"),
            ]),
            ("Admin", admin,
            [
                new("Home.Index", "/"),
                new("Users.Edit", $"/users/edit/{applicantUserId}", Then: [Empty("form[action^='/users/edit']")]),
                new("Emblem.Index", "/emblem"),
            ]),
        };

        // Every GET endpoint is visited or excluded with a reason, before any browser starts.
        var visited = plan.SelectMany(p => p.Visits).Select(v => v.Endpoint).ToHashSet();
        var pages = PageEndpoints();
        var forgotten = pages.Except(visited).Except(Excluded.Keys).Order().ToList();
        Assert.True(forgotten.Count == 0, "GET endpoints neither visited nor excluded: " + string.Join(", ", forgotten));
        var unknown = visited.Concat(Excluded.Keys).Except(pages).ToList();
        Assert.True(unknown.Count == 0, "Visited or excluded, but not a GET endpoint of the app: " + string.Join(", ", unknown));

        output.WriteLine($"data arranged in {clock.Elapsed.TotalSeconds:0} s");
        var problems = new List<string>();
        var checkedPages = 0;
        async Task CheckAsync(IPage page, string who, string what)
        {
            checkedPages++;
            problems.AddRange((await Axe.SeriousViolationsAsync(page))
                .SelectMany(v => v.Nodes.Take(5).Select(n => $"{who} {what}: {v.Id} ({v.Impact}) at {n.Target} — {v.Help}")));
        }

        foreach (var (who, email, visits) in plan)
        {
            var page = email is null ? await browser.NewPageAsync() : await browser.SignedInPageAsync(email);
            foreach (var visit in visits)
            {
                var response = await page.GotoAsync(visit.Url);
                var status = response?.Status ?? 0;
                if (status != visit.Status || new Uri(page.Url).PathAndQuery != visit.Url && visit.Status == 200)
                {
                    problems.Add($"{who} {visit.Url}: expected {visit.Status} there, got {status} at {page.Url}");
                    continue;
                }

                await CheckAsync(page, who, visit.Url);
                var first = true;
                foreach (var step in visit.Then ?? [])
                {
                    if (!first)
                    {
                        await page.GotoAsync(visit.Url);
                    }

                    first = false;
                    await BrowserFixture.StepAsync(page, $"axe-{who}-{step.Name}", () => step.Act(page));
                    await CheckAsync(page, who, $"{visit.Url} → {step.Name} ({new Uri(page.Url).PathAndQuery})");
                }
            }

            await page.Context.CloseAsync();
            output.WriteLine($"{who}: {checkedPages} pages checked by {clock.Elapsed.TotalSeconds:0} s");
        }

        Assert.True(checkedPages > 70, $"only {checkedPages} pages checked");
        Assert.True(problems.Count == 0, $"{problems.Count} problems on {checkedPages} pages:\n" + string.Join("\n", problems));
    }

    /// <summary>Posts the form with its text fields emptied and the browser's own checks off, so the server's errors show.</summary>
    private static Step Empty(string form) => new("empty form", async page =>
    {
        await NavigatesAsync(page, () => page.EvaluateAsync("""
            selector => {
                const form = document.querySelector(selector);
                form.noValidate = true;
                for (const field of form.elements) {
                    if (field.matches('textarea, input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=submit]):not([type=button])')) field.value = '';
                }
                form.requestSubmit(form.querySelector('button[type=submit], button:not([type])'));
            }
            """, form));
        var shown = await page.Locator(".validation-summary-errors, .is-invalid, [role=alert], .alert-danger, .alert-warning").CountAsync();
        Assert.True(shown > 0, $"posting {form} empty showed no error at {page.Url}");
    });

    /// <summary>
    /// Does what leads to another document (a form post) and waits until that document has loaded:
    /// the old one carries a mark the new one lacks.
    /// </summary>
    private static async Task NavigatesAsync(IPage page, Func<Task> act)
    {
        await page.EvaluateAsync("() => document.documentElement.setAttribute('data-left', '')");
        await act();
        await Assertions.Expect(page.Locator("html[data-left]")).ToHaveCountAsync(0);
        await page.WaitForLoadStateAsync(LoadState.Load);
    }

    /// <summary>Presses a button that leads to another page.</summary>
    private static Step Press(string name, string button) => new(name, page => NavigatesAsync(page, () => page.ClickAsync(button)));

    /// <summary>"Controller.Action" of every endpoint that answers GET.</summary>
    private HashSet<string> PageEndpoints() =>
        browser.App.Services.GetRequiredService<IEnumerable<EndpointDataSource>>()
            .SelectMany(s => s.Endpoints)
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>() is not { } methods || methods.HttpMethods.Count == 0 || methods.HttpMethods.Contains("GET"))
            .Select(e => e.Metadata.GetMetadata<ControllerActionDescriptor>())
            .OfType<ControllerActionDescriptor>()
            .Select(a => $"{a.ControllerName}.{a.ActionName}")
            .ToHashSet();
}
