using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using GeccAssessment.Tests.Features.Assessments;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;
using static GeccAssessment.Tests.Features.Assessments.AssessmentSteps;

namespace GeccAssessment.Tests.Features.Security;

/// <summary>
/// Script and HTML with Thai around it in every free-text field a user can type into. Names and
/// short texts refuse markup with a Thai message and store nothing; longer texts (explanations,
/// reasons, guidance) are kept as typed and shown as text on every page that displays them.
/// </summary>
public class HostileTextTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    private const string NoMarkup = "ต้องไม่มีแท็ก HTML";

    private const string NotAPhone = "ไม่ใช่หมายเลขโทรศัพท์ที่ถูกต้อง";

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record Context(GeccAppFactory App, AssessmentScene Scene, string Tag)
    {
        public string Text => Hostile.Text(Tag);
    }

    /// <summary>What the user saw after posting: the page's text and the page, and whether the form came back filled in.</summary>
    private sealed record Outcome(string Text, IDocument? Page, bool Redisplayed);

    /// <param name="Typed">What the case types into the field, when not the whole hostile text (a field of 50 characters).</param>
    private sealed record Refused(string Message, Func<Context, Task<Outcome>> Submit, Func<Context, string>? Typed = null);

    /// <summary>A page that displays the text; <paramref name="Literal"/> false where it is shown inside JSON (the audit trail).</summary>
    private sealed record Display(string Where, Func<Task<IDocument>> Load, bool Literal = true);

    /// <param name="Column">"Table.Column" that keeps the text; null for text that is only echoed (searches).</param>
    private sealed record Kept(string? Column, Func<Context, Task<IReadOnlyList<Display>>> SubmitAndDisplays);

    private static readonly Dictionary<string, string> NewServicePoint = new()
    {
        ["Form.Name"] = "จุดบริการใหม่",
        ["Form.Address"] = "ถนนทดสอบ",
        ["Form.ProvinceCode"] = "90",
        ["Form.DistrictCode"] = "9001",
    };

    private static Dictionary<string, string> Registration(string email) => new()
    {
        ["AgencyName"] = "สำนักงานทดสอบจังหวัดสงขลา",
        ["AgencyKind"] = nameof(AgencyKind.Department),
        ["DisplayName"] = "นายทดสอบ สมัครใหม่",
        ["Email"] = email,
        ["Password"] = "new-mango-pass-2563",
        ["ConfirmPassword"] = "new-mango-pass-2563",
    };

    private static Dictionary<string, string> With(Dictionary<string, string> values, string name, string value) =>
        new(values) { [name] = value };

    private static string NewEmail() => $"u{Guid.NewGuid():N}@hostile.test";

    /// <summary>For fields of at most 20 or 50 characters: markup around the tag.</summary>
    private static string Short(Context c) => $"<b>{c.Tag}</b>";

    /// <summary>Every field that refuses markup, with the message that says so.</summary>
    private static readonly Dictionary<string, Refused> RefusedFields = new()
    {
        ["registration: display name"] = new(NoMarkup, c => Post(c, null, "/account/register", "form[action='/account/register']", With(Registration(NewEmail()), "DisplayName", c.Text))),
        ["registration: agency name"] = new(NoMarkup, c => Post(c, null, "/account/register", "form[action='/account/register']", With(Registration(NewEmail()), "AgencyName", c.Text))),
        ["agency: Thai name"] = new(NoMarkup, c => Post(c, c.Scene.ApplicantEmail, "/agencies/mine", "form[action='/agencies/mine']", new() { ["Form.NameTh"] = c.Text })),
        ["agency: English name"] = new(NoMarkup, c => Post(c, c.Scene.ApplicantEmail, "/agencies/mine", "form[action='/agencies/mine']", new() { ["Form.NameEn"] = c.Text })),
        ["agency: contact person"] = new(NoMarkup, c => Post(c, c.Scene.ApplicantEmail, "/agencies/mine", "form[action='/agencies/mine']", new() { ["Form.ContactName"] = c.Text })),
        ["agency: contact phone"] = new(NotAPhone, c => Post(c, c.Scene.ApplicantEmail, "/agencies/mine", "form[action='/agencies/mine']", new() { ["Form.ContactPhone"] = Short(c) }), Short),
        ["agency: colleague's name"] = new(NoMarkup, c => Post(c, c.Scene.ApplicantEmail, "/agencies/mine", "form[action='/agencies/addcolleague']", new()
        {
            ["NewColleague.DisplayName"] = c.Text,
            ["NewColleague.Email"] = NewEmail(),
            ["NewColleague.Password"] = "colleague-pass-2563",
        })),
        ["service point: name"] = new(NoMarkup, c => Post(c, c.Scene.ApplicantEmail, "/servicepoints/create", "form[action='/servicepoints/save']", With(NewServicePoint, "Form.Name", c.Text))),
        ["service point: address"] = new(NoMarkup, c => Post(c, c.Scene.ApplicantEmail, "/servicepoints/create", "form[action='/servicepoints/save']", With(NewServicePoint, "Form.Address", c.Text))),
        ["service point: opening hours"] = new(NoMarkup, c => Post(c, c.Scene.ApplicantEmail, "/servicepoints/create", "form[action='/servicepoints/save']", With(NewServicePoint, "Form.OpeningHours", c.Text))),
        ["service point: services offered"] = new(NoMarkup, c => Post(c, c.Scene.ApplicantEmail, "/servicepoints/create", "form[action='/servicepoints/save']", With(NewServicePoint, "Form.ServicesOffered", c.Text))),
        ["service point: contact person"] = new(NoMarkup, c => Post(c, c.Scene.ApplicantEmail, "/servicepoints/create", "form[action='/servicepoints/save']", With(NewServicePoint, "Form.ContactName", c.Text))),
        ["service point: contact phone"] = new(NotAPhone, c => Post(c, c.Scene.ApplicantEmail, "/servicepoints/create", "form[action='/servicepoints/save']", With(NewServicePoint, "Form.ContactPhone", Short(c))), Short),
        ["users: new user's name"] = new(NoMarkup, c => Post(c, c.Scene.Secretariat, "/users/create", "form[action='/users/create']", new()
        {
            ["DisplayName"] = c.Text,
            ["Email"] = NewEmail(),
            ["Password"] = "initial-pass-2563",
        })),
        ["users: renamed user"] = new(NoMarkup, async c => await Post(c, c.Scene.Secretariat, $"/users/edit/{await UserIdAsync(c, c.Scene.Assessor1)}", "form[action^='/users/edit']", new() { ["DisplayName"] = c.Text })),
        ["cycle: title"] = new(NoMarkup, c => Post(c, c.Scene.Secretariat, $"/cycles/edit/{I(c.Scene.Cycle.Id)}", "form[action='/cycles/save']", new() { ["Title"] = c.Text })),
        ["criterion: Thai title"] = new(NoMarkup, c => Post(c, c.Scene.Secretariat, CriterionUrl(c), "form[action='/cycles/savecriterion']", new() { ["Form.TitleTh"] = c.Text })),
        ["criterion: code"] = new("รหัสเกณฑ์ใช้ได้เฉพาะตัวอักษรอังกฤษ", c => Post(c, c.Scene.Secretariat, CriterionUrl(c), "form[action='/cycles/savecriterion']", new() { ["Form.Code"] = Short(c) }), Short),
        ["criterion: English title"] = new(NoMarkup, c => Post(c, c.Scene.Secretariat, CriterionUrl(c), "form[action='/cycles/savecriterion']", new() { ["Form.TitleEn"] = c.Text })),
        ["level: Thai name"] = new(NoMarkup, c => Post(c, c.Scene.Secretariat, $"/cycles/catalogue/{I(c.Scene.Cycle.Id)}", "form[action^='/cycles/settings/']", new() { ["Levels[0].NameTh"] = c.Text })),
        ["level: English name"] = new(NoMarkup, c => Post(c, c.Scene.Secretariat, $"/cycles/catalogue/{I(c.Scene.Cycle.Id)}", "form[action^='/cycles/settings/']", new() { ["Levels[0].NameEn"] = c.Text })),
        ["subcommittee: name"] = new(NoMarkup, async c => await Post(c, c.Scene.Secretariat, $"/subcommittees?cycle={I(c.Scene.Cycle.Id)}", "form[action='/subcommittees/save']", new()
        {
            ["Name"] = c.Text,
            ["ChairUserId"] = await UserIdAsync(c, c.Scene.Chair),
        })),
        ["round: on-site address"] = new(NoMarkup, c => Post(c, c.Scene.Secretariat, ShowUrl(c), ScheduleForm(c), new() { ["OnSiteAddress"] = c.Text })),
        ["round: meeting link that is a script"] = new("ต้องเป็นที่อยู่เว็บที่ขึ้นต้นด้วย http://", c => Post(c, c.Scene.Secretariat, ShowUrl(c), ScheduleForm(c), new()
        {
            ["MeetingLink"] = $"javascript:alert('{c.Tag}')//{c.Text}",
        })),
        ["assessor: note on a mark"] = new(NoMarkup, MemberNoteAsync),
        ["chair: reconciled note"] = new(NoMarkup, ReconciledNoteAsync),
        ["committee: meeting number"] = new("กรุณาระบุครั้งที่ประชุม", c => DecideAsync(c, meetingNumber: c.Text, reason: "ไม่ผ่านเกณฑ์บังคับ")),
        ["committee: reason of a decision"] = new(NoMarkup, c => DecideAsync(c, meetingNumber: "1/2563", reason: c.Text)),
        ["certificate: revocation reason"] = new("ไม่มีแท็ก HTML", async c => await Post(c, c.Scene.Secretariat, $"/certificates/show/{I(await PlantCertificateAsync(c))}", "form[action*='/revoke/']", new() { ["reason"] = c.Text })),
        ["certificate: award recipient"] = new("ไม่มีแท็ก HTML", async c => await Post(c, c.Scene.Secretariat, $"/certificates/show/{I(await PlantCertificateAsync(c))}", "form[action*='/award/']", new()
        {
            ["handedOverOn"] = "2020-10-15",
            ["handedOverTo"] = c.Text,
        })),
    };

    public static TheoryData<string> RefusedFieldNames => [.. RefusedFields.Keys];

    [Theory]
    [MemberData(nameof(RefusedFieldNames))]
    public async Task Markup_in_a_name_or_short_text_is_refused_in_Thai_and_nothing_is_stored(string field)
    {
        var tag = Hostile.NewTag();
        var context = new Context(app, await ArrangeAsync(app), tag);

        var outcome = await RefusedFields[field].Submit(context);

        Assert.Contains(RefusedFields[field].Message, outcome.Text);
        if (outcome.Page is { } page)
        {
            Hostile.AssertInert(page);
            if (outcome.Redisplayed)
            {
                // The form comes back with what the user typed, as text, so it can be corrected.
                Hostile.AssertShownAsText(page, RefusedFields[field].Typed?.Invoke(context) ?? context.Text);
            }
        }

        Assert.Empty(await Hostile.StoredAsync(app, tag));
    }

    /// <summary>Every field that keeps markup as typed, and every page that shows it.</summary>
    private static readonly Dictionary<string, Kept> KeptFields = new()
    {
        ["applicant: explanation of a self-score"] = new("SelfAssessmentAnswers.Explanation", async c =>
        {
            await SetStatusAsync(c, ApplicationStatus.Returned);
            var applicant = await SignedInAsync(c.App, c.Scene.ApplicantEmail);
            var url = $"/applications/edit/{I(c.Scene.Application.Id)}";
            await Hostile.SaveSelfAssessmentAsync(applicant, c.Scene, (page, fields) => fields.With(Hostile.FieldName(page, $"explanation-{I(c.Scene.Cycle.OptionalId)}"), c.Text));
            var secretariat = await SignedInAsync(c.App, c.Scene.Secretariat);
            var member = await MemberAsync(c, c.Scene.Assessor1);
            return
            [
                new("applicant's form", () => applicant.GetPageAsync(url)),
                new("screening", () => secretariat.GetPageAsync($"/screening/show/{I(c.Scene.Application.Id)}")),
                new("scoring form", () => ScoringPageOfAsync(member, c.Scene.AssessmentId, c.Scene.Cycle.OptionalId)),
            ];
        }),
        ["secretariat: reason for returning an application"] = new("Applications.ReturnReason", async c =>
        {
            await SetStatusAsync(c, ApplicationStatus.Submitted);
            var secretariat = await SignedInAsync(c.App, c.Scene.Secretariat);
            var url = $"/screening/show/{I(c.Scene.Application.Id)}";
            Assert.Equal(HttpStatusCode.Redirect, (await secretariat.SubmitFormAsync(url, "form[action$='/return/" + I(c.Scene.Application.Id) + "']", new Dictionary<string, string> { ["reason"] = c.Text })).StatusCode);
            var applicant = await SignedInAsync(c.App, c.Scene.ApplicantEmail);
            return
            [
                new("applicant's form", () => applicant.GetPageAsync($"/applications/edit/{I(c.Scene.Application.Id)}")),
                new("screening timeline", () => secretariat.GetPageAsync(url)),
                new("audit trail", () => secretariat.GetPageAsync($"/audit?entityType=Application&entityId={I(c.Scene.Application.Id)}"), Literal: false),
            ];
        }),
        ["secretariat: guidance of a criterion"] = new("Criteria.Guidance", async c =>
        {
            var secretariat = await SignedInAsync(c.App, c.Scene.Secretariat);
            Assert.Equal(HttpStatusCode.Redirect, (await secretariat.SubmitFormAsync(CriterionUrl(c), "form[action='/cycles/savecriterion']", new Dictionary<string, string> { ["Form.Guidance"] = c.Text })).StatusCode);
            await SetStatusAsync(c, ApplicationStatus.Draft);
            var applicant = await SignedInAsync(c.App, c.Scene.ApplicantEmail);
            var member = await MemberAsync(c, c.Scene.Assessor1);
            return
            [
                new("criterion form", () => secretariat.GetPageAsync(CriterionUrl(c))),
                new("applicant's form", () => applicant.GetPageAsync($"/applications/edit/{I(c.Scene.Application.Id)}")),
                new("scoring form", () => ScoringPageOfAsync(member, c.Scene.AssessmentId, c.Scene.Cycle.OptionalId)),
                new("audit trail", () => secretariat.GetPageAsync($"/audit?entityType=Criterion&entityId={I(c.Scene.Cycle.OptionalId)}"), Literal: false),
            ];
        }),
        ["assessor: reason for a conflict of interest"] = new("ConflictDeclarations.Reason", async c =>
        {
            await DeclareAsync(await SignedInAsync(c.App, c.Scene.Assessor2), c.Scene.AssessmentId, conflict: true, reason: c.Text);
            var secretariat = await SignedInAsync(c.App, c.Scene.Secretariat);
            return [new("assessment page", () => secretariat.GetPageAsync(ShowUrl(c)))];
        }),
        ["chair: reason for stopping after the preliminary round"] = new("Assessments.PreliminaryStopReason", async c =>
        {
            var chair = await MemberAsync(c, c.Scene.Chair);
            Assert.Equal(HttpStatusCode.Redirect, (await chair.SubmitFormAsync(ShowUrl(c), "form[action$='/preliminary/" + I(c.Scene.AssessmentId) + "']", new Dictionary<string, string> { ["outcome"] = "Stop", ["reason"] = c.Text })).StatusCode);
            var applicant = await SignedInAsync(c.App, c.Scene.ApplicantEmail);
            var secretariat = await SignedInAsync(c.App, c.Scene.Secretariat);
            return
            [
                new("assessment page", () => chair.GetPageAsync(ShowUrl(c))),
                new("applicant's page", () => applicant.GetPageAsync($"/applications/edit/{I(c.Scene.Application.Id)}")),
                new("audit trail", () => secretariat.GetPageAsync($"/audit?entityType=Assessment&entityId={I(c.Scene.AssessmentId)}"), Literal: false),
            ];
        }),
        ["chair: reason for unlocking a signed-off assessment"] = new("Assessments.UnlockReason", async c =>
        {
            await c.App.WithDbAsync(db => db.Assessments.Where(a => a.Id == c.Scene.AssessmentId)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.ReconciliationOpenedAtUtc, DateTime.UtcNow).SetProperty(a => a.SignedOffAtUtc, DateTime.UtcNow)));
            var chair = await MemberAsync(c, c.Scene.Chair);
            Assert.Equal(HttpStatusCode.Redirect, (await chair.SubmitFormAsync(ShowUrl(c), "form[action$='/unlock/" + I(c.Scene.AssessmentId) + "']", new Dictionary<string, string> { ["reason"] = c.Text })).StatusCode);
            return [new("assessment page", () => chair.GetPageAsync(ShowUrl(c)))];
        }),
        ["round: meeting link with markup after https://"] = new("Assessments.PreliminaryMeetingLink", async c =>
        {
            var secretariat = await SignedInAsync(c.App, c.Scene.Secretariat);
            var link = "https://meet.example.go.th/" + c.Text;
            Assert.Equal(HttpStatusCode.Redirect, (await secretariat.SubmitFormAsync(ShowUrl(c), ScheduleForm(c), new Dictionary<string, string> { ["MeetingLink"] = link })).StatusCode);
            var applicant = await SignedInAsync(c.App, c.Scene.ApplicantEmail);
            return
            [
                new("assessment page", () => secretariat.GetPageAsync(ShowUrl(c))),
                new("applicant's page", () => applicant.GetPageAsync($"/applications/edit/{I(c.Scene.Application.Id)}")),
            ];
        }),
        ["agency: contact email that the e-mail check lets through"] = new("Agencies.ContactEmail", async c =>
        {
            var applicant = await SignedInAsync(c.App, c.Scene.ApplicantEmail);
            Assert.Equal(HttpStatusCode.Redirect, (await applicant.SubmitFormAsync("/agencies/mine", "form[action='/agencies/mine']", new Dictionary<string, string> { ["Form.ContactEmail"] = c.Text + "@example.go.th" })).StatusCode);
            return [new("agency page", () => applicant.GetPageAsync("/agencies/mine"))];
        }),
        ["service point: contact email that the e-mail check lets through"] = new("ServicePoints.ContactEmail", async c =>
        {
            var applicant = await SignedInAsync(c.App, c.Scene.ApplicantEmail);
            var url = $"/servicepoints/edit/{I(c.Scene.Application.ServicePointId)}";
            Assert.Equal(HttpStatusCode.Redirect, (await applicant.SubmitFormAsync(url, "form[action='/servicepoints/save']", new Dictionary<string, string> { ["Form.ContactEmail"] = c.Text + "@example.go.th" })).StatusCode);
            return [new("service point page", () => applicant.GetPageAsync(url))];
        }),
        ["search boxes and filters (echoed, never stored)"] = new(null, async c =>
        {
            var secretariat = await SignedInAsync(c.App, c.Scene.Secretariat);
            var q = Uri.EscapeDataString(c.Text);
            return
            [
                new("agency search", () => secretariat.GetPageAsync("/agencies?q=" + q)),
                new("user search", () => secretariat.GetPageAsync("/users?q=" + q)),
                new("audit filter", () => secretariat.GetPageAsync("/audit?entityId=" + q)),
                new("sign-in return address", () => c.App.CreateBrowser().GetPageAsync("/account/login?returnUrl=" + q)),
                new("flash after saving a user, with the e-mail field (hidden, never stored) tampered", async () =>
                {
                    var id = await UserIdAsync(c, c.Scene.Assessor1);
                    var saved = await secretariat.SubmitFormAsync($"/users/edit/{id}", "form[action^='/users/edit']", new Dictionary<string, string> { ["Email"] = c.Text });
                    Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
                    return await secretariat.GetPageAsync(saved.Headers.Location!.ToString());
                }),
                new("sign-in e-mail", async () => await HtmlForms.ParseAsync(await c.App.CreateBrowser().SubmitFormAsync("/account/login", "form[action='/account/login']", new Dictionary<string, string>
                {
                    ["Email"] = c.Text + "@example.go.th", ["Password"] = "wrong-password-1",
                }))),
            ];
        }),
    };

    public static TheoryData<string> KeptFieldNames => [.. KeptFields.Keys];

    [Theory]
    [MemberData(nameof(KeptFieldNames))]
    public async Task Markup_in_a_longer_text_is_kept_as_typed_and_shown_as_text_everywhere(string field)
    {
        var tag = Hostile.NewTag();
        var context = new Context(app, await ArrangeAsync(app), tag);

        var displays = await KeptFields[field].SubmitAndDisplays(context);

        var stored = await Hostile.StoredAsync(app, tag);
        if (KeptFields[field].Column is { } column)
        {
            Assert.True(stored.ContainsKey(column), $"{column} does not hold the text; found in: {string.Join(", ", stored.Keys)}");
            Assert.Contains(stored[column], value => value.Contains(context.Text, StringComparison.Ordinal));
        }
        else
        {
            Assert.Empty(stored);
        }

        foreach (var display in displays)
        {
            var page = await display.Load();
            if (display.Literal)
            {
                Hostile.AssertShownAsText(page, context.Text);
            }
            else
            {
                Hostile.AssertInert(page);
                Assert.Contains(tag, page.Body!.TextContent);
            }
        }
    }

    /// <summary>
    /// Names that refuse markup today may hold it from older data or an import; the PDFs must print
    /// whatever is stored as plain text, never drop or interpret it.
    /// </summary>
    [Fact]
    public async Task Markup_in_stored_names_and_reasons_prints_literally_in_the_certificate_and_both_reports()
    {
        var scene = await ArrangeAsync(app);
        var tag = Hostile.NewTag();
        string Marked(string thai) => $"{thai}<script>alert('{tag}')</script><img src=x onerror=alert('{tag}')>";
        var agency = Marked("หน่วยงาน");
        var point = Marked("จุดบริการ");
        var address = Marked("ที่อยู่");
        var subcommittee = Marked("คณะอนุกรรมการ");
        var onSite = Marked("สถานที่ตรวจ");
        var criterion = Marked("เกณฑ์");
        var note = Marked("หมายเหตุ");
        var level = Marked("ระดับ");
        var cycle = Marked("รอบ");
        var meeting = $"<b>{tag}</b>"; // the column holds 50 characters
        var reason = Marked("เหตุผล");
        var declined = await TestData.CreateApplicationAsync(app, scene.Cycle.Id,
            await TestData.CreateServicePointAsync(app, scene.Application.AgencyId, "จุดบริการที่ไม่ผ่าน"), ApplicationStatus.Accepted);
        var declinedAssessment = await app.WithDbAsync(async db =>
        {
            await db.Agencies.Where(a => a.Id == scene.Application.AgencyId).ExecuteUpdateAsync(s => s.SetProperty(a => a.NameTh, agency));
            await db.ServicePoints.Where(p => p.Id == scene.Application.ServicePointId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Name, point).SetProperty(p => p.Address, address));
            await db.Subcommittees.Where(s => s.Id == scene.SubcommitteeId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Name, subcommittee));
            await db.Criteria.Where(x => x.Id == scene.Cycle.EvidenceId).ExecuteUpdateAsync(s => s.SetProperty(x => x.TitleTh, criterion));
            await db.CertificationLevels.Where(l => l.CycleId == scene.Cycle.Id).ExecuteUpdateAsync(s => s.SetProperty(l => l.NameTh, level));
            await db.Cycles.Where(y => y.Id == scene.Cycle.Id).ExecuteUpdateAsync(s => s.SetProperty(y => y.Title, cycle));
            var other = new Assessment { ApplicationId = declined.Id, SubcommitteeId = scene.SubcommitteeId, CycleId = scene.Cycle.Id, AssignedAtUtc = DateTime.UtcNow };
            db.Assessments.Add(other);
            await db.SaveChangesAsync();
            foreach (var assessment in await db.Assessments.Where(a => a.Id == scene.AssessmentId || a.Id == other.Id).ToListAsync())
            {
                var certify = assessment.Id == scene.AssessmentId;
                assessment.OnSiteAddress = onSite;
                assessment.ReconciliationOpenedAtUtc = assessment.SignedOffAtUtc = DateTime.UtcNow;
                db.ReconciledScores.AddRange(
                    new ReconciledScore { AssessmentId = assessment.Id, CriterionId = scene.Cycle.MandatoryId, Mark = new Mark(null, certify, false), UpdatedAtUtc = DateTime.UtcNow },
                    new ReconciledScore { AssessmentId = assessment.Id, CriterionId = scene.Cycle.EvidenceId, Mark = Mark.Scored(5), Note = note, UpdatedAtUtc = DateTime.UtcNow },
                    new ReconciledScore { AssessmentId = assessment.Id, CriterionId = scene.Cycle.OptionalId, Mark = Mark.Scored(4), UpdatedAtUtc = DateTime.UtcNow });
                assessment.RecordRecommendation(certify
                    ? new ScoringResult([], true, [], [], [], true, 19, 20, 95, RecommendedOutcome.Certify, 1, [])
                    : new ScoringResult([], true, [], [], [scene.Cycle.MandatoryId], false, 9, 20, 45, RecommendedOutcome.DoNotCertify, null, [NotCertifiedReason.MandatoryItemFailed]));
            }

            await db.SaveChangesAsync();
            return other.Id;
        });

        // The committee decides through the app, so the certificate copies the names as it always does.
        var context = new Context(app, scene, tag);
        Assert.Contains("บันทึกมติแล้ว 1 รายการ", (await DecideAsync(context, "1/2563", "", "certify", scene.AssessmentId)).Text);
        Assert.Contains("บันทึกมติแล้ว 1 รายการ", (await DecideAsync(context, "1/2563", "ไม่ผ่านเกณฑ์บังคับ", "decline", declinedAssessment)).Text);
        var certificateId = await app.WithDbAsync(async db =>
        {
            await db.CertificationDecisions.Where(d => d.AssessmentId == declinedAssessment).ExecuteUpdateAsync(s => s.SetProperty(d => d.Reason, reason));
            await db.CommitteeMeetings.Where(m => m.CycleId == scene.Cycle.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Number, meeting));
            return await db.Certificates.Where(x => x.ApplicationId == scene.Application.Id).Select(x => x.Id).SingleAsync();
        });
        var committee = await SignedInAsync(app, (await app.CreateUserAsync(NewEmail(), Roles.SteeringCommittee)).Email!);

        async Task<string> PdfTextAsync(string url)
        {
            var response = await committee.GetAsync(url);
            Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
            using var pdf = UglyToad.PdfPig.PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
            return Pdf.PdfRendererTests.WithoutMarks(string.Concat(pdf.GetPages().Select(p => p.Text)));
        }

        void AssertPrinted(string document, params string[] texts)
        {
            foreach (var text in texts)
            {
                Assert.Contains(Pdf.PdfRendererTests.WithoutMarks(text), document);
            }
        }

        AssertPrinted(await PdfTextAsync($"/certificates/pdf/{I(certificateId)}"), point, agency, level);
        AssertPrinted(await PdfTextAsync($"/certificates/assessmentreport?assessmentId={I(scene.AssessmentId)}"), point, agency, address, subcommittee, onSite, criterion, note, meeting);
        AssertPrinted(await PdfTextAsync($"/certificates/assessmentreport?assessmentId={I(declinedAssessment)}"), reason);
        AssertPrinted(await PdfTextAsync($"/certificates/cyclereport?cycleId={I(scene.Cycle.Id)}"), cycle, point, agency, subcommittee);
    }

    private static string ShowUrl(Context c) => $"/assessments/show/{I(c.Scene.AssessmentId)}";

    private static string ScheduleForm(Context c) => "form[action$='/schedule/" + I(c.Scene.AssessmentId) + "']";

    private static string CriterionUrl(Context c) => $"/cycles/criterion?cycleId={I(c.Scene.Cycle.Id)}&id={I(c.Scene.Cycle.OptionalId)}";

    private static Task<string> UserIdAsync(Context c, string email) =>
        c.App.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    private static Task SetStatusAsync(Context c, ApplicationStatus status) =>
        c.App.WithDbAsync(db => db.Applications.Where(a => a.Id == c.Scene.Application.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, status)));

    /// <summary>A member of the scene's subcommittee, signed in, who declared no conflict.</summary>
    private static async Task<HttpClient> MemberAsync(Context c, string email)
    {
        var member = await SignedInAsync(c.App, email);
        await DeclareAsync(member, c.Scene.AssessmentId, conflict: false);
        return member;
    }

    /// <summary>Posts the form with the given values; a redirect is followed to the page that reports the outcome.</summary>
    private static async Task<Outcome> Post(Context c, string? email, string url, string formSelector, Dictionary<string, string> values)
    {
        var client = email is null ? c.App.CreateBrowser() : await SignedInAsync(c.App, email);
        return await OutcomeOf(client, await client.SubmitFormAsync(url, formSelector, values));
    }

    private static async Task<Outcome> OutcomeOf(HttpClient client, HttpResponseMessage response)
    {
        var redirected = response.StatusCode == HttpStatusCode.Redirect;
        if (redirected)
        {
            response = await client.GetAsync(response.Headers.Location);
        }

        var page = await HtmlForms.ParseAsync(response);
        return new Outcome(HtmlForms.TextOf(page), page, Redisplayed: !redirected);
    }

    private static async Task<Outcome> MemberNoteAsync(Context c)
    {
        var member = await MemberAsync(c, c.Scene.Assessor1);
        var page = await member.GetPageAsync($"/assessments/score/{I(c.Scene.AssessmentId)}");
        var response = await MarkAsync(member, page, c.Scene.Cycle.OptionalId, new Dictionary<string, string> { ["Points"] = "3", ["Note"] = c.Text });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        return new Outcome(await response.Content.ReadAsStringAsync(), null, Redisplayed: false);
    }

    private static async Task<Outcome> ReconciledNoteAsync(Context c)
    {
        await c.App.WithDbAsync(db => db.Assessments.Where(a => a.Id == c.Scene.AssessmentId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ReconciliationOpenedAtUtc, DateTime.UtcNow)));
        var chair = await MemberAsync(c, c.Scene.Chair);
        var url = $"/assessments/reconcile/{I(c.Scene.AssessmentId)}";
        var page = await chair.GetPageAsync(url);
        var form = page.QuerySelector<IHtmlFormElement>("form[action$='/reconcile/" + I(c.Scene.AssessmentId) + "']")!;
        var fields = Fields(form);
        var row = fields.Single(f => f.Key.EndsWith(".CriterionId", StringComparison.Ordinal) && f.Value == I(c.Scene.Cycle.OptionalId)).Key.Split('.')[0];
        fields = fields.With(row + ".Points", "3").With(row + ".Note", c.Text);
        return await OutcomeOf(chair, await chair.PostAsync(url, new FormUrlEncodedContent(fields)));
    }

    private static async Task<Outcome> DecideAsync(Context c, string meetingNumber, string reason, string decision = "decline", int? assessmentId = null)
    {
        var committee = await c.App.CreateUserAsync(NewEmail(), Roles.SteeringCommittee);
        var client = await SignedInAsync(c.App, committee.Email!);
        var page = await client.GetPageAsync($"/decisions?cycle={I(c.Scene.Cycle.Id)}&pendingOnly=false");
        var fields = HtmlForms.FieldsOf(page, "form[action='/decisions/decide']")
            .With("MeetingNumber", meetingNumber).With("MeetingDate", BuddhistEraDate.ThailandToday(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).With("Decision", decision).With("Reason", reason).With("Confirmed", "true")
            .With("AssessmentIds", I(assessmentId ?? c.Scene.AssessmentId));
        fields.Add(new("__RequestVerificationToken", page.QuerySelector<IHtmlInputElement>("form[action='/decisions/decide'] input[name=__RequestVerificationToken]")!.Value));
        return await OutcomeOf(client, await client.PostAsync("/decisions/decide", new FormUrlEncodedContent(fields)));
    }

    /// <summary>A certificate for the scene's assessment, as the committee's decision would issue it.</summary>
    private static Task<int> PlantCertificateAsync(Context c) =>
        c.App.WithDbAsync(async db =>
        {
            var year = await db.Cycles.Where(y => y.Id == c.Scene.Cycle.Id).Select(y => y.BuddhistYear).SingleAsync();
            var meeting = new CommitteeMeeting { CycleId = c.Scene.Cycle.Id, Number = "1/" + I(year), HeldOn = new DateOnly(2020, 9, 30) };
            db.CommitteeMeetings.Add(meeting);
            await db.SaveChangesAsync();
            var decision = new CertificationDecision
            {
                AssessmentId = c.Scene.AssessmentId,
                ApplicationId = c.Scene.Application.Id,
                CycleId = c.Scene.Cycle.Id,
                MeetingId = meeting.Id,
                Certified = true,
                LevelRank = 1,
                DecidedAtUtc = DateTime.UtcNow,
            };
            db.CertificationDecisions.Add(decision);
            await db.SaveChangesAsync();
            var certificate = new Certificate
            {
                CycleId = c.Scene.Cycle.Id,
                Sequence = 1,
                Number = Certificate.FormatNumber(year, 1),
                ApplicationId = c.Scene.Application.Id,
                DecisionId = decision.Id,
                MeetingId = meeting.Id,
                LevelRank = 1,
                LevelNameTh = "ระดับพื้นฐาน",
                LevelNameEn = "Basic",
                AgencyName = "สำนักงานที่ดินจังหวัดทดสอบ",
                ServicePointName = "จุดบริการที่ดิน",
                ProvinceCode = "90",
                IssuedOn = meeting.HeldOn,
                ValidUntil = meeting.HeldOn.AddYears(3).AddDays(-1),
            };
            db.Certificates.Add(certificate);
            await db.SaveChangesAsync();
            return certificate.Id;
        });
}
