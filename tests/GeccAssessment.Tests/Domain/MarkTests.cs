using GeccAssessment.Web.Domain;

namespace GeccAssessment.Tests.Domain;

/// <summary>The mark as one value: what a form's text means for a criterion, how a mark reads, how the members' marks of a round combine.</summary>
public class MarkTests
{
    private static readonly PolicyCriterion Ordinary = new(1, DimensionKind.Premises, 5, IsMandatory: false, AllowNotApplicable: false);
    private static readonly PolicyCriterion MayBeNotApplicable = new(2, DimensionKind.Other, 5, IsMandatory: false, AllowNotApplicable: true);
    private static readonly PolicyCriterion Mandatory = new(3, DimensionKind.Premises, 10, IsMandatory: true, AllowNotApplicable: false);
    private static readonly MarkWords Words = new("N/A", "pass", "fail", "-");

    public static TheoryData<string, string?, string?, bool, string, MarkProblem?> ParseRows => new()
    {
        // criterion, points, passed, not applicable → the mark's value ("" = none), the problem
        { "ordinary", "3", null, false, "3", null },
        { "ordinary", " 3.5 ", null, false, "3.5", null },
        { "ordinary", "3,5", null, false, "3.5", null },
        { "ordinary", "0", null, false, "0", null },
        { "ordinary", "5", null, false, "5", null },
        { "ordinary", "", null, false, "", null },
        { "ordinary", null, null, false, "", null },
        { "ordinary", "5.01", null, false, "", MarkProblem.PointsOutOfRange },
        { "ordinary", "-1", null, false, "", MarkProblem.PointsOutOfRange },
        { "ordinary", "1.005", null, false, "", MarkProblem.PointsOutOfRange },
        { "ordinary", "สาม", null, false, "", MarkProblem.PointsOutOfRange },
        { "ordinary", "1e1", null, false, "", MarkProblem.PointsOutOfRange },
        { "ordinary", "", null, true, "", MarkProblem.NotApplicableNotAllowed },
        { "na-allowed", "4", null, true, "N/A", null },
        { "mandatory", null, "pass", false, "pass", null },
        { "mandatory", null, "fail", false, "fail", null },
        { "mandatory", "10", "", false, "", null },
        { "mandatory", null, "maybe", false, "", MarkProblem.PassOrFail },
        { "mandatory", null, "pass", true, "", MarkProblem.NotApplicableNotAllowed },
    };

    [Theory]
    [MemberData(nameof(ParseRows))]
    public void Parse_reads_what_the_criterion_allows(string criterion, string? points, string? passed, bool notApplicable, string value, MarkProblem? problem)
    {
        var rules = criterion switch { "ordinary" => Ordinary, "na-allowed" => MayBeNotApplicable, _ => Mandatory };

        var (mark, found) = Mark.Parse(rules, points, passed, notApplicable);

        Assert.Equal(problem, found);
        Assert.Equal(value, mark.Value);
        Assert.Equal(value != "", mark.IsGiven);
        Assert.True(!mark.IsGiven || mark.IsValidFor(rules), "a parsed mark is always one the policy counts");
    }

    public static TheoryData<Mark, string, string> FormatRows => new()
    {
        { Mark.Scored(4.5m), "4.5", "4.5" },
        { Mark.Scored(4m), "4", "4" },
        { Mark.Scored(0m), "0", "0" },
        { Mark.Pass(), "pass", "pass" },
        { Mark.Fail(), "fail", "fail" },
        { Mark.NotApplicableMark(), "N/A", "N/A" },
        { Mark.None, "", "-" },
    };

    [Theory]
    [MemberData(nameof(FormatRows))]
    public void Value_and_format_read_the_same_mark_the_same_way_everywhere(Mark mark, string value, string shown)
    {
        Assert.Equal(value, mark.Value);
        Assert.Equal(shown, mark.Format(Words));
    }

    public static TheoryData<string, Mark[], Mark> CombineRows => new()
    {
        { "nobody marked", [Mark.None, Mark.None], Mark.None },
        { "agreement", [Mark.Scored(4), Mark.Scored(4)], Mark.Scored(4) },
        { "a member who gave none does not count", [Mark.Scored(4), Mark.None], Mark.Scored(4) },
        { "points average to 0.01", [Mark.Scored(4), Mark.Scored(5), Mark.Scored(5)], Mark.Scored(4.67m) },
        { "anyone's fail fails", [Mark.Pass(), Mark.Fail()], Mark.Fail() },
        { "all pass", [Mark.Pass(), Mark.Pass()], Mark.Pass() },
        { "N/A only when everyone says so", [Mark.NotApplicableMark(), Mark.Scored(3)], Mark.Scored(3) },
        { "all N/A", [Mark.NotApplicableMark(), Mark.NotApplicableMark()], Mark.NotApplicableMark() },
    };

    [Theory]
    [MemberData(nameof(CombineRows))]
    public void The_members_marks_of_a_round_combine_into_one(string name, Mark[] marks, Mark combined) =>
        Assert.True(combined == Mark.Combine(marks), name);

    [Fact]
    public void A_mark_is_a_value_two_equal_marks_are_equal()
    {
        Assert.Equal(Mark.Scored(3.5m), new Mark(3.50m, null, false));
        Assert.NotEqual(Mark.Pass(), Mark.Fail());
    }
}
