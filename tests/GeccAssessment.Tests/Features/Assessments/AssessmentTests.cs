using System.Globalization;
using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;
using static GeccAssessment.Tests.Features.Assessments.AssessmentSteps;
using ServicePoint = GeccAssessment.Web.Domain.ServicePoint;

namespace GeccAssessment.Tests.Features.Assessments;

public class AssessmentTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Two_members_score_the_chair_reconciles_and_signs_off_and_the_recommendation_is_shown()
    {
        var scene = await ArrangeAsync(app);
        await BothMembersScoreAsync(app, scene);

        // Independence: before the chair opens the reconciliation, a member sees only his or her own marks.
        var member = await SignedInAsync(app, scene.Assessor1);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync($"/assessments/reconcile/{scene.AssessmentId}")).StatusCode);
        var ownSheet = HtmlForms.TextOf(await member.GetPageAsync($"/assessments/score/{scene.AssessmentId}"));
        Assert.DoesNotContain("กรรมการสอง", ownSheet);

        var chair = await SignedInAsync(app, scene.Chair);
        await DeclareAsync(chair, scene.AssessmentId, conflict: false);
        Assert.Equal(HttpStatusCode.Redirect, (await PostPageFormAsync(chair, $"/assessments/show/{scene.AssessmentId}", "form[action$='/openreconciliation/" + I(scene.AssessmentId) + "']")).StatusCode);

        // Side by side, disagreement on V-01 highlighted.
        var reconcile = await chair.GetPageAsync($"/assessments/reconcile/{scene.AssessmentId}");
        Assert.Contains("กรรมการหนึ่ง", HtmlForms.TextOf(reconcile));
        Assert.Contains("กรรมการสอง", HtmlForms.TextOf(reconcile));
        Assert.Contains("reconcile-disagree", reconcile.QuerySelector($"#rc-{I(scene.Cycle.EvidenceId)}")!.ClassName);
        Assert.DoesNotContain("reconcile-disagree", reconcile.QuerySelector($"#rc-{I(scene.Cycle.OptionalId)}")!.ClassName ?? "");
        // Where members agree their common mark is offered; where they disagree the chair decides.
        Assert.Equal("3", reconcile.QuerySelector<IHtmlInputElement>($"#rc-{I(scene.Cycle.OptionalId)} input[name$='.Points']")!.Value);
        Assert.Equal("pass", reconcile.QuerySelector<IHtmlSelectElement>($"#rc-{I(scene.Cycle.MandatoryId)} select[name$='.Passed']")!.Value);
        Assert.Equal("", reconcile.QuerySelector<IHtmlInputElement>($"#rc-{I(scene.Cycle.EvidenceId)} input[name$='.Points']")!.Value);

        // A score departing from every member's needs a note.
        var rows = RowFields(reconcile, scene, v01: "4.5", v01Note: "");
        var refused = await HtmlForms.ParseAsync(await FollowAsync(chair, await chair.PostAsync($"/assessments/reconcile/{I(scene.AssessmentId)}", new FormUrlEncodedContent(rows))));
        Assert.Contains("V-01", HtmlForms.TextOf(refused));
        Assert.Contains("กรุณาระบุหมายเหตุ", HtmlForms.TextOf(refused));

        reconcile = await chair.GetPageAsync($"/assessments/reconcile/{scene.AssessmentId}");
        rows = RowFields(reconcile, scene, v01: "4.5", v01Note: "คู่มือมีครบแต่ยังไม่เป็นปัจจุบันบางส่วน");
        Assert.Equal(HttpStatusCode.Redirect, (await chair.PostAsync($"/assessments/reconcile/{I(scene.AssessmentId)}", new FormUrlEncodedContent(rows))).StatusCode);

        // Signing off asks again first, with the result about to be recorded; the first press locks nothing.
        var asked = await PostPageFormAsync(chair, $"/assessments/show/{scene.AssessmentId}", "form[action$='/signoff/" + I(scene.AssessmentId) + "']");
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var askedText = HtmlForms.TextOf(await HtmlForms.ParseAsync(asked));
        Assert.Contains("ยืนยันการลงนาม", askedText);
        Assert.Contains("เสนอให้ได้รับการรับรอง: ระดับพื้นฐาน", askedText);
        Assert.Null(await app.WithDbAsync(db => db.Assessments.Where(a => a.Id == scene.AssessmentId).Select(a => a.SignedOffAtUtc).SingleAsync()));

        Assert.Equal(HttpStatusCode.Redirect, (await SignOffAsync(chair, scene.AssessmentId)).StatusCode);
        var show = await chair.GetPageAsync($"/assessments/show/{scene.AssessmentId}");
        var text = HtmlForms.TextOf(show);
        Assert.Contains("ลงนามรับรองผลแล้ว", text);
        Assert.Contains("เสนอให้ได้รับการรับรอง: ระดับพื้นฐาน", text);
        // (10 + 4.5 + 3) / 20 = 87.5 %; Other at 60 % sits exactly on its minimum and passes.
        Assert.Contains("87.50%", text);
        Assert.Contains("60.00%", text);

        var stored = await app.WithDbAsync(db => db.Assessments.AsNoTracking().SingleAsync(a => a.Id == scene.AssessmentId));
        Assert.Equal(RecommendedOutcome.Certify, stored.RecommendedOutcome);
        Assert.Equal(1, stored.RecommendedLevelRank);
        Assert.Equal(87.5m, stored.OverallPercent);

        // Every score change went to the audit trail with its author.
        var audited = await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.EntityType == nameof(MemberScore) && e.UserName == scene.Assessor1));
        Assert.Equal(3, audited);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.EntityType == nameof(ReconciledScore) && e.UserName == scene.Chair)));
    }

    /// <summary>
    /// The member's home and list name the scoring pages the browser keeps for an offline visit: only
    /// assessments the member still scores (declared no conflict, reconciliation not opened).
    /// </summary>
    [Fact]
    public async Task The_home_and_the_list_name_the_scoring_pages_a_member_still_scores_for_the_browser_to_keep()
    {
        var scene = await ArrangeAsync(app);
        var member = await SignedInAsync(app, scene.Assessor1);
        Assert.Null((await member.GetPageAsync("/assessments")).QuerySelector("#scoring-pages"));

        await DeclareAsync(member, scene.AssessmentId, conflict: false);
        foreach (var url in new[] { "/", "/assessments" })
        {
            Assert.Equal($"/assessments/score/{I(scene.AssessmentId)}", (await member.GetPageAsync(url)).QuerySelector("#scoring-pages")?.GetAttribute("data-pages"));
        }

        var conflicted = await SignedInAsync(app, scene.Assessor2);
        await DeclareAsync(conflicted, scene.AssessmentId, conflict: true, reason: "เคยเป็นที่ปรึกษาของหน่วยงาน");
        Assert.Null((await conflicted.GetPageAsync("/assessments")).QuerySelector("#scoring-pages"));

        var chair = await SignedInAsync(app, scene.Chair);
        await DeclareAsync(chair, scene.AssessmentId, conflict: false);
        await PostPageFormAsync(chair, $"/assessments/show/{I(scene.AssessmentId)}", "form[action$='/openreconciliation/" + I(scene.AssessmentId) + "']");
        Assert.Null((await member.GetPageAsync("/assessments")).QuerySelector("#scoring-pages"));
    }

    [Fact]
    public async Task The_kept_scoring_pages_come_nearest_first_from_every_subcommittee_of_the_member_and_only_those_he_or_she_still_scores()
    {
        // Issue 16: the list starts from the member's own subcommittees (one seek each on the index of
        // assessments still being scored) instead of reading every assessment; the rule is the same.
        var scene = await ArrangeAsync(app);
        var day = DateTime.UtcNow.Date.AddDays(30);
        var expected = await app.WithDbAsync(async db =>
        {
            var member = await db.Users.Where(u => u.Email == scene.Assessor1).Select(u => u.Id).SingleAsync();
            var outsider = await db.Users.Where(u => u.Email == scene.Outsider).Select(u => u.Id).SingleAsync();
            var chair = await db.Subcommittees.Where(s => s.Id == scene.SubcommitteeId).Select(s => s.ChairUserId).SingleAsync();
            var theirs = await db.Subcommittees.Where(s => s.CycleId == scene.Cycle.Id && s.Id != scene.SubcommitteeId).Select(s => s.Id).SingleAsync();
            // A second subcommittee the member also sits on.
            var second = new Subcommittee { CycleId = scene.Cycle.Id, Name = "คณะที่ 3 " + Guid.NewGuid().ToString("N")[..6], ChairUserId = chair, CreatedAtUtc = DateTime.UtcNow };
            second.Members.AddRange([new SubcommitteeMember { UserId = chair }, new SubcommitteeMember { UserId = member }]);
            db.Subcommittees.Add(second);
            await db.SaveChangesAsync();

            var point = await db.ServicePoints.SingleAsync(p => p.Id == scene.Application.ServicePointId);
            async Task<int> AssessmentAsync(int subcommitteeId, DateTime? preliminary, DateTime? onSite = null, bool? conflict = false, string? declarer = null,
                bool signedOff = false, bool reconciling = false, bool stopped = false)
            {
                var other = new ServicePoint { AgencyId = point.AgencyId, Name = "จุด " + Guid.NewGuid().ToString("N")[..8], Address = "ถนนทดสอบ", ProvinceCode = point.ProvinceCode, DistrictCode = point.DistrictCode, CreatedAtUtc = DateTime.UtcNow };
                db.ServicePoints.Add(other);
                await db.SaveChangesAsync();
                var application = new Application
                {
                    CycleId = scene.Cycle.Id,
                    ServicePointId = other.Id,
                    AgencyId = other.AgencyId,
                    ProvinceCode = other.ProvinceCode,
                    Status = ApplicationStatus.Accepted,
                    SubmittedAtUtc = DateTime.UtcNow,
                    CreatedAtUtc = DateTime.UtcNow,
                    UpdatedAtUtc = DateTime.UtcNow,
                };
                db.Applications.Add(application);
                await db.SaveChangesAsync();
                var assessment = new Assessment
                {
                    ApplicationId = application.Id,
                    SubcommitteeId = subcommitteeId,
                    CycleId = scene.Cycle.Id,
                    AssignedAtUtc = DateTime.UtcNow,
                    PreliminaryAtUtc = preliminary,
                    OnSiteAtUtc = onSite,
                    PreliminaryOutcome = stopped ? PreliminaryOutcome.Stop : onSite is null ? PreliminaryOutcome.Pending : PreliminaryOutcome.ProceedOnSite,
                    SignedOffAtUtc = signedOff ? DateTime.UtcNow : null,
                    ReconciliationOpenedAtUtc = reconciling ? DateTime.UtcNow : null,
                };
                db.Assessments.Add(assessment);
                await db.SaveChangesAsync();
                if (conflict is { } hasConflict)
                {
                    db.ConflictDeclarations.Add(new ConflictDeclaration
                    {
                        AssessmentId = assessment.Id,
                        UserId = declarer ?? member,
                        HasConflict = hasConflict,
                        Reason = hasConflict ? "ญาติ" : null,
                        DeclaredAtUtc = DateTime.UtcNow,
                    });
                    await db.SaveChangesAsync();
                }

                return assessment.Id;
            }

            // Not kept: each is earlier than every kept one, so a wrong rule would show at the front.
            await AssessmentAsync(scene.SubcommitteeId, day, conflict: true);
            await AssessmentAsync(scene.SubcommitteeId, day, signedOff: true);
            await AssessmentAsync(scene.SubcommitteeId, day, reconciling: true);
            await AssessmentAsync(scene.SubcommitteeId, day, stopped: true);
            await AssessmentAsync(scene.SubcommitteeId, day, conflict: null);
            await AssessmentAsync(scene.SubcommitteeId, day, declarer: outsider);
            await AssessmentAsync(theirs, day);

            // Kept, by the next round's date: the on-site date when there is one, else the video round's.
            var ours = new List<(DateTime? At, int Id)>();
            for (var i = 0; i < 6; i++)
            {
                var at = day.AddDays(2 + (2 * i));
                ours.Add((at, await AssessmentAsync(scene.SubcommitteeId, at)));
            }

            ours.Add((null, await AssessmentAsync(scene.SubcommitteeId, preliminary: null)));
            for (var i = 0; i < 5; i++)
            {
                var at = day.AddDays(1 + (2 * i));
                ours.Add((at, await AssessmentAsync(second.Id, preliminary: day.AddDays(-20), onSite: at)));
            }

            return ours.OrderBy(x => x.At is null).ThenBy(x => x.At).ThenBy(x => x.Id).Select(x => x.Id).ToList();
        });

        var page = await (await SignedInAsync(app, scene.Assessor1)).GetPageAsync("/assessments");
        var kept = page.QuerySelector("#scoring-pages")?.GetAttribute("data-pages");
        // At most ten (ScoringPagesViewComponent.Limit): of twelve, the unscheduled one and the latest are left out.
        Assert.Equal(10, GeccAssessment.Web.Features.Assessments.ScoringPagesViewComponent.Limit);
        Assert.Equal(string.Join(' ', expected.Take(10).Select(id => $"/assessments/score/{I(id)}")), kept);
    }

    [Fact]
    public async Task Sign_off_locks_the_scores_and_unlocking_needs_a_reason_that_is_audited()
    {
        var scene = await ArrangeAsync(app);
        await BothMembersScoreAsync(app, scene);
        var chair = await SignedInAsync(app, scene.Chair);
        await DeclareAsync(chair, scene.AssessmentId, conflict: false);
        await PostPageFormAsync(chair, $"/assessments/show/{scene.AssessmentId}", "form[action$='/openreconciliation/" + I(scene.AssessmentId) + "']");
        var reconcile = await chair.GetPageAsync($"/assessments/reconcile/{scene.AssessmentId}");
        await chair.PostAsync($"/assessments/reconcile/{I(scene.AssessmentId)}", new FormUrlEncodedContent(RowFields(reconcile, scene, v01: "4", v01Note: "")));
        await SignOffAsync(chair, scene.AssessmentId);
        Assert.NotNull((await app.WithDbAsync(db => db.Assessments.AsNoTracking().SingleAsync(a => a.Id == scene.AssessmentId))).SignedOffAtUtc);

        // Locked: the chair's reconciliation save is refused, and nothing changes.
        reconcile = await chair.GetPageAsync($"/assessments/reconcile/{scene.AssessmentId}");
        Assert.NotNull(reconcile.QuerySelector("fieldset[disabled]"));
        var posted = await chair.PostAsync($"/assessments/reconcile/{I(scene.AssessmentId)}", new FormUrlEncodedContent(RowFields(reconcile, scene, v01: "1", v01Note: "x")));
        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
        Assert.Equal(4m, await app.WithDbAsync(db => db.ReconciledScores.Where(s => s.AssessmentId == scene.AssessmentId && s.CriterionId == scene.Cycle.EvidenceId).Select(s => s.Mark.Points).SingleAsync()));

        // Unlocking without a reason is refused; with one it unlocks and the reason is in the audit trail.
        var noReason = await FollowAsync(chair, await PostPageFormAsync(chair, $"/assessments/show/{scene.AssessmentId}", "form[action$='/unlock/" + I(scene.AssessmentId) + "']", new Dictionary<string, string> { ["reason"] = " " }));
        Assert.Contains("กรุณาระบุเหตุผลในการปลดล็อก", HtmlForms.TextOf(await HtmlForms.ParseAsync(noReason)));
        Assert.NotNull((await app.WithDbAsync(db => db.Assessments.AsNoTracking().SingleAsync(a => a.Id == scene.AssessmentId))).SignedOffAtUtc);

        await PostPageFormAsync(chair, $"/assessments/show/{scene.AssessmentId}", "form[action$='/unlock/" + I(scene.AssessmentId) + "']", new Dictionary<string, string> { ["reason"] = "พิมพ์คะแนนเกณฑ์ V-01 ผิด" });
        var after = await app.WithDbAsync(db => db.Assessments.AsNoTracking().SingleAsync(a => a.Id == scene.AssessmentId));
        Assert.Null(after.SignedOffAtUtc);
        Assert.Null(after.RecommendedOutcome);
        var id = I(scene.AssessmentId);
        var changes = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.EntityType == nameof(Assessment) && e.EntityId == id).Select(e => e.After).ToListAsync());
        Assert.Contains(changes, after => after is not null && after.Contains("พิมพ์คะแนนเกณฑ์ V-01 ผิด", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_member_with_a_conflict_cannot_open_or_score_the_application()
    {
        var scene = await ArrangeAsync(app);
        var member = await SignedInAsync(app, scene.Assessor2);
        var before = await member.GetPageAsync($"/assessments/show/{scene.AssessmentId}");
        Assert.Null(before.QuerySelector($"a[href$='/assessments/score/{I(scene.AssessmentId)}']"));

        await DeclareAsync(member, scene.AssessmentId, conflict: true, reason: "เคยเป็นที่ปรึกษาของหน่วยงานนี้");
        Assert.Contains("ท่านแจ้งว่ามีส่วนได้เสีย", HtmlForms.TextOf(await member.GetPageAsync($"/assessments/show/{scene.AssessmentId}")));
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync($"/assessments/score/{scene.AssessmentId}")).StatusCode);

        // The server refuses a mark even from a page obtained earlier (a token from the show page is enough to post).
        var response = await member.PostAsync($"/assessments/mark/{I(scene.AssessmentId)}", new FormUrlEncodedContent(
            AntiforgeryFields(before).Concat([new("ChangeId", Guid.NewGuid().ToString()), new("CriterionId", I(scene.Cycle.OptionalId)), new("Points", "5")])));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.MemberScores.AnyAsync(s => s.AssessmentId == scene.AssessmentId)));

        var fileId = await AddEvidenceAsync(scene);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/evidence/{fileId}")).StatusCode);

        // The other member, without a conflict, opens the same file.
        var colleague = await SignedInAsync(app, scene.Assessor1);
        await DeclareAsync(colleague, scene.AssessmentId, conflict: false);
        Assert.Equal(HttpStatusCode.OK, (await colleague.GetAsync($"/evidence/{fileId}?inline=true")).StatusCode);
    }

    [Fact]
    public async Task An_assessor_of_another_subcommittee_gets_nothing()
    {
        var scene = await ArrangeAsync(app);
        var fileId = await AddEvidenceAsync(scene);
        var outsider = await SignedInAsync(app, scene.Outsider);
        foreach (var url in new[] { "show", "score", "reconcile" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/assessments/{url}/{scene.AssessmentId}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/evidence/{fileId}")).StatusCode);
        var list = HtmlForms.TextOf(await outsider.GetPageAsync($"/assessments?cycle={I(scene.Cycle.Id)}"));
        Assert.DoesNotContain("จุดบริการที่ดิน", list);

        var ownPage = await outsider.GetPageAsync("/assessments");
        var declare = await outsider.PostAsync($"/assessments/declare/{I(scene.AssessmentId)}", new FormUrlEncodedContent(AntiforgeryFields(ownPage).Append(new("hasConflict", "false"))));
        Assert.Equal(HttpStatusCode.NotFound, declare.StatusCode);
        var mark = await outsider.PostAsync($"/assessments/mark/{I(scene.AssessmentId)}", new FormUrlEncodedContent(
            AntiforgeryFields(ownPage).Concat([new("ChangeId", Guid.NewGuid().ToString()), new("CriterionId", I(scene.Cycle.OptionalId)), new("Points", "5")])));
        Assert.Equal(HttpStatusCode.NotFound, mark.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.ConflictDeclarations.AnyAsync(c => c.AssessmentId == scene.AssessmentId)));
        Assert.False(await app.WithDbAsync(db => db.MemberScores.AnyAsync(s => s.AssessmentId == scene.AssessmentId)));

        // An applicant has no business here at all.
        var applicant = await SignedInAsync(app, scene.ApplicantEmail);
        Assert.Equal(HttpStatusCode.Forbidden, (await applicant.GetAsync($"/assessments/show/{scene.AssessmentId}")).StatusCode);
    }

    [Fact]
    public async Task A_repeated_change_id_is_applied_once_and_live_totals_come_back()
    {
        var scene = await ArrangeAsync(app);
        var member = await SignedInAsync(app, scene.Assessor1);
        await DeclareAsync(member, scene.AssessmentId, conflict: false);
        var page = await member.GetPageAsync($"/assessments/score/{scene.AssessmentId}");
        var first = Guid.NewGuid();

        var response = await MarkAsync(member, page, scene.Cycle.OptionalId, new Dictionary<string, string> { ["Points"] = "3" }, first);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using (var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()))
        {
            Assert.False(json.RootElement.GetProperty("alreadyApplied").GetBoolean());
            var other = json.RootElement.GetProperty("totals").GetProperty("dimensions").EnumerateArray().Single(d => d.GetProperty("kind").GetString() == "Other");
            Assert.Equal(60m, other.GetProperty("percent").GetDecimal());
        }

        await MarkAsync(member, page, scene.Cycle.OptionalId, new Dictionary<string, string> { ["Points"] = "4" });
        // The first change arrives again (a retry on a weak connection): it must not undo the later one.
        var replay = await MarkAsync(member, page, scene.Cycle.OptionalId, new Dictionary<string, string> { ["Points"] = "3" }, first);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        using (var json = JsonDocument.Parse(await replay.Content.ReadAsStringAsync()))
        {
            Assert.True(json.RootElement.GetProperty("alreadyApplied").GetBoolean());
        }

        Assert.Equal(4m, await app.WithDbAsync(db => db.MemberScores.Where(s => s.AssessmentId == scene.AssessmentId && s.CriterionId == scene.Cycle.OptionalId).Select(s => s.Mark.Points).SingleAsync()));
        Assert.Equal(2, await app.WithDbAsync(db => db.AppliedScoreChanges.CountAsync(c => c.AssessmentId == scene.AssessmentId)));

        // Without the script, the same form posts and comes back to the criterion.
        var plain = await MarkAsync(member, page, scene.Cycle.EvidenceId, new Dictionary<string, string> { ["Points"] = "5" }, json: false);
        Assert.Equal(HttpStatusCode.Redirect, plain.StatusCode);
        Assert.EndsWith("#c-" + I(scene.Cycle.EvidenceId), plain.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Photos_are_pictures_checked_by_content_and_seen_only_by_their_author_until_reconciliation()
    {
        var scene = await ArrangeAsync(app);
        var member = await SignedInAsync(app, scene.Assessor1);
        await DeclareAsync(member, scene.AssessmentId, conflict: false);
        var page = await ScoringPageOfAsync(member, scene.AssessmentId, scene.Cycle.OptionalId);
        var selector = $"#c-{I(scene.Cycle.OptionalId)} form.photo-form";
        var criterion = new Dictionary<string, string> { ["criterionId"] = I(scene.Cycle.OptionalId) };

        var renamed = await member.PostMultipartAsync(page, selector, criterion, [("photo", "ป้าย.png", TestData.Exe())]);
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        Assert.Contains("ไม่ใช่ภาพ JPEG หรือ PNG", HtmlForms.TextOf(await member.GetPageAsync(renamed.Headers.Location!.ToString())));

        var good = await member.PostMultipartAsync(page, selector, criterion, [("photo", "../../ป้ายหน้าอาคาร.png", TestData.Png())]);
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var photo = await app.WithDbAsync(db => db.AssessmentPhotos.AsNoTracking().SingleAsync(p => p.AssessmentId == scene.AssessmentId));
        Assert.Equal("image/png", photo.ContentType);
        Assert.DoesNotContain("/", photo.FileName);

        var url = $"/assessments/photofile/{I(scene.AssessmentId)}?photoId={I(photo.Id)}";
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync(url)).StatusCode);
        var colleague = await SignedInAsync(app, scene.Assessor2);
        await DeclareAsync(colleague, scene.AssessmentId, conflict: false);
        Assert.Equal(HttpStatusCode.NotFound, (await colleague.GetAsync(url)).StatusCode);
    }

    [Theory]
    [InlineData("optional", "6", null, "ต้องเป็นตัวเลข 0 ถึง 5")]
    [InlineData("optional", "-1", null, "ต้องเป็นตัวเลข 0 ถึง 5")]
    [InlineData("optional", "สาม", null, "ต้องเป็นตัวเลข 0 ถึง 5")]
    [InlineData("optional", "", "true", "ไม่อนุญาตให้ระบุว่าไม่เกี่ยวข้อง")]
    [InlineData("mandatory", "", "maybe", "ต้องระบุว่าผ่านหรือไม่ผ่าน")]
    public async Task A_mark_the_criterion_does_not_allow_is_refused_with_a_Thai_message(string criterion, string points, string? extra, string message)
    {
        var scene = await ArrangeAsync(app);
        var member = await SignedInAsync(app, scene.Assessor1);
        await DeclareAsync(member, scene.AssessmentId, conflict: false);
        var page = await member.GetPageAsync($"/assessments/score/{scene.AssessmentId}");
        await MarkAsync(member, page, scene.Cycle.OptionalId, new Dictionary<string, string> { ["Points"] = "2" });

        var id = criterion == "mandatory" ? scene.Cycle.MandatoryId : scene.Cycle.OptionalId;
        var values = new Dictionary<string, string> { ["Points"] = points };
        if (criterion == "mandatory")
        {
            values["Passed"] = extra!;
        }
        else if (extra is not null)
        {
            values["NotApplicable"] = extra;
        }

        var response = await MarkAsync(member, page, id, values);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
        // The mark saved before is still there.
        Assert.Equal(2m, await app.WithDbAsync(db => db.MemberScores.Where(s => s.AssessmentId == scene.AssessmentId && s.CriterionId == scene.Cycle.OptionalId).Select(s => s.Mark.Points).SingleAsync()));
    }

    [Fact]
    public async Task Two_people_changing_the_same_reconciled_score_get_a_conflict_not_a_lost_update()
    {
        var scene = await ArrangeAsync(app);
        await BothMembersScoreAsync(app, scene);
        var chair = await SignedInAsync(app, scene.Chair);
        await DeclareAsync(chair, scene.AssessmentId, conflict: false);
        await PostPageFormAsync(chair, $"/assessments/show/{scene.AssessmentId}", "form[action$='/openreconciliation/" + I(scene.AssessmentId) + "']");
        var seed = await chair.GetPageAsync($"/assessments/reconcile/{scene.AssessmentId}");
        await chair.PostAsync($"/assessments/reconcile/{I(scene.AssessmentId)}", new FormUrlEncodedContent(RowFields(seed, scene, v01: "4", v01Note: "")));

        // Two windows open on the same reconciliation.
        var window1 = await chair.GetPageAsync($"/assessments/reconcile/{scene.AssessmentId}");
        var window2 = await chair.GetPageAsync($"/assessments/reconcile/{scene.AssessmentId}");
        Assert.Equal(HttpStatusCode.Redirect, (await chair.PostAsync($"/assessments/reconcile/{I(scene.AssessmentId)}", new FormUrlEncodedContent(RowFields(window1, scene, v01: "5", v01Note: "")))).StatusCode);
        var second = await FollowAsync(chair, await chair.PostAsync($"/assessments/reconcile/{I(scene.AssessmentId)}", new FormUrlEncodedContent(RowFields(window2, scene, v01: "4.5", v01Note: "ค่ากลาง"))));
        Assert.Contains("เกณฑ์ V-01: มีผู้อื่นแก้ไขคะแนนนี้ก่อนหน้าท่าน", HtmlForms.TextOf(await HtmlForms.ParseAsync(second)));
        Assert.Equal(5m, await app.WithDbAsync(db => db.ReconciledScores.Where(s => s.AssessmentId == scene.AssessmentId && s.CriterionId == scene.Cycle.EvidenceId).Select(s => s.Mark.Points).SingleAsync()));
    }

    [Fact]
    public async Task The_secretariat_forms_a_subcommittee_and_assigns_a_province_in_bulk()
    {
        var scene = await ArrangeAsync(app);
        var inSongkhla = await TestData.CreateApplicationAsync(app, scene.Cycle.Id,
            await TestData.CreateServicePointAsync(app, scene.Application.AgencyId, "จุดที่สอง"), ApplicationStatus.Accepted);
        var elsewhere = await app.WithDbAsync(async db =>
        {
            var point = new ServicePoint { AgencyId = scene.Application.AgencyId, Name = "จุดกรุงเทพ", Address = "ถนนราชดำเนิน", ProvinceCode = "10", DistrictCode = "1001", CreatedAtUtc = DateTime.UtcNow };
            db.ServicePoints.Add(point);
            await db.SaveChangesAsync();
            return point;
        });
        var inBangkok = await TestData.CreateApplicationAsync(app, scene.Cycle.Id, elsewhere, ApplicationStatus.Accepted);
        var draft = await TestData.CreateApplicationAsync(app, scene.Cycle.Id, await TestData.CreateServicePointAsync(app, scene.Application.AgencyId, "จุดร่าง"));

        var secretariat = await SignedInAsync(app, scene.Secretariat);
        var chairId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == scene.Chair).Select(u => u.Id).SingleAsync());
        var a1 = await app.WithDbAsync(db => db.Users.Where(u => u.Email == scene.Assessor1).Select(u => u.Id).SingleAsync());
        var page = await secretariat.GetPageAsync($"/subcommittees?cycle={I(scene.Cycle.Id)}");
        var fields = HtmlForms.FieldsOf(page, "form[action='/subcommittees/save']").With("Name", "คณะอนุกรรมการภาคใต้").With("ChairUserId", chairId);
        fields.Add(new("MemberIds", a1));
        fields.AddRange(AntiforgeryFields(page));
        Assert.Equal(HttpStatusCode.Redirect, (await secretariat.PostAsync("/subcommittees/save", new FormUrlEncodedContent(fields))).StatusCode);
        var subcommittee = await app.WithDbAsync(db => db.Subcommittees.Include(s => s.Members).SingleAsync(s => s.CycleId == scene.Cycle.Id && s.Name == "คณะอนุกรรมการภาคใต้"));
        Assert.Equal(new[] { a1, chairId }.Order(), subcommittee.Members.Select(m => m.UserId).Order());

        var assign = await secretariat.GetPageAsync($"/subcommittees/assign?cycle={I(scene.Cycle.Id)}&province=90");
        Assert.Contains("จุดที่สอง", HtmlForms.TextOf(assign));
        Assert.DoesNotContain("จุดกรุงเทพ", HtmlForms.TextOf(assign));
        Assert.DoesNotContain("จุดร่าง", HtmlForms.TextOf(assign));
        var post = HtmlForms.FieldsOf(assign, "form[action='/subcommittees/assign']").With("subcommitteeId", I(subcommittee.Id)).With("everyMatching", "true");
        post.AddRange(AntiforgeryFields(assign));
        var done = await FollowAsync(secretariat, await secretariat.PostAsync("/subcommittees/assign", new FormUrlEncodedContent(post)));
        Assert.Contains("มอบหมายแล้ว 1 รายการ", HtmlForms.TextOf(await HtmlForms.ParseAsync(done)));

        var assigned = await app.WithDbAsync(db => db.Assessments.Where(a => a.CycleId == scene.Cycle.Id).ToDictionaryAsync(a => a.ApplicationId, a => a.SubcommitteeId));
        Assert.Equal(subcommittee.Id, assigned[inSongkhla.Id]);
        Assert.Equal(scene.SubcommitteeId, assigned[scene.Application.Id]);
        Assert.False(assigned.ContainsKey(inBangkok.Id));
        Assert.False(assigned.ContainsKey(draft.Id));
    }

    [Fact]
    public async Task The_rounds_are_scheduled_and_the_applicant_sees_them()
    {
        var scene = await ArrangeAsync(app);
        await app.WithDbAsync(db => db.Cycles.Where(c => c.Id == scene.Cycle.Id).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.AssessmentStartsOn, new DateOnly(2026, 12, 1)).SetProperty(c => c.AssessmentEndsOn, new DateOnly(2027, 2, 28))));
        var chair = await SignedInAsync(app, scene.Chair);
        await DeclareAsync(chair, scene.AssessmentId, conflict: false);

        // A round outside the cycle's assessment window is refused, in Thai, with the window, by the
        // on-site date; the page comes back with the schedule as typed (a redirect lost it all).
        var outside = await PostPageFormAsync(chair, $"/assessments/show/{scene.AssessmentId}", "form[action$='/schedule/" + I(scene.AssessmentId) + "']", new Dictionary<string, string>
        {
            ["PreliminaryDate"] = "15/12/2569",
            ["PreliminaryTime"] = "09:30",
            ["MeetingLink"] = "https://meet.example.go.th/gecc-typed",
            ["OnSiteDate"] = "01/03/2570",
            ["OnSiteTime"] = "10:15",
            ["OnSiteAddress"] = "ห้องประชุม 2 ศาลากลางจังหวัดสงขลา",
        });
        Assert.Equal(HttpStatusCode.OK, outside.StatusCode);
        var refused = await HtmlForms.ParseAsync(outside);
        Assert.Contains("วันประเมินในพื้นที่ต้องอยู่ในช่วงการประเมินของรอบ (1 ธันวาคม พ.ศ. 2569 ถึง 28 กุมภาพันธ์ พ.ศ. 2570)",
            refused.QuerySelector("#form-errors a[href='#OnSiteDate']")!.TextContent);
        string Typed(string id) => refused.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#" + id)!.Value;
        Assert.Equal(("15/12/2569", "09:30", "https://meet.example.go.th/gecc-typed"), (Typed("PreliminaryDate"), Typed("PreliminaryTime"), Typed("MeetingLink")));
        Assert.Equal(("01/03/2570", "10:15", "ห้องประชุม 2 ศาลากลางจังหวัดสงขลา"), (Typed("OnSiteDate"), Typed("OnSiteTime"), Typed("OnSiteAddress")));
        Assert.Equal("true", refused.QuerySelector("#OnSiteDate")!.GetAttribute("aria-invalid"));
        Assert.Null(await app.WithDbAsync(db => db.Assessments.Where(a => a.Id == scene.AssessmentId).Select(a => a.PreliminaryAtUtc).SingleAsync()));

        var response = await PostPageFormAsync(chair, $"/assessments/show/{scene.AssessmentId}", "form[action$='/schedule/" + I(scene.AssessmentId) + "']", new Dictionary<string, string>
        {
            ["PreliminaryDate"] = "15/12/2569",
            ["PreliminaryTime"] = "09:30",
            ["MeetingLink"] = "https://meet.example.go.th/gecc-1",
            ["OnSiteDate"] = "2027-01-20",
            ["OnSiteTime"] = "10:00",
            ["OnSiteAddress"] = "ศาลากลางจังหวัดสงขลา",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var stop = await PostPageFormAsync(chair, $"/assessments/show/{scene.AssessmentId}", "form[action$='/preliminary/" + I(scene.AssessmentId) + "']", new Dictionary<string, string> { ["outcome"] = "Stop", ["reason"] = "" });
        Assert.Contains("กรุณาระบุเหตุผลที่ไม่ประเมินต่อ", HtmlForms.TextOf(await HtmlForms.ParseAsync(await FollowAsync(chair, stop))));
        await PostPageFormAsync(chair, $"/assessments/show/{scene.AssessmentId}", "form[action$='/preliminary/" + I(scene.AssessmentId) + "']", new Dictionary<string, string> { ["outcome"] = "ProceedOnSite" });

        var applicant = await SignedInAsync(app, scene.ApplicantEmail);
        var page = await applicant.GetPageAsync($"/applications/edit/{scene.Application.Id}");
        Assert.Contains("15 ธันวาคม พ.ศ. 2569 เวลา 09:30 น.", page.QuerySelector("#schedule-preliminary")!.TextContent);
        Assert.NotNull(page.QuerySelector("#schedule-preliminary a[href='https://meet.example.go.th/gecc-1']"));
        Assert.Contains("ผ่าน ตรวจประเมินในพื้นที่ต่อ", page.QuerySelector("#schedule-preliminary")!.TextContent);
        Assert.Contains("20 มกราคม พ.ศ. 2570 เวลา 10:00 น.", page.QuerySelector("#schedule-onsite")!.TextContent);
        Assert.Contains("ศาลากลางจังหวัดสงขลา", page.QuerySelector("#schedule-onsite")!.TextContent);

        // An ordinary member cannot reschedule.
        var member = await SignedInAsync(app, scene.Assessor1);
        await DeclareAsync(member, scene.AssessmentId, conflict: false);
        Assert.Null((await member.GetPageAsync($"/assessments/show/{scene.AssessmentId}")).QuerySelector("form[action$='/schedule/" + I(scene.AssessmentId) + "']"));
    }

    private static List<KeyValuePair<string, string>> RowFields(IDocument reconcilePage, AssessmentScene scene, string v01, string v01Note)
    {
        var form = reconcilePage.QuerySelector<IHtmlFormElement>("form[action$='/reconcile/" + I(scene.AssessmentId) + "']")!;
        var fields = Fields(form);
        string IndexOf(int criterionId) => fields.Single(f => f.Key.EndsWith(".CriterionId", StringComparison.Ordinal) && f.Value == I(criterionId)).Key.Split('.')[0];
        var p = IndexOf(scene.Cycle.MandatoryId);
        var v = IndexOf(scene.Cycle.EvidenceId);
        var o = IndexOf(scene.Cycle.OptionalId);
        fields.RemoveAll(f => f.Key == p + ".Passed" || f.Key == v + ".Points" || f.Key == v + ".Note" || f.Key == o + ".Points");
        fields.Add(new(p + ".Passed", "pass"));
        fields.Add(new(v + ".Points", v01));
        fields.Add(new(v + ".Note", v01Note));
        fields.Add(new(o + ".Points", "3"));
        return fields;
    }

    private static IEnumerable<KeyValuePair<string, string>> AntiforgeryFields(IDocument page) =>
        [new("__RequestVerificationToken", page.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value)];

    private static async Task<HttpResponseMessage> FollowAsync(HttpClient client, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await client.GetAsync(response.Headers.Location);
    }

    private async Task<int> AddEvidenceAsync(AssessmentScene scene) =>
        await app.WithDbAsync(async db =>
        {
            var file = new EvidenceFile
            {
                ApplicationId = scene.Application.Id,
                CriterionId = scene.Cycle.EvidenceId,
                FileName = "คู่มือ.pdf",
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
}
