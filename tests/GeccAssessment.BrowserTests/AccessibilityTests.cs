using System.Globalization;
using Deque.AxeCore.Playwright;
using GeccAssessment.Tests.Features.Assessments;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace GeccAssessment.BrowserTests;

/// <summary>axe-core on every main page, signed in as each role: no serious or critical violation.</summary>
[Collection("browser")]
public class AccessibilityTests(BrowserFixture browser)
{
    [Fact]
    public async Task Main_pages_have_no_serious_or_critical_violations_for_any_role()
    {
        var app = browser.App;
        var scene = await AssessmentSteps.ArrangeAsync(app);
        var committee = $"committee-{Guid.NewGuid():N}@axe.test";
        var admin = $"admin-{Guid.NewGuid():N}@axe.test";
        await app.CreateUserAsync(committee, Roles.SteeringCommittee);
        await app.CreateUserAsync(admin, Roles.Admin);
        var id = scene.AssessmentId.ToString(CultureInfo.InvariantCulture);
        // The chair has opened the reconciliation after both members scored, so every page has content.
        await AssessmentSteps.BothMembersScoreAsync(app, scene);
        var chairClient = await AssessmentSteps.SignedInAsync(app, scene.Chair);
        await AssessmentSteps.DeclareAsync(chairClient, scene.AssessmentId, conflict: false);
        await AssessmentSteps.PostPageFormAsync(chairClient, $"/assessments/show/{id}", $"form[action$='/openreconciliation/{id}']");

        // A certificate batch being made (its lease far ahead, so no worker takes it): the page that polls for progress.
        var job = await app.WithDbAsync(async db =>
        {
            var meeting = new CommitteeMeeting { CycleId = scene.Cycle.Id, Number = "1/2599", HeldOn = new DateOnly(2026, 1, 15) };
            db.CommitteeMeetings.Add(meeting);
            await db.SaveChangesAsync();
            var running = new DocumentJob
            {
                Id = Guid.NewGuid(),
                MeetingId = meeting.Id,
                RequestedByUserId = "axe",
                Status = DocumentJobStatus.Running,
                PagesDone = 3,
                PagesTotal = 40,
                CreatedAtUtc = DateTime.UtcNow,
                LeaseOwner = "axe-test",
                LeaseExpiresAtUtc = DateTime.UtcNow.AddDays(1),
            };
            db.DocumentJobs.Add(running);
            await db.SaveChangesAsync();
            return running.Id;
        });

        var plan = new List<(string? Who, string[] Urls)>
        {
            (null, ["/account/login", "/account/register", "/centres", "/verify/GECC-0000-0000"]),
            (scene.ApplicantEmail, ["/", "/servicepoints", "/servicepoints/create", "/applications", "/applications/create", "/agencies/mine", $"/applications/edit/{scene.Application.Id}"]),
            (scene.Secretariat, ["/", "/screening", "/cycles", "/subcommittees", "/subcommittees/assign", "/assessments", $"/assessments/show/{id}", "/certificates", $"/certificates/batchjob/{job}", "/dashboard", "/users", "/audit", "/agencies"]),
            (scene.Assessor1, ["/", "/assessments", $"/assessments/show/{id}", $"/assessments/score/{id}", $"/assessments/reconcile/{id}"]),
            (scene.Chair, [$"/assessments/show/{id}", $"/assessments/reconcile/{id}"]),
            (committee, ["/", "/decisions", "/dashboard", "/certificates"]),
            (admin, ["/", "/users", "/users/create"]),
        };

        var problems = new List<string>();
        foreach (var (who, urls) in plan)
        {
            var page = who is null ? await browser.NewPageAsync() : await browser.SignedInPageAsync(who);
            foreach (var url in urls)
            {
                await page.GotoAsync(url);
                var result = await page.RunAxe();
                problems.AddRange(result.Violations
                    .Where(v => v.Impact is "serious" or "critical")
                    .Select(v => $"{who ?? "anonymous"} {url}: {v.Id} ({v.Impact}) {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}"));
            }

            await page.Context.CloseAsync();
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task The_sign_in_form_works_by_keyboard_and_announces_errors()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.StepAsync(page, "keyboard-sign-in", async () =>
        {
            await page.GotoAsync("/account/login");
            await page.Locator("input[name=Email]").FocusAsync();
            await page.Keyboard.TypeAsync("nobody@keyboard.test");
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.TypeAsync("wrong-password-1");
            await page.Keyboard.PressAsync("Enter");
            var alert = page.Locator("[role=alert]").First;
            await Assertions.Expect(alert).ToBeVisibleAsync();
            Assert.False(string.IsNullOrWhiteSpace(await alert.TextContentAsync()));
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_scoring_form_works_by_keyboard_alone_and_autosaves()
    {
        var app = browser.App;
        var scene = await AssessmentSteps.ArrangeAsync(app);
        await AssessmentSteps.DeclareAsync(await AssessmentSteps.SignedInAsync(app, scene.Assessor1), scene.AssessmentId, conflict: false);
        var page = await browser.SignedInPageAsync(scene.Assessor1);
        var id = scene.AssessmentId.ToString(CultureInfo.InvariantCulture);
        string Card(int criterionId) => "#c-" + criterionId.ToString(CultureInfo.InvariantCulture);

        // Tab from the top of the page to a control, as a person without a mouse does.
        async Task TabToAsync(string selector)
        {
            for (var i = 0; i < 300; i++)
            {
                if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector))
                {
                    return;
                }

                await page.Keyboard.PressAsync("Tab");
            }

            Assert.Fail("Tab never reached " + selector);
        }

        await BrowserFixture.StepAsync(page, "keyboard-scoring", async () =>
        {
            await page.GotoAsync($"/assessments/score/{id}");
            await TabToAsync($"{Card(scene.Cycle.MandatoryId)} input[name=Passed][value=pass]");
            await page.Keyboard.PressAsync("Space");
            await Assertions.Expect(page.Locator($"{Card(scene.Cycle.MandatoryId)} form.score-form")).ToHaveAttributeAsync("data-state", "saved");

            await TabToAsync($"{Card(scene.Cycle.EvidenceId)} input[name=Points]");
            await page.Keyboard.TypeAsync("4");
            await page.Keyboard.PressAsync("Tab");
            await Assertions.Expect(page.Locator($"{Card(scene.Cycle.EvidenceId)} form.score-form")).ToHaveAttributeAsync("data-state", "saved");
            await Assertions.Expect(page.Locator($"{Card(scene.Cycle.EvidenceId)} .save-state")).ToContainTextAsync("บันทึกแล้ว");
        });

        var marks = await app.WithDbAsync(db => db.MemberScores.Where(m => m.AssessmentId == scene.AssessmentId)
            .Select(m => new { m.CriterionId, m.Mark.Passed, m.Mark.Points }).ToListAsync());
        Assert.Contains(marks, m => m.CriterionId == scene.Cycle.MandatoryId && m.Passed == true);
        Assert.Contains(marks, m => m.CriterionId == scene.Cycle.EvidenceId && m.Points == 4m);
        await page.Context.CloseAsync();
    }
}
