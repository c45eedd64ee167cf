using System.Net;
using GeccAssessment.Tests.Features.Assessments;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Tests.Pdf;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Satisfaction;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace GeccAssessment.Tests.Features.Satisfaction;

/// <summary>The public survey behind the poster's QR code: answers, limits, honeypot, fill time, markup, re-issued codes, review.</summary>
public class SurveyTests(SurveyFactory app) : IClassFixture<SurveyFactory>
{
    [Fact]
    public async Task The_poster_carries_a_code_to_the_point_page_and_an_answer_is_counted_with_its_aggregates()
    {
        var (_, point, applicant) = await Survey.ArrangeAsync(app);
        var client = app.CreateBrowser();
        await client.SignInOrFailAsync(applicant);
        foreach (var size in new[] { "A4", "TableTent" })
        {
            var response = await client.GetAsync($"/satisfaction/poster/{point.Id}?size={size}");
            Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            using var pdf = PdfDocument.Open(bytes);
            var text = PdfRendererTests.WithoutMarks(pdf.GetPage(1).Text);
            Assert.Contains(PdfRendererTests.WithoutMarks("ประเมินความพึงพอใจการให้บริการ"), text);
            Assert.Contains(PdfRendererTests.WithoutMarks(point.Name), text);
            var token = await app.WithDbAsync(db => db.SatisfactionLinks.Where(l => l.ServicePointId == point.Id && l.RevokedAtUtc == null).Select(l => l.Token).SingleAsync());
            Assert.EndsWith("/s/" + token, QrCodes.ReadFromPdfPage(bytes));
        }

        var url = await Survey.CodeUrlAsync(app, applicant, point.Id);
        var phone = app.CreateBrowser();
        var form = await phone.GetPageAsync(url);
        Assert.Contains(point.Name, HtmlForms.TextOf(form));
        Assert.Contains("ชำระภาษี", form.QuerySelector("select[name=Service]")!.TextContent);
        Assert.NotNull(form.QuerySelector("#pdpa"));
        var answer = await Survey.AnswerAsync(app, url, Survey.Happy("บริการดีมาก"), phone);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/s/thanks", answer.Headers.Location!.OriginalString);
        var stored = await app.WithDbAsync(db => db.SatisfactionResponses.AsNoTracking().SingleAsync(r => r.ServicePointId == point.Id));
        Assert.Equal<(short, short?, short?, short?, short?, string?, string?, SatisfactionStatus)>(
            (5, 4, 5, 3, 4, "ชำระภาษี", "บริการดีมาก", SatisfactionStatus.Counted),
            (stored.Overall, stored.Premises, stored.Personnel, stored.ServiceProcess, stored.Other, stored.Service, stored.Comment, stored.Status));
        Assert.Equal(16, stored.DeviceKey.Length);
        var daily = await app.WithDbAsync(db => db.SatisfactionDaily.AsNoTracking().SingleAsync(d => d.ServicePointId == point.Id));
        Assert.Equal((1, 5, 1, 4, 1, 3), (daily.Answers, daily.OverallSum, daily.PremisesAnswers, daily.PremisesSum, daily.ServiceProcessAnswers, daily.ServiceProcessSum));
        var monthly = await app.WithDbAsync(db => db.SatisfactionMonthly.AsNoTracking().SingleAsync(m => m.ServicePointId == point.Id));
        Assert.Equal((1, 5, "90", AgencyKind.Department), (monthly.Answers, monthly.OverallSum, monthly.ProvinceCode, monthly.AgencyKind));
        var year = await app.WithDbAsync(db => db.SatisfactionPointYears.AsNoTracking().SingleAsync(y => y.ServicePointId == point.Id));
        Assert.Equal((1, 5, 1, 3, "90", AgencyKind.Department), (year.Answers, year.OverallSum, year.ServiceProcessAnswers, year.ServiceProcessSum, year.ProvinceCode, year.AgencyKind));

        var results = HtmlForms.TextOf(await client.GetPageAsync($"/satisfaction/results/{point.Id}"));
        Assert.Contains("ข้อมูลไม่เพียงพอ", results);
        Assert.Contains("1 คำตอบ", results);
        Assert.Contains("บริการดีมาก", results);
    }

    [Fact]
    public async Task The_questions_use_the_wording_the_secretariat_saved_in_thai_and_english()
    {
        var (_, point, applicant) = await Survey.ArrangeAsync(app);
        var cycle = await TestData.CreateCycleAsync(app, TestData.UniqueYear() + 500);
        var secretariat = $"sec-{Guid.NewGuid():N}@survey.test";
        await app.CreateUserAsync(secretariat, Roles.Secretariat);
        var staff = app.CreateBrowser();
        await staff.SignInOrFailAsync(secretariat);
        var fields = new Dictionary<string, string>();
        for (var i = 0; i < 4; i++)
        {
            fields[$"Form.Questions[{i}].TextTh"] = $"คำถามทดสอบข้อ {i + 1}";
            fields[$"Form.Questions[{i}].TextEn"] = $"Test question {i + 1}";
        }

        var saved = await staff.SubmitFormAsync($"/satisfaction/questions?cycle={cycle.Id}", "#questions-form", fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var url = await Survey.CodeUrlAsync(app, applicant, point.Id);
        var phone = app.CreateBrowser();
        var thai = HtmlForms.TextOf(await phone.GetPageAsync(url));
        Assert.Contains("คำถามทดสอบข้อ 3", thai);
        await phone.SubmitFormAsync(await phone.GetPageAsync(url), "form[action='/culture/set']", new Dictionary<string, string>());
        var english = HtmlForms.TextOf(await phone.GetPageAsync(url));
        Assert.Contains("Test question 3", english);
        Assert.Contains("Rate our service", english);
    }

    [Fact]
    public async Task One_answer_per_device_per_point_per_day_and_another_phone_still_counts()
    {
        var (_, point, applicant) = await Survey.ArrangeAsync(app);
        var url = await Survey.CodeUrlAsync(app, applicant, point.Id);
        var phone = app.CreateBrowser();

        Assert.Equal("/s/thanks", (await Survey.AnswerAsync(app, url, Survey.Happy(), phone)).Headers.Location!.OriginalString);
        // Sent again within two minutes (the reply was slow to come): the same answer, thanked, stored once.
        Assert.Equal("/s/thanks", (await Survey.AnswerAsync(app, url, Survey.Happy(), phone)).Headers.Location!.OriginalString);
        Assert.Equal(1, await CountAsync(point.Id));
        app.Clock.Advance(TimeSpan.FromMinutes(3));
        var again = await Survey.AnswerAsync(app, url, Survey.Happy(), phone);
        Assert.Equal("/s/thanks?already=true", again.Headers.Location!.OriginalString, ignoreCase: true);
        Assert.Contains("วันนี้ท่านได้ประเมินจุดบริการนี้แล้ว", HtmlForms.TextOf(await phone.GetPageAsync("/s/thanks?already=true")));
        Assert.Equal(1, await CountAsync(point.Id));

        await Survey.AnswerAsync(app, url, Survey.Happy());
        Assert.Equal(2, await CountAsync(point.Id));
        Assert.Equal(2, await app.WithDbAsync(db => db.SatisfactionDaily.Where(d => d.ServicePointId == point.Id).SumAsync(d => d.Answers)));
    }

    [Fact]
    public async Task Answers_sent_at_the_same_moment_are_each_stored_once_with_their_aggregates_and_a_double_tap_is_thanked_twice()
    {
        // Four counters, four phones each, every answer sent at once: the writer stores them in groups.
        // (Five answers a point stay within this factory's burst limit, so every stored one is counted.)
        var phones = new List<(int Point, HttpClient Phone, AngleSharp.Dom.IDocument Page)>();
        foreach (var _ in Enumerable.Range(0, 4))
        {
            var (_, point, applicant) = await Survey.ArrangeAsync(app);
            var url = await Survey.CodeUrlAsync(app, applicant, point.Id);
            foreach (var __ in Enumerable.Range(0, 4))
            {
                var phone = app.CreateBrowser();
                phones.Add((point.Id, phone, await phone.GetPageAsync(url)));
            }
        }

        app.Clock.Advance(TimeSpan.FromSeconds(10));
        // The first phone of each counter sends its answer twice at once (a double tap on a slow line).
        var sends = phones.Select(p => p.Phone.SubmitFormAsync(p.Page, "form.survey", Survey.Happy()))
            .Concat(phones.Where((_, i) => i % 4 == 0).Select(p => p.Phone.SubmitFormAsync(p.Page, "form.survey", Survey.Happy())))
            .ToList();
        var answers = await Task.WhenAll(sends);

        var places = answers.Select(a => a.Headers.Location?.OriginalString.ToLowerInvariant()).ToList();
        // The second tap is stored once, but thanked like the first, not told it has already answered.
        Assert.Equal(20, places.Count(p => p == "/s/thanks"));
        var points = phones.Select(p => p.Point).Distinct().ToList();
        var stored = await app.WithDbAsync(db => db.SatisfactionResponses.Where(r => points.Contains(r.ServicePointId))
            .GroupBy(r => r.ServicePointId).Select(g => new { Point = g.Key, All = g.Count(), Counted = g.Count(r => r.Status == SatisfactionStatus.Counted) }).ToListAsync());
        Assert.All(stored, s => Assert.Equal((4, 4), (s.All, s.Counted)));
        Assert.Equal(4, stored.Count);
        Assert.Equal(16, await app.WithDbAsync(db => db.SatisfactionDaily.Where(d => points.Contains(d.ServicePointId)).SumAsync(d => d.Answers)));
        Assert.Equal(16, await app.WithDbAsync(db => db.SatisfactionMonthly.Where(d => points.Contains(d.ServicePointId)).SumAsync(d => d.Answers)));
        Assert.Equal(16, await app.WithDbAsync(db => db.SatisfactionPointYears.Where(d => points.Contains(d.ServicePointId)).SumAsync(d => d.Answers)));
    }

    [Fact]
    public async Task A_service_the_agency_has_just_added_is_accepted_though_the_point_was_read_before()
    {
        var (_, point, applicant) = await Survey.ArrangeAsync(app);
        var url = await Survey.CodeUrlAsync(app, applicant, point.Id);
        // A first answer: the app now has the point and its list of services in hand.
        Assert.Equal("/s/thanks", (await Survey.AnswerAsync(app, url, Survey.Happy())).Headers.Location!.OriginalString);
        var unknown = Survey.Happy();
        unknown["Service"] = "ต่ออายุใบอนุญาต";
        var phone = app.CreateBrowser();
        var page = await phone.GetPageAsync(url);
        app.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await phone.SubmitFormAsync(page, "form.survey", unknown)).StatusCode);

        await app.WithDbAsync(db => db.ServicePoints.Where(p => p.Id == point.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.ServicesOffered, "ขอใบอนุญาต, ชำระภาษี, ต่ออายุใบอนุญาต")));
        var added = await Survey.AnswerAsync(app, url, unknown);

        Assert.Equal("/s/thanks", added.Headers.Location!.OriginalString);
        Assert.Equal(1, await app.WithDbAsync(db => db.SatisfactionResponses.CountAsync(r => r.ServicePointId == point.Id && r.Service == "ต่ออายุใบอนุญาต")));
    }

    [Fact]
    public async Task The_honeypot_thanks_the_robot_and_stores_nothing()
    {
        var (_, point, applicant) = await Survey.ArrangeAsync(app);
        var url = await Survey.CodeUrlAsync(app, applicant, point.Id);
        var answers = Survey.Happy();
        answers["Website"] = "http://spam.example";

        var response = await Survey.AnswerAsync(app, url, answers);

        Assert.Equal("/s/thanks", response.Headers.Location!.OriginalString);
        Assert.Equal(0, await CountAsync(point.Id));
        Assert.False(await app.WithDbAsync(db => db.SatisfactionDaily.AnyAsync(d => d.ServicePointId == point.Id)));
    }

    [Fact]
    public async Task A_form_sent_faster_than_a_person_can_is_refused_and_keeps_the_answers_then_accepted_later()
    {
        var (_, point, applicant) = await Survey.ArrangeAsync(app);
        var url = await Survey.CodeUrlAsync(app, applicant, point.Id);
        var phone = app.CreateBrowser();

        var fast = await Survey.AnswerAsync(app, url, Survey.Happy("เร็วไป"), phone, wait: false);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, fast.StatusCode);
        var page = await Survey.ParseAsync(fast);
        Assert.Contains("ส่งเร็วเกินไป", page.QuerySelector("#survey-errors")!.TextContent);
        Assert.Equal("5", Survey.Checked(page, "Overall"));
        Assert.Equal("เร็วไป", page.QuerySelector("textarea[name=Comment]")!.TextContent);
        Assert.Equal(0, await CountAsync(point.Id));

        app.Clock.Advance(TimeSpan.FromSeconds(10));
        var later = await phone.SubmitFormAsync(page, "form.survey", new Dictionary<string, string>());
        Assert.Equal("/s/thanks", later.Headers.Location!.OriginalString);
        Assert.Equal(1, await CountAsync(point.Id));
    }

    [Fact]
    public async Task A_missing_foreign_or_stale_token_and_nonsense_values_are_refused_with_thai_messages()
    {
        var (_, point, applicant) = await Survey.ArrangeAsync(app);
        var (_, other, otherApplicant) = await Survey.ArrangeAsync(app);
        var url = await Survey.CodeUrlAsync(app, applicant, point.Id);
        var otherUrl = await Survey.CodeUrlAsync(app, otherApplicant, other.Id);
        var phone = app.CreateBrowser();
        var foreignToken = (await phone.GetPageAsync(otherUrl)).QuerySelector("input[name=Token]")!.GetAttribute("value")!;
        // Another device's token for this very point: what a cross-site form would have to forge (the POST has no antiforgery token).
        var otherDeviceToken = (await app.CreateBrowser().GetPageAsync(url)).QuerySelector("input[name=Token]")!.GetAttribute("value")!;

        foreach (var (change, message) in new (Dictionary<string, string>, string)[]
        {
            (new() { ["Token"] = "" }, "แบบประเมินหมดอายุแล้ว"),
            (new() { ["Token"] = foreignToken }, "แบบประเมินหมดอายุแล้ว"),
            (new() { ["Token"] = otherDeviceToken }, "แบบประเมินหมดอายุแล้ว"),
            (new() { ["Overall"] = "9" }, "ระดับ 1 ถึง 5"),
            (new() { ["Premises"] = "abc" }, "ระดับ 1 ถึง 5"),
            (new() { ["Overall"] = "" }, "กรุณาเลือกความพึงพอใจโดยรวม"),
            (new() { ["Service"] = "บริการที่ไม่มี" }, "กรุณาเลือกบริการจากรายการ"),
            (new() { ["Comment"] = new string('ก', 501) }, "ข้อเสนอแนะยาวเกินกำหนด"),
        })
        {
            var answers = Survey.Happy();
            foreach (var (key, value) in change)
            {
                answers[key] = value;
            }

            var response = await Survey.AnswerAsync(app, url, answers, phone);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Contains(message, (await Survey.ParseAsync(response)).QuerySelector("#survey-errors")!.TextContent);
        }

        app.Clock.Advance(TimeSpan.FromHours(5));
        var page = await phone.GetPageAsync(url);
        app.Clock.Advance(TimeSpan.FromHours(5));
        var stale = await phone.SubmitFormAsync(page, "form.survey", Survey.Happy());
        Assert.Contains("แบบประเมินหมดอายุแล้ว", (await Survey.ParseAsync(stale)).QuerySelector("#survey-errors")!.TextContent);
        Assert.Equal(0, await CountAsync(point.Id));
    }

    [Fact]
    public async Task A_quick_correction_after_a_refused_send_is_not_too_fast_and_a_fresh_form_still_is()
    {
        var (_, point, applicant) = await Survey.ArrangeAsync(app);
        var url = await Survey.CodeUrlAsync(app, applicant, point.Id);
        var phone = app.CreateBrowser();
        var answers = Survey.Happy();
        answers["Overall"] = "";

        var refused = await Survey.AnswerAsync(app, url, answers, phone);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);

        // At once, as a person who only had to tap the missing face: the form was given out ten seconds ago.
        var corrected = await phone.SubmitFormAsync(await Survey.ParseAsync(refused), "form.survey", new Dictionary<string, string> { ["Overall"] = "4" });
        Assert.Equal("/s/thanks", corrected.Headers.Location?.OriginalString);
        Assert.Equal(1, await CountAsync(point.Id));

        var tooFast = await Survey.AnswerAsync(app, url, Survey.Happy(), wait: false);
        Assert.Contains("ส่งเร็วเกินไป", (await Survey.ParseAsync(tooFast)).QuerySelector("#survey-errors")!.TextContent);
    }

    [Fact]
    public async Task A_comment_within_the_limit_as_the_browser_counts_it_is_accepted_though_its_line_breaks_are_sent_as_crlf()
    {
        var (_, point, applicant) = await Survey.ArrangeAsync(app);
        var url = await Survey.CodeUrlAsync(app, applicant, point.Id);
        // 166 lines of two letters: 498 characters in the textarea (a line break is one), 664 as sent.
        var comment = string.Concat(Enumerable.Repeat("กข\r\n", 166));

        var answer = await Survey.AnswerAsync(app, url, Survey.Happy(comment));

        Assert.Equal("/s/thanks", answer.Headers.Location?.OriginalString);
        var stored = await app.WithDbAsync(db => db.SatisfactionResponses.Where(r => r.ServicePointId == point.Id).Select(r => r.Comment).SingleAsync());
        Assert.Equal(comment.Replace("\r\n", "\n", StringComparison.Ordinal).Trim(), stored);
    }

    [Fact]
    public async Task Markup_in_a_comment_is_kept_as_typed_and_shown_to_staff_as_text()
    {
        var (_, point, applicant) = await Survey.ArrangeAsync(app);
        var url = await Survey.CodeUrlAsync(app, applicant, point.Id);
        const string comment = "<script>alert('x')</script><b>ดีมาก</b> <img src=x onerror=alert(1)>";

        await Survey.AnswerAsync(app, url, Survey.Happy(comment));

        Assert.Equal(comment, await app.WithDbAsync(db => db.SatisfactionResponses.Where(r => r.ServicePointId == point.Id).Select(r => r.Comment).SingleAsync()));
        var staff = app.CreateBrowser();
        await staff.SignInOrFailAsync(applicant);
        var response = await staff.GetAsync($"/satisfaction/results/{point.Id}");
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("<b>ดีมาก", html);
        Assert.DoesNotContain("<img src=x", html);
        var page = await HtmlForms.ParseAsync(response);
        Assert.Contains(comment, page.QuerySelector("#satisfaction-comments")!.TextContent);
    }

    [Fact]
    public async Task A_reissued_code_makes_the_old_one_a_thai_404_and_the_new_poster_works()
    {
        var (_, point, applicant) = await Survey.ArrangeAsync(app);
        var oldUrl = await Survey.CodeUrlAsync(app, applicant, point.Id);
        var phone = app.CreateBrowser();
        var oldPage = await phone.GetPageAsync(oldUrl);
        // Another phone answers first, so that the app has the old code's point in hand when it is re-issued.
        Assert.Equal("/s/thanks", (await Survey.AnswerAsync(app, oldUrl, Survey.Happy())).Headers.Location!.OriginalString);
        var agency = app.CreateBrowser();
        await agency.SignInOrFailAsync(applicant);

        var reissued = await agency.SubmitFormAsync("/satisfaction", $"form[action='/satisfaction/reissue/{point.Id}']", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, reissued.StatusCode);

        var gone = await phone.GetAsync(oldUrl);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Contains("คิวอาร์โค้ดนี้ไม่ได้ใช้งานแล้ว", await gone.Content.ReadAsStringAsync());
        app.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.NotFound, (await phone.SubmitFormAsync(oldPage, "form.survey", Survey.Happy())).StatusCode);
        Assert.Equal(1, await CountAsync(point.Id));

        var newUrl = await Survey.CodeUrlAsync(app, applicant, point.Id);
        Assert.NotEqual(oldUrl, newUrl);
        Assert.Equal("/s/thanks", (await Survey.AnswerAsync(app, newUrl, Survey.Happy(), phone)).Headers.Location!.OriginalString);
        Assert.Equal(2, await CountAsync(point.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await phone.GetAsync("/s/" + new string('A', 22))).StatusCode);
    }

    [Fact]
    public async Task Another_agency_can_neither_print_reissue_nor_read_the_point()
    {
        var (_, point, _) = await Survey.ArrangeAsync(app);
        var (_, _, stranger) = await Survey.ArrangeAsync(app);
        var client = app.CreateBrowser();
        await client.SignInOrFailAsync(stranger);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/satisfaction/poster/{point.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/satisfaction/results/{point.Id}")).StatusCode);
        var own = await client.GetPageAsync("/satisfaction");
        var token = own.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var reissue = await client.PostAsync($"/satisfaction/reissue/{point.Id}", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.NotFound, reissue.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.SatisfactionLinks.AnyAsync(l => l.ServicePointId == point.Id)));
        Assert.DoesNotContain(point.Name, HtmlForms.TextOf(own));
    }

    [Fact]
    public async Task A_burst_is_kept_but_left_out_of_the_figures_until_the_secretariat_counts_it()
    {
        var (_, point, applicant) = await Survey.ArrangeAsync(app);
        var url = await Survey.CodeUrlAsync(app, applicant, point.Id);
        for (var i = 0; i < 7; i++)
        {
            Assert.Equal("/s/thanks", (await Survey.AnswerAsync(app, url, Survey.Happy())).Headers.Location!.OriginalString);
        }

        var statuses = await app.WithDbAsync(db => db.SatisfactionResponses.Where(r => r.ServicePointId == point.Id).GroupBy(r => r.Status).ToDictionaryAsync(g => g.Key, g => g.Count()));
        Assert.Equal(5, statuses[SatisfactionStatus.Counted]);
        Assert.Equal(2, statuses[SatisfactionStatus.Suspicious]);
        Assert.Equal(5, await app.WithDbAsync(db => db.SatisfactionDaily.Where(d => d.ServicePointId == point.Id).SumAsync(d => d.Answers)));

        var secretariat = $"sec-{Guid.NewGuid():N}@survey.test";
        await app.CreateUserAsync(secretariat, Roles.Secretariat);
        var staff = app.CreateBrowser();
        await staff.SignInOrFailAsync(secretariat);
        var review = await staff.GetPageAsync("/satisfaction/review");
        var row = review.QuerySelectorAll("#satisfaction-review tbody tr").Single(r => r.TextContent.Contains(point.Name, StringComparison.Ordinal));
        Assert.Contains("2", row.QuerySelector("td.text-end")!.TextContent);
        var form = row.QuerySelectorAll("form").Single(f => f.QuerySelector("input[name=count]")!.GetAttribute("value") == "true");
        var fields = form.QuerySelectorAll("input").Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value")!)).ToList();
        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostAsync("/satisfaction/review", new FormUrlEncodedContent(fields))).StatusCode);

        Assert.Equal(7, await app.WithDbAsync(db => db.SatisfactionDaily.Where(d => d.ServicePointId == point.Id).SumAsync(d => d.Answers)));
        Assert.Equal(7, await app.WithDbAsync(db => db.SatisfactionMonthly.Where(d => d.ServicePointId == point.Id).SumAsync(d => d.Answers)));
        Assert.Equal(7, await app.WithDbAsync(db => db.SatisfactionPointYears.Where(y => y.ServicePointId == point.Id).SumAsync(y => y.Answers)));
        Assert.DoesNotContain(point.Name, HtmlForms.TextOf(await staff.GetPageAsync("/satisfaction/review")));
    }

    [Fact]
    public async Task The_comments_of_a_flagged_burst_stay_off_the_results_like_its_scores()
    {
        var (_, point, applicant) = await Survey.ArrangeAsync(app);
        var url = await Survey.CodeUrlAsync(app, applicant, point.Id);
        for (var i = 1; i <= 6; i++)
        {
            await Survey.AnswerAsync(app, url, Survey.Happy($"ความเห็นที่ {i} ของช่วงนี้"));
        }

        Assert.Equal(1, await app.WithDbAsync(db => db.SatisfactionResponses.CountAsync(r => r.ServicePointId == point.Id && r.Status == SatisfactionStatus.Suspicious)));
        var staff = app.CreateBrowser();
        await staff.SignInOrFailAsync(applicant);
        var comments = (await staff.GetPageAsync($"/satisfaction/results/{point.Id}")).QuerySelector("#satisfaction-comments")!.TextContent;
        Assert.Contains("ความเห็นที่ 5 ของช่วงนี้", comments);
        Assert.DoesNotContain("ความเห็นที่ 6 ของช่วงนี้", comments);
    }

    [Fact]
    public async Task Figures_say_not_enough_data_under_30_answers_and_give_the_average_from_30()
    {
        var (_, point, applicant) = await Survey.ArrangeAsync(app);
        await Survey.AddCountedAnswersAsync(app, point.Id, 29, overall: 4);
        var client = app.CreateBrowser();
        await client.SignInOrFailAsync(applicant);
        var under = (await client.GetPageAsync("/satisfaction")).QuerySelector($"tr[data-point='{point.Id}']")!.TextContent;
        Assert.Contains("ข้อมูลไม่เพียงพอ", under);
        Assert.Contains("29 คำตอบ", under);

        await Survey.AddCountedAnswersAsync(app, point.Id, 1, overall: 5);
        var enough = (await client.GetPageAsync("/satisfaction")).QuerySelector($"tr[data-point='{point.Id}']")!.TextContent;
        Assert.Contains("4.03", enough); // (29 × 4 + 5) / 30
        Assert.Contains("30 คำตอบ", enough);
    }

    [Fact]
    public async Task The_dashboard_reads_each_points_twelve_months_and_counts_them_again_once_a_month_has_turned()
    {
        var (_, point, _) = await Survey.ArrangeAsync(app);
        await Survey.AddCountedAnswersAsync(app, point.Id, 30, overall: 4);
        var start = SatisfactionRules.DashboardStart(BuddhistEraDate.ThailandToday(app.Clock.GetUtcNow().UtcDateTime));
        var counted = await app.WithDbAsync(db => db.SatisfactionPointYears.AsNoTracking().SingleAsync(y => y.ServicePointId == point.Id));
        Assert.Equal((30, 120), (counted.Answers, counted.OverallSum));

        // As if counted before this month began: the point's year still holds a month that has since left the window.
        var gone = start.AddMonths(-1);
        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"""
            INSERT INTO "SatisfactionMonthly" ("Month", "ServicePointId", "ProvinceCode", "AgencyKind", "Answers", "OverallSum", "PremisesAnswers", "PremisesSum",
                                               "PersonnelAnswers", "PersonnelSum", "ServiceProcessAnswers", "ServiceProcessSum", "OtherAnswers", "OtherSum")
            VALUES ({gone}, {point.Id}, '90', 'Department', 10, 10, 0, 0, 0, 0, 0, 0, 0, 0);
            UPDATE "SatisfactionPointYears" SET "Answers" = "Answers" + 10, "OverallSum" = "OverallSum" + 10, "WindowStart" = {gone} WHERE "ServicePointId" = {point.Id};
            """));

        SatisfactionDashboard dashboard;
        using (var scope = app.Services.CreateScope())
        {
            dashboard = await scope.ServiceProvider.GetRequiredService<SatisfactionFigures>().DashboardAsync(key => key, CancellationToken.None);
        }

        var recounted = await app.WithDbAsync(db => db.SatisfactionPointYears.AsNoTracking().SingleAsync(y => y.ServicePointId == point.Id));
        Assert.Equal((30, 120, start), (recounted.Answers, recounted.OverallSum, recounted.WindowStart));
        Assert.False(await app.WithDbAsync(db => db.SatisfactionPointYears.AnyAsync(y => y.WindowStart != start)));
        var inWindow = await app.WithDbAsync(db => db.SatisfactionMonthly.Where(m => m.Month >= start).SumAsync(m => (long)m.Answers));
        Assert.Equal<long>(inWindow, dashboard.National.Answers);
    }

    [Fact]
    public async Task The_scoring_form_shows_the_public_figure_beside_each_dimension_with_a_link_to_the_comments()
    {
        var scene = await AssessmentSteps.ArrangeAsync(app);
        var pointId = scene.Application.ServicePointId;
        await Survey.AddCountedAnswersAsync(app, pointId, 31, overall: 4, comment: "ห้องน้ำสะอาด");
        var assessor = await AssessmentSteps.SignedInAsync(app, scene.Assessor1);
        await AssessmentSteps.DeclareAsync(assessor, scene.AssessmentId, conflict: false);

        var form = await assessor.GetPageAsync($"/assessments/score/{scene.AssessmentId}");

        // A page per dimension: each shows its own dimension's figure.
        foreach (var kind in Enum.GetValues<DimensionKind>())
        {
            var page = await assessor.GetPageAsync($"/assessments/score/{scene.AssessmentId}/{kind.ToString().ToLowerInvariant()}");
            var beside = page.QuerySelector($"#public-{kind}")!.TextContent;
            Assert.Contains("31 คำตอบ", beside);
        }

        Assert.Contains("4.00", form.QuerySelector("#public-Premises")!.TextContent);
        var link = form.QuerySelector("#public-Premises a")!.GetAttribute("href")!;
        Assert.Contains("ห้องน้ำสะอาด", HtmlForms.TextOf(await assessor.GetPageAsync(link)));
        var outsider = await AssessmentSteps.SignedInAsync(app, scene.Outsider);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(link)).StatusCode);

        var secretariat = await AssessmentSteps.SignedInAsync(app, scene.Secretariat);
        var dashboard = await secretariat.GetPageAsync("/dashboard");
        Assert.Contains("สงขลา", dashboard.QuerySelector("#satisfaction-provinces")!.TextContent);
        Assert.Contains(await app.WithDbAsync(db => db.ServicePoints.Where(p => p.Id == pointId).Select(p => p.Name).SingleAsync()), dashboard.QuerySelector("#satisfaction-best")!.TextContent + dashboard.QuerySelector("#satisfaction-worst")!.TextContent);

        var report = await secretariat.GetAsync($"/certificates/cyclereport?cycleId={scene.Cycle.Id}");
        using var pdf = PdfDocument.Open(await report.Content.ReadAsByteArrayAsync());
        var text = PdfRendererTests.WithoutMarks(string.Concat(pdf.GetPages().Select(p => p.Text)));
        Assert.Contains(PdfRendererTests.WithoutMarks("ความพึงพอใจของประชาชนต่อจุดบริการที่ตรวจประเมิน"), text);
        Assert.Contains("4.00", text);
    }

    private Task<int> CountAsync(int pointId) => app.WithDbAsync(db => db.SatisfactionResponses.CountAsync(r => r.ServicePointId == pointId));
}

/// <summary>The per-address limit, in memory, on its own app: three answers an hour here.</summary>
public class SurveyAddressLimitTests(TightAddressLimitFactory app) : IClassFixture<TightAddressLimitFactory>
{
    [Fact]
    public async Task Past_the_per_address_limit_answers_get_429_with_a_thai_page()
    {
        var (_, point, applicant) = await Survey.ArrangeAsync(app);
        var url = await Survey.CodeUrlAsync(app, applicant, point.Id);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await Survey.AnswerAsync(app, url, Survey.Happy())).StatusCode);
        }

        var refused = await Survey.AnswerAsync(app, url, Survey.Happy());

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("lang=\"th\"", html);
        // The survey's own shell and words: the answer was not kept, try later; nothing about signing in.
        Assert.Contains("survey.css", html);
        var text = (await Survey.ParseAsync(refused)).QuerySelector("#survey-problem")!.TextContent;
        Assert.Contains("คำตอบของท่านยังไม่ถูกบันทึก", text);
        Assert.Contains("ภายหลัง", text);
        Assert.DoesNotContain("เข้าสู่ระบบ", html);
        Assert.Equal(3, await app.WithDbAsync(db => db.SatisfactionResponses.CountAsync(r => r.ServicePointId == point.Id)));
    }
}

/// <summary>The database briefly away while answers are stored: a lock the survey's statements give up on (<see cref="SurveyOutageFactory"/>).</summary>
public class SurveyOutageTests(SurveyOutageFactory app) : IClassFixture<SurveyOutageFactory>
{
    /// <summary>A point's survey opened on a phone, ten seconds ago (not too fast to send), with the form's code URL.</summary>
    private async Task<(Web.Domain.ServicePoint Point, string Url, HttpClient Phone, AngleSharp.Dom.IDocument Page)> OpenedOnAPhoneAsync()
    {
        var (_, point, applicant) = await Survey.ArrangeAsync(app);
        var url = await Survey.CodeUrlAsync(app, applicant, point.Id);
        var phone = app.CreateBrowser();
        var page = await phone.GetPageAsync(url);
        app.Clock.Advance(TimeSpan.FromSeconds(10));
        return (point, url, phone, page);
    }

    [Fact]
    public async Task An_answer_the_database_refused_twice_shows_the_form_again_with_the_answers_a_503_and_says_it_was_not_saved()
    {
        var (point, _, phone, page) = await OpenedOnAPhoneAsync();
        var retriesBefore = app.Retries();

        HttpResponseMessage answer;
        await using (await app.LockAnswersAsync())
        {
            answer = await phone.SubmitFormAsync(page, "form.survey", Survey.Happy("ห้องน้ำสะอาด"));
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        var again = await Survey.ParseAsync(answer);
        Assert.Contains("คำตอบยังไม่ถูกบันทึก", again.QuerySelector("#survey-errors")!.TextContent);
        Assert.Equal(("5", "ชำระภาษี", "ห้องน้ำสะอาด"), (Survey.Checked(again, "Overall"),
            again.QuerySelector("select[name=Service] option[selected]")?.GetAttribute("value"), again.QuerySelector("textarea[name=Comment]")!.TextContent));
        Assert.Equal(0, await app.WithDbAsync(db => db.SatisfactionResponses.CountAsync(r => r.ServicePointId == point.Id)));
        Assert.Equal(retriesBefore + 1, app.Retries());

        // The database back: the form shown again is sent as it is and counted.
        app.Clock.Advance(TimeSpan.FromSeconds(10));
        var resent = await phone.SubmitFormAsync(again, "form.survey", new Dictionary<string, string>());
        Assert.Equal("/s/thanks", resent.Headers.Location?.OriginalString);
        Assert.Equal(1, await app.WithDbAsync(db => db.SatisfactionDaily.Where(d => d.ServicePointId == point.Id).SumAsync(d => d.Answers)));
    }

    /// <summary>
    /// The database away while the survey is opened (a lock on the codes it gives up on): the person at
    /// the counter gets the survey's own page saying so, not the staff error page with its sign-in link.
    /// </summary>
    [Fact]
    public async Task A_survey_the_database_cannot_serve_says_so_in_its_own_shell_not_the_staff_page()
    {
        var (_, point, applicant) = await Survey.ArrangeAsync(app);
        var url = await Survey.CodeUrlAsync(app, applicant, point.Id);

        HttpResponseMessage page;
        await using (await app.LockAsync("SatisfactionLinks", "ACCESS EXCLUSIVE"))
        {
            page = await app.CreateBrowser().GetAsync(url);
        }

        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("survey.css", html);
        Assert.Contains("ยังไม่ถูกบันทึก", (await Survey.ParseAsync(page)).QuerySelector("#survey-problem")!.TextContent);
        Assert.DoesNotContain("เข้าสู่ระบบ", html);
    }

    [Fact]
    public async Task A_double_tap_stored_in_one_group_fails_with_the_group_and_is_never_told_already_answered()
    {
        var (point, url, phone, page) = await OpenedOnAPhoneAsync();
        var other = app.CreateBrowser();
        var otherPage = await other.GetPageAsync(url);
        app.Clock.Advance(TimeSpan.FromSeconds(10));

        HttpResponseMessage[] answers;
        await using (await app.LockAnswersAsync())
        {
            // Another phone's answer keeps the writer waiting, so that the double tap is queued and written as one group.
            var first = other.SubmitFormAsync(otherPage, "form.survey", Survey.Happy());
            await app.UntilTheWriterWaitsAsync();
            var taps = new[] { phone.SubmitFormAsync(page, "form.survey", Survey.Happy()), phone.SubmitFormAsync(page, "form.survey", Survey.Happy()) };
            answers = await Task.WhenAll(taps.Prepend(first));
        }

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.ServiceUnavailable, a.StatusCode));
        Assert.Equal(0, await app.WithDbAsync(db => db.SatisfactionResponses.CountAsync(r => r.ServicePointId == point.Id)));
    }

    [Fact]
    public async Task An_answer_the_database_refused_once_is_stored_on_the_second_try()
    {
        var (point, _, phone, page) = await OpenedOnAPhoneAsync();
        var retriesBefore = app.Retries();

        Task<HttpResponseMessage> answer;
        await using (await app.LockAnswersAsync())
        {
            answer = phone.SubmitFormAsync(page, "form.survey", Survey.Happy());
            for (var i = 0; i < 500 && app.Retries() == retriesBefore; i++)
            {
                await Task.Delay(10);
            }

            Assert.Equal(retriesBefore + 1, app.Retries());
        }

        var response = await answer;
        Assert.Equal("/s/thanks", response.Headers.Location?.OriginalString);
        Assert.Equal(1, await app.WithDbAsync(db => db.SatisfactionResponses.CountAsync(r => r.ServicePointId == point.Id)));
        Assert.Equal(1, await app.WithDbAsync(db => db.SatisfactionDaily.Where(d => d.ServicePointId == point.Id).SumAsync(d => d.Answers)));
    }
}
