namespace GeccAssessment.Web.Domain;

/// <summary>
/// The unguessable code behind a service point's satisfaction poster. Re-issuing revokes the old
/// link, so a poster that was copied or misused stops working.
/// </summary>
public class SatisfactionLink : IAudited
{
    public int Id { get; set; }

    public int ServicePointId { get; set; }

    public ServicePoint? ServicePoint { get; set; }

    /// <summary>128 random bits, base64url: the only thing the public page is reached by.</summary>
    public required string Token { get; set; }

    public DateTime IssuedAtUtc { get; set; }

    public DateTime? RevokedAtUtc { get; set; }
}

public enum SatisfactionStatus
{
    /// <summary>In the figures.</summary>
    Counted = 0,

    /// <summary>Part of a burst: kept, out of the figures until the Secretariat reviews it.</summary>
    Suspicious = 1,

    /// <summary>Reviewed and left out for good.</summary>
    Rejected = 2,
}

/// <summary>
/// One citizen's answer. Nothing personal: no name, no address, no IP; the device key is a hash of a
/// random cookie with a salt that is deleted after a day, so it cannot be linked to anything later.
/// </summary>
public class SatisfactionResponse
{
    public long Id { get; set; }

    public int ServicePointId { get; set; }

    /// <summary>The day in Thailand, the unit of the one-answer-per-device limit and of the aggregates.</summary>
    public DateOnly Day { get; set; }

    public DateTime SubmittedAtUtc { get; set; }

    /// <summary>1 (very unhappy) … 5 (very happy).</summary>
    public short Overall { get; set; }

    public short? Premises { get; set; }

    public short? Personnel { get; set; }

    public short? ServiceProcess { get; set; }

    public short? Other { get; set; }

    /// <summary>The service used, from the point's own list.</summary>
    public string? Service { get; set; }

    /// <summary>Free text, shown to staff as text only.</summary>
    public string? Comment { get; set; }

    public SatisfactionStatus Status { get; set; }

    public required byte[] DeviceKey { get; set; }

    public DateTime? ReviewedAtUtc { get; set; }
}

/// <summary>Sums of counted answers; an average is Sum / Answers of the same dimension.</summary>
public abstract class SatisfactionSums
{
    public int ServicePointId { get; set; }

    public int Answers { get; set; }

    public int OverallSum { get; set; }

    public int PremisesAnswers { get; set; }

    public int PremisesSum { get; set; }

    public int PersonnelAnswers { get; set; }

    public int PersonnelSum { get; set; }

    public int ServiceProcessAnswers { get; set; }

    public int ServiceProcessSum { get; set; }

    public int OtherAnswers { get; set; }

    public int OtherSum { get; set; }
}

/// <summary>Counted answers of one point on one day, upserted with each answer: the scoring form reads at most 366 rows.</summary>
public class SatisfactionDaily : SatisfactionSums
{
    public DateOnly Day { get; set; }
}

/// <summary>
/// Counted answers of one point in one month, with the point's province and agency kind copied in,
/// so the dashboard compares provinces and kinds from this table alone.
/// </summary>
public class SatisfactionMonthly : SatisfactionSums
{
    /// <summary>The first day of the month.</summary>
    public DateOnly Month { get; set; }

    public required string ProvinceCode { get; set; }

    public AgencyKind AgencyKind { get; set; }
}

/// <summary>
/// Counted answers of one point over the dashboard's twelve months (from <see cref="WindowStart"/>),
/// kept with each answer: the dashboard compares 20,000 points from one row each instead of summing
/// twelve monthly rows per point on every view. Rebuilt from the monthly rows when a month turns.
/// </summary>
public class SatisfactionPointYear : SatisfactionSums
{
    /// <summary>The first day of the oldest month counted; older than the dashboard's own means the row awaits the rebuild.</summary>
    public DateOnly WindowStart { get; set; }

    public required string ProvinceCode { get; set; }

    public AgencyKind AgencyKind { get; set; }
}

/// <summary>The wording of one short question on the public page, per cycle and dimension (data, not code).</summary>
public class SatisfactionQuestion : IAudited
{
    public int Id { get; set; }

    public int CycleId { get; set; }

    public DimensionKind Kind { get; set; }

    public required string TextTh { get; set; }

    public required string TextEn { get; set; }
}

/// <summary>A day's secret salt for device keys, deleted the day after.</summary>
public class SatisfactionDaySalt
{
    public DateOnly Day { get; set; }

    public required byte[] Salt { get; set; }
}
