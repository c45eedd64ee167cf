using System.Globalization;
using System.Text;

namespace GeccAssessment.Web.Features.Dashboard;

/// <summary>
/// A chart's drawing, worked out on the server and sent as inline SVG (docs/adr/0014-dashboard-charts-drawn-on-the-server.md):
/// horizontal bars, one row per label, so that labels of any length and the 77 provinces read on a phone.
/// Each series is one path (all its bars), drawn in a plot scaled to the chart's width, while the
/// labels keep their size in pixels: a few elements per chart, and nothing for the phone to compute.
/// </summary>
public sealed record BarChart(int Height, int PlotHeight, IReadOnlyList<BarChart.Row> Rows, IReadOnlyList<BarChart.Bars> Series, IReadOnlyList<BarChart.Tick> Ticks, IReadOnlyList<BarChart.ValueLabel> Values)
{
    /// <summary>Where the plot starts and how wide it is, in percent of the chart's width: the labels take the left.</summary>
    public const double PlotLeft = 40, PlotWidth = 48;

    /// <summary>The plot's own width in its coordinates (stretched to <see cref="PlotWidth"/> percent).</summary>
    public const int PlotUnits = 1000;

    /// <summary>Dark enough for 3:1 against white (WCAG 1.4.11), told apart by the legend and the table too.</summary>
    public static readonly IReadOnlyList<string> Colours = ["#1f3a68", "#8a6212", "#2e7d3f", "#9c2f2f", "#5b6b7f"];

    private const int AxisHeight = 22, Top = 4;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public sealed record Row(string Label, int Y);

    public sealed record Bars(string Name, string Colour, string Path);

    public sealed record Tick(string Label, string X);

    public sealed record ValueLabel(string Text, string X, int Y);

    public static BarChart Draw(ChartData data)
    {
        var many = data.Labels.Count > 20;
        var seriesCount = Math.Max(1, data.Series.Count);
        // The 77 provinces get thin bars so that the chart stays about a screen and a half high.
        var barHeight = many ? 4 : seriesCount == 1 ? 20 : 10;
        var gap = many ? 4 : 10;
        var rowHeight = (seriesCount * barHeight) + gap;
        var plotHeight = Top + (data.Labels.Count * rowHeight);
        var maximum = NiceMaximum(data.Series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max());

        var rows = data.Labels.Select((label, i) => new Row(label, Top + (i * rowHeight) + ((seriesCount * barHeight) / 2))).ToList();
        var series = data.Series.Select((s, k) =>
        {
            var path = new StringBuilder();
            for (var i = 0; i < s.Values.Count; i++)
            {
                var width = Scale(s.Values[i], maximum) * PlotUnits;
                if (width <= 0)
                {
                    continue;
                }

                // A zero value draws nothing; a small one at least a sliver, so that it is seen to be there.
                path.Append(Invariant, $"M0 {Top + (i * rowHeight) + (k * barHeight)}h{Math.Max(width, 2):0.#}v{barHeight}h-{Math.Max(width, 2):0.#}z");
            }

            return new Bars(s.Name, Colours[k % Colours.Count], path.ToString());
        }).ToList();

        var ticks = Enumerable.Range(0, 5).Select(i => maximum * i / 4)
            .Select(v => new Tick(v.ToString("0.##", Invariant), Percent(PlotLeft + (PlotWidth * Scale(v, maximum))))).ToList();
        // The figures beside the bars only where they stay legible; the table always has them.
        var values = many ? [] : data.Series.SelectMany((s, k) => s.Values.Select((v, i) => new ValueLabel(
            v.ToString("0.##", Invariant), Percent(PlotLeft + (PlotWidth * Scale(v, maximum))), Top + (i * rowHeight) + (k * barHeight) + (barHeight / 2)))).ToList();
        return new BarChart(plotHeight + AxisHeight, plotHeight, rows, series, ticks, values);
    }

    /// <summary>
    /// 1, 2, 4 or 8 times a power of ten at or above the largest value, at least 4: the axis's four
    /// steps are then whole numbers, as counts are.
    /// </summary>
    public static decimal NiceMaximum(decimal largest)
    {
        if (largest <= 4)
        {
            return 4;
        }

        var power = (decimal)Math.Pow(10, Math.Floor(Math.Log10((double)largest)));
        return new[] { 1m, 2m, 4m, 8m, 10m }.Select(step => step * power).First(candidate => candidate >= largest);
    }

    private static double Scale(decimal value, decimal maximum) => maximum <= 0 ? 0 : Math.Clamp((double)(value / maximum), 0, 1);

    private static string Percent(double value) => value.ToString("0.##", Invariant) + "%";
}
