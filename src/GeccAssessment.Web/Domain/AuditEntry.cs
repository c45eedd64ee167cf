namespace GeccAssessment.Web.Domain;

/// <summary>One change: who, when, what, and the changed values before and after (JSON).</summary>
public class AuditEntry
{
    public long Id { get; set; }

    public DateTime AtUtc { get; set; }

    public string? UserId { get; set; }

    public string? UserName { get; set; }

    public required string EntityType { get; set; }

    public required string EntityId { get; set; }

    /// <summary>Added, Modified or Deleted.</summary>
    public required string Action { get; set; }

    public string? Before { get; set; }

    public string? After { get; set; }
}
