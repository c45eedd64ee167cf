using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;
using ServicePoint = GeccAssessment.Web.Domain.ServicePoint;

namespace GeccAssessment.Tests.Features.Certification;

/// <summary>The committee decides a whole list at once: the number of SQL statements does not grow with the list.</summary>
public class DecisionStatementTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Deciding_thirty_assessments_runs_as_many_statements_as_deciding_three()
    {
        var three = await DecideAllAsync(3);
        var thirty = await DecideAllAsync(30);

        Assert.True(three.Count == thirty.Count, $"3 assessments: {three.Count} statements, 30 assessments: {thirty.Count}:\n{string.Join("\n---\n", thirty)}");
    }

    /// <summary>Signs off <paramref name="count"/> assessments of a new cycle, certifies them all in one post, and returns its statements.</summary>
    private async Task<IReadOnlyList<string>> DecideAllAsync(int count)
    {
        var year = TestData.UniqueYear();
        var cycle = await TestData.CreateCycleAsync(app, year, status: CycleStatus.Deciding);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var chair = await app.CreateUserAsync($"chair-{tag}@decide.test", Roles.SubcommitteeChair);
        await app.CreateUserAsync($"committee-{tag}@decide.test", Roles.SteeringCommittee);
        var agency = await TestData.CreateAgencyAsync(app, "หน่วยงาน " + tag);
        var ids = await app.WithDbAsync(async db =>
        {
            await db.Cycles.Where(c => c.Id == cycle.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.CatalogueLockedAtUtc, DateTime.UtcNow));
            var subcommittee = new Subcommittee { CycleId = cycle.Id, Name = "คณะ " + tag, ChairUserId = chair.Id, CreatedAtUtc = DateTime.UtcNow };
            db.Subcommittees.Add(subcommittee);
            var assessments = Enumerable.Range(1, count).Select(i => new Assessment
            {
                Application = new Application
                {
                    CycleId = cycle.Id,
                    AgencyId = agency.Id,
                    ProvinceCode = "90",
                    Status = ApplicationStatus.Accepted,
                    SubmittedAtUtc = DateTime.UtcNow,
                    CreatedAtUtc = DateTime.UtcNow,
                    UpdatedAtUtc = DateTime.UtcNow,
                    ServicePoint = new ServicePoint
                    {
                        AgencyId = agency.Id,
                        Name = $"จุดบริการ {i} {tag}",
                        Address = "ถนนทดสอบ",
                        ProvinceCode = "90",
                        DistrictCode = "9001",
                        CreatedAtUtc = DateTime.UtcNow,
                    },
                },
                Subcommittee = subcommittee,
                CycleId = cycle.Id,
                AssignedAtUtc = DateTime.UtcNow,
                ReconciliationOpenedAtUtc = DateTime.UtcNow,
                SignedOffAtUtc = DateTime.UtcNow,
            }).ToList();
            foreach (var assessment in assessments)
            {
                assessment.RecordRecommendation(new ScoringResult([], true, [], [], [], true, 19, 20, 95, RecommendedOutcome.Certify, 1, []));
            }

            db.Assessments.AddRange(assessments);
            await db.SaveChangesAsync();
            return assessments.Select(a => a.Id).ToList();
        });

        var committee = app.CreateBrowser();
        await committee.SignInOrFailAsync($"committee-{tag}@decide.test");
        var page = await committee.GetPageAsync($"/decisions?cycle={I(cycle.Id)}");
        var fields = HtmlForms.FieldsOf(page, "form[action='/decisions/decide']")
            .With("MeetingNumber", "1/" + I(year)).With("MeetingDate", BuddhistEraDate.ThailandToday(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).With("Decision", "certify").With("Reason", "").With("Confirmed", "true");
        fields.AddRange(ids.Select(id => new KeyValuePair<string, string>("AssessmentIds", I(id))));
        fields.Add(new("__RequestVerificationToken", page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("form[action='/decisions/decide'] input[name=__RequestVerificationToken]")!.Value));

        var (response, statements) = await committee.CountedAsync(app, new HttpRequestMessage(HttpMethod.Post, "/decisions/decide") { Content = new FormUrlEncodedContent(fields) });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var numbers = await app.WithDbAsync(db => db.Certificates.AsNoTracking().Where(c => c.CycleId == cycle.Id).OrderBy(c => c.Sequence).Select(c => c.Number).ToListAsync());
        Assert.Equal([.. Enumerable.Range(1, count).Select(n => $"GECC-{year}-{n:0000}")], numbers);
        Assert.Equal(count, await app.WithDbAsync(db => db.CertificationDecisions.CountAsync(d => d.CycleId == cycle.Id && d.Certified)));
        return statements;
    }
}
