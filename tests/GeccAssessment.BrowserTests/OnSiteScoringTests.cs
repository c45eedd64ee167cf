using System.Globalization;
using System.Text.RegularExpressions;
using GeccAssessment.Tests.Features.Assessments;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GeccAssessment.BrowserTests;

/// <summary>
/// On-site scoring that never loses a mark (issue 11, ADR 0008), tried as an assessor would: the
/// sign-in expires, the server goes away, the browser is closed, two laptops score one criterion.
/// Each test ends in the database: every change arrived, and each exactly once (a mark's version
/// counts its saves; the applied change ids are counted).
/// </summary>
[Collection("browser")]
public class OnSiteScoringTests(BrowserFixture browser) : IAsyncLifetime
{
    /// <summary>A real 1×1 PNG, for the photo taken at the site.</summary>
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    private readonly List<IBrowserContext> _contexts = [];

    private GeccAppFactory App => browser.App;

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Sign_in_expires_mid_scoring_the_marks_wait_and_arrive_once_after_signing_in_again_in_a_new_tab()
    {
        var scene = await ReadyToScoreAsync(App);
        var page = await PageAsync(scene.Assessor1);
        await page.GotoAsync($"/assessments/score/{I(scene.AssessmentId)}/serviceprocess");
        await Expect(page.Locator("#save-summary")).ToHaveTextAsync("บันทึกแล้ว");

        await page.Context.ClearCookiesAsync(new() { Name = "gecc.auth" });
        await PointsAsync(page, scene.Cycle.EvidenceId, "4");
        await NoteAsync(page, scene.Cycle.EvidenceId, "คู่มืออยู่ที่เคาน์เตอร์");

        await Expect(page.Locator("#signin-banner")).ToBeVisibleAsync();
        await Expect(page.Locator("#save-summary")).ToContainTextAsync("การเข้าสู่ระบบหมดอายุ");
        await Expect(page.Locator("#save-summary")).Not.ToContainTextAsync("บันทึกแล้ว");
        Assert.Equal(0, await App.WithDbAsync(db => db.MemberScores.CountAsync(s => s.AssessmentId == scene.AssessmentId)));

        var popup = await SignInAgainAsync(page, scene.Assessor1);
        await Expect(popup).ToHaveURLAsync(new Regex(@"/assessments/score/\d+/serviceprocess$"));

        await Expect(page.Locator("#save-summary")).ToHaveTextAsync("บันทึกแล้ว");
        await Expect(page.Locator("#signin-banner")).ToBeHiddenAsync();
        await ExpectStoredOnceAsync(App, scene, new() { [scene.Cycle.EvidenceId] = 4m }, photos: 0);

        // Getting around (a page per dimension, ADR 0026): to the next page by its link, how many are
        // scored on each, the totals marked incomplete, the next one to score on the page that has one.
        await DimensionAsync(page, "Other");
        await PointsAsync(page, scene.Cycle.OptionalId, "3");
        await Expect(page.Locator("#save-summary")).ToHaveTextAsync("บันทึกแล้ว");
        await ExpectStoredOnceAsync(App, scene, new() { [scene.Cycle.OptionalId] = 3m, [scene.Cycle.EvidenceId] = 4m }, photos: 0);
        await Expect(page.Locator("#scored-overall")).ToHaveTextAsync("ให้คะแนนแล้ว 2 จาก 3");
        await Expect(page.Locator(".scored-dimension[data-kind=ServiceProcess]")).ToHaveTextAsync("(ให้คะแนนแล้ว 1 จาก 1)");
        await Expect(page.Locator("#total-incomplete")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "ข้อถัดไปที่ยังไม่ให้คะแนน" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/assessments/score/\d+$"));
        await page.GetByRole(AriaRole.Button, new() { Name = "ข้อถัดไปที่ยังไม่ให้คะแนน" }).ClickAsync();
        await Expect(page.Locator($"#c-{I(scene.Cycle.MandatoryId)} input[name=Passed][value=pass]")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Space");
        await Expect(page.Locator("#scored-overall")).ToHaveTextAsync("ให้คะแนนแล้ว 3 จาก 3");
        await Expect(page.Locator("#total-incomplete")).ToBeHiddenAsync();
        await Expect(page.Locator("#save-summary")).ToHaveTextAsync("บันทึกแล้ว");
    }

    /// <summary>
    /// Dimensions far below the screen are kept out of the page while it loads (the browser's autofill
    /// would lay each out at once, js/scoring.js says why) and come back as soon as the browser is idle.
    /// </summary>
    [Fact]
    public async Task On_a_short_window_the_far_dimensions_wait_while_the_page_loads_then_all_show_and_take_marks()
    {
        var scene = await ReadyToScoreAsync(App);
        var page = await PageAsync(scene.Assessor1);
        // A page per dimension (ADR 0026) holds the test cycle's one criterion: a window this short puts it far below.
        await page.SetViewportSizeAsync(1366, 80);
        await page.GotoAsync($"/assessments/score/{I(scene.AssessmentId)}/other");

        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-parked", new Regex("^[1-9]"));
        await Expect(page.Locator(".scoring-parked")).ToHaveCountAsync(0);
        await page.Locator($"#c-{I(scene.Cycle.OptionalId)}").ScrollIntoViewIfNeededAsync();
        await Expect(page.Locator($"#c-{I(scene.Cycle.OptionalId)} input[name=Points]")).ToBeVisibleAsync();

        await PointsAsync(page, scene.Cycle.OptionalId, "3");
        await Expect(page.Locator("#save-summary")).ToHaveTextAsync("บันทึกแล้ว");
        await ExpectStoredOnceAsync(App, scene, new() { [scene.Cycle.OptionalId] = 3m }, photos: 0);
    }

    /// <summary>
    /// The versions this browser keeps (the newest it has seen of each criterion's mark) are matched
    /// with the page's once the page is idle, in one transaction that only ever raises them: a version
    /// kept higher than the page's (this browser saved it, the page is an older copy) stays and is the
    /// one the page's next change is based on; one kept lower is raised to the page's; a criterion
    /// never marked gets no row.
    /// </summary>
    [Fact]
    public async Task The_page_raises_the_versions_this_browser_keeps_and_never_lowers_one()
    {
        var scene = await ReadyToScoreAsync(App);
        var page = await PageAsync(scene.Assessor1);
        var other = $"/assessments/score/{I(scene.AssessmentId)}/other";
        var service = $"/assessments/score/{I(scene.AssessmentId)}/serviceprocess";
        await page.GotoAsync(other);
        await PointsAsync(page, scene.Cycle.OptionalId, "3");
        await Expect(page.Locator("#save-summary")).ToHaveTextAsync("บันทึกแล้ว");
        await page.GotoAsync(service);
        await PointsAsync(page, scene.Cycle.EvidenceId, "4");
        await Expect(page.Locator("#save-summary")).ToHaveTextAsync("บันทึกแล้ว");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-versions-reconciled", "true");
        // The browser keeps the server's versions (1 for a mark saved once; a slow machine may save a value twice).
        var stored = await App.WithDbAsync(db => db.MemberScores.Where(s => s.AssessmentId == scene.AssessmentId).ToDictionaryAsync(s => s.CriterionId, s => s.Version));
        var (optional, evidence) = (stored[scene.Cycle.OptionalId], stored[scene.Cycle.EvidenceId]);
        Assert.Equal(new int?[] { optional, evidence, null }, await KeptVersionsAsync(page, scene));

        // This browser knows a newer version of one, saved here with 4.5 after its page was made (as a page
        // from the cache would be older), and an older version of the other.
        await KeepVersionsAsync(page, scene, new() { [scene.Cycle.OptionalId] = optional + 4, [scene.Cycle.EvidenceId] = 0 }, optionalPoints: "4.5");
        await page.GotoAsync(other);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-versions-reconciled", "true");
        await Expect(page.Locator($"#c-{I(scene.Cycle.OptionalId)} input[name=BaseVersion]")).ToHaveValueAsync(I(optional + 4));
        await Expect(page.Locator($"#c-{I(scene.Cycle.OptionalId)} input[name=Points]")).ToHaveValueAsync("4.5");
        await page.GotoAsync(service);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-versions-reconciled", "true");
        await Expect(page.Locator($"#c-{I(scene.Cycle.EvidenceId)} input[name=BaseVersion]")).ToHaveValueAsync(I(evidence));
        await Expect(page.Locator($"#c-{I(scene.Cycle.EvidenceId)} input[name=Points]")).ToHaveValueAsync("4");
        await page.GotoAsync($"/assessments/score/{I(scene.AssessmentId)}");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-versions-reconciled", "true");
        await Expect(page.Locator($"#c-{I(scene.Cycle.MandatoryId)} input[name=BaseVersion]")).ToHaveValueAsync("0");

        Assert.Equal(new int?[] { optional + 4, evidence, null }, await KeptVersionsAsync(page, scene));
    }

    /// <summary>The versions kept in this browser's IndexedDB for the optional, evidence and mandatory criteria (null: no row).</summary>
    private static async Task<int?[]> KeptVersionsAsync(IPage page, AssessmentScene scene) =>
        await page.EvaluateAsync<int?[]>(
            """
            async ([assessment, ids]) => {
                const user = document.getElementById('scoring-totals').dataset.user;
                const db = await new Promise((resolve, reject) => { const r = indexedDB.open('gecc-offline'); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
                const store = db.transaction('versions').objectStore('versions');
                const rows = await Promise.all(ids.map(id => new Promise(resolve => { store.get(user + '|' + assessment + '|' + id).onsuccess = e => resolve(e.target.result); })));
                db.close();
                return rows.map(r => r ? r.version : null);
            }
            """,
            new object[] { scene.AssessmentId, new[] { scene.Cycle.OptionalId, scene.Cycle.EvidenceId, scene.Cycle.MandatoryId } });

    /// <summary>How many changes wait in this browser's IndexedDB queue (marks and photos, every assessment).</summary>
    private static async Task<int> QueuedInBrowserAsync(IPage page) =>
        await page.EvaluateAsync<int>(
            """
            async () => {
                const db = await new Promise((resolve, reject) => { const r = indexedDB.open('gecc-offline'); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
                const count = await new Promise(resolve => { db.transaction('queue').objectStore('queue').count().onsuccess = e => resolve(e.target.result); });
                db.close();
                return count;
            }
            """);

    /// <summary>Writes kept versions as a save's answer does; with <paramref name="optionalPoints"/>, the optional criterion's row carries the fields saved too.</summary>
    private static async Task KeepVersionsAsync(IPage page, AssessmentScene scene, Dictionary<int, int> versions, string? optionalPoints = null) =>
        await page.EvaluateAsync(
            """
            async ([assessment, rows, optional, points]) => {
                const user = document.getElementById('scoring-totals').dataset.user;
                const db = await new Promise((resolve, reject) => { const r = indexedDB.open('gecc-offline'); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
                const tx = db.transaction('versions', 'readwrite');
                rows.forEach(([id, version]) => tx.objectStore('versions').put({
                    key: user + '|' + assessment + '|' + id, version: version,
                    fields: id === optional && points ? { Points: points, Passed: '', NotApplicable: false, Note: '' } : null,
                }));
                await new Promise(resolve => { tx.oncomplete = resolve; });
                db.close();
            }
            """,
            new object[] { scene.AssessmentId, versions.Select(v => new[] { v.Key, v.Value }).ToArray(), scene.Cycle.OptionalId, optionalPoints ?? "" });

    /// <summary>Opens another dimension's scoring page as an assessor does: its link in the bar at the top.</summary>
    private static async Task DimensionAsync(IPage page, string kind)
    {
        await page.Locator($"#dimension-jumps a:has(.scored-dimension[data-kind={kind}])").ClickAsync();
        await Expect(page.Locator($"section.scoring-dimension[data-kind={kind}]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Two_laptops_of_one_assessor_change_one_criterion_the_second_sees_both_values_and_chooses()
    {
        var scene = await ReadyToScoreAsync(App);
        var first = await PageAsync(scene.Assessor1);
        var second = await PageAsync(scene.Assessor1);
        await first.GotoAsync($"/assessments/score/{I(scene.AssessmentId)}/other");
        await second.GotoAsync($"/assessments/score/{I(scene.AssessmentId)}/other");

        await PointsAsync(first, scene.Cycle.OptionalId, "3");
        await Expect(first.Locator("#save-summary")).ToHaveTextAsync("บันทึกแล้ว");
        await PointsAsync(second, scene.Cycle.OptionalId, "4");

        var panel = second.Locator($"#c-{I(scene.Cycle.OptionalId)} .refused-change");
        await Expect(panel.Locator(".conflict-mine")).ToHaveTextAsync("4");
        await Expect(panel.Locator(".conflict-theirs")).ToHaveTextAsync("3");
        await Expect(second.Locator("#save-summary")).ToContainTextAsync("ยังไม่ได้บันทึก");
        Assert.Equal(3m, await PointsAsync(App, scene, scene.Cycle.OptionalId));

        // Signing out would delete the panel's copy of "mine": asked first (it was not: only changes
        // waiting to be sent were counted), and staying keeps it.
        var asked = new List<string>();
        second.Dialog += async (_, dialog) =>
        {
            asked.Add(dialog.Message);
            await dialog.DismissAsync();
        };
        await second.EvaluateAsync("() => document.querySelector(\"form[action='/account/logout']\").requestSubmit()");
        await Expect(panel.Locator(".conflict-mine")).ToHaveTextAsync("4");
        Assert.Equal("ยังมี 1 รายการที่ยังไม่ได้บันทึกในเครื่องนี้ (รอส่ง หรือรอให้เลือกค่า) ถ้าออกจากระบบตอนนี้ รายการเหล่านี้จะถูกลบ ต้องการออกจากระบบหรือไม่", Assert.Single(asked));

        await panel.GetByRole(AriaRole.Button, new() { Name = "เก็บค่าของฉัน" }).ClickAsync();

        await Expect(second.Locator("#save-summary")).ToHaveTextAsync("บันทึกแล้ว");
        await Expect(panel).ToHaveCountAsync(0);
        // 3 then 4: two saves, two change ids, nothing applied twice, nothing lost without a choice.
        var stored = await App.WithDbAsync(db => db.MemberScores.AsNoTracking().SingleAsync(s => s.AssessmentId == scene.AssessmentId));
        Assert.Equal((4m, 2), (stored.Mark.Points, stored.Version));
        Assert.Equal(2, await App.WithDbAsync(db => db.AppliedScoreChanges.CountAsync(c => c.AssessmentId == scene.AssessmentId)));
    }

    /// <summary>
    /// A second event of one edit that arrives after the edit was saved (the field's change event after
    /// the typing pause already sent it) saves nothing again: it made a second save of the same values,
    /// and the two laptops' test above once counted three saves where two were made.
    /// </summary>
    [Fact]
    public async Task A_late_second_event_of_an_edit_already_saved_saves_nothing_again()
    {
        var scene = await ReadyToScoreAsync(App);
        var page = await PageAsync(scene.Assessor1);
        await page.GotoAsync($"/assessments/score/{I(scene.AssessmentId)}/other");
        await PointsAsync(page, scene.Cycle.OptionalId, "3");
        await Expect(page.Locator("#save-summary")).ToHaveTextAsync("บันทึกแล้ว");

        await page.Locator($"#c-{I(scene.Cycle.OptionalId)}").GetByRole(AriaRole.Spinbutton).DispatchEventAsync("change");
        // A second save, had one been queued, goes at once: a second is ample for it to arrive.
        await Task.Delay(1000);
        await Expect(page.Locator("#save-summary")).ToHaveTextAsync("บันทึกแล้ว");
        await Expect(page.Locator($"#c-{I(scene.Cycle.OptionalId)} form.score-form")).ToHaveAttributeAsync("data-state", "saved");
        var stored = await App.WithDbAsync(db => db.MemberScores.AsNoTracking().SingleAsync(s => s.AssessmentId == scene.AssessmentId));
        Assert.Equal((3m, 1), (stored.Mark.Points, stored.Version));
        Assert.Equal(1, await App.WithDbAsync(db => db.AppliedScoreChanges.CountAsync(c => c.AssessmentId == scene.AssessmentId)));
    }

    /// <summary>
    /// A save whose answer is lost after the server applied it (the connection cut on the way back):
    /// a newer change of that criterion made meanwhile does not replace it, so the page sends it again
    /// (answered "already applied") and then the newer one on the version it made. Replaced, the newer
    /// one was refused with the person's own earlier value shown as "saved from another device".
    /// </summary>
    [Fact]
    public async Task A_save_whose_answer_was_lost_is_sent_again_before_a_newer_change_and_never_conflicts_with_itself()
    {
        var scene = await ReadyToScoreAsync(App);
        var page = await PageAsync(scene.Assessor1);
        var posts = 0;
        await page.RouteAsync("**/assessments/mark/*", async route =>
        {
            if (route.Request.Method == "POST" && Interlocked.Increment(ref posts) == 1)
            {
                await route.FetchAsync();
                await route.AbortAsync();
                return;
            }

            await route.ContinueAsync();
        });
        await page.GotoAsync($"/assessments/score/{I(scene.AssessmentId)}/other");

        await PointsAsync(page, scene.Cycle.OptionalId, "3");
        await Expect(page.Locator("#save-summary")).ToContainTextAsync("รอส่ง 1");
        Assert.Equal(3m, await PointsAsync(App, scene, scene.Cycle.OptionalId));
        await PointsAsync(page, scene.Cycle.OptionalId, "4");

        await Expect(page.Locator("#save-summary")).ToHaveTextAsync("บันทึกแล้ว");
        await Expect(page.Locator(".refused-change")).ToHaveCountAsync(0);
        var stored = await App.WithDbAsync(db => db.MemberScores.AsNoTracking().SingleAsync(s => s.AssessmentId == scene.AssessmentId));
        Assert.Equal((4m, 2), (stored.Mark.Points, stored.Version));
        Assert.Equal(2, await App.WithDbAsync(db => db.AppliedScoreChanges.CountAsync(c => c.AssessmentId == scene.AssessmentId)));
    }

    /// <summary>
    /// A change saved while a newer change of the same criterion waits behind it: the criterion does not
    /// say "saved" until the newer one is saved too (it did, from the moment the first was answered,
    /// for as long as the second was on its way: up to 15 s on a weak link).
    /// </summary>
    [Fact]
    public async Task A_criterion_says_saved_only_when_its_newest_change_is_saved()
    {
        var scene = await ReadyToScoreAsync(App);
        var page = await PageAsync(scene.Assessor1);
        var gates = await HoldMarkPostsAsync(page);
        await page.GotoAsync($"/assessments/score/{I(scene.AssessmentId)}/other");
        var form = page.Locator($"form.score-form[data-criterion='{I(scene.Cycle.OptionalId)}']");

        await PointsAsync(page, scene.Cycle.OptionalId, "3");
        await gates.ArrivedAsync(1);
        await PointsAsync(page, scene.Cycle.OptionalId, "4");
        gates.Release(1);
        await gates.ArrivedAsync(2);
        await Expect(page.Locator("#save-summary")).Not.ToHaveTextAsync("บันทึกแล้ว");
        Assert.Equal(3m, await PointsAsync(App, scene, scene.Cycle.OptionalId));
        Assert.NotEqual("saved", await form.GetAttributeAsync("data-state"));

        gates.Release(2);
        await Expect(form).ToHaveAttributeAsync("data-state", "saved");
        Assert.Equal(4m, await PointsAsync(App, scene, scene.Cycle.OptionalId));
    }

    /// <summary>
    /// A change refused (another laptop saved the criterion first) while a newer change of it waits
    /// behind it: the criterion never says "saved" (it did until every waiting change had been sent),
    /// and the one panel offers the person's latest value beside the other laptop's, not also the
    /// older one (keeping that would have put an older value of their own back).
    /// </summary>
    [Fact]
    public async Task A_refused_change_never_shows_as_saved_and_offers_only_the_latest_value()
    {
        var scene = await ReadyToScoreAsync(App);
        var first = await PageAsync(scene.Assessor1);
        var second = await PageAsync(scene.Assessor1);
        await first.GotoAsync($"/assessments/score/{I(scene.AssessmentId)}/other");
        await second.GotoAsync($"/assessments/score/{I(scene.AssessmentId)}/other");
        await PointsAsync(first, scene.Cycle.OptionalId, "3");
        await Expect(first.Locator("#save-summary")).ToHaveTextAsync("บันทึกแล้ว");
        var gates = await HoldMarkPostsAsync(second);
        var form = second.Locator($"form.score-form[data-criterion='{I(scene.Cycle.OptionalId)}']");

        await PointsAsync(second, scene.Cycle.OptionalId, "4");
        await gates.ArrivedAsync(1);
        await PointsAsync(second, scene.Cycle.OptionalId, "5");
        gates.Release(1);
        await gates.ArrivedAsync(2);
        Assert.NotEqual("saved", await form.GetAttributeAsync("data-state"));
        await Expect(second.Locator("#save-summary")).Not.ToHaveTextAsync("บันทึกแล้ว");

        gates.Release(2);
        var panel = second.Locator($"#c-{I(scene.Cycle.OptionalId)} .refused-change");
        await Expect(panel).ToHaveCountAsync(1);
        await Expect(panel.Locator(".conflict-mine")).ToHaveTextAsync("5");
        await Expect(panel.Locator(".conflict-theirs")).ToHaveTextAsync("3");
        await Expect(second.Locator("#save-summary")).ToContainTextAsync("ยังไม่ได้บันทึก");
        Assert.NotEqual("saved", await form.GetAttributeAsync("data-state"));
        Assert.Equal(3m, await PointsAsync(App, scene, scene.Cycle.OptionalId));
    }

    /// <summary>
    /// Signing out in another tab deletes this browser's database of waiting changes (ADR 0008). A
    /// scoring page left open in the first tab then still keeps the next mark and sends it once the
    /// assessor signs in again: it kept its closed connection to the deleted database before, and every
    /// later mark failed there, neither kept nor sent, while the page said "saving".
    /// </summary>
    [Fact]
    public async Task After_signing_out_in_another_tab_an_open_scoring_page_still_keeps_and_sends_its_marks()
    {
        var (scene, page, _) = await MarkKeptAfterSignOutInAnotherTabAsync();

        await SignInAgainAsync(page, scene.Assessor1);

        await Expect(page.Locator("#save-summary")).ToHaveTextAsync("บันทึกแล้ว");
        await ExpectStoredOnceAsync(App, scene, new() { [scene.Cycle.OptionalId] = 3m }, photos: 0);
    }

    /// <summary>
    /// The scoring page open in one tab, a sign-out in another (the user menu's button, as a click
    /// sends it: its submit handler wipes this browser first), then a mark on the scoring page, kept.
    /// </summary>
    private async Task<(AssessmentScene Scene, IPage Page, IPage Other)> MarkKeptAfterSignOutInAnotherTabAsync()
    {
        var scene = await ReadyToScoreAsync(App);
        var page = await PageAsync(scene.Assessor1);
        await page.GotoAsync($"/assessments/score/{I(scene.AssessmentId)}/other");
        await Expect(page.Locator("#save-summary")).ToHaveTextAsync("บันทึกแล้ว");

        var other = await page.Context.NewPageAsync();
        await other.GotoAsync("/");
        await other.EvaluateAsync("() => document.querySelector(\"form[action='/account/logout']\").requestSubmit()");
        await Expect(other).ToHaveURLAsync(new Regex("/account/login"));

        await PointsAsync(page, scene.Cycle.OptionalId, "3");
        await Expect(page.Locator("#save-summary")).ToContainTextAsync("การเข้าสู่ระบบหมดอายุ");
        Assert.Equal(1, await page.EvaluateAsync<int>("() => geccOffline.open().then(db => db.count('queue'))"));
        return (scene, page, other);
    }

    /// <summary>
    /// The other side of the test above: after the sign-out, the scoring page still open keeps the
    /// first assessor's mark in this browser. If a colleague, not the same assessor, signs in next on
    /// this browser, that is wiped, as any other person's sign-in wipes (ADR 0008). The sign-out forgot
    /// whose browser it was, so the colleague's sign-in wiped nothing: the first assessor's mark stayed
    /// in the colleague's browser.
    /// </summary>
    [Fact]
    public async Task What_an_open_page_kept_after_a_sign_out_is_wiped_when_a_colleague_signs_in_next()
    {
        var (scene, page, other) = await MarkKeptAfterSignOutInAnotherTabAsync();
        await page.CloseAsync();

        // The sign-in page asks first (On_a_shared_laptop_…); the colleague goes on.
        var asked = 0;
        other.Dialog += async (_, dialog) =>
        {
            Interlocked.Increment(ref asked);
            await dialog.AcceptAsync();
        };
        await BrowserFixture.SignInAsync(other, scene.Assessor2);
        Assert.Equal(1, asked);

        const string kept = "() => indexedDB.databases().then(all => all.some(d => d.name === 'gecc-offline'))";
        for (var waited = 0; waited < 10_000 && await other.EvaluateAsync<bool>(kept); waited += 200)
        {
            await Task.Delay(200);
        }

        Assert.False(await other.EvaluateAsync<bool>(kept));
        Assert.Equal(0, await App.WithDbAsync(db => db.MemberScores.CountAsync(s => s.AssessmentId == scene.AssessmentId)));
    }

    /// <summary>
    /// A member taken off the subcommittee opens the assessment's scoring page again, online: the
    /// server says 404, and the copies of its pages the browser kept for a visit without the network
    /// go too. They stayed, so the page (the application's answers, the evidence list, the marks) still
    /// opened from the cache whenever the network failed, for someone no longer on the assessment.
    /// </summary>
    [Fact]
    public async Task Pages_kept_for_offline_go_once_the_server_says_the_assessment_is_no_longer_the_members()
    {
        var scene = await ReadyToScoreAsync(App);
        var page = await PageAsync(scene.Assessor1);
        var url = $"/assessments/score/{I(scene.AssessmentId)}";
        await page.GotoAsync(url);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-offline-ready", "true");
        const string keptPages = "async () => (await (await caches.open('gecc-pages-v1')).keys()).map(r => new URL(r.url).pathname)";
        Assert.Contains(url, await page.EvaluateAsync<string[]>(keptPages));
        Assert.Contains(url + "/other", await page.EvaluateAsync<string[]>(keptPages));

        await App.WithDbAsync(db => db.SubcommitteeMembers
            .Where(m => m.SubcommitteeId == scene.SubcommitteeId && db.Users.Any(u => u.Id == m.UserId && u.Email == scene.Assessor1)).ExecuteDeleteAsync());
        var gone = await page.GotoAsync(url);

        Assert.Equal(404, gone!.Status);
        Assert.DoesNotContain(await page.EvaluateAsync<string[]>(keptPages), p => p.StartsWith(url, StringComparison.Ordinal));
    }

    /// <summary>
    /// Two tabs of one browser (the sign-in banner opens a second one) share the queue and the versions
    /// this browser keeps. A note changed and saved in one tab, then only the points changed in the
    /// other, which still shows the old note: the second change is answered with both values and the
    /// person chooses. It was sent on the first tab's newer version and put the old note back, with
    /// no conflict shown and both tabs saying "saved".
    /// </summary>
    [Fact]
    public async Task Two_tabs_of_one_browser_never_put_back_a_note_the_other_tab_changed()
    {
        var scene = await ReadyToScoreAsync(App);
        var first = await PageAsync(scene.Assessor1);
        var url = $"/assessments/score/{I(scene.AssessmentId)}/other";
        await first.GotoAsync(url);
        await PointsAsync(first, scene.Cycle.OptionalId, "3");
        await NoteAsync(first, scene.Cycle.OptionalId, "ป้ายเก่า");
        await Expect(first.Locator("#save-summary")).ToHaveTextAsync("บันทึกแล้ว");
        var second = await first.Context.NewPageAsync();
        await second.GotoAsync(url);
        await Expect(second.Locator("html[data-versions-reconciled=true]")).ToHaveCountAsync(1);

        await NoteAsync(first, scene.Cycle.OptionalId, "ป้ายใหม่ติดแล้ว");
        await Expect(first.Locator("#save-summary")).ToHaveTextAsync("บันทึกแล้ว");
        await PointsAsync(second, scene.Cycle.OptionalId, "4");

        var panel = second.Locator($"#c-{I(scene.Cycle.OptionalId)} .refused-change");
        await Expect(panel.Locator(".conflict-mine")).ToHaveTextAsync("4 “ป้ายเก่า”");
        await Expect(panel.Locator(".conflict-theirs")).ToHaveTextAsync("3 “ป้ายใหม่ติดแล้ว”");
        var stored = await App.WithDbAsync(db => db.MemberScores.AsNoTracking().SingleAsync(s => s.AssessmentId == scene.AssessmentId));
        Assert.Equal((3m, "ป้ายใหม่ติดแล้ว"), (stored.Mark.Points, stored.Note));

        // Taken over in the second tab; the first, which made the saved change, goes on saving on the
        // version it made, with no conflict with itself.
        await panel.GetByRole(AriaRole.Button, new() { Name = "ใช้ค่าที่บันทึกไว้" }).ClickAsync();
        await Expect(panel).ToHaveCountAsync(0);
        await Expect(second.Locator($"#c-{I(scene.Cycle.OptionalId)}").GetByLabel("หมายเหตุ", new() { Exact = true })).ToHaveValueAsync("ป้ายใหม่ติดแล้ว");
        await PointsAsync(first, scene.Cycle.OptionalId, "5");
        await Expect(first.Locator("#save-summary")).ToHaveTextAsync("บันทึกแล้ว");
        await Expect(first.Locator(".refused-change")).ToHaveCountAsync(0);
        stored = await App.WithDbAsync(db => db.MemberScores.AsNoTracking().SingleAsync(s => s.AssessmentId == scene.AssessmentId));
        Assert.Equal((5m, "ป้ายใหม่ติดแล้ว"), (stored.Mark.Points, stored.Note));
    }

    /// <summary>
    /// In a browser without IndexedDB the page keeps waiting marks in its memory (nothing wipes it). The
    /// first assessor's session expires with a mark waiting, and a colleague of the same subcommittee,
    /// free to score this assessment, signs in on the same browser: the mark is never saved as the
    /// colleague's, and the page goes on asking the first assessor to sign in. (The server refuses the
    /// first assessor's form token for the colleague with a JSON 400; a page that took a fresh token
    /// after a 400 without JSON checks first that the page it took it from is the same person's.)
    /// </summary>
    [Fact]
    public async Task A_mark_waiting_from_one_assessor_is_never_sent_as_a_colleague_who_signs_in_on_the_same_browser()
    {
        var scene = await ReadyToScoreAsync(App);
        var colleague = await AssessmentSteps.SignedInAsync(App, scene.Assessor2);
        await AssessmentSteps.DeclareAsync(colleague, scene.AssessmentId, conflict: false);
        var page = await PageAsync(scene.Assessor1);
        await page.Context.AddInitScriptAsync("Object.defineProperty(window, 'indexedDB', { value: undefined })");
        await page.GotoAsync($"/assessments/score/{I(scene.AssessmentId)}/other");
        Assert.True(await page.EvaluateAsync<bool>("() => window.indexedDB === undefined"));

        await page.Context.ClearCookiesAsync(new() { Name = "gecc.auth" });
        await PointsAsync(page, scene.Cycle.OptionalId, "3");
        await Expect(page.Locator("#save-summary")).ToContainTextAsync("การเข้าสู่ระบบหมดอายุ");

        var other = await page.Context.NewPageAsync();
        // The sign-in page asks before the colleague signs in over the waiting mark (the next test); here they go on.
        other.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await BrowserFixture.SignInAsync(other, scene.Assessor2);
        await page.EvaluateAsync("() => window.dispatchEvent(new Event('online'))");

        await Expect(page.Locator("#save-summary")).ToContainTextAsync("การเข้าสู่ระบบหมดอายุ");
        Assert.Equal(0, await App.WithDbAsync(db => db.MemberScores.CountAsync(s => s.AssessmentId == scene.AssessmentId)));
    }

    /// <summary>
    /// A shared laptop: the assessor's session expires with a mark waiting. The sign-in page says whose
    /// changes wait and how many. A colleague signing in is asked first; refusing, they are not signed in
    /// and the mark still waits. The assessor signing in again is not asked, and the mark arrives once.
    /// </summary>
    [Fact]
    public async Task On_a_shared_laptop_the_sign_in_page_asks_before_someone_else_signs_in_over_waiting_marks()
    {
        var scene = await ReadyToScoreAsync(App);
        var page = await PageAsync(scene.Assessor1);
        await page.GotoAsync($"/assessments/score/{I(scene.AssessmentId)}/other");
        await Expect(page.Locator("#save-summary")).ToHaveTextAsync("บันทึกแล้ว");
        await page.Context.ClearCookiesAsync(new() { Name = "gecc.auth" });
        await PointsAsync(page, scene.Cycle.OptionalId, "3");
        await Expect(page.Locator("#save-summary")).ToContainTextAsync("การเข้าสู่ระบบหมดอายุ");
        for (var tries = 0; tries < 100 && await QueuedInBrowserAsync(page) < 1; tries++)
        {
            await Task.Delay(50);
        }

        var signIn = await page.Context.NewPageAsync();
        var asked = new List<string>();
        signIn.Dialog += async (_, dialog) =>
        {
            lock (asked)
            {
                asked.Add(dialog.Message);
            }

            await dialog.DismissAsync();
        };
        await signIn.GotoAsync("/account/login");
        await Expect(signIn.Locator("#previous-waiting")).ToContainTextAsync($"ยังมี 1 รายการของ {scene.Assessor1} ที่ยังไม่ได้บันทึก");
        await signIn.FillAsync("input[name=Email]", scene.Assessor2);
        await signIn.FillAsync("input[name=Password]", GeccAppFactory.Password);
        await signIn.ClickAsync("form[action^='/account/login'] button[type=submit]");
        for (var waited = 0; asked.Count == 0; waited += 50)
        {
            Assert.True(waited < 10_000, "the sign-in page never asked");
            await Task.Delay(50);
        }

        Assert.Contains($"ท่านไม่ได้เข้าสู่ระบบในชื่อ {scene.Assessor1}", asked.Single(), StringComparison.Ordinal);
        await Expect(signIn).ToHaveURLAsync(new Regex("/account/login"));
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "gecc.auth");
        Assert.Equal(1, await QueuedInBrowserAsync(page));

        // The same person, typed with other capitals and spaces, is not asked.
        await signIn.FillAsync("input[name=Email]", "  " + scene.Assessor1.ToUpperInvariant() + " ");
        await signIn.ClickAsync("form[action^='/account/login'] button[type=submit]");
        await Expect(signIn).Not.ToHaveURLAsync(new Regex("/account/login"));
        Assert.Single(asked);
        await page.EvaluateAsync("() => window.dispatchEvent(new Event('online'))");
        await Expect(page.Locator("#save-summary")).ToHaveTextAsync("บันทึกแล้ว");
        await ExpectStoredOnceAsync(App, scene, new() { [scene.Cycle.OptionalId] = 3m }, photos: 0);
    }

    /// <summary>Signs in again from the page's banner, in the tab it opens, as the assessor does after a session expired.</summary>
    private static async Task<IPage> SignInAgainAsync(IPage page, string email)
    {
        var popup = await page.RunAndWaitForPopupAsync(() => page.Locator("#signin-again").ClickAsync());
        await popup.FillAsync("input[name=Email]", email);
        await popup.FillAsync("input[name=Password]", GeccAppFactory.Password);
        await popup.ClickAsync("form[action^='/account/login'] button[type=submit]");
        return popup;
    }

    /// <summary>Holds each mark the page posts until the test lets it through, so that the next change is made while it is on its way.</summary>
    private static async Task<HeldPosts> HoldMarkPostsAsync(IPage page)
    {
        var held = new HeldPosts();
        await page.RouteAsync("**/assessments/mark/*", async route =>
        {
            if (route.Request.Method != "POST")
            {
                await route.ContinueAsync();
                return;
            }

            await held.Arrive().Task;
            await route.ContinueAsync();
        });
        return held;
    }

    private sealed class HeldPosts
    {
        private readonly List<TaskCompletionSource> _gates = [];

        public TaskCompletionSource Arrive()
        {
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gates)
            {
                _gates.Add(gate);
            }

            return gate;
        }

        /// <summary>Waits until the <paramref name="nth"/> post (from 1) is held.</summary>
        public async Task ArrivedAsync(int nth)
        {
            for (var waited = 0; Count < nth; waited += 50)
            {
                Assert.True(waited < 15_000, $"post {nth} never came");
                await Task.Delay(50);
            }
        }

        public void Release(int nth)
        {
            lock (_gates)
            {
                _gates[nth - 1].SetResult();
            }
        }

        private int Count
        {
            get
            {
                lock (_gates)
                {
                    return _gates.Count;
                }
            }
        }
    }

    /// <summary>
    /// The whole visit without a server: prepared, the server stopped (its own Kestrel host, since
    /// Playwright's offline switch does not reach a service worker), marks and a photo entered, the page
    /// reloaded, the browser closed and opened again; then the server starts on the same port and,
    /// once the assessor signs in again (the closed browser lost its session), everything arrives once.
    /// A second assessment's scoring page was never opened: the list of assessments kept it, so it
    /// opens with the server down too and its mark joins the queue. Nobody tells the page that the
    /// server is back: its own timer sends what waited (the test's clock jumps ahead instead of waiting).
    /// </summary>
    [Fact]
    public async Task A_prepared_visit_is_scored_with_the_server_down_through_a_reload_and_a_closed_browser_and_arrives_once()
    {
        var app = new KestrelAppFactory();
        await app.InitializeAsync();
        app.StartServer();
        var database = app.Database;
        var port = app.Port;
        var profile = Directory.CreateTempSubdirectory("gecc-profile-").FullName;
        KestrelAppFactory? restarted = null;
        try
        {
            var scene = await ReadyToScoreAsync(app);
            var evidenceId = await app.WithDbAsync(async db =>
            {
                var file = new EvidenceFile
                {
                    ApplicationId = scene.Application.Id,
                    CriterionId = scene.Cycle.EvidenceId,
                    FileName = "ภาพจุดบริการ.png",
                    ContentType = "image/png",
                    SizeBytes = Png.Length,
                    Sha256 = "00",
                    UploadedAtUtc = DateTime.UtcNow,
                    Content = new EvidenceFileContent { Data = Png },
                };
                db.EvidenceFiles.Add(file);
                await db.SaveChangesAsync();
                return file.Id;
            });
            var url = $"/assessments/score/{I(scene.AssessmentId)}";
            var secondId = await AnotherAssessmentAsync(app, scene);
            var secondUrl = $"/assessments/score/{I(secondId)}";

            var context = await browser.PersistentContextAsync(profile, app.BaseUrl);
            var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
            page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
            await BrowserFixture.SignInAsync(page, scene.Assessor1);
            // The list of assessments keeps the scoring pages of both (the second is never opened online).
            await page.GotoAsync("/assessments");
            // Each assessment's four dimension pages (ADR 0026): the first pages name the others.
            await Expect(page.Locator("html")).ToHaveAttributeAsync("data-scoring-pages-kept", new Regex(@"^\d+$"));
            var kept = await page.EvaluateAsync<string[]>("async () => (await (await caches.open('gecc-pages-v1')).keys()).map(r => new URL(r.url).pathname)");
            foreach (var pages in new[] { url, secondUrl })
            {
                Assert.All(new[] { "", "/personnel", "/serviceprocess", "/other" }, dimension => Assert.Contains(pages + dimension, kept));
            }

            await page.GotoAsync(url);
            await Expect(page.Locator("html")).ToHaveAttributeAsync("data-offline-ready", "true");
            await page.Locator("#prepare-visit").ClickAsync();
            await Expect(page.Locator("#prepare-visit")).ToHaveAttributeAsync("data-prepared", "true");

            // The server goes away.
            await app.DisposeAsync();

            // Each dimension's page comes from the service worker as the assessor moves through them.
            await page.Locator($"#c-{I(scene.Cycle.MandatoryId)}").GetByLabel("ผ่าน", new() { Exact = true }).CheckAsync();
            await DimensionAsync(page, "ServiceProcess");
            await PointsAsync(page, scene.Cycle.EvidenceId, "4");
            await NoteAsync(page, scene.Cycle.EvidenceId, "ป้ายบอกทางชัดเจน");
            await DimensionAsync(page, "Other");
            await PointsAsync(page, scene.Cycle.OptionalId, "3");
            await page.Locator($"#c-{I(scene.Cycle.OptionalId)} input[type=file]").SetInputFilesAsync(new FilePayload { Name = "site.png", MimeType = "image/png", Buffer = Png });
            await Expect(page.Locator("#save-summary")).ToContainTextAsync("ไม่มีการเชื่อมต่อ");
            // As below: the bar counts a change while it is still on its way into IndexedDB; reloaded before
            // it is there, the last mark was lost now and then (a person would be warned before leaving).
            for (var tries = 0; tries < 100 && await QueuedInBrowserAsync(page) < 4; tries++)
            {
                await Task.Delay(100);
            }

            // Reloaded with the server down: the pages come from the service worker, the changes from IndexedDB.
            await page.ReloadAsync();
            await ExpectWaitingAsync(page, scene, waiting: 4);

            // The second assessment's page, never opened before, comes from the cache too; its mark waits with the others.
            await page.GotoAsync(secondUrl + "/other");
            await PointsAsync(page, scene.Cycle.OptionalId, "2");
            await Expect(page.Locator("#save-summary")).ToContainTextAsync("ไม่มีการเชื่อมต่อ");
            // The bar counts a change as waiting while it is still on its way into IndexedDB; the lid closes only once it is there.
            for (var tries = 0; tries < 100 && await QueuedInBrowserAsync(page) < 5; tries++)
            {
                await Task.Delay(100);
            }

            Assert.Equal(5, await QueuedInBrowserAsync(page));

            // The lid is closed and opened again.
            await context.CloseAsync();
            context = await browser.PersistentContextAsync(profile, app.BaseUrl);
            // The page's timers run on a clock the test can move on, so waiting 20 s for the retry is not needed.
            await context.Clock.InstallAsync();
            page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
            page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
            await page.GotoAsync(url + "/other");
            await ExpectWaitingAsync(page, scene, waiting: 5);
            // The other dimensions' pages show what waits for them too.
            await page.GotoAsync(url + "/serviceprocess");
            await Expect(page.Locator($"#c-{I(scene.Cycle.EvidenceId)}").GetByRole(AriaRole.Spinbutton)).ToHaveValueAsync("4");
            await Expect(page.Locator($"#c-{I(scene.Cycle.EvidenceId)}").GetByLabel("หมายเหตุ", new() { Exact = true })).ToHaveValueAsync("ป้ายบอกทางชัดเจน");
            await page.GotoAsync(url);
            await Expect(page.Locator($"#c-{I(scene.Cycle.MandatoryId)}").GetByLabel("ผ่าน", new() { Exact = true })).ToBeCheckedAsync();
            await page.GotoAsync(url + "/other");
            // The prepared evidence opens too.
            Assert.Equal(200, await page.EvaluateAsync<int>($"fetch('/evidence/{I(evidenceId)}?inline=true').then(r => r.status)"));

            // The server is back on the same port; the closed browser lost its session, so: sign in again.
            restarted = new KestrelAppFactory(port, database);
            await restarted.InitializeAsync();
            restarted.StartServer();
            // Nothing says the network is back (it never left: the server did). The page tries again on its
            // own timer, every 20 s while changes wait.
            await page.Clock.FastForwardAsync("00:30");
            await Expect(page.Locator("#signin-banner")).ToBeVisibleAsync();
            var popup = await SignInAgainAsync(page, scene.Assessor1);
            await Expect(popup).ToHaveURLAsync(new Regex(@"/assessments/score/\d+/other$"));

            await Expect(page.Locator("#save-summary")).ToHaveTextAsync("บันทึกแล้ว", new() { Timeout = 40_000 });
            // The page was kept before any mark: the other dimensions' counts come from the server's answers.
            await Expect(page.Locator(".scored-dimension[data-kind=ServiceProcess]")).ToHaveTextAsync("(ให้คะแนนแล้ว 1 จาก 1)");
            await Expect(page.Locator("#scored-overall")).ToHaveTextAsync("ให้คะแนนแล้ว 3 จาก 3");
            await ExpectStoredOnceAsync(restarted, scene, new() { [scene.Cycle.EvidenceId] = 4m, [scene.Cycle.OptionalId] = 3m }, photos: 1);
            var mandatory = await restarted.WithDbAsync(db => db.MemberScores.AsNoTracking().SingleAsync(s => s.AssessmentId == scene.AssessmentId && s.CriterionId == scene.Cycle.MandatoryId));
            Assert.True(mandatory.Mark.Passed);
            var evidence = await restarted.WithDbAsync(db => db.MemberScores.AsNoTracking().SingleAsync(s => s.AssessmentId == scene.AssessmentId && s.CriterionId == scene.Cycle.EvidenceId));
            Assert.Equal("ป้ายบอกทางชัดเจน", evidence.Note);
            var second = await restarted.WithDbAsync(db => db.MemberScores.AsNoTracking().SingleAsync(s => s.AssessmentId == secondId));
            Assert.Equal((2m, 1), (second.Mark.Points, second.Version));
            Assert.Equal(1, await restarted.WithDbAsync(db => db.AppliedScoreChanges.CountAsync(c => c.AssessmentId == secondId)));
            await context.CloseAsync();
        }
        finally
        {
            if (restarted is not null)
            {
                await restarted.DisposeAsync();
            }

            await app.DisposeAsync();
            await TestDatabase.DropAsync(database);
            Directory.Delete(profile, recursive: true);
        }
    }

    [Fact]
    public async Task The_chairs_reconciliation_saves_each_row_and_survives_a_reload_with_unsaved_rows()
    {
        var scene = await AssessmentSteps.ArrangeAsync(App);
        await AssessmentSteps.BothMembersScoreAsync(App, scene); // V-01: 4 and 5, so the chair decides it
        var chair = await AssessmentSteps.SignedInAsync(App, scene.Chair);
        await AssessmentSteps.DeclareAsync(chair, scene.AssessmentId, conflict: false);
        await AssessmentSteps.PostPageFormAsync(chair, $"/assessments/show/{I(scene.AssessmentId)}", $"form[action$='/openreconciliation/{I(scene.AssessmentId)}']");
        var page = await PageAsync(scene.Chair);
        var warnings = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            warnings.Add(dialog.Type);
            await dialog.AcceptAsync();
        };
        await page.GotoAsync($"/assessments/reconcile/{I(scene.AssessmentId)}");

        // One row saved on its own, as it is changed.
        var optional = page.Locator($"#rc-{I(scene.Cycle.OptionalId)}");
        await optional.GetByRole(AriaRole.Spinbutton).FillAsync("2");
        await optional.GetByRole(AriaRole.Textbox).FillAsync("ลดตามการตรวจจริง");
        await optional.GetByRole(AriaRole.Textbox).PressAsync("Tab");
        await Expect(optional).ToHaveAttributeAsync("data-state", "saved");

        // The connection drops: the next rows wait in the browser, and a reload keeps them.
        await page.RouteAsync("**/assessments/reconcile/*", route => route.Request.Method == "POST" ? route.AbortAsync() : route.ContinueAsync());
        var evidence = page.Locator($"#rc-{I(scene.Cycle.EvidenceId)}");
        await evidence.GetByRole(AriaRole.Spinbutton).FillAsync("4.5");
        await evidence.GetByRole(AriaRole.Textbox).FillAsync("เฉลี่ยจากสองท่าน");
        await evidence.GetByRole(AriaRole.Textbox).PressAsync("Tab");
        await Expect(page.Locator("#reconcile-status")).ToContainTextAsync("รอส่ง");
        await page.ReloadAsync();
        Assert.Contains("beforeunload", warnings);
        await Expect(evidence.GetByRole(AriaRole.Spinbutton)).ToHaveValueAsync("4.5");
        await Expect(evidence.GetByRole(AriaRole.Textbox)).ToHaveValueAsync("เฉลี่ยจากสองท่าน");
        Assert.Null(await App.WithDbAsync(db => db.ReconciledScores.Where(r => r.AssessmentId == scene.AssessmentId && r.CriterionId == scene.Cycle.EvidenceId).Select(r => r.Mark.Points).SingleOrDefaultAsync()));

        // Back online: what waited arrives.
        await page.UnrouteAllAsync();
        await page.EvaluateAsync("window.dispatchEvent(new Event('online'))");
        await Expect(page.Locator("#reconcile-status")).ToHaveTextAsync("บันทึกแล้ว");
        var stored = await App.WithDbAsync(db => db.ReconciledScores.AsNoTracking().Where(r => r.AssessmentId == scene.AssessmentId).ToListAsync());
        Assert.Equal(2, stored.Count);
        Assert.Equal((2m, "ลดตามการตรวจจริง"), (stored.Single(r => r.CriterionId == scene.Cycle.OptionalId).Mark.Points, stored.Single(r => r.CriterionId == scene.Cycle.OptionalId).Note));
        Assert.Equal((4.5m, "เฉลี่ยจากสองท่าน"), (stored.Single(r => r.CriterionId == scene.Cycle.EvidenceId).Mark.Points, stored.Single(r => r.CriterionId == scene.Cycle.EvidenceId).Note));
    }

    /// <summary>
    /// An evidence file of the self-assessment whose upload fails: shown as failed with a retry button,
    /// still there after a reload (kept in IndexedDB, tried again on load), and kept once after the retry.
    /// </summary>
    [Fact]
    public async Task A_self_assessment_file_that_failed_to_upload_survives_a_reload_and_is_kept_once_after_the_retry()
    {
        var cycle = await TestData.CreateCycleAsync(App, TestData.UniqueYear());
        var agency = await TestData.CreateAgencyAsync(App, "สำนักงานส่งไฟล์ซ้ำ");
        var point = await TestData.CreateServicePointAsync(App, agency.Id, "จุดบริการส่งไฟล์ " + Guid.NewGuid().ToString("N")[..6]);
        var application = await TestData.CreateApplicationAsync(App, cycle.Id, point);
        var email = $"upload-{Guid.NewGuid():N}@apply.test";
        await App.CreateUserAsync(email, Roles.Applicant, agency.Id);
        var page = await PageAsync(email);
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        // The connection drops whenever the page sends something.
        await page.RouteAsync("**/applications/savepart/*", route => route.Request.Method == "POST" ? route.AbortAsync() : route.ContinueAsync());
        await page.GotoAsync($"/applications/edit/{I(application.Id)}");

        await page.Locator($"#evidence-{I(cycle.EvidenceId)}").SetInputFilesAsync(new FilePayload { Name = "คู่มือ.pdf", MimeType = "application/pdf", Buffer = TestData.Pdf() });
        var item = page.Locator(".upload-item", new() { HasText = "คู่มือ.pdf" });
        await Expect(item).ToHaveAttributeAsync("data-state", "error");
        await Expect(item.GetByRole(AriaRole.Button, new() { Name = "ลองอีกครั้ง" })).ToBeVisibleAsync();

        // Reloaded: the chosen file is back on the page and tried again at once (and fails again).
        await page.ReloadAsync();
        await Expect(item).ToHaveAttributeAsync("data-state", "error");
        Assert.Equal(0, await App.WithDbAsync(db => db.EvidenceFiles.CountAsync(f => f.ApplicationId == application.Id)));

        // Back online: the retry uploads it.
        await page.UnrouteAllAsync();
        await item.GetByRole(AriaRole.Button, new() { Name = "ลองอีกครั้ง" }).ClickAsync();
        await Expect(item).ToHaveAttributeAsync("data-state", "saved");
        await Expect(item.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await Expect(page.Locator("#self-status")).ToHaveTextAsync("บันทึกแล้ว");

        // Once in the database, and nothing left waiting in the browser: a reload shows no upload waiting.
        Assert.Equal(1, await App.WithDbAsync(db => db.EvidenceFiles.CountAsync(f => f.ApplicationId == application.Id)));
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "คู่มือ.pdf" })).ToBeVisibleAsync();
        await Expect(page.Locator(".upload-item")).ToHaveCountAsync(0);
    }

    /// <summary>On the Other page: its mark and photo shown waiting, and four changes waiting in all (the other pages' marks too).</summary>
    private static async Task ExpectWaitingAsync(IPage page, AssessmentScene scene, int waiting)
    {
        await Expect(page.Locator($"#c-{I(scene.Cycle.OptionalId)}").GetByRole(AriaRole.Spinbutton)).ToHaveValueAsync("3");
        await Expect(page.Locator($"#c-{I(scene.Cycle.OptionalId)} .waiting-photo")).ToHaveCountAsync(1);
        await Expect(page.Locator("#save-summary")).ToContainTextAsync("รอส่ง");
        await Expect(page.Locator("#save-summary")).ToContainTextAsync(I(waiting));
    }

    /// <summary>Every mark as expected, each applied once (version = its number of saves, one per applied id), and the photos.</summary>
    private static async Task ExpectStoredOnceAsync(GeccAppFactory app, AssessmentScene scene, Dictionary<int, decimal> points, int photos)
    {
        var scores = await app.WithDbAsync(db => db.MemberScores.AsNoTracking().Where(s => s.AssessmentId == scene.AssessmentId).ToListAsync());
        foreach (var (criterionId, value) in points)
        {
            Assert.Equal(value, scores.Single(s => s.CriterionId == criterionId).Mark.Points);
        }

        var applied = await app.WithDbAsync(db => db.AppliedScoreChanges.AsNoTracking().Where(c => c.AssessmentId == scene.AssessmentId).ToListAsync());
        Assert.Equal(scores.Sum(s => s.Version), applied.Count(c => c.Version is not null));
        Assert.All(scores, s => Assert.True(s.Version >= 1));
        Assert.Equal(photos, await app.WithDbAsync(db => db.AssessmentPhotos.CountAsync(p => p.AssessmentId == scene.AssessmentId)));
        Assert.Equal(photos, applied.Count(c => c.Version is null));
    }

    private static async Task<AssessmentScene> ReadyToScoreAsync(GeccAppFactory app)
    {
        var scene = await AssessmentSteps.ArrangeAsync(app);
        var member = await AssessmentSteps.SignedInAsync(app, scene.Assessor1);
        await AssessmentSteps.DeclareAsync(member, scene.AssessmentId, conflict: false);
        return scene;
    }

    /// <summary>A second accepted application of the agency, assessed by the same subcommittee; the first assessor has declared no conflict.</summary>
    private static async Task<int> AnotherAssessmentAsync(GeccAppFactory app, AssessmentScene scene)
    {
        var point = await TestData.CreateServicePointAsync(app, scene.Application.AgencyId, "จุดบริการที่สอง " + Guid.NewGuid().ToString("N")[..6]);
        var application = await TestData.CreateApplicationAsync(app, scene.Cycle.Id, point, ApplicationStatus.Accepted);
        var id = await app.WithDbAsync(async db =>
        {
            var assessment = new Assessment { ApplicationId = application.Id, SubcommitteeId = scene.SubcommitteeId, CycleId = scene.Cycle.Id, AssignedAtUtc = DateTime.UtcNow };
            db.Assessments.Add(assessment);
            await db.SaveChangesAsync();
            return assessment.Id;
        });
        var member = await AssessmentSteps.SignedInAsync(app, scene.Assessor1);
        await AssessmentSteps.DeclareAsync(member, id, conflict: false);
        return id;
    }

    private static Task<decimal?> PointsAsync(GeccAppFactory app, AssessmentScene scene, int criterionId) =>
        app.WithDbAsync(db => db.MemberScores.Where(s => s.AssessmentId == scene.AssessmentId && s.CriterionId == criterionId).Select(s => s.Mark.Points).SingleAsync());

    private static async Task PointsAsync(IPage page, int criterionId, string points)
    {
        var field = page.Locator($"#c-{I(criterionId)}").GetByRole(AriaRole.Spinbutton);
        await field.FillAsync(points);
        await field.PressAsync("Tab");
    }

    private static async Task NoteAsync(IPage page, int criterionId, string note)
    {
        var field = page.Locator($"#c-{I(criterionId)}").GetByLabel("หมายเหตุ", new() { Exact = true });
        await field.FillAsync(note);
        await field.PressAsync("Tab");
    }

    private async Task<IPage> PageAsync(string email)
    {
        var page = await browser.SignedInPageAsync(email);
        _contexts.Add(page.Context);
        return page;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }
    }
}
