using GeccAssessment.Web.Features.Dashboard;

namespace GeccAssessment.Tests.Features.Dashboard;

/// <summary>The dashboard's charts are drawn on the server: bars in proportion, an axis of whole steps.</summary>
public class BarChartTests
{
    [Theory]
    [InlineData(0, 4)]
    [InlineData(3, 4)]
    [InlineData(5, 8)]
    [InlineData(9, 10)]
    [InlineData(86.5, 100)]
    [InlineData(150, 200)]
    [InlineData(20000, 20000)]
    [InlineData(20001, 40000)]
    public void The_axis_ends_at_a_round_figure_at_or_above_the_largest_value(decimal largest, decimal expected) =>
        Assert.Equal(expected, BarChart.NiceMaximum(largest));

    [Fact]
    public void Each_series_is_one_path_with_a_bar_per_nonzero_value_in_proportion_to_the_axis()
    {
        var chart = BarChart.Draw(new ChartData("x", "title", ["a", "b", "c"], [("one", [40m, 0m, 20m]), ("two", [10m, 10m, 10m])]));

        Assert.Equal(2, chart.Series.Count);
        // Axis to 40: 40 fills the plot (1,000 units), 20 half of it, 0 draws nothing.
        Assert.Equal(["1000", "500"], BarWidths(chart.Series[0].Path));
        Assert.Equal(["250", "250", "250"], BarWidths(chart.Series[1].Path));
        Assert.Equal(["0", "10", "20", "30", "40"], chart.Ticks.Select(t => t.Label));
        Assert.Equal("40%", chart.Ticks[0].X);
        Assert.Equal("88%", chart.Ticks[^1].X);
        Assert.Equal(["a", "b", "c"], chart.Rows.Select(r => r.Label));
        Assert.True(chart.Rows[1].Y > chart.Rows[0].Y && chart.Height > chart.PlotHeight);
        Assert.Equal(6, chart.Values.Count);
        Assert.NotEqual(chart.Series[0].Colour, chart.Series[1].Colour);
    }

    [Fact]
    public void The_provinces_long_chart_gets_thin_bars_and_no_figures_beside_them()
    {
        var labels = Enumerable.Range(1, 77).Select(i => $"p{i}").ToList();
        IReadOnlyList<decimal> values = [.. labels.Select((_, i) => (decimal)i)];
        var chart = BarChart.Draw(new ChartData("province", "title", labels, [("a", values), ("b", values), ("c", values)]));

        Assert.Empty(chart.Values);
        Assert.InRange(chart.Height, 77 * 12, 77 * 20);
        Assert.Equal(76, BarWidths(chart.Series[0].Path).Count);
    }

    private static List<string> BarWidths(string path) =>
        [.. System.Text.RegularExpressions.Regex.Matches(path, @"h(\d+(?:\.\d)?)v").Select(m => m.Groups[1].Value)];
}
