using System.Globalization;

namespace GeccAssessment.Web.Domain;

/// <summary>
/// The one place that turns dates into text for people. Thai output uses the Buddhist era
/// (พ.ศ. = C.E. + 543) and Thai month names; English output uses the Gregorian year.
/// Instants are stored in UTC and shown in Thailand's time.
/// </summary>
public static class BuddhistEraDate
{
    public const int EraOffset = 543;

    // Thailand has kept UTC+7 without daylight saving since 1920; a fixed offset avoids depending
    // on the host's tz database (slim containers may lack it).
    public static readonly TimeSpan ThailandOffset = TimeSpan.FromHours(7);

    private static readonly string[] ThaiMonths =
    [
        "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
        "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
    ];

    private static readonly string[] ThaiMonthsShort =
    [
        "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
        "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
    ];

    private static readonly string[] EnglishMonths =
    [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ];

    private static readonly string[] EnglishMonthsShort =
    [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];

    public static int ToBuddhistYear(int gregorianYear) => gregorianYear + EraOffset;

    public static int ToGregorianYear(int buddhistYear) => buddhistYear - EraOffset;

    /// <summary>17 กรกฎาคม พ.ศ. 2563, or 17 July 2020 in English.</summary>
    public static string Long(DateOnly date, CultureInfo? culture = null) =>
        IsThai(culture)
            ? $"{date.Day} {ThaiMonths[date.Month - 1]} พ.ศ. {ToBuddhistYear(date.Year)}"
            : $"{date.Day} {EnglishMonths[date.Month - 1]} {date.Year}";

    /// <summary>17 ก.ค. 2563, or 17 Jul 2020 in English.</summary>
    public static string Short(DateOnly date, CultureInfo? culture = null) =>
        IsThai(culture)
            ? $"{date.Day} {ThaiMonthsShort[date.Month - 1]} {ToBuddhistYear(date.Year)}"
            : $"{date.Day} {EnglishMonthsShort[date.Month - 1]} {date.Year}";

    /// <summary>An instant stored in UTC, shown as Thailand's date and time: 17 ก.ค. 2563 14:05 น.</summary>
    public static string ShortDateTime(DateTime utc, CultureInfo? culture = null)
    {
        var local = ToThailandTime(utc);
        var time = local.ToString("HH:mm", CultureInfo.InvariantCulture);
        return IsThai(culture)
            ? $"{Short(DateOnly.FromDateTime(local), culture)} {time} น."
            : $"{Short(DateOnly.FromDateTime(local), culture)} {time}";
    }

    public static DateTime ToThailandTime(DateTime utc)
    {
        var asUtc = utc.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(utc, DateTimeKind.Utc) : utc.ToUniversalTime();
        return DateTime.SpecifyKind(asUtc + ThailandOffset, DateTimeKind.Unspecified);
    }

    /// <summary>A date and time typed in Thailand, as the UTC instant to store.</summary>
    public static DateTime FromThailandTime(DateOnly date, TimeOnly time) =>
        DateTime.SpecifyKind(date.ToDateTime(time) - ThailandOffset, DateTimeKind.Utc);

    /// <summary>17 กรกฎาคม พ.ศ. 2563 เวลา 14:05 น., or 17 July 2020 14:05 in English.</summary>
    public static string LongDateTime(DateTime utc, CultureInfo? culture = null)
    {
        var local = ToThailandTime(utc);
        var time = local.ToString("HH:mm", CultureInfo.InvariantCulture);
        return IsThai(culture)
            ? $"{Long(DateOnly.FromDateTime(local), culture)} เวลา {time} น."
            : $"{Long(DateOnly.FromDateTime(local), culture)} {time}";
    }

    public static DateOnly ThailandToday(DateTime utcNow) => DateOnly.FromDateTime(ToThailandTime(utcNow));

    private static bool IsThai(CultureInfo? culture) =>
        (culture ?? CultureInfo.CurrentUICulture).TwoLetterISOLanguageName != "en";
}
