namespace GeccAssessment.Web.Domain;

/// <summary>
/// The office's own emblem, printed at the top of every certificate. One row at most (<see cref="TheOne"/>):
/// the Admin replaces or removes it; without it the certificate draws the generic seal. The bytes live
/// in PostgreSQL like evidence, so every app instance prints the same emblem.
/// </summary>
public class OfficeEmblem : IAudited
{
    public const int TheOne = 1;

    public int Id { get; set; } = TheOne;

    /// <summary>image/png or image/jpeg, from the bytes, never from the name.</summary>
    public required string ContentType { get; set; }

    public required byte[] Data { get; set; }

    public int Width { get; set; }

    public int Height { get; set; }

    public DateTime UploadedAtUtc { get; set; }

    public string? UploadedByUserId { get; set; }
}
