namespace GeccAssessment.Web.Infrastructure;

/// <summary>Configuration section Gecc:Evidence.</summary>
public sealed class EvidenceOptions
{
    /// <summary>Largest accepted evidence file; 10 MB unless configured.</summary>
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Largest whole self-assessment form post (answers plus several files).</summary>
    public const long MaxRequestBytes = 200L * 1024 * 1024;
}
