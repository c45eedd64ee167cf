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
/// Forms posted with fields the page never had or values it never offered: another agency's ids,
/// a status, scores outside 0..max, ids from another cycle. Each is refused (4xx or a Thai
/// message) or has no effect, and the database says so.
/// </summary>
public class TamperingTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_service_point_stays_with_the_applicants_agency_whatever_agency_id_is_posted()
    {
        var mine = await ArrangeAsync(app);
        var theirs = await ArrangeAsync(app);
        var applicant = await SignedInAsync(app, mine.ApplicantEmail);
        var theirAgency = I(theirs.Application.AgencyId);
        var theirPointsBefore = await app.WithDbAsync(db => db.ServicePoints.CountAsync(p => p.AgencyId == theirs.Application.AgencyId));

        var edit = await applicant.SubmitFormAsync($"/servicepoints/edit/{I(mine.Application.ServicePointId)}", "form[action='/servicepoints/save']", new Dictionary<string, string>
        {
            ["Form.Name"] = "จุดบริการที่แก้ชื่อแล้ว",
            ["Form.AgencyId"] = theirAgency,
            ["AgencyId"] = theirAgency,
        });
        var create = await applicant.SubmitFormAsync("/servicepoints/create", "form[action='/servicepoints/save']", new Dictionary<string, string>
        {
            ["Form.Name"] = "จุดบริการใหม่ของฉัน",
            ["Form.Address"] = "ถนนทดสอบ",
            ["Form.ProvinceCode"] = "90",
            ["Form.DistrictCode"] = "9001",
            ["Form.AgencyId"] = theirAgency,
            ["AgencyId"] = theirAgency,
        });

        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, create.StatusCode);
        var edited = await app.WithDbAsync(db => db.ServicePoints.AsNoTracking().SingleAsync(p => p.Id == mine.Application.ServicePointId));
        Assert.Equal(("จุดบริการที่แก้ชื่อแล้ว", mine.Application.AgencyId), (edited.Name, edited.AgencyId));
        Assert.Equal(mine.Application.AgencyId, await app.WithDbAsync(db => db.ServicePoints.Where(p => p.Name == "จุดบริการใหม่ของฉัน").Select(p => p.AgencyId).SingleAsync()));
        Assert.Equal(theirPointsBefore, await app.WithDbAsync(db => db.ServicePoints.CountAsync(p => p.AgencyId == theirs.Application.AgencyId)));
    }

    [Fact]
    public async Task The_agency_form_changes_only_the_applicants_own_agency_and_only_to_values_it_offers()
    {
        var mine = await ArrangeAsync(app);
        var theirs = await ArrangeAsync(app);
        var applicant = await SignedInAsync(app, mine.ApplicantEmail);
        var theirAgency = I(theirs.Application.AgencyId);
        var theirsBefore = await app.WithDbAsync(db => db.Agencies.AsNoTracking().SingleAsync(a => a.Id == theirs.Application.AgencyId));

        var renamed = await applicant.SubmitFormAsync("/agencies/mine", "form[action='/agencies/mine']", new Dictionary<string, string>
        {
            ["Form.NameTh"] = "สำนักงานของฉันชื่อใหม่",
            ["Form.Id"] = theirAgency,
            ["Id"] = theirAgency,
            ["AgencyId"] = theirAgency,
            ["Form.AgencyId"] = theirAgency,
        });
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        Assert.Equal("สำนักงานของฉันชื่อใหม่", await app.WithDbAsync(db => db.Agencies.Where(a => a.Id == mine.Application.AgencyId).Select(a => a.NameTh).SingleAsync()));
        var theirsAfter = await app.WithDbAsync(db => db.Agencies.AsNoTracking().SingleAsync(a => a.Id == theirs.Application.AgencyId));
        Assert.Equal((theirsBefore.NameTh, theirsBefore.Kind), (theirsAfter.NameTh, theirsAfter.Kind));

        foreach (var (field, value, message) in new[]
        {
            ("Form.ParentAgencyId", I(mine.Application.AgencyId), "หน่วยงานต้นสังกัดต้องเป็นกระทรวงหรือกรม"),
            ("Form.ParentAgencyId", "2147483647", "หน่วยงานต้นสังกัดต้องเป็นกระทรวงหรือกรม"),
            ("Form.Kind", "99", "ค่าที่กรอกไม่ถูกต้อง"),
            ("Form.ProvinceCode", "99", "ค่าที่กรอกไม่ถูกต้อง"),
        })
        {
            var response = await applicant.SubmitFormAsync("/agencies/mine", "form[action='/agencies/mine']", new Dictionary<string, string> { ["Form.NameTh"] = "ไม่ควรบันทึก", [field] = value });
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{field}={value}: {(int)response.StatusCode}");
            Assert.Contains(message, HtmlForms.TextOf(await HtmlForms.ParseAsync(response)));
        }

        var agency = await app.WithDbAsync(db => db.Agencies.AsNoTracking().SingleAsync(a => a.Id == mine.Application.AgencyId));
        Assert.Equal(("สำนักงานของฉันชื่อใหม่", AgencyKind.Department, (int?)null), (agency.NameTh, agency.Kind, agency.ParentAgencyId));
    }

    [Fact]
    public async Task Saving_a_self_assessment_cannot_set_its_status_agency_cycle_or_service_point()
    {
        var (mine, applicant) = await Hostile.EditableApplicationAsync(app);
        var theirs = await ArrangeAsync(app);
        var submittedBefore = await app.WithDbAsync(db => db.Applications.Where(a => a.Id == mine.Application.Id).Select(a => a.SubmittedAtUtc).SingleAsync());

        await Hostile.SaveSelfAssessmentAsync(applicant, mine, (_, fields) => fields
            .With("Status", nameof(ApplicationStatus.Accepted)).With("Form.Status", nameof(ApplicationStatus.Accepted))
            .With("AgencyId", I(theirs.Application.AgencyId)).With("CycleId", I(theirs.Cycle.Id)).With("ServicePointId", I(theirs.Application.ServicePointId))
            .With("SubmittedAtUtc", "2020-01-01T00:00:00Z").With("intent", "accept"));

        var application = await app.WithDbAsync(db => db.Applications.AsNoTracking().SingleAsync(a => a.Id == mine.Application.Id));
        Assert.Equal(ApplicationStatus.Returned, application.Status);
        Assert.Equal((mine.Application.AgencyId, mine.Cycle.Id, mine.Application.ServicePointId), (application.AgencyId, application.CycleId, application.ServicePointId));
        Assert.Equal(submittedBefore, application.SubmittedAtUtc);
        Assert.Equal(ApplicationStatus.Accepted, await app.WithDbAsync(db => db.Applications.Where(a => a.Id == theirs.Application.Id).Select(a => a.Status).SingleAsync()));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("10.01")]
    [InlineData("1e3")]
    [InlineData("79228162514264337593543950336")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("0x0A")]
    [InlineData("สิบ")]
    public async Task A_self_score_outside_zero_to_max_is_refused_in_Thai_and_the_saved_score_stays(string score)
    {
        var (scene, applicant) = await Hostile.EditableApplicationAsync(app);
        var mandatory = $"score-{I(scene.Cycle.MandatoryId)}";
        await Hostile.SaveSelfAssessmentAsync(applicant, scene, (page, fields) => fields.With(Hostile.FieldName(page, mandatory), "7"));

        var after = await Hostile.SaveSelfAssessmentAsync(applicant, scene, (page, fields) => fields.With(Hostile.FieldName(page, mandatory), score));

        Assert.Contains("ข้อ P-01: คะแนนประเมินตนเองต้องเป็นตัวเลข 0 ถึง 10", after.QuerySelector("#problems")!.TextContent);
        Assert.Equal(7m, await app.WithDbAsync(db => db.SelfAssessmentAnswers.Where(a => a.ApplicationId == scene.Application.Id && a.CriterionId == scene.Cycle.MandatoryId).Select(a => a.SelfScore).SingleAsync()));
    }

    [Theory]
    [InlineData("5.001")]
    [InlineData("-0.5")]
    [InlineData("1e3")]
    [InlineData("99999999999999999999999999999999")]
    [InlineData("Infinity")]
    [InlineData("0x05")]
    [InlineData("5,5")]
    public async Task An_assessors_points_outside_zero_to_max_are_refused_and_the_saved_mark_stays(string points)
    {
        var scene = await ArrangeAsync(app);
        var member = await SignedInAsync(app, scene.Assessor1);
        await DeclareAsync(member, scene.AssessmentId, conflict: false);
        var page = await member.GetPageAsync($"/assessments/score/{I(scene.AssessmentId)}");
        await MarkAsync(member, page, scene.Cycle.OptionalId, new Dictionary<string, string> { ["Points"] = "2" });

        var response = await MarkAsync(member, page, scene.Cycle.OptionalId, new Dictionary<string, string> { ["Points"] = points });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("เกณฑ์ O-01: คะแนนต้องเป็นตัวเลข 0 ถึง 5", await response.Content.ReadAsStringAsync());
        Assert.Equal(2m, await app.WithDbAsync(db => db.MemberScores.Where(s => s.AssessmentId == scene.AssessmentId && s.CriterionId == scene.Cycle.OptionalId).Select(s => s.Mark.Points).SingleAsync()));
    }

    [Theory]
    [InlineData("-3")]
    [InlineData("1e9")]
    [InlineData("6")]
    public async Task A_reconciled_score_outside_zero_to_max_is_refused_and_nothing_is_written(string points)
    {
        var scene = await ArrangeAsync(app);
        var (chair, page) = await ReconciliationAsync(scene);

        var fields = ReconcileFields(page, scene);
        var row = RowOf(fields, scene.Cycle.OptionalId);
        var after = await PostReconcileAsync(chair, scene, fields.With(row + ".Points", points));

        Assert.Contains("เกณฑ์ O-01: คะแนนต้องเป็นตัวเลข 0 ถึง 5", HtmlForms.TextOf(after));
        Assert.False(await app.WithDbAsync(db => db.ReconciledScores.AnyAsync(s => s.AssessmentId == scene.AssessmentId)));
    }

    [Fact]
    public async Task An_applicant_naming_another_cycles_criterion_or_another_agencys_file_is_told_and_nothing_changes()
    {
        var (mine, applicant) = await Hostile.EditableApplicationAsync(app);
        var theirs = await ArrangeAsync(app);
        var theirFile = await TestData.CreateEvidenceFileAsync(app, theirs.Application.Id, theirs.Cycle.EvidenceId, "ของเขา.pdf");

        var after = await Hostile.SaveSelfAssessmentAsync(applicant, mine, (_, fields) =>
        {
            var next = fields.Count(f => f.Key.EndsWith(".CriterionId", StringComparison.Ordinal));
            return fields.With($"Answers[{I(next)}].CriterionId", I(theirs.Cycle.OptionalId)).With($"Answers[{I(next)}].SelfScore", "3")
                .With("DeleteEvidence", I(theirFile));
        }, [($"Evidence_{I(theirs.Cycle.EvidenceId)}", "คู่มือ.pdf", TestData.Pdf())]);

        Assert.Contains("ไม่พบเกณฑ์นี้ในรอบการประเมิน", after.QuerySelector("#problems")?.TextContent ?? "");
        Assert.False(await app.WithDbAsync(db => db.SelfAssessmentAnswers.AnyAsync(a => a.CriterionId == theirs.Cycle.OptionalId)));
        Assert.False(await app.WithDbAsync(db => db.EvidenceFiles.AnyAsync(f => f.ApplicationId == mine.Application.Id)));
        Assert.Equal(["ของเขา.pdf"], await app.WithDbAsync(db => db.EvidenceFiles.Where(f => f.ApplicationId == theirs.Application.Id).Select(f => f.FileName).ToListAsync()));
    }

    [Fact]
    public async Task An_assessor_naming_another_cycles_criterion_or_photo_is_refused_and_nothing_is_written()
    {
        var mine = await ArrangeAsync(app);
        var theirs = await ArrangeAsync(app);
        var member = await SignedInAsync(app, mine.Assessor1);
        await DeclareAsync(member, mine.AssessmentId, conflict: false);
        var page = await ScoringPageOfAsync(member, mine.AssessmentId, mine.Cycle.OptionalId);
        var theirPhoto = await app.WithDbAsync(async db =>
        {
            var photo = new AssessmentPhoto
            {
                AssessmentId = theirs.AssessmentId,
                CriterionId = theirs.Cycle.OptionalId,
                FileName = "ของเขา.png",
                ContentType = "image/png",
                SizeBytes = 600,
                UploadedByUserId = await db.Users.Where(u => u.Email == theirs.Assessor1).Select(u => u.Id).SingleAsync(),
                UploadedAtUtc = DateTime.UtcNow,
                Content = new AssessmentPhotoContent { Data = TestData.Png() },
            };
            db.AssessmentPhotos.Add(photo);
            await db.SaveChangesAsync();
            return photo.Id;
        });

        var mark = await MarkAsync(member, page, mine.Cycle.OptionalId, new Dictionary<string, string> { ["CriterionId"] = I(theirs.Cycle.OptionalId), ["Points"] = "3" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, mark.StatusCode);
        Assert.Contains("ไม่พบเกณฑ์นี้ในรอบการประเมิน", await mark.Content.ReadAsStringAsync());

        var photo = await member.PostMultipartAsync(page, $"#c-{I(mine.Cycle.OptionalId)} form.photo-form",
            [new("criterionId", I(theirs.Cycle.OptionalId))], [("photo", "ป้าย.png", TestData.Png())]);
        Assert.Contains("ไม่พบเกณฑ์นี้ในรอบการประเมิน", HtmlForms.TextOf(await member.GetPageAsync(photo.Headers.Location!.ToString())));

        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/assessments/photofile/{I(mine.AssessmentId)}?photoId={I(theirPhoto)}")).StatusCode);
        Assert.False(await app.WithDbAsync(db => db.MemberScores.AnyAsync(s => s.AssessmentId == mine.AssessmentId)));
        Assert.False(await app.WithDbAsync(db => db.AssessmentPhotos.AnyAsync(p => p.AssessmentId == mine.AssessmentId)));
    }

    [Fact]
    public async Task A_chair_naming_another_cycles_criterion_in_the_reconciliation_is_told_and_nothing_is_written()
    {
        var scene = await ArrangeAsync(app);
        var theirs = await ArrangeAsync(app);
        var (chair, page) = await ReconciliationAsync(scene);

        var fields = ReconcileFields(page, scene);
        var next = I(fields.Count(f => f.Key.EndsWith(".CriterionId", StringComparison.Ordinal)));
        fields.AddRange([new($"Rows[{next}].CriterionId", I(theirs.Cycle.OptionalId)), new($"Rows[{next}].Points", "3"), new($"Rows[{next}].RowVersion", "0"), new($"Rows[{next}].Original", "|")]);
        var after = await PostReconcileAsync(chair, scene, fields);

        Assert.Contains("ไม่พบเกณฑ์นี้ในรอบการประเมิน", HtmlForms.TextOf(after));
        Assert.False(await app.WithDbAsync(db => db.ReconciledScores.AnyAsync(s => s.CriterionId == theirs.Cycle.OptionalId)));
    }

    [Theory]
    [InlineData("99")]
    [InlineData("Certified")]
    [InlineData("")]
    public async Task A_preliminary_outcome_that_is_not_one_of_the_three_is_refused_and_nothing_changes(string outcome)
    {
        var scene = await ArrangeAsync(app);
        var chair = await SignedInAsync(app, scene.Chair);
        await DeclareAsync(chair, scene.AssessmentId, conflict: false);
        var url = $"/assessments/show/{I(scene.AssessmentId)}";
        var form = "form[action$='/preliminary/" + I(scene.AssessmentId) + "']";
        await PostPageFormAsync(chair, url, form, new Dictionary<string, string> { ["outcome"] = nameof(PreliminaryOutcome.Stop), ["reason"] = "ไม่พร้อมให้บริการ" });

        var response = await PostPageFormAsync(chair, url, form, new Dictionary<string, string> { ["outcome"] = outcome, ["reason"] = "" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("กรุณาเลือกผลการประเมินเบื้องต้น", HtmlForms.TextOf(await chair.GetPageAsync(response.Headers.Location!.ToString())));
        var assessment = await app.WithDbAsync(db => db.Assessments.AsNoTracking().SingleAsync(a => a.Id == scene.AssessmentId));
        Assert.Equal((PreliminaryOutcome.Stop, "ไม่พร้อมให้บริการ"), (assessment.PreliminaryOutcome, assessment.PreliminaryStopReason));
    }

    [Fact]
    public async Task The_secretariat_cannot_give_the_applicant_role_to_an_account_without_an_agency_or_grant_a_made_up_role()
    {
        var scene = await ArrangeAsync(app);
        var secretariat = await SignedInAsync(app, scene.Secretariat);
        var assessor = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == scene.Assessor1));

        foreach (var (role, message) in new[] { (Roles.Applicant, "ผู้สมัครต้องสังกัดหน่วยงาน"), ("SuperUser", "บทบาทที่เลือกไม่มีในระบบ") })
        {
            var email = $"new-{Guid.NewGuid():N}@tamper.test";
            var created = await PostUserAsync(secretariat, "/users/create", "form[action='/users/create']",
                [new("DisplayName", "นายทดสอบ"), new("Email", email), new("Password", "initial-pass-2563"), new("Roles", role)]);
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
            Assert.Contains(message, HtmlForms.TextOf(await HtmlForms.ParseAsync(created)));
            Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email)));

            var edited = await PostUserAsync(secretariat, $"/users/edit/{assessor.Id}", "form[action^='/users/edit']",
                [new("Id", assessor.Id), new("Email", assessor.Email!), new("DisplayName", assessor.DisplayName), new("Roles", Roles.Assessor), new("Roles", role)]);
            Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
            Assert.Contains(message, HtmlForms.TextOf(await HtmlForms.ParseAsync(edited)));
        }

        var roles = await app.WithDbAsync(db => db.UserRoles.Where(r => r.UserId == assessor.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync());
        Assert.Equal([Roles.Assessor], roles);
    }

    [Fact]
    public async Task Ids_from_another_cycle_in_decisions_assignments_and_subcommittees_change_nothing()
    {
        var mine = await ArrangeAsync(app);
        var theirs = await ArrangeAsync(app);
        await app.WithDbAsync(db => db.Assessments.Where(a => a.Id == theirs.AssessmentId || a.Id == mine.AssessmentId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ReconciliationOpenedAtUtc, DateTime.UtcNow).SetProperty(a => a.SignedOffAtUtc, DateTime.UtcNow)
                .SetProperty(a => a.RecommendedOutcome, RecommendedOutcome.Certify).SetProperty(a => a.RecommendedLevelRank, 1)));
        var committee = await SignedInAsync(app, (await app.CreateUserAsync($"committee-{Guid.NewGuid():N}@tamper.test", Roles.SteeringCommittee)).Email!);
        var secretariat = await SignedInAsync(app, mine.Secretariat);

        // A decision in my cycle's meeting on their cycle's signed-off assessment; one of mine at a level the cycle lacks.
        var decisions = await committee.GetPageAsync($"/decisions?cycle={I(mine.Cycle.Id)}&pendingOnly=false");
        foreach (var (assessment, level, message) in new[]
        {
            (theirs.AssessmentId, "", "กรุณาเลือกใบสมัครที่ลงนามรับรองผลแล้วและยังไม่มีมติ"),
            (mine.AssessmentId, "99", "ไม่พบระดับนี้ในรอบการประเมิน"),
        })
        {
            var fields = HtmlForms.FieldsOf(decisions, "form[action='/decisions/decide']")
                .With("MeetingNumber", "9/2563").With("MeetingDate", BuddhistEraDate.ThailandToday(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).With("Decision", "certify").With("LevelRank", level).With("AssessmentIds", I(assessment));
            // Refused: the form comes back with the message.
            var decided = await PostWithTokenAsync(committee, decisions, "/decisions/decide", fields);
            Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
            Assert.Contains(message, HtmlForms.TextOf(await HtmlForms.ParseAsync(decided)));
        }

        Assert.False(await app.WithDbAsync(db => db.CertificationDecisions.AnyAsync(d => d.AssessmentId == theirs.AssessmentId || d.AssessmentId == mine.AssessmentId)));

        // Their accepted application assigned to my cycle's subcommittee.
        var extra = await TestData.CreateApplicationAsync(app, theirs.Cycle.Id,
            await TestData.CreateServicePointAsync(app, theirs.Application.AgencyId, "จุดที่ยังไม่มอบหมาย"), ApplicationStatus.Accepted);
        var assign = await secretariat.GetPageAsync($"/subcommittees/assign?cycle={I(mine.Cycle.Id)}");
        var assigned = await PostWithTokenAsync(secretariat, assign, "/subcommittees/assign",
            HtmlForms.FieldsOf(assign, "form[action='/subcommittees/assign']").With("subcommitteeId", I(mine.SubcommitteeId)).With("applicationIds", I(extra.Id)));
        Assert.Contains("ไม่มีใบสมัครที่มอบหมายได้", HtmlForms.TextOf(await secretariat.GetPageAsync(assigned.Headers.Location!.ToString())));
        Assert.False(await app.WithDbAsync(db => db.Assessments.AnyAsync(a => a.ApplicationId == extra.Id)));

        // An applicant's account made a member of a subcommittee.
        var applicantId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == mine.ApplicantEmail).Select(u => u.Id).SingleAsync());
        var chairId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == mine.Chair).Select(u => u.Id).SingleAsync());
        var subcommittees = await secretariat.GetPageAsync($"/subcommittees?cycle={I(mine.Cycle.Id)}");
        var saved = await PostWithTokenAsync(secretariat, subcommittees, "/subcommittees/save",
            HtmlForms.FieldsOf(subcommittees, "form[action='/subcommittees/save']").With("Name", "คณะที่มีผู้สมัคร").With("ChairUserId", chairId).With("MemberIds", applicantId));
        Assert.Contains("กรรมการต้องเป็นผู้ใช้ที่มีบทบาทผู้ประเมิน", HtmlForms.TextOf(await HtmlForms.ParseAsync(saved)));
        Assert.False(await app.WithDbAsync(db => db.SubcommitteeMembers.AnyAsync(m => m.UserId == applicantId)));
    }

    [Fact]
    public async Task A_criterion_of_a_locked_cycle_cannot_be_edited_through_another_cycles_form()
    {
        var open = await ArrangeAsync(app);
        var locked = await ArrangeAsync(app);
        await app.WithDbAsync(db => db.Cycles.Where(c => c.Id == locked.Cycle.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.CatalogueLockedAtUtc, DateTime.UtcNow)));
        var secretariat = await SignedInAsync(app, open.Secretariat);
        var lockedDimension = await app.WithDbAsync(db => db.Dimensions.Where(d => d.CycleId == locked.Cycle.Id).Select(d => d.Id).FirstAsync());

        var criterion = await secretariat.SubmitFormAsync($"/cycles/criterion?cycleId={I(open.Cycle.Id)}&id={I(open.Cycle.OptionalId)}", "form[action='/cycles/savecriterion']",
            new Dictionary<string, string> { ["Form.Id"] = I(locked.Cycle.OptionalId), ["Form.Code"] = "X-99", ["Form.MaxPoints"] = "1000" });
        var dimension = await secretariat.SubmitFormAsync($"/cycles/catalogue/{I(open.Cycle.Id)}", "form[action^='/cycles/settings/']",
            new Dictionary<string, string> { ["Dimensions[0].Id"] = I(lockedDimension), ["Dimensions[0].MinimumPercent"] = "1" });

        Assert.Equal(HttpStatusCode.NotFound, criterion.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, dimension.StatusCode);
        Assert.Equal(5, await app.WithDbAsync(db => db.Criteria.Where(c => c.Id == locked.Cycle.OptionalId).Select(c => c.MaxPoints).SingleAsync()));
        Assert.Equal(60m, await app.WithDbAsync(db => db.Dimensions.Where(d => d.Id == lockedDimension).Select(d => d.MinimumPercent).SingleAsync()));
        Assert.Equal(5, await app.WithDbAsync(db => db.Criteria.Where(c => c.Id == open.Cycle.OptionalId).Select(c => c.MaxPoints).SingleAsync()));
    }

    /// <summary>The chair, signed in and without a conflict, on the opened reconciliation page.</summary>
    private async Task<(HttpClient Chair, IDocument Page)> ReconciliationAsync(AssessmentScene scene)
    {
        await app.WithDbAsync(db => db.Assessments.Where(a => a.Id == scene.AssessmentId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ReconciliationOpenedAtUtc, DateTime.UtcNow)));
        var chair = await SignedInAsync(app, scene.Chair);
        await DeclareAsync(chair, scene.AssessmentId, conflict: false);
        return (chair, await chair.GetPageAsync($"/assessments/reconcile/{I(scene.AssessmentId)}"));
    }

    private static List<KeyValuePair<string, string>> ReconcileFields(IDocument page, AssessmentScene scene) =>
        Fields(page.QuerySelector<IHtmlFormElement>("form[action$='/reconcile/" + I(scene.AssessmentId) + "']")!);

    private static string RowOf(List<KeyValuePair<string, string>> fields, int criterionId) =>
        fields.Single(f => f.Key.EndsWith(".CriterionId", StringComparison.Ordinal) && f.Value == I(criterionId)).Key.Split('.')[0];

    private static async Task<IDocument> PostReconcileAsync(HttpClient chair, AssessmentScene scene, List<KeyValuePair<string, string>> fields)
    {
        var url = $"/assessments/reconcile/{I(scene.AssessmentId)}";
        var response = await chair.PostAsync(url, new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await chair.GetPageAsync(response.Headers.Location!.ToString());
    }

    private static async Task<HttpResponseMessage> PostUserAsync(HttpClient client, string url, string formSelector, List<KeyValuePair<string, string>> fields)
    {
        var page = await client.GetPageAsync(url);
        return await PostWithTokenAsync(client, page, page.QuerySelector<IHtmlFormElement>(formSelector)!.Action, fields);
    }

    private static async Task<HttpResponseMessage> PostWithTokenAsync(HttpClient client, IDocument page, string url, List<KeyValuePair<string, string>> fields)
    {
        fields.Add(new("__RequestVerificationToken", page.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value));
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }
}
