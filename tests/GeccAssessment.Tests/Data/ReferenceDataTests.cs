using GeccAssessment.Web.Data.Seeding;

namespace GeccAssessment.Tests.Data;

public class ReferenceDataTests
{
    private static readonly List<string[]> Provinces = [.. ReferenceDataSeeder.ReadCsv("provinces.csv")];
    private static readonly List<string[]> Districts = [.. ReferenceDataSeeder.ReadCsv("districts.csv")];

    [Fact]
    public void Thailand_has_77_provinces_with_unique_codes_and_both_names()
    {
        Assert.Equal(77, Provinces.Count);
        Assert.Equal(77, Provinces.Select(p => p[0]).Distinct().Count());
        Assert.All(Provinces, p => Assert.True(p.Length == 3 && p[0].Length == 2 && p[1].Length > 0 && p[2].Length > 0, string.Join(",", p)));
        Assert.Contains(Provinces, p => p[0] == "90" && p[1] == "สงขลา" && p[2] == "Songkhla");
        Assert.Contains(Provinces, p => p[0] == "10" && p[1] == "กรุงเทพมหานคร");
    }

    [Fact]
    public void Every_district_has_a_unique_code_inside_its_province()
    {
        Assert.Equal(928, Districts.Count);
        Assert.Equal(Districts.Count, Districts.Select(d => d[0]).Distinct().Count());
        var provinceCodes = Provinces.Select(p => p[0]).ToHashSet();
        Assert.All(Districts, d => Assert.True(d.Length == 4 && d[0].Length == 4 && d[0].StartsWith(d[1], StringComparison.Ordinal) && provinceCodes.Contains(d[1]), string.Join(",", d)));
        Assert.Equal(16, Districts.Count(d => d[1] == "90"));
        Assert.Equal(50, Districts.Count(d => d[1] == "10"));
        Assert.Contains(Districts, d => d[0] == "9001" && d[2] == "เมืองสงขลา");
    }

    [Fact]
    public void Values_hold_no_commas_or_quotes_so_the_simple_reader_is_right()
    {
        Assert.All(Provinces.Concat(Districts).SelectMany(r => r), v => Assert.DoesNotContain('"', v));
    }
}
