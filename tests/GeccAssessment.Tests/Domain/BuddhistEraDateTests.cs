using System.Globalization;
using GeccAssessment.Web.Domain;

namespace GeccAssessment.Tests.Domain;

public class BuddhistEraDateTests
{
    private static readonly CultureInfo Thai = CultureInfo.GetCultureInfo("th-TH");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    [Fact]
    public void Long_thai_date_uses_the_buddhist_era_and_thai_month()
    {
        Assert.Equal("17 กรกฎาคม พ.ศ. 2563", BuddhistEraDate.Long(new DateOnly(2020, 7, 17), Thai));
    }

    [Fact]
    public void Short_thai_date_uses_abbreviated_month()
    {
        Assert.Equal("17 ก.ค. 2563", BuddhistEraDate.Short(new DateOnly(2020, 7, 17), Thai));
    }

    [Fact]
    public void English_view_uses_the_gregorian_year()
    {
        Assert.Equal("17 July 2020", BuddhistEraDate.Long(new DateOnly(2020, 7, 17), English));
        Assert.Equal("17 Jul 2020", BuddhistEraDate.Short(new DateOnly(2020, 7, 17), English));
    }

    [Theory]
    [InlineData(2019, 12, 31, "31 ธันวาคม พ.ศ. 2562")]
    [InlineData(2020, 1, 1, "1 มกราคม พ.ศ. 2563")]
    [InlineData(2024, 2, 29, "29 กุมภาพันธ์ พ.ศ. 2567")]
    public void Year_boundaries_and_leap_days(int year, int month, int day, string expected)
    {
        Assert.Equal(expected, BuddhistEraDate.Long(new DateOnly(year, month, day), Thai));
    }

    [Fact]
    public void An_instant_late_on_new_years_eve_utc_is_already_new_year_in_thailand()
    {
        var utc = new DateTime(2019, 12, 31, 17, 30, 0, DateTimeKind.Utc);
        Assert.Equal("1 ม.ค. 2563 00:30 น.", BuddhistEraDate.ShortDateTime(utc, Thai));
        Assert.Equal("1 Jan 2020 00:30", BuddhistEraDate.ShortDateTime(utc, English));
        Assert.Equal(new DateOnly(2020, 1, 1), BuddhistEraDate.ThailandToday(utc));
    }

    [Fact]
    public void Without_a_culture_it_follows_the_current_ui_culture()
    {
        var saved = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = English;
            Assert.Equal("1 January 2021", BuddhistEraDate.Long(new DateOnly(2021, 1, 1)));
            CultureInfo.CurrentUICulture = Thai;
            Assert.Equal("1 มกราคม พ.ศ. 2564", BuddhistEraDate.Long(new DateOnly(2021, 1, 1)));
        }
        finally
        {
            CultureInfo.CurrentUICulture = saved;
        }
    }

    [Fact]
    public void Converts_between_eras()
    {
        Assert.Equal(2563, BuddhistEraDate.ToBuddhistYear(2020));
        Assert.Equal(2020, BuddhistEraDate.ToGregorianYear(2563));
    }
}
