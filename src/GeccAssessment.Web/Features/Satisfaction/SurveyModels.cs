using GeccAssessment.Web.Domain;

namespace GeccAssessment.Web.Features.Satisfaction;

/// <summary>What the public page posts. Values arrive as text, so that nonsense gets a message, not a 400.</summary>
public sealed class SurveyForm
{
    public string? Token { get; set; }

    public string? Overall { get; set; }

    public string? Premises { get; set; }

    public string? Personnel { get; set; }

    public string? ServiceProcess { get; set; }

    public string? Other { get; set; }

    public string? Service { get; set; }

    public string? Comment { get; set; }

    /// <summary>The honeypot: hidden from people, filled by form-filling robots.</summary>
    public string? Website { get; set; }

    public string? ValueOf(DimensionKind kind) => kind switch
    {
        DimensionKind.Premises => Premises,
        DimensionKind.Personnel => Personnel,
        DimensionKind.ServiceProcess => ServiceProcess,
        _ => Other,
    };
}

public sealed record SurveyQuestion(DimensionKind Kind, string Text);

public sealed record SurveyPage(string Code, string PointName, string AgencyName, IReadOnlyList<SurveyQuestion> Questions, IReadOnlyList<string> Services, SurveyForm Form, IReadOnlyList<string> Errors);

public enum SubmitOutcome
{
    Stored,
    Flagged,
    Discarded,
    AlreadyAnswered,
    Invalid,
    NotFound,

    /// <summary>The database was away (even on a second try): nothing stored, the person is asked to send again.</summary>
    NotSaved,
}

public sealed record SubmitResult(SubmitOutcome Outcome, IReadOnlyList<string> Errors)
{
    public static SubmitResult Of(SubmitOutcome outcome) => new(outcome, []);
}
