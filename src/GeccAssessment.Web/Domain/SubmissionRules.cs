namespace GeccAssessment.Web.Domain;

public sealed record CriterionRequirement(int CriterionId, string Code, string Title, int MaxPoints, bool IsMandatory, bool EvidenceRequired);

public sealed record AnswerState(int CriterionId, decimal? SelfScore, int EvidenceCount);

public enum SubmissionProblemKind
{
    OutsideApplicationWindow,
    NotEditable,
    MandatoryUnanswered,
    EvidenceMissing,
    ScoreOutOfRange,
}

public sealed record SubmissionProblem(SubmissionProblemKind Kind, string? CriterionCode = null, string? CriterionTitle = null);

/// <summary>What stops an application from being submitted; each problem names its criterion.</summary>
public static class SubmissionRules
{
    public static IReadOnlyList<SubmissionProblem> Check(
        IEnumerable<CriterionRequirement> criteria,
        IReadOnlyDictionary<int, AnswerState> answers,
        ApplicationStatus status,
        bool applicationWindowOpen)
    {
        var problems = new List<SubmissionProblem>();
        if (!applicationWindowOpen)
        {
            problems.Add(new(SubmissionProblemKind.OutsideApplicationWindow));
        }

        if (!ApplicationWorkflow.CanMove(status, ApplicationStatus.Submitted, WorkflowActor.Applicant))
        {
            problems.Add(new(SubmissionProblemKind.NotEditable));
        }

        foreach (var criterion in criteria)
        {
            answers.TryGetValue(criterion.CriterionId, out var answer);
            if (criterion.IsMandatory && answer?.SelfScore is null)
            {
                problems.Add(new(SubmissionProblemKind.MandatoryUnanswered, criterion.Code, criterion.Title));
            }

            if (answer?.SelfScore is { } score && (score < 0 || score > criterion.MaxPoints))
            {
                problems.Add(new(SubmissionProblemKind.ScoreOutOfRange, criterion.Code, criterion.Title));
            }

            if (criterion.EvidenceRequired && (answer?.EvidenceCount ?? 0) == 0)
            {
                problems.Add(new(SubmissionProblemKind.EvidenceMissing, criterion.Code, criterion.Title));
            }
        }

        return problems;
    }
}
