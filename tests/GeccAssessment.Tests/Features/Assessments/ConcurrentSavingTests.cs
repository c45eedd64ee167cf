using System.Globalization;
using System.Net;
using System.Text.Json;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;
using static GeccAssessment.Tests.Features.Assessments.AssessmentSteps;

namespace GeccAssessment.Tests.Features.Assessments;

/// <summary>
/// Many saves of one mark (one assessor, one assessment, one criterion, the current round) arriving
/// at the same moment, as the load bench sent them (issue 16: "no error answers"). Every answer is a
/// designed one: saved, already applied, or a conflict carrying the stored mark; never 5xx, never
/// "try again". A save without a base version is applied on whatever is stored (last writer wins,
/// ADR 0004), so all of them are applied one after another; saves based on one version have exactly
/// one winner (ADR 0008); one change sent many times is applied once.
/// </summary>
public class ConcurrentSavingTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    private const int Saves = 24;

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Saves_of_a_new_mark_without_a_base_version_at_once_are_all_applied_one_after_another()
    {
        var (scene, member, page) = await ScoringAsync();

        var answers = await AtOnceAsync(member, Enumerable.Range(0, Saves).Select(i => Change(i, baseVersion: null)).ToList(), page, scene);

        AllDesigned(answers);
        // Last writer wins: every change is applied, each on the version the one before made.
        Assert.All(answers, a => Assert.True(a.Saved && !a.AlreadyApplied, a.ToString()));
        Assert.Equal(Enumerable.Range(1, Saves), answers.Select(a => a.Version!.Value).Order());
        await StoredIsTheLastAppliedAsync(scene, answers, before: 0);
    }

    [Fact]
    public async Task Saves_of_an_existing_mark_without_a_base_version_at_once_are_all_applied_one_after_another()
    {
        // What the load bench sends: no base version, a new change id each time, a mark saved before.
        var (scene, member, page) = await ScoringAsync();
        Assert.Equal(HttpStatusCode.OK, (await member.SendAsync(HonestSavingTests.JsonRequest(page, scene.Cycle.OptionalId, "2", 0, note: "ก่อน"))).StatusCode);

        var answers = await AtOnceAsync(member, Enumerable.Range(0, Saves).Select(i => Change(i, baseVersion: null)).ToList(), page, scene);

        AllDesigned(answers);
        Assert.All(answers, a => Assert.True(a.Saved && !a.AlreadyApplied, a.ToString()));
        Assert.Equal(Enumerable.Range(2, Saves), answers.Select(a => a.Version!.Value).Order());
        await StoredIsTheLastAppliedAsync(scene, answers, before: 1);
    }

    [Fact]
    public async Task Saves_of_a_new_mark_based_on_version_0_at_once_have_one_winner_and_every_other_is_shown_its_mark()
    {
        var (scene, member, page) = await ScoringAsync();

        var answers = await AtOnceAsync(member, Enumerable.Range(0, Saves).Select(i => Change(i, baseVersion: 0)).ToList(), page, scene);

        AllDesigned(answers);
        var winner = Assert.Single(answers, a => a.Saved);
        Assert.Equal(1, winner.Version);
        Assert.All(answers.Where(a => a != winner), a => Assert.Equal((HttpStatusCode.Conflict, winner.Change.Points, winner.Change.Note, 1), (a.Status, a.TheirsPoints, a.TheirsNote, a.TheirsVersion)));
        await StoredIsTheLastAppliedAsync(scene, answers, before: 0);
    }

    [Fact]
    public async Task Saves_of_an_existing_mark_based_on_one_version_at_once_have_one_winner_and_every_other_is_shown_its_mark()
    {
        var (scene, member, page) = await ScoringAsync();
        Assert.Equal(HttpStatusCode.OK, (await member.SendAsync(HonestSavingTests.JsonRequest(page, scene.Cycle.OptionalId, "2", 0, note: "ก่อน"))).StatusCode);

        var answers = await AtOnceAsync(member, Enumerable.Range(0, Saves).Select(i => Change(i, baseVersion: 1)).ToList(), page, scene);

        AllDesigned(answers);
        var winner = Assert.Single(answers, a => a.Saved);
        Assert.Equal(2, winner.Version);
        Assert.All(answers.Where(a => a != winner), a => Assert.Equal((HttpStatusCode.Conflict, winner.Change.Points, winner.Change.Note, 2), (a.Status, a.TheirsPoints, a.TheirsNote, a.TheirsVersion)));
        await StoredIsTheLastAppliedAsync(scene, answers, before: 1);
    }

    [Theory]
    [InlineData(false, null)]
    [InlineData(false, 0)]
    [InlineData(true, null)]
    [InlineData(true, 1)]
    public async Task One_change_sent_many_times_at_once_is_applied_once_and_every_answer_says_saved_with_the_version_it_made(bool existing, int? baseVersion)
    {
        // A retry after the page's 15 s timeout can reach the server while the first send is still there.
        var (scene, member, page) = await ScoringAsync();
        if (existing)
        {
            Assert.Equal(HttpStatusCode.OK, (await member.SendAsync(HonestSavingTests.JsonRequest(page, scene.Cycle.OptionalId, "2", 0, note: "ก่อน"))).StatusCode);
        }

        var one = Change(3, baseVersion) with { ChangeId = Guid.NewGuid() };

        var answers = await AtOnceAsync(member, Enumerable.Repeat(one, 8).ToList(), page, scene);

        AllDesigned(answers);
        var made = existing ? 2 : 1;
        Assert.All(answers, a => Assert.Equal((HttpStatusCode.OK, made), (a.Status, a.Version)));
        Assert.Single(answers, a => !a.AlreadyApplied);
        await StoredIsTheLastAppliedAsync(scene, answers, before: made - 1);
    }

    private static Sent Change(int i, int? baseVersion) =>
        new(Guid.NewGuid(), 1 + (i % 5), $"บันทึกพร้อมกันครั้งที่ {I(i + 1)}", baseVersion);

    private async Task<(AssessmentScene Scene, HttpClient Member, AngleSharp.Dom.IDocument Page)> ScoringAsync()
    {
        var scene = await ArrangeAsync(app);
        var member = await SignedInAsync(app, scene.Assessor1);
        await DeclareAsync(member, scene.AssessmentId, conflict: false);
        var page = await ScoringPageOfAsync(member, scene.AssessmentId, scene.Cycle.OptionalId);
        // Warm: the first save of the app pays for compiling its queries, which would spread the racers out.
        var other = await ScoringPageOfAsync(member, scene.AssessmentId, scene.Cycle.MandatoryId);
        Assert.Equal(HttpStatusCode.OK, (await member.SendAsync(HonestSavingTests.JsonRequest(other, scene.Cycle.MandatoryId, "1", 0))).StatusCode);
        return (scene, member, page);
    }

    /// <summary>Sends every change at once (all requests made first, then released together) and reads each answer.</summary>
    private static async Task<List<Answer>> AtOnceAsync(HttpClient member, List<Sent> changes, AngleSharp.Dom.IDocument page, AssessmentScene scene)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sending = changes.Select(async change =>
        {
            using var request = HonestSavingTests.JsonRequest(page, scene.Cycle.OptionalId, I(change.Points), change.BaseVersion, change.Note, change.ChangeId);
            await start.Task;
            using var response = await member.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            return Answer.Read(change, response.StatusCode, body);
        }).ToList();
        start.SetResult();
        return [.. await Task.WhenAll(sending)];
    }

    /// <summary>Only designed answers: saved, or a conflict carrying the stored mark. Never 5xx, 422 "try again" or a refusal.</summary>
    private void AllDesigned(List<Answer> answers) =>
        Assert.All(answers, a =>
        {
            Assert.True(a.Status is HttpStatusCode.OK or HttpStatusCode.Conflict, a + " " + Unhandled());
            if (a.Status == HttpStatusCode.OK)
            {
                Assert.True(a.Saved && a.Version > 0, a.ToString());
            }
            else
            {
                Assert.True(a.Conflict && a.TheirsVersion > 0 && a.TheirsPoints is not null, a.ToString());
            }
        });

    /// <summary>The app's first exception logged, to say why an answer was 5xx.</summary>
    private string Unhandled() => app.Logs.Events.Where(e => e.Exception is not null).Select(e => e.Exception!.ToString()).FirstOrDefault() ?? "";

    /// <summary>
    /// The stored mark is the one whose answer reported the highest version; each applied change has
    /// its one applied-change row with that version, and one audit entry carrying its note.
    /// </summary>
    private async Task StoredIsTheLastAppliedAsync(AssessmentScene scene, List<Answer> answers, int before)
    {
        var applied = answers.Where(a => a.Saved && !a.AlreadyApplied).ToList();
        var last = applied.MaxBy(a => a.Version)!;
        var (stored, changes, audits) = await app.WithDbAsync(async db =>
        {
            var score = await db.MemberScores.AsNoTracking().SingleAsync(s => s.AssessmentId == scene.AssessmentId && s.CriterionId == scene.Cycle.OptionalId);
            var ids = answers.Select(a => a.Change.ChangeId).Distinct().ToList();
            var rows = await db.AppliedScoreChanges.AsNoTracking().Where(c => ids.Contains(c.ChangeId)).ToListAsync();
            var entityId = score.Id.ToString(CultureInfo.InvariantCulture);
            var entries = await db.AuditEntries.AsNoTracking().Where(e => e.EntityType == nameof(MemberScore) && e.EntityId == entityId).ToListAsync();
            return (score, rows, entries);
        });

        Assert.Equal((last.Change.Points, last.Change.Note, last.Version), ((int?)stored.Mark.Points, stored.Note, (int?)stored.Version));
        Assert.Equal(before + applied.Select(a => a.Change.ChangeId).Distinct().Count(), stored.Version);
        Assert.Equal(
            applied.Select(a => (a.Change.ChangeId, a.Version)).Distinct().Order(),
            changes.Select(c => (c.ChangeId, c.Version)).Order());
        // Before this burst, at most the one earlier save ("ก่อน") was audited; each applied change has its own entry.
        var notes = audits.Select(e => JsonDocument.Parse(e.After!).RootElement)
            .Select(after => after.TryGetProperty("Note", out var note) ? note.GetString() : null)
            .Where(n => n != "ก่อน").ToList();
        Assert.Equal(applied.Select(a => a.Change.Note).Distinct().Order(), notes.Order());
        Assert.Equal(1, audits.Count(e => e.Action == "Added"));
    }

    private sealed record Sent(Guid ChangeId, int Points, string Note, int? BaseVersion);

    private sealed record Answer(Sent Change, HttpStatusCode Status, bool Saved, bool AlreadyApplied, int? Version, bool Conflict, int? TheirsPoints, string? TheirsNote, int? TheirsVersion, string Body)
    {
        public static Answer Read(Sent change, HttpStatusCode status, string body)
        {
            try
            {
                using var json = JsonDocument.Parse(body);
                var root = json.RootElement;
                bool Flag(string name) => root.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.True;
                int? Number(JsonElement e, string name) => e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number ? (int)p.GetDecimal() : null;
                var theirs = root.TryGetProperty("theirs", out var t) ? t : default;
                return new Answer(change, status, Flag("saved"), Flag("alreadyApplied"), Number(root, "version"), Flag("conflict"),
                    theirs.ValueKind == JsonValueKind.Object ? Number(theirs, "points") : null,
                    theirs.ValueKind == JsonValueKind.Object && theirs.TryGetProperty("note", out var n) ? n.GetString() : null,
                    theirs.ValueKind == JsonValueKind.Object ? Number(theirs, "version") : null, body);
            }
            catch (JsonException)
            {
                return new Answer(change, status, false, false, null, false, null, null, null, body.Length > 300 ? body[..300] : body);
            }
        }

        public override string ToString() => $"{(int)Status} {(Body.StartsWith('<') ? Body[..Math.Min(80, Body.Length)] : Body)}";
    }
}
