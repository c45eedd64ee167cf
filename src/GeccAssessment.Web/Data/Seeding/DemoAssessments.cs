using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Data.Seeding;

/// <summary>
/// Subcommittees of the demo cycle and assessments at every stage: four signed off and waiting for
/// the committee (three recommended at different levels, one with a failed mandatory item), one in
/// reconciliation, one with a declared conflict, scheduled, stopped after the preliminary round, just
/// assigned, and a few accepted applications left for the secretariat to assign.
/// </summary>
public static class DemoAssessments
{
    /// <summary>Assessments signed off (by position), with the lowest share of each criterion's points the chair gives; the second waits in reconciliation.</summary>
    private static readonly Dictionary<int, decimal> SignedOffQuality = new() { [0] = 0.9m, [5] = 0.75m, [6] = 0.7m, [8] = 0.8m };

    public static async Task SeedAsync(ApplicationDbContext db, Cycle cycle, CancellationToken cancellationToken)
    {
        var people = await db.Users.Where(u => u.Email == "chair@gecc.test" || u.Email == "assessor1@gecc.test" || u.Email == "assessor2@gecc.test")
            .ToDictionaryAsync(u => u.Email!, u => u.Id, cancellationToken);
        var chair = people["chair@gecc.test"];
        var first = people["assessor1@gecc.test"];
        var second = people["assessor2@gecc.test"];
        var south = new Subcommittee { CycleId = cycle.Id, Name = "คณะอนุกรรมการประเมิน ชุดที่ 1", ChairUserId = chair, CreatedAtUtc = new DateTime(2020, 4, 1, 2, 0, 0, DateTimeKind.Utc) };
        south.Members.AddRange([new SubcommitteeMember { UserId = chair }, new SubcommitteeMember { UserId = first }, new SubcommitteeMember { UserId = second }]);
        var central = new Subcommittee { CycleId = cycle.Id, Name = "คณะอนุกรรมการประเมิน ชุดที่ 2", ChairUserId = chair, CreatedAtUtc = south.CreatedAtUtc };
        central.Members.AddRange([new SubcommitteeMember { UserId = chair }, new SubcommitteeMember { UserId = second }]);
        db.Subcommittees.AddRange(south, central);
        await db.SaveChangesAsync(cancellationToken);

        var accepted = await db.Applications.Where(a => a.CycleId == cycle.Id && a.Status == ApplicationStatus.Accepted)
            .OrderBy(a => a.Id).Select(a => new { a.Id, a.ServicePoint!.Address }).ToListAsync(cancellationToken);
        var criteria = cycle.Dimensions.SelectMany(d => d.Criteria).OrderBy(c => c.Id).ToList();
        var random = new Random(2563);
        var day = new DateTime(2020, 6, 1, 2, 0, 0, DateTimeKind.Utc);

        // The last three stay unassigned, for the secretariat's assignment page.
        for (var i = 0; i < accepted.Count - 3; i++)
        {
            var assessment = new Assessment
            {
                ApplicationId = accepted[i].Id,
                SubcommitteeId = i % 4 == 3 ? central.Id : south.Id,
                CycleId = cycle.Id,
                AssignedAtUtc = day.AddDays(-20),
                PreliminaryAtUtc = day.AddDays(i).AddHours(1),
                PreliminaryMeetingLink = $"https://meet.gecc.example/prelim-{i + 1}",
                OnSiteAtUtc = day.AddDays(30 + i).AddHours(2),
                OnSiteAddress = accepted[i].Address,
            };
            db.Assessments.Add(assessment);
            await db.SaveChangesAsync(cancellationToken);
            var inSouth = assessment.SubcommitteeId == south.Id;
            switch (i)
            {
                case 0 or 1 or 5 or 6 or 8 when inSouth:
                    assessment.PreliminaryOutcome = PreliminaryOutcome.ProceedOnSite;
                    Declare(db, assessment.Id, [chair, first, second]);
                    // Both rounds: the video call saw less than the visit did.
                    var preliminary = new[] { first, second }
                        .Select(member => Score(db, assessment.Id, member, criteria, random, AssessmentRound.Preliminary, 0.6m)).ToList();
                    Score(db, assessment.Id, first, criteria, random, AssessmentRound.OnSite, 0.7m);
                    Score(db, assessment.Id, second, criteria, random, AssessmentRound.OnSite, 0.7m);
                    assessment.ReconciliationOpenedAtUtc = assessment.OnSiteAtUtc!.Value.AddDays(1);
                    if (SignedOffQuality.TryGetValue(i, out var quality))
                    {
                        // The ninth failed a mandatory item on site: not recommended, whatever its total.
                        var marks = Reconcile(db, assessment.Id, chair, criteria, random, quality, failMandatory: i == 8);
                        var result = ScoringPolicy.Evaluate(Policy(cycle), marks);
                        assessment.SignedOffAtUtc = assessment.ReconciliationOpenedAtUtc.Value.AddDays(2);
                        assessment.SignedOffByUserId = chair;
                        var combined = criteria.ToDictionary(c => c.Id, c => Mark.Combine(preliminary.Select(m => m[c.Id])));
                        assessment.RecordRecommendation(result, ScoringPolicy.Evaluate(Policy(cycle), combined).OverallPercent);
                    }

                    break;
                case 2:
                    // The second member has a conflict; the first is half way through scoring.
                    assessment.PreliminaryOutcome = PreliminaryOutcome.ProceedOnSite;
                    Declare(db, assessment.Id, [chair, first]);
                    db.ConflictDeclarations.Add(new ConflictDeclaration { AssessmentId = assessment.Id, UserId = second, HasConflict = true, Reason = "เคยปฏิบัติราชการในหน่วยงานนี้ภายใน 2 ปีที่ผ่านมา", DeclaredAtUtc = day });
                    Score(db, assessment.Id, first, criteria, random, AssessmentRound.Preliminary, 0.6m);
                    Score(db, assessment.Id, first, criteria.Take(criteria.Count / 2).ToList(), random, AssessmentRound.OnSite, 0.7m);
                    break;
                case 4:
                    assessment.PreliminaryOutcome = PreliminaryOutcome.Stop;
                    assessment.PreliminaryStopReason = "ยังไม่มีจุดบริการที่เปิดให้บริการจริงตามที่เสนอ";
                    assessment.OnSiteAtUtc = null;
                    assessment.OnSiteAddress = null;
                    break;
            }

            await db.SaveChangesAsync(cancellationToken);
        }
    }

    public static PolicyCatalogue Policy(Cycle cycle) => new(
        [.. cycle.Dimensions.OrderBy(d => d.SortOrder).Select(d => new PolicyDimension(d.Kind, d.MinimumPercent))],
        [.. cycle.Dimensions.SelectMany(d => d.Criteria.Select(c => new PolicyCriterion(c.Id, d.Kind, c.MaxPoints, c.IsMandatory, c.AllowNotApplicable)))],
        [.. cycle.Levels.Select(l => new PolicyLevel(l.Rank, l.MinimumPercent))]);

    private static void Declare(ApplicationDbContext db, int assessmentId, IEnumerable<string> userIds) =>
        db.ConflictDeclarations.AddRange(userIds.Select(u => new ConflictDeclaration { AssessmentId = assessmentId, UserId = u, HasConflict = false, DeclaredAtUtc = new DateTime(2020, 5, 20, 2, 0, 0, DateTimeKind.Utc) }));

    private static Dictionary<int, Mark> Score(
        ApplicationDbContext db, int assessmentId, string userId, IReadOnlyList<Criterion> criteria, Random random, AssessmentRound round, decimal quality)
    {
        var marks = criteria.ToDictionary(c => c.Id, c => c.IsMandatory
            ? Mark.Pass()
            : Mark.Scored(Math.Round(c.MaxPoints * (quality + (decimal)random.NextDouble() * (1 - quality)) * 2) / 2));
        db.MemberScores.AddRange(criteria.Select(c => new MemberScore
        {
            AssessmentId = assessmentId,
            CriterionId = c.Id,
            AssessorUserId = userId,
            Round = round,
            Mark = marks[c.Id],
            UpdatedAtUtc = new DateTime(2020, round == AssessmentRound.Preliminary ? 6 : 7, 1, 3, 0, 0, DateTimeKind.Utc),
        }));
        return marks;
    }

    private static Dictionary<int, Mark> Reconcile(
        ApplicationDbContext db, int assessmentId, string chair, IReadOnlyList<Criterion> criteria, Random random, decimal quality, bool failMandatory)
    {
        var marks = new Dictionary<int, Mark>();
        var failed = failMandatory ? criteria.First(c => c.IsMandatory).Id : (int?)null;
        foreach (var c in criteria)
        {
            var mark = c.IsMandatory
                ? (c.Id == failed ? Mark.Fail() : Mark.Pass())
                : Mark.Scored(Math.Round(c.MaxPoints * (quality + (decimal)random.NextDouble() * (1 - quality)) * 2) / 2);
            marks[c.Id] = mark;
            db.ReconciledScores.Add(new ReconciledScore
            {
                AssessmentId = assessmentId,
                CriterionId = c.Id,
                Mark = mark,
                Note = "สรุปตามการตรวจในพื้นที่",
                UpdatedAtUtc = new DateTime(2020, 7, 5, 3, 0, 0, DateTimeKind.Utc),
                UpdatedByUserId = chair,
            });
        }

        return marks;
    }
}
