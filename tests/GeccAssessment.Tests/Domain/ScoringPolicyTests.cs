using GeccAssessment.Web.Domain;

namespace GeccAssessment.Tests.Domain;

/// <summary>
/// The catalogue used by every row: Premises P1 (mandatory, 10) and P2 (10, may be N/A);
/// Personnel E1 (10); ServiceProcess S1 (20); Other O1 (10, may be N/A). Every dimension needs 60 %,
/// levels: basic 70, advanced 80, excellence 90 (on the overall percentage).
/// </summary>
public class ScoringPolicyTests
{
    private const int P1 = 1, P2 = 2, E1 = 3, S1 = 4, O1 = 5;

    private static readonly PolicyCatalogue Catalogue = new(
        [
            new PolicyDimension(DimensionKind.Premises, 60), new PolicyDimension(DimensionKind.Personnel, 60),
            new PolicyDimension(DimensionKind.ServiceProcess, 60), new PolicyDimension(DimensionKind.Other, 60),
        ],
        [
            new PolicyCriterion(P1, DimensionKind.Premises, 10, IsMandatory: true, AllowNotApplicable: false),
            new PolicyCriterion(P2, DimensionKind.Premises, 10, IsMandatory: false, AllowNotApplicable: true),
            new PolicyCriterion(E1, DimensionKind.Personnel, 10, IsMandatory: false, AllowNotApplicable: false),
            new PolicyCriterion(S1, DimensionKind.ServiceProcess, 20, IsMandatory: false, AllowNotApplicable: false),
            new PolicyCriterion(O1, DimensionKind.Other, 10, IsMandatory: false, AllowNotApplicable: true),
        ],
        [new PolicyLevel(1, 70), new PolicyLevel(2, 80), new PolicyLevel(3, 90)]);

    /// <summary>One row: the marks in catalogue order (P1 as "pass"/"fail", "na" for not applicable, "" for missing).</summary>
    public static TheoryData<string, string[], RecommendedOutcome, int?, decimal?, string> Rows => new()
    {
        // name, marks P1 P2 E1 S1 O1, outcome, level, overall %, reasons
        { "all full marks", ["pass", "10", "10", "20", "10"], RecommendedOutcome.Certify, 3, 100m, "" },
        { "exactly on the advanced threshold", ["pass", "6", "8", "14", "10"], RecommendedOutcome.Certify, 2, 80m, "" },
        { "a hair below advanced stays basic", ["pass", "6", "8", "13.99", "10"], RecommendedOutcome.Certify, 1, 79.983333m, "" },
        { "dimension exactly on its minimum passes", ["pass", "2", "6", "20", "10"], RecommendedOutcome.Certify, 2, 80m, "" },
        { "dimension 0.01 below its minimum fails", ["pass", "10", "5.99", "20", "10"], RecommendedOutcome.DoNotCertify, null, 93.316667m, "DimensionBelowMinimum" },
        // The failed item also pulls Premises under its minimum (10 of 20): both reasons are given.
        { "failed mandatory item with an otherwise high total", ["fail", "10", "10", "20", "10"], RecommendedOutcome.DoNotCertify, null, 83.333333m, "MandatoryItemFailed,DimensionBelowMinimum" },
        { "below the lowest level", ["pass", "6", "6", "13", "6"], RecommendedOutcome.DoNotCertify, null, 68.333333m, "BelowLowestLevel" },
        { "N/A leaves the denominator", ["pass", "na", "7", "14", "na"], RecommendedOutcome.Certify, 1, 77.5m, "" },
        { "a missing mark gives no result", ["pass", "10", "10", "", "10"], RecommendedOutcome.Incomplete, null, 100m, "" },
        { "a missing mandatory mark gives no result", ["", "10", "10", "20", "10"], RecommendedOutcome.Incomplete, null, 100m, "" },
        { "points above the maximum count as missing", ["pass", "11", "10", "20", "10"], RecommendedOutcome.Incomplete, null, 100m, "" },
        { "negative points count as missing", ["pass", "-1", "10", "20", "10"], RecommendedOutcome.Incomplete, null, 100m, "" },
        { "N/A where the catalogue does not allow it counts as missing", ["pass", "10", "na", "20", "10"], RecommendedOutcome.Incomplete, null, 100m, "" },
        { "several reasons at once", ["fail", "0", "0", "20", "10"], RecommendedOutcome.DoNotCertify, null, 50m, "MandatoryItemFailed,DimensionBelowMinimum,BelowLowestLevel" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Outcome_level_and_overall_percentage(string name, string[] marks, RecommendedOutcome outcome, int? level, decimal? overall, string reasons)
    {
        var result = ScoringPolicy.Evaluate(Catalogue, Marks(marks));

        Assert.True(outcome == result.Outcome, name);
        Assert.Equal(level, result.RecommendedLevelRank);
        Assert.Equal(overall, result.OverallPercent is { } o ? decimal.Round(o, 6) : null);
        Assert.Equal(reasons, string.Join(",", result.Reasons));
    }

    [Fact]
    public void Not_applicable_items_leave_the_denominator_and_an_all_NA_dimension_passes()
    {
        var result = ScoringPolicy.Evaluate(Catalogue, Marks(["pass", "na", "7", "14", "na"]));

        var premises = result.Dimensions.Single(d => d.Kind == DimensionKind.Premises);
        Assert.Equal(10m, premises.PossiblePoints);
        Assert.Equal(100m, premises.Percent);
        var other = result.Dimensions.Single(d => d.Kind == DimensionKind.Other);
        Assert.Equal(0m, other.PossiblePoints);
        Assert.Null(other.Percent);
        Assert.True(other.MeetsMinimum);
        Assert.Equal(40m, result.PossiblePoints);
    }

    [Fact]
    public void Overall_is_weighted_by_points_not_an_average_of_dimensions()
    {
        // Dimensions at 100, 100, 50 and 100 %: their average is 87.5 %, but S1 carries 20 of 60 points: 50 / 60.
        var result = ScoringPolicy.Evaluate(Catalogue, Marks(["pass", "10", "10", "10", "10"]));

        Assert.Equal(83.333333m, decimal.Round(result.OverallPercent!.Value, 6));
        Assert.Equal(DimensionKind.ServiceProcess, result.Dimensions.Single(d => d.MeetsMinimum == false).Kind);
    }

    [Fact]
    public void Missing_and_invalid_marks_are_named_and_dimensions_wait()
    {
        var result = ScoringPolicy.Evaluate(Catalogue, Marks(["", "12", "10", "20", "10"]));

        Assert.False(result.IsComplete);
        Assert.Equal([P1, P2], result.MissingCriterionIds.Order());
        Assert.Equal([P2], result.InvalidCriterionIds);
        Assert.Null(result.AllMandatoryPassed);
        Assert.Null(result.Dimensions.Single(d => d.Kind == DimensionKind.Premises).MeetsMinimum);
        Assert.True(result.Dimensions.Single(d => d.Kind == DimensionKind.Personnel).MeetsMinimum);
    }

    [Fact]
    public void A_failed_mandatory_item_is_reported_before_everything_is_scored()
    {
        var result = ScoringPolicy.Evaluate(Catalogue, Marks(["fail", "", "", "", ""]));

        Assert.Equal(RecommendedOutcome.Incomplete, result.Outcome);
        Assert.False(result.AllMandatoryPassed);
        Assert.Equal([P1], result.FailedMandatoryCriterionIds);
    }

    [Fact]
    public void A_mark_of_the_wrong_kind_counts_as_missing()
    {
        var marks = Marks(["pass", "10", "10", "20", "10"]);
        marks[P1] = Mark.Scored(10); // points for a pass/fail item
        marks[E1] = Mark.Pass(); // pass/fail for a points item
        var result = ScoringPolicy.Evaluate(Catalogue, marks);

        Assert.Equal([P1, E1], result.InvalidCriterionIds.Order());
        Assert.Equal(RecommendedOutcome.Incomplete, result.Outcome);
    }

    [Theory]
    [InlineData("79.994", "79.99")]
    [InlineData("79.995", "80.00")]
    [InlineData("100", "100.00")]
    public void Display_rounds_half_away_from_zero(string value, string shown) =>
        Assert.Equal(shown, ScoringPolicy.RoundForDisplay(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));

    private static Dictionary<int, Mark> Marks(string[] marks)
    {
        var result = new Dictionary<int, Mark>();
        int[] ids = [P1, P2, E1, S1, O1];
        for (var i = 0; i < ids.Length; i++)
        {
            Mark? mark = marks[i] switch
            {
                "" => null,
                "pass" => Mark.Pass(),
                "fail" => Mark.Fail(),
                "na" => Mark.NotApplicableMark(),
                var points => Mark.Scored(decimal.Parse(points, System.Globalization.CultureInfo.InvariantCulture)),
            };
            if (mark is not null)
            {
                result[ids[i]] = mark;
            }
        }

        return result;
    }
}
