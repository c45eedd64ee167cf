using System.Globalization;
using GeccAssessment.Web.Domain;

namespace GeccAssessment.Tests.Domain;

public class ThaiDateInputTests
{
    [Theory]
    [InlineData("15/07/2563")]
    [InlineData("15/7/2563")]
    [InlineData(" 15 / 07 / 2563 ")]
    [InlineData("15-07-2563")]
    [InlineData("15.07.2563")]
    [InlineData("๑๕/๐๗/๒๕๖๓")]
    [InlineData("15 ก.ค. 2563")]
    [InlineData("15 กค 2563")]
    [InlineData("15 กรกฎาคม 2563")]
    [InlineData("15 กรกฎาคม พ.ศ. 2563")]
    [InlineData("15 July 2020")]
    [InlineData("15 jul 2020")]
    [InlineData("15/07/2020")]
    [InlineData("2020-07-15")]
    public void Every_accepted_form_reads_as_15_July_2020(string typed)
    {
        var result = ThaiDateInput.Parse(typed);
        Assert.True(result.Succeeded, typed);
        Assert.Equal(new DateOnly(2020, 7, 15), result.Date);
    }

    [Fact]
    public void A_buddhist_year_in_the_machine_form_is_still_buddhist_never_the_year_2563()
    {
        // What a browser's date picker sends when a person types the year they know.
        Assert.Equal(new DateOnly(2020, 10, 20), ThaiDateInput.Parse("2563-10-20").Date);
    }

    [Theory]
    [InlineData("31/02/2563", DateInputProblem.NoSuchDay)]
    [InlineData("29/02/2563", DateInputProblem.None)] // 2020 is a leap year
    [InlineData("29/02/2564", DateInputProblem.NoSuchDay)]
    [InlineData("15/13/2563", DateInputProblem.NoSuchDay)]
    [InlineData("00/07/2563", DateInputProblem.NoSuchDay)]
    [InlineData("15/07/63", DateInputProblem.Unreadable)] // two-digit years are not guessed
    [InlineData("2563", DateInputProblem.Unreadable)]
    [InlineData("พรุ่งนี้", DateInputProblem.Unreadable)]
    [InlineData("15 ฤดูร้อน 2563", DateInputProblem.Unreadable)]
    [InlineData("", DateInputProblem.Unreadable)]
    [InlineData("01/01/2542", DateInputProblem.OutOfRange)] // 1999
    [InlineData("01/01/2701", DateInputProblem.OutOfRange)] // 2158
    [InlineData("0001-01-01", DateInputProblem.OutOfRange)]
    [InlineData("9999-12-31", DateInputProblem.OutOfRange)]
    [InlineData("01/01/1999", DateInputProblem.OutOfRange)]
    [InlineData("15 ก.ค. พ.ศ. 2100", DateInputProblem.EraMismatch)] // written B.E., sized C.E.: never stored as 2100
    [InlineData("15/07/พ.ศ.2020", DateInputProblem.EraMismatch)]
    [InlineData("15 กรกฎาคม ค.ศ. 2563", DateInputProblem.EraMismatch)] // written C.E., sized B.E.: never stored as 2020
    [InlineData("15 กรกฎาคม ค.ศ. 2020", DateInputProblem.None)]
    [InlineData("１５/０７/２５６３", DateInputProblem.Unreadable)] // full-width digits: refused, not a server error
    [InlineData("١٥/٠٧/٢٥٦٣", DateInputProblem.Unreadable)] // Arabic-Indic digits
    [InlineData("２０２０-07-15", DateInputProblem.Unreadable)]
    public void What_cannot_be_a_date_we_keep_is_refused_with_its_reason(string typed, DateInputProblem problem)
    {
        Assert.Equal(problem, ThaiDateInput.Parse(typed).Problem);
    }

    [Fact]
    public void A_date_goes_back_into_a_field_in_the_readers_era_and_reads_back_the_same()
    {
        var date = new DateOnly(2020, 7, 5);
        var thai = ThaiDateInput.Format(date, CultureInfo.GetCultureInfo("th-TH"));
        var english = ThaiDateInput.Format(date, CultureInfo.GetCultureInfo("en-GB"));
        Assert.Equal("05/07/2563", thai);
        Assert.Equal("05/07/2020", english);
        Assert.Equal(date, ThaiDateInput.Parse(thai).Date);
        Assert.Equal(date, ThaiDateInput.Parse(english).Date);
    }

    [Fact]
    public void Every_day_the_system_can_mean_survives_a_round_trip_through_the_field()
    {
        for (var date = SensibleDates.Min; date <= SensibleDates.Max; date = date.AddDays(97))
        {
            Assert.Equal(date, ThaiDateInput.Parse(ThaiDateInput.Format(date, CultureInfo.GetCultureInfo("th-TH"))).Date);
        }
    }
}
