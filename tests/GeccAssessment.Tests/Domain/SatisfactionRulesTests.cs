using GeccAssessment.Web.Domain;

namespace GeccAssessment.Tests.Domain;

public class SatisfactionRulesTests
{
    [Theory]
    [InlineData(0, 0, null)]
    [InlineData(29, 145, null)]
    [InlineData(30, 121, 4.03)]
    [InlineData(100, 500, 5.0)]
    public void A_figure_has_an_average_only_from_30_answers(long answers, long sum, double? average)
    {
        var figure = SatisfactionRules.Figure(answers, sum);
        Assert.Equal((int)answers, figure.Answers);
        Assert.Equal(average is { } a ? (decimal)a : null, figure.Average);
        Assert.Equal(average is not null, figure.IsEnough);
    }

    [Fact]
    public void The_fill_time_must_be_neither_too_short_nor_too_long()
    {
        var issued = new DateTime(2026, 1, 1, 10, 0, 0, DateTimeKind.Utc);
        var (min, max) = (TimeSpan.FromSeconds(3), TimeSpan.FromHours(4));
        Assert.Equal(FillTime.TooFast, SatisfactionRules.CheckFillTime(issued, issued.AddSeconds(2.9), min, max));
        Assert.Equal(FillTime.Ok, SatisfactionRules.CheckFillTime(issued, issued.AddSeconds(3), min, max));
        Assert.Equal(FillTime.Ok, SatisfactionRules.CheckFillTime(issued, issued.AddHours(4), min, max));
        Assert.Equal(FillTime.Expired, SatisfactionRules.CheckFillTime(issued, issued.AddHours(4).AddSeconds(1), min, max));
    }

    [Fact]
    public void Services_are_the_points_own_list_split_by_commas_or_lines()
    {
        Assert.Equal(["ยื่นแบบ", "ชำระภาษี", "ขอใบอนุญาต"], SatisfactionRules.Services("ยื่นแบบ, ชำระภาษี\nขอใบอนุญาต,, ชำระภาษี"));
        Assert.Empty(SatisfactionRules.Services(null));
    }

    [Fact]
    public void An_answer_needs_an_overall_mark_on_the_scale_a_listed_service_and_a_short_comment()
    {
        string[] services = ["ชำระภาษี"];
        Assert.Empty(SatisfactionRules.Check(5, [1, null, 5, 3], "ชำระภาษี", "ดี", services));
        Assert.Equal(["Survey.OverallRequired"], SatisfactionRules.Check(null, [], null, null, services));
        Assert.Equal(["Survey.OutOfScale"], SatisfactionRules.Check(6, [], null, null, services));
        Assert.Equal(["Survey.OutOfScale"], SatisfactionRules.Check(3, [0], null, null, services));
        Assert.Equal(["Survey.UnknownService"], SatisfactionRules.Check(3, [], "อื่น", null, services));
        Assert.Equal(["Survey.CommentTooLong"], SatisfactionRules.Check(3, [], null, new string('x', 501), services));
    }

    [Fact]
    public void The_window_is_the_last_twelve_months_including_today()
    {
        Assert.Equal(new DateOnly(2025, 11, 30), SatisfactionRules.WindowStart(new DateOnly(2026, 11, 29)));
        Assert.Equal(new DateOnly(2026, 11, 1), SatisfactionRules.MonthOf(new DateOnly(2026, 11, 29)));
    }
}
