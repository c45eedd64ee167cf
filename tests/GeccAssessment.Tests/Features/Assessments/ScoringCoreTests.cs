using System.Globalization;
using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Tests.Pdf;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;
using static GeccAssessment.Tests.Features.Assessments.AssessmentSteps;

namespace GeccAssessment.Tests.Features.Assessments;

/// <summary>
/// The scoring core: one mark value kept per round, a catalogue read once, a cheap autosave, and a
/// report that prints in Thai what was recorded at sign-off.
/// </summary>
public class ScoringCoreTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Saving_a_mark_runs_at_most_four_statements_and_the_scoring_page_at_most_ten()
    {
        var scene = await ArrangeAsync(app);
        await LockCatalogueAsync(app, scene);
        var member = await SignedInAsync(app, scene.Assessor1);
        await DeclareAsync(member, scene.AssessmentId, conflict: false);
        // The locked catalogue is read once for the cycle; what follows is any later request.
        var page = await ScoringPageOfAsync(member, scene.AssessmentId, scene.Cycle.OptionalId);

        var (sheet, sheetStatements) = await member.CountedAsync(app, new HttpRequestMessage(HttpMethod.Get, $"/assessments/score/{scene.AssessmentId}"));
        Assert.Equal(HttpStatusCode.OK, sheet.StatusCode);
        Assert.True(sheetStatements.Count <= 10, $"the scoring page ran {sheetStatements.Count} statements:\n{string.Join("\n---\n", sheetStatements)}");

        // Each change is based on the version the previous one made, as the page's script sends it.
        foreach (var (what, points, baseVersion) in new[] { ("a first mark", "3", 0), ("a change", "4", 1) })
        {
            var (saved, statements) = await member.CountedAsync(app, MarkRequest(page, scene.Cycle.OptionalId, points, baseVersion));
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
            Assert.True(statements.Count <= 4, $"saving {what} ran {statements.Count} statements:\n{string.Join("\n---\n", statements)}");
        }

        Assert.Equal(4m, await app.WithDbAsync(db => db.MemberScores.Where(s => s.AssessmentId == scene.AssessmentId).Select(s => s.Mark.Points).SingleAsync()));
    }

    [Fact]
    public async Task A_repeated_change_id_with_a_different_mark_is_refused_with_a_Thai_message()
    {
        var scene = await ArrangeAsync(app);
        var member = await SignedInAsync(app, scene.Assessor1);
        await DeclareAsync(member, scene.AssessmentId, conflict: false);
        var page = await member.GetPageAsync($"/assessments/score/{scene.AssessmentId}");
        var change = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.OK, (await MarkAsync(member, page, scene.Cycle.OptionalId, new Dictionary<string, string> { ["Points"] = "3" }, change)).StatusCode);

        var reused = await MarkAsync(member, page, scene.Cycle.OptionalId, new Dictionary<string, string> { ["Points"] = "5" }, change);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        using var json = JsonDocument.Parse(await reused.Content.ReadAsStringAsync());
        Assert.Contains("รหัสการแก้ไขนี้เคยใช้บันทึกคะแนนอื่นแล้ว", json.RootElement.GetProperty("error").GetString());
        Assert.Contains("O-01", json.RootElement.GetProperty("error").GetString());
        Assert.Equal(3m, await app.WithDbAsync(db => db.MemberScores.Where(s => s.AssessmentId == scene.AssessmentId).Select(s => s.Mark.Points).SingleAsync()));

        // The same id with the same mark (a plain retry) is still answered "already applied".
        var retry = await MarkAsync(member, page, scene.Cycle.OptionalId, new Dictionary<string, string> { ["Points"] = "3" }, change);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
    }

    [Fact]
    public async Task Preliminary_marks_survive_the_on_site_round_and_both_rounds_show_where_they_differ()
    {
        var scene = await ArrangeAsync(app);
        await BothMembersScoreAsync(app, scene); // preliminary: V-01 4 and 5
        var chair = await SignedInAsync(app, scene.Chair);
        await DeclareAsync(chair, scene.AssessmentId, conflict: false);
        await PostPageFormAsync(chair, $"/assessments/show/{scene.AssessmentId}", "form[action$='/preliminary/" + I(scene.AssessmentId) + "']",
            new Dictionary<string, string> { ["outcome"] = "ProceedOnSite" });

        // The on-site form starts from the member's preliminary marks; on site V-01 is marked down.
        var member = await SignedInAsync(app, scene.Assessor1);
        var onSite = await ScoringPageOfAsync(member, scene.AssessmentId, scene.Cycle.EvidenceId);
        Assert.Equal("4", onSite.QuerySelector<IHtmlInputElement>($"#c-{I(scene.Cycle.EvidenceId)} input[name=Points]")!.Value);
        Assert.Equal(HttpStatusCode.OK, (await MarkAsync(member, onSite, scene.Cycle.EvidenceId, new Dictionary<string, string> { ["Points"] = "2" })).StatusCode);
        onSite = await ScoringPageOfAsync(member, scene.AssessmentId, scene.Cycle.EvidenceId);
        Assert.Contains("รอบเบื้องต้น: 4", onSite.QuerySelector($"#c-{I(scene.Cycle.EvidenceId)} .preliminary-mark")!.TextContent);

        var preliminary = await app.WithDbAsync(db => db.MemberScores.AsNoTracking()
            .Where(s => s.AssessmentId == scene.AssessmentId && s.CriterionId == scene.Cycle.EvidenceId)
            .Select(s => new { s.Round, s.Mark.Points }).ToListAsync());
        Assert.Equal([4m, 5m], preliminary.Where(s => s.Round == AssessmentRound.Preliminary).Select(s => s.Points!.Value).Order());
        Assert.Equal([2m, 5m], preliminary.Where(s => s.Round == AssessmentRound.OnSite).Select(s => s.Points!.Value).Order());

        // The reconciliation compares the on-site marks and shows the preliminary one where it changed.
        await PostPageFormAsync(chair, $"/assessments/show/{scene.AssessmentId}", "form[action$='/openreconciliation/" + I(scene.AssessmentId) + "']");
        var reconcile = await chair.GetPageAsync($"/assessments/reconcile/{scene.AssessmentId}");
        var row = reconcile.QuerySelector($"#rc-{I(scene.Cycle.EvidenceId)}")!;
        Assert.Contains("2", row.TextContent);
        Assert.Contains("รอบเบื้องต้น: 4", row.TextContent);
        Assert.Null(reconcile.QuerySelector($"#rc-{I(scene.Cycle.OptionalId)} .preliminary-mark"));
        var form = reconcile.QuerySelector<IHtmlFormElement>("form[action$='/reconcile/" + I(scene.AssessmentId) + "']")!;
        var fields = Fields((IHtmlFormElement)form);
        var v = fields.Single(f => f.Key.EndsWith(".CriterionId", StringComparison.Ordinal) && f.Value == I(scene.Cycle.EvidenceId)).Key.Split('.')[0];
        fields.RemoveAll(f => f.Key == v + ".Points");
        fields.Add(new(v + ".Points", "2"));
        Assert.Equal(HttpStatusCode.Redirect, (await chair.PostAsync($"/assessments/reconcile/{I(scene.AssessmentId)}", new FormUrlEncodedContent(fields))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SignOffAsync(chair, scene.AssessmentId)).StatusCode);

        // Recorded at sign-off: on site (10 + 2 + 3) / 20 = 75 %; preliminary, members combined, (10 + 4.5 + 3) / 20 = 87.5 %.
        var signed = await app.WithDbAsync(db => db.Assessments.AsNoTracking().SingleAsync(a => a.Id == scene.AssessmentId));
        Assert.Equal<(decimal?, decimal?, decimal?, decimal?)>((75m, 87.5m, 15m, 20m), (signed.OverallPercent, signed.PreliminaryPercent, signed.EarnedPoints, signed.PossiblePoints));

        var text = await ReportTextAsync(scene, english: false);
        Assert.Contains(Plain("ร้อยละรวมรอบเบื้องต้น: 87.50 (รอบในพื้นที่: 75.00)"), text);
        Assert.Contains(Plain("รอบเบื้องต้น"), text);
        Assert.Contains("4.5", text); // V-01's preliminary mark beside the final 2
    }

    [Fact]
    public async Task The_assessment_report_prints_Thai_names_and_the_recorded_result_even_for_a_reader_in_English()
    {
        var scene = await ArrangeAsync(app);
        await BothMembersScoreAsync(app, scene);
        var chair = await SignedInAsync(app, scene.Chair);
        await DeclareAsync(chair, scene.AssessmentId, conflict: false);
        await PostPageFormAsync(chair, $"/assessments/show/{scene.AssessmentId}", "form[action$='/openreconciliation/" + I(scene.AssessmentId) + "']");
        var reconcile = await chair.GetPageAsync($"/assessments/reconcile/{scene.AssessmentId}");
        var fields = Fields(reconcile.QuerySelector<IHtmlFormElement>("form[action$='/reconcile/" + I(scene.AssessmentId) + "']")!);
        var v = fields.Single(f => f.Key.EndsWith(".CriterionId", StringComparison.Ordinal) && f.Value == I(scene.Cycle.EvidenceId)).Key.Split('.')[0];
        fields.RemoveAll(f => f.Key == v + ".Points");
        fields.Add(new(v + ".Points", "4"));
        await chair.PostAsync($"/assessments/reconcile/{I(scene.AssessmentId)}", new FormUrlEncodedContent(fields));
        await SignOffAsync(chair, scene.AssessmentId);

        // What was recorded is what is printed, even if the marks were changed behind the app's back.
        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync(
            $"UPDATE \"ReconciledScores\" SET \"Points\" = 0 WHERE \"AssessmentId\" = {scene.AssessmentId} AND \"CriterionId\" = {scene.Cycle.OptionalId}"));

        var text = await ReportTextAsync(scene, english: true);

        Assert.Contains(Plain("เสนอให้ได้รับการรับรอง: ระดับพื้นฐาน"), text);
        Assert.Contains(Plain("ด้านงานบริการ"), text);
        Assert.Contains(Plain("ด้านสถานที่"), text);
        Assert.Contains(Plain("ผ่าน"), text);
        Assert.Contains("85.00", text); // (10 + 4 + 3) / 20, as signed off
        foreach (var english in new[] { "Basic", "Service", "Premises", "Pass", "N/A" })
        {
            Assert.DoesNotContain(english, text);
        }

        Assert.DoesNotContain(Plain("กระบวนการให้บริการ"), text); // the PDFs once had their own dimension names
    }

    /// <summary>Prints the report as a secretariat member reading the app in Thai or in English.</summary>
    private async Task<string> ReportTextAsync(AssessmentScene scene, bool english)
    {
        var secretariat = await SignedInAsync(app, scene.Secretariat);
        if (english)
        {
            var home = await secretariat.GetPageAsync("/");
            Assert.Equal(HttpStatusCode.Redirect, (await secretariat.SubmitFormAsync(home, "form[action$='/culture/set']", new Dictionary<string, string>())).StatusCode);
            Assert.Equal("en", (await secretariat.GetPageAsync("/")).DocumentElement.GetAttribute("lang"));
        }

        using var report = PdfDocument.Open(await secretariat.GetByteArrayAsync($"/certificates/assessmentreport?assessmentId={I(scene.AssessmentId)}"));
        return PdfRendererTests.WithoutMarks(string.Concat(report.GetPages().Select(p => p.Text)));
    }

    private static string Plain(string thai) => PdfRendererTests.WithoutMarks(thai);

    private static HttpRequestMessage MarkRequest(IDocument page, int criterionId, string points, int baseVersion)
    {
        var form = page.QuerySelector<IHtmlFormElement>($"#c-{I(criterionId)} form.score-form")!;
        var fields = Fields((IHtmlFormElement)form).Where(f => f.Key is not ("Points" or "ChangeId" or "BaseVersion")).ToList();
        fields.Add(new("Points", points));
        fields.Add(new("BaseVersion", I(baseVersion)));
        fields.Add(new("ChangeId", Guid.NewGuid().ToString()));
        var request = new HttpRequestMessage(HttpMethod.Post, form.GetAttribute("action")) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Accept.ParseAdd("application/json");
        return request;
    }
}
