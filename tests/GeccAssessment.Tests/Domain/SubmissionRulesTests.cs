using GeccAssessment.Web.Domain;

namespace GeccAssessment.Tests.Domain;

public class SubmissionRulesTests
{
    private static readonly CriterionRequirement Mandatory = new(1, "P-01", "ป้ายบอกทาง", 10, IsMandatory: true, EvidenceRequired: false);
    private static readonly CriterionRequirement NeedsEvidence = new(2, "V-03", "คู่มือสำหรับประชาชน", 5, IsMandatory: false, EvidenceRequired: true);
    private static readonly CriterionRequirement Optional = new(3, "O-01", "นวัตกรรม", 5, IsMandatory: false, EvidenceRequired: false);
    private static readonly CriterionRequirement[] Catalogue = [Mandatory, NeedsEvidence, Optional];

    private static Dictionary<int, AnswerState> Answers(params (int Id, decimal? Score, int Evidence)[] answers) =>
        answers.ToDictionary(a => a.Id, a => new AnswerState(a.Id, a.Score, a.Evidence));

    [Fact]
    public void A_complete_application_in_the_window_has_no_problem()
    {
        var answers = Answers((1, 8, 0), (2, null, 1));

        Assert.Empty(SubmissionRules.Check(Catalogue, answers, ApplicationStatus.Draft, applicationWindowOpen: true));
    }

    [Fact]
    public void Each_missing_item_is_named()
    {
        var problems = SubmissionRules.Check(Catalogue, Answers((3, 4, 0)), ApplicationStatus.Draft, true);

        Assert.Equal(
            [new(SubmissionProblemKind.MandatoryUnanswered, "P-01", "ป้ายบอกทาง"), new(SubmissionProblemKind.EvidenceMissing, "V-03", "คู่มือสำหรับประชาชน")],
            problems);
    }

    [Fact]
    public void Outside_the_window_or_after_submission_it_is_refused()
    {
        var answers = Answers((1, 8, 0), (2, 3, 1));

        Assert.Equal([new SubmissionProblem(SubmissionProblemKind.OutsideApplicationWindow)], SubmissionRules.Check(Catalogue, answers, ApplicationStatus.Draft, false));
        Assert.Equal([new SubmissionProblem(SubmissionProblemKind.NotEditable)], SubmissionRules.Check(Catalogue, answers, ApplicationStatus.Submitted, true));
        Assert.Empty(SubmissionRules.Check(Catalogue, answers, ApplicationStatus.Returned, true));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(10.5)]
    public void Scores_outside_zero_to_max_are_refused(decimal score)
    {
        var problems = SubmissionRules.Check(Catalogue, Answers((1, score, 0), (2, 1, 1)), ApplicationStatus.Draft, true);

        Assert.Equal([new SubmissionProblem(SubmissionProblemKind.ScoreOutOfRange, "P-01", "ป้ายบอกทาง")], problems);
    }

    [Fact]
    public void Zero_and_the_maximum_are_valid_scores()
    {
        Assert.Empty(SubmissionRules.Check(Catalogue, Answers((1, 0, 0), (2, 5, 1), (3, 5, 0)), ApplicationStatus.Draft, true));
        Assert.Empty(SubmissionRules.Check(Catalogue, Answers((1, 10, 0), (2, 0, 1)), ApplicationStatus.Draft, true));
    }
}
