using System.Globalization;
using GeccAssessment.Web.Domain;

namespace GeccAssessment.Tests.Domain;

public class CycleDateRulesTests
{
    private static DateTime Utc(string instant) => DateTime.SpecifyKind(DateTime.Parse(instant, CultureInfo.InvariantCulture), DateTimeKind.Utc);

    private static DateOnly Day(string date) => DateOnly.Parse(date, CultureInfo.InvariantCulture);

    [Fact]
    public void The_first_meeting_day_is_the_thailand_day_the_last_assessment_was_signed_off()
    {
        // 20:00 UTC on 14 November is 03:00 on 15 November in Thailand.
        DateTime[] signedOff = [Utc("2026-10-01T03:00:00"), Utc("2026-11-14T20:00:00"), Utc("2026-11-02T09:00:00")];

        Assert.Equal(Day("2026-11-15"), Cycle.FirstMeetingDayAfterSignOff(signedOff));
        Assert.True(Cycle.MeetsAfterSignOff(Day("2026-11-15"), signedOff));
        Assert.True(Cycle.MeetsAfterSignOff(Day("2026-12-01"), signedOff));
        Assert.False(Cycle.MeetsAfterSignOff(Day("2026-11-14"), signedOff));
        // A year's slip of the era (15/11/2568 for 2569) is refused.
        Assert.False(Cycle.MeetsAfterSignOff(Day("2025-11-15"), signedOff));
    }
}
