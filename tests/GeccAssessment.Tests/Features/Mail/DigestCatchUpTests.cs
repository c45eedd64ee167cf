using GeccAssessment.Web.Features.Mail;

namespace GeccAssessment.Tests.Features.Mail;

/// <summary>Which days' digests the job sends: yesterday, and the days missed while every instance was down.</summary>
public class DigestCatchUpTests
{
    private static readonly DateOnly Yesterday = new(2026, 11, 29);

    [Fact]
    public void A_new_installation_sends_only_yesterday()
    {
        Assert.Equal([Yesterday], SubmissionDigestJob.DaysToSend(Yesterday, null));
    }

    [Fact]
    public void Nothing_is_sent_again_once_yesterday_is_claimed()
    {
        Assert.Empty(SubmissionDigestJob.DaysToSend(Yesterday, Yesterday));
    }

    [Fact]
    public void Days_missed_since_the_last_claimed_one_are_sent_oldest_first()
    {
        Assert.Equal([Yesterday.AddDays(-2), Yesterday.AddDays(-1), Yesterday], SubmissionDigestJob.DaysToSend(Yesterday, Yesterday.AddDays(-3)));
    }

    [Fact]
    public void A_long_outage_catches_up_one_week_at_most()
    {
        var days = SubmissionDigestJob.DaysToSend(Yesterday, Yesterday.AddDays(-30));
        Assert.Equal(SubmissionDigestJob.CatchUpDays, days.Count);
        Assert.Equal(Yesterday.AddDays(1 - SubmissionDigestJob.CatchUpDays), days[0]);
        Assert.Equal(Yesterday, days[^1]);
    }
}
