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

    [Fact]
    public void A_cycles_dates_lie_within_a_year_of_its_own_and_follow_the_phases()
    {
        // 2569 is 2026: from 1 January 2025 to 31 December 2027.
        Assert.Empty(Cycle.DateProblems(2569, Day("2025-10-01"), Day("2026-01-31"), Day("2026-03-01"), Day("2026-06-30"), Day("2026-09-30")));
        Assert.Empty(Cycle.DateProblems(2569, Day("2025-01-01"), Day("2025-01-01"), Day("2025-01-01"), Day("2027-12-31"), null));

        // 01/10/2659 typed for 2569 is 2116.
        // Told once, by the field typed wrong: not again as "closes before it opens".
        Assert.Equal([("ApplicationOpensOn", "Cycles.DateOutsideYear")],
            Cycle.DateProblems(2569, Day("2116-10-01"), Day("2026-01-31"), Day("2026-03-01"), Day("2026-06-30"), null));
        Assert.Equal([("AwardOn", "Cycles.DateOutsideYear")],
            Cycle.DateProblems(2569, Day("2025-10-01"), Day("2026-01-31"), Day("2026-03-01"), Day("2026-06-30"), Day("2028-01-01")));
        Assert.Equal([("ApplicationOpensOn", "Cycles.DateOutsideYear")],
            Cycle.DateProblems(2569, Day("2024-12-31"), Day("2026-01-31"), Day("2026-03-01"), Day("2026-06-30"), null));

        Assert.Equal([("AssessmentStartsOn", "Cycles.AssessmentBeforeClose")],
            Cycle.DateProblems(2569, Day("2025-10-01"), Day("2026-01-31"), Day("2026-01-15"), Day("2026-06-30"), null));
        Assert.Equal([("AssessmentEndsOn", "Cycles.AssessmentOrder")],
            Cycle.DateProblems(2569, Day("2025-10-01"), Day("2026-01-31"), Day("2026-03-01"), Day("2026-02-28"), null));
        Assert.Equal([("AwardOn", "Cycles.AwardOrder")],
            Cycle.DateProblems(2569, Day("2025-10-01"), Day("2026-01-31"), Day("2026-03-01"), Day("2026-06-30"), Day("2026-06-29")));
    }
}
