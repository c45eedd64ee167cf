namespace GeccAssessment.Web.Domain;

/// <summary>A yearly certification round (รอบการประเมิน) with its own criteria catalogue.</summary>
public class Cycle : IAudited
{
    public int Id { get; set; }

    /// <summary>The Buddhist-era year that names the round, e.g. 2563.</summary>
    public int BuddhistYear { get; set; }

    public required string Title { get; set; }

    public DateOnly ApplicationOpensOn { get; set; }

    public DateOnly ApplicationClosesOn { get; set; }

    public DateOnly AssessmentStartsOn { get; set; }

    public DateOnly AssessmentEndsOn { get; set; }

    public DateOnly? AwardOn { get; set; }

    public int CertificateValidityYears { get; set; } = 3;

    /// <summary>The printed name of who signs this cycle's certificates and reports (e.g. the committee's chair).</summary>
    public string? SignatoryName { get; set; }

    /// <summary>The signatory's position as printed under the name.</summary>
    public string? SignatoryPosition { get; set; }

    public CycleStatus Status { get; set; } = CycleStatus.Draft;

    /// <summary>Set when the first application is submitted: from then on the catalogue is frozen.</summary>
    public DateTime? CatalogueLockedAtUtc { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public List<Dimension> Dimensions { get; set; } = [];

    public List<CertificationLevel> Levels { get; set; } = [];

    public bool IsApplicationWindowOpen(DateOnly today) =>
        Status == CycleStatus.Open && today >= ApplicationOpensOn && today <= ApplicationClosesOn;

    /// <summary>A preliminary or on-site round takes place inside the assessment window.</summary>
    public bool IsInAssessmentWindow(DateOnly day) => day >= AssessmentStartsOn && day <= AssessmentEndsOn;

    /// <summary>
    /// The committee meets on this cycle's results after the cycle opened and not later than today:
    /// a meeting date is the certificates' issue date, so one in the future or years before the cycle
    /// (a slip of the era) would print a false date on every certificate.
    /// </summary>
    public bool CanMeetOn(DateOnly meeting, DateOnly today) => meeting >= ApplicationOpensOn && meeting <= today;

    /// <summary>
    /// The first day the committee can have decided on these assessments: the Thailand day the last of
    /// them was signed off. A meeting before it decided on results that did not yet exist, so its date
    /// (a year's slip, 2568 for 2569) would be printed on every certificate and end their validity early.
    /// </summary>
    public static DateOnly FirstMeetingDayAfterSignOff(IEnumerable<DateTime> signedOffAtUtc) =>
        BuddhistEraDate.ThailandToday(signedOffAtUtc.Max());

    /// <summary>Whether a meeting on <paramref name="meeting"/> can have decided on results signed off at these instants.</summary>
    public static bool MeetsAfterSignOff(DateOnly meeting, IEnumerable<DateTime> signedOffAtUtc) =>
        meeting >= FirstMeetingDayAfterSignOff(signedOffAtUtc);

    /// <summary>The first day a date of the cycle named <paramref name="buddhistYear"/> may fall on: 1 January of the year before.</summary>
    public static DateOnly EarliestDateOf(int buddhistYear) => new(BuddhistEraDate.ToGregorianYear(buddhistYear) - 1, 1, 1);

    /// <summary>The last day a date of the cycle named <paramref name="buddhistYear"/> may fall on: 31 December of the year after.</summary>
    public static DateOnly LatestDateOf(int buddhistYear) => new(BuddhistEraDate.ToGregorianYear(buddhistYear) + 1, 12, 31);

    /// <summary>
    /// What is wrong with a cycle's dates, each as the property it belongs to and the message's key.
    /// A date must lie within a year either side of the cycle's year (a round of 2569 runs around
    /// 2026: a fiscal year starts in October, awards may come the year after), so that a slip of the
    /// era or a digit (01/10/2659 for 2569) is refused rather than opening a window a century away;
    /// and the phases follow each other: applications open, close, the assessment starts, ends, then
    /// the award. Fields left empty (<paramref name="award"/>) are not checked.
    /// </summary>
    public static IReadOnlyList<(string Field, string Key)> DateProblems(int buddhistYear, DateOnly opens, DateOnly closes, DateOnly starts, DateOnly ends, DateOnly? award)
    {
        var problems = new List<(string Field, string Key)>();
        var (earliest, latest) = (EarliestDateOf(buddhistYear), LatestDateOf(buddhistYear));
        bool InYear(DateOnly d) => d >= earliest && d <= latest;
        (string Field, DateOnly? Date)[] dates =
        [
            (nameof(ApplicationOpensOn), opens), (nameof(ApplicationClosesOn), closes),
            (nameof(AssessmentStartsOn), starts), (nameof(AssessmentEndsOn), ends), (nameof(AwardOn), award),
        ];
        foreach (var (field, date) in dates)
        {
            if (date is { } d && !InYear(d))
            {
                problems.Add((field, "Cycles.DateOutsideYear"));
            }
        }

        // Each phase against the one before it, told by the later field; a pair with a date already
        // refused for its year is not compared, so that one slip is told once, where it was made.
        (string Field, string Key, DateOnly Before, DateOnly? After)[] phases =
        [
            (nameof(ApplicationClosesOn), "Cycles.WindowOrder", opens, closes),
            (nameof(AssessmentStartsOn), "Cycles.AssessmentBeforeClose", closes, starts),
            (nameof(AssessmentEndsOn), "Cycles.AssessmentOrder", starts, ends),
            (nameof(AwardOn), "Cycles.AwardOrder", ends, award),
        ];
        foreach (var (field, key, before, after) in phases)
        {
            if (after is { } a && InYear(a) && InYear(before) && a < before)
            {
                problems.Add((field, key));
            }
        }

        return problems;
    }

    /// <summary>
    /// The last day a certificate issued on <paramref name="issuedOn"/> is valid: the day before the same
    /// date as many years on as the validity. A certificate issued on 29 February whose last year has no
    /// 29 February is valid to the end of that February, as the Civil and Commercial Code (section 193/5)
    /// ends a period in years whose last month has no such day: not to 27 February, a day short.
    /// </summary>
    public DateOnly CertificateValidUntil(DateOnly issuedOn)
    {
        var sameDateLater = issuedOn.AddYears(CertificateValidityYears);
        return sameDateLater.Day == issuedOn.Day ? sameDateLater.AddDays(-1) : sameDateLater;
    }
}

public enum CycleStatus
{
    Draft = 0,
    Open = 1,
    Assessing = 2,
    Deciding = 3,
    Closed = 4,
}
