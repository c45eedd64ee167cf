using GeccAssessment.Web.Domain;

namespace GeccAssessment.Tests.Domain;

public class InputRulesTests
{
    [Theory]
    [InlineData("ศูนย์บริการร่วม", true)]
    [InlineData("emoji 😀 is a pair", true)]
    [InlineData("", true)]
    [InlineData(null, true)]
    public void Ordinary_text_is_storable(string? text, bool storable) =>
        Assert.Equal(storable, StorableText.IsStorable(text));

    [Fact]
    public void Nul_and_half_characters_are_not_storable()
    {
        Assert.False(StorableText.IsStorable("a" + '\0' + "b"));
        Assert.False(StorableText.IsStorable("lone high " + (char)0xD83D + " here"));
        Assert.False(StorableText.IsStorable("lone low " + (char)0xDE00 + " here"));
        Assert.False(StorableText.IsStorable("ends high " + (char)0xD83D));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")")]
    [InlineData("+66 2 123 4567", "'+66 2 123 4567")]
    [InlineData("-1+2", "'-1+2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "'\r=1")]
    [InlineData("สำนักงานที่ดิน", "สำนักงานที่ดิน")]
    [InlineData("95.00", "95.00")]
    [InlineData("a=b", "a=b")]
    [InlineData("", "")]
    [InlineData(null, null)]
    public void Spreadsheet_cells_starting_like_a_formula_get_an_apostrophe(string? value, string? expected) =>
        Assert.Equal(expected, SpreadsheetCell.Neutralise(value));

    [Fact]
    public void Sensible_dates_run_from_2000_to_the_last_cycle_year()
    {
        Assert.True(SensibleDates.Contains(new DateOnly(2000, 1, 1)));
        Assert.True(SensibleDates.Contains(new DateOnly(2157, 12, 31)));
        Assert.False(SensibleDates.Contains(DateOnly.MinValue));
        Assert.False(SensibleDates.Contains(DateOnly.MaxValue));
        Assert.False(SensibleDates.Contains(new DateOnly(1999, 12, 31)));
        Assert.Equal(2700, BuddhistEraDate.ToBuddhistYear(SensibleDates.Max.Year));
    }
}
