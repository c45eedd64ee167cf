namespace GeccAssessment.Web.Domain;

/// <summary>
/// The dates the system can mean: from 1 January 2000 (พ.ศ. 2543) to 31 December 2157 (พ.ศ. 2700,
/// the last cycle year the cycle form accepts). A date outside is a typing slip (0001-01-01,
/// 9999-12-31) and would otherwise overflow a time-zone conversion or sit in a meeting record for ever.
/// </summary>
public static class SensibleDates
{
    public static readonly DateOnly Min = new(2000, 1, 1);
    public static readonly DateOnly Max = new(2157, 12, 31);

    public static bool Contains(DateOnly date) => date >= Min && date <= Max;

    public static bool Contains(DateTime dateTime) => Contains(DateOnly.FromDateTime(dateTime));

    public static bool Contains(DateTimeOffset dateTime) => Contains(DateOnly.FromDateTime(dateTime.UtcDateTime));
}
