namespace GeccAssessment.Web.Infrastructure;

/// <summary>What a service's save came to: saved, not found (or not yours), or refused with messages.</summary>
public sealed record SaveResult(bool Succeeded, bool IsNotFound, IReadOnlyList<string> Errors)
{
    public static readonly SaveResult Saved = new(true, false, []);

    public static readonly SaveResult NotFound = new(false, true, []);

    /// <summary>Refusals told by the field they belong to (the form shows each by its input), with their arguments.</summary>
    public IReadOnlyList<(string Field, Message Message)> FieldErrors { get; init; } = [];

    public static SaveResult Invalid(params string[] errors) => new(false, false, errors);

    public static SaveResult InvalidFields(IReadOnlyList<(string Field, Message Message)> errors) => new(false, false, []) { FieldErrors = errors };
}
