using GeccAssessment.Web.Domain;

namespace GeccAssessment.Tests.Domain;

public class CertificateValidityTests
{
    [Theory]
    [InlineData("2024-07-15", 3, "2027-07-14")]
    [InlineData("2024-01-01", 3, "2026-12-31")]
    [InlineData("2024-03-01", 1, "2025-02-28")]
    [InlineData("2023-03-01", 1, "2024-02-29")] // the year before a leap day: the day before 1 March is 29 February
    [InlineData("2024-02-28", 3, "2027-02-27")]
    // Issued on a leap day, ending in a year without one: to the end of that February (Civil and Commercial
    // Code s. 193/5), not 27 February, which made a certificate of 29 February end with one of 28 February.
    [InlineData("2024-02-29", 3, "2027-02-28")]
    [InlineData("2024-02-29", 1, "2025-02-28")]
    [InlineData("2024-02-29", 4, "2028-02-28")] // the same date exists four years on: the day before it
    public void A_certificate_is_valid_to_the_day_before_the_same_date_its_years_later(string issued, int years, string lastDay)
    {
        var cycle = new Cycle { Title = "รอบทดสอบ", CertificateValidityYears = years };

        Assert.Equal(DateOnly.Parse(lastDay, System.Globalization.CultureInfo.InvariantCulture), cycle.CertificateValidUntil(DateOnly.Parse(issued, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
