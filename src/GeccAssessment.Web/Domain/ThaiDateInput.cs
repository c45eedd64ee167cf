using System.Globalization;
using System.Text.RegularExpressions;

namespace GeccAssessment.Web.Domain;

/// <summary>Why a typed date was not read: a message key each.</summary>
public enum DateInputProblem
{
    None = 0,

    /// <summary>Not one of the forms below.</summary>
    Unreadable,

    /// <summary>Read, but no such day (31/02/2563).</summary>
    NoSuchDay,

    /// <summary>A real day outside <see cref="SensibleDates"/>.</summary>
    OutOfRange,

    /// <summary>The era written beside the year says the other era than the year's size ("พ.ศ. 2100", "ค.ศ. 2563").</summary>
    EraMismatch,
}

/// <summary>The outcome of reading a typed date: the date, or why not.</summary>
public readonly record struct DateInputResult(DateOnly? Date, DateInputProblem Problem)
{
    public bool Succeeded => Problem == DateInputProblem.None && Date is not null;
}

/// <summary>
/// The one reading of a date a person types (and the one way a date is put back into a field).
/// Accepted: 15/07/2563, 15-7-2563, 15.07.2563, 15 ก.ค. 2563, 15 กรกฎาคม พ.ศ. 2563, Thai digits
/// (๑๕/๐๗/๒๕๖๓), 15 July 2020, and the machine form 2020-07-15.
/// <para>
/// The era is told by the year itself, never by the form: the dates the system can mean
/// (<see cref="SensibleDates"/>) are C.E. 2000–2157, that is B.E. 2543–2700, and the two ranges do
/// not meet. So a year from 2400 on is Buddhist and one below is Christian, whichever way it is
/// written: 2563 typed where a browser's date picker expected a Christian year is still 2020, never
/// the year 2563 (which made certificates "ให้ไว้ ณ … พ.ศ. 3106"). An era written beside the year must
/// agree with it: "พ.ศ. 2100" and "ค.ศ. 2563" are refused, not read in the other era against what the
/// person wrote. A two-digit year is refused rather than guessed. Digits are Thai or ASCII only: other
/// scripts' digits (full-width ones from some input methods) are refused as unreadable.
/// </para>
/// </summary>
public static partial class ThaiDateInput
{
    /// <summary>From this year on a typed year is Buddhist (B.E. 2400 = C.E. 1857, long before any date we keep).</summary>
    public const int FirstBuddhistYear = 2400;

    private static readonly string[][] MonthNames =
    [
        ["มกราคม", "มค", "jan", "january"],
        ["กุมภาพันธ์", "กพ", "feb", "february"],
        ["มีนาคม", "มีค", "mar", "march"],
        ["เมษายน", "เมย", "apr", "april"],
        ["พฤษภาคม", "พค", "may"],
        ["มิถุนายน", "มิย", "jun", "june"],
        ["กรกฎาคม", "กค", "jul", "july"],
        ["สิงหาคม", "สค", "aug", "august"],
        ["กันยายน", "กย", "sep", "sept", "september"],
        ["ตุลาคม", "ตค", "oct", "october"],
        ["พฤศจิกายน", "พย", "nov", "november"],
        ["ธันวาคม", "ธค", "dec", "december"],
    ];

    public static DateInputResult Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 60)
        {
            return new(null, DateInputProblem.Unreadable);
        }

        var (normal, statedEra) = Normalise(text);
        int day, month, year;
        if (IsoForm().Match(normal) is { Success: true } iso)
        {
            (year, month, day) = (Number(iso.Groups[1]), Number(iso.Groups[2]), Number(iso.Groups[3]));
        }
        else if (NumericForm().Match(normal) is { Success: true } numeric)
        {
            (day, month, year) = (Number(numeric.Groups[1]), Number(numeric.Groups[2]), Number(numeric.Groups[3]));
        }
        else if (NamedForm().Match(normal) is { Success: true } named && MonthOf(named.Groups[2].Value) is { } m)
        {
            (day, month, year) = (Number(named.Groups[1]), m, Number(named.Groups[3]));
        }
        else
        {
            return new(null, DateInputProblem.Unreadable);
        }

        var buddhist = year >= FirstBuddhistYear;
        if ((statedEra == Era.Buddhist && !buddhist) || (statedEra == Era.Christian && buddhist))
        {
            return new(null, DateInputProblem.EraMismatch);
        }

        var gregorian = buddhist ? BuddhistEraDate.ToGregorianYear(year) : year;
        if (month is < 1 or > 12 || day < 1 || gregorian is < 1 or > 9999 || day > DateTime.DaysInMonth(gregorian, month))
        {
            return new(null, DateInputProblem.NoSuchDay);
        }

        var date = new DateOnly(gregorian, month, day);
        return SensibleDates.Contains(date) ? new(date, DateInputProblem.None) : new(null, DateInputProblem.OutOfRange);
    }

    /// <summary>How a date is put back into a field: 15/07/2563 in Thai, 15/07/2020 in English (both read back the same).</summary>
    public static string Format(DateOnly date, CultureInfo? culture = null)
    {
        var thai = (culture ?? CultureInfo.CurrentUICulture).TwoLetterISOLanguageName != "en";
        var year = thai ? BuddhistEraDate.ToBuddhistYear(date.Year) : date.Year;
        return string.Create(CultureInfo.InvariantCulture, $"{date.Day:00}/{date.Month:00}/{year:0000}");
    }

    private static int Number(Group group) => int.Parse(group.Value, NumberStyles.None, CultureInfo.InvariantCulture);

    private enum Era
    {
        NotStated,
        Buddhist,
        Christian,
    }

    /// <summary>
    /// Thai digits to ASCII, "พ.ศ."/"ค.ศ." dropped (and noted), dots inside month abbreviations dropped,
    /// spaces folded, lower case.
    /// </summary>
    private static (string Text, Era StatedEra) Normalise(string text)
    {
        var chars = text.Trim().ToLowerInvariant().Select(c => c is >= '๐' and <= '๙' ? (char)('0' + (c - '๐')) : c).ToArray();
        var s = new string(chars);
        var buddhist = s.Contains("พ.ศ", StringComparison.Ordinal);
        var christian = s.Contains("ค.ศ", StringComparison.Ordinal);
        s = s.Replace("พ.ศ.", " ", StringComparison.Ordinal).Replace("พ.ศ", " ", StringComparison.Ordinal)
            .Replace("ค.ศ.", " ", StringComparison.Ordinal).Replace("ค.ศ", " ", StringComparison.Ordinal);
        // "ก.ค." → "กค", but "15.07.2563" keeps its dots (they sit between digits).
        s = LetterDot().Replace(s, "$1");
        // Both written is no era stated one way: the year decides, as when neither is.
        var era = buddhist == christian ? Era.NotStated : buddhist ? Era.Buddhist : Era.Christian;
        return (Spaces().Replace(s, " ").Trim(), era);
    }

    private static int? MonthOf(string name)
    {
        var key = name.Trim('.', ' ');
        for (var i = 0; i < MonthNames.Length; i++)
        {
            if (MonthNames[i].Contains(key, StringComparer.Ordinal))
            {
                return i + 1;
            }
        }

        return null;
    }

    // [0-9], not \d: \d also matches other scripts' digits, which int.Parse refuses.
    [GeneratedRegex(@"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")]
    private static partial Regex IsoForm();

    [GeneratedRegex(@"^([0-9]{1,2})\s*[/\-.]\s*([0-9]{1,2})\s*[/\-.]\s*([0-9]{4})$")]
    private static partial Regex NumericForm();

    [GeneratedRegex(@"^([0-9]{1,2})\s*([\p{L}\p{M}.]+)\s*([0-9]{4})$")]
    private static partial Regex NamedForm();

    [GeneratedRegex(@"([\p{L}\p{M}])\.")]
    private static partial Regex LetterDot();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
