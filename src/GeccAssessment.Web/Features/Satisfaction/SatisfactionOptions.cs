namespace GeccAssessment.Web.Features.Satisfaction;

/// <summary>Gecc:Satisfaction: the abuse limits of the public survey (tests and the bench change them).</summary>
public sealed class SatisfactionOptions
{
    /// <summary>A person needs a few seconds to read and tap; a script posting faster is refused.</summary>
    public int MinimumFillSeconds { get; set; } = 3;

    /// <summary>A form older than this is stale (its token expired): the page is shown again.</summary>
    public int MaximumFillHours { get; set; } = 4;

    /// <summary>Answers per client address per hour, in memory only (an office Wi-Fi shares one address).</summary>
    public int PerAddressPerHour { get; set; } = 120;

    /// <summary>More answers than this for one point within ten minutes are a burst: kept but flagged.</summary>
    public int BurstPerPointPer10Minutes { get; set; } = 20;
}
