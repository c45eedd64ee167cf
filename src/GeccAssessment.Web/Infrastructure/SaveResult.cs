namespace GeccAssessment.Web.Infrastructure;

/// <summary>What a service's save came to: saved, not found (or not yours), or refused with messages.</summary>
public sealed record SaveResult(bool Succeeded, bool IsNotFound, IReadOnlyList<string> Errors)
{
    public static readonly SaveResult Saved = new(true, false, []);

    public static readonly SaveResult NotFound = new(false, true, []);

    public static SaveResult Invalid(params string[] errors) => new(false, false, errors);
}
