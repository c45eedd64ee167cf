using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Infrastructure;

namespace GeccAssessment.Web.Features.Satisfaction;

/// <summary>Sums over any set of aggregate rows; <see cref="Figures"/> turns them into what the pages show.</summary>
public sealed record SatisfactionSumsRow(
    long Answers, long OverallSum, long PremisesAnswers, long PremisesSum, long PersonnelAnswers, long PersonnelSum,
    long ServiceProcessAnswers, long ServiceProcessSum, long OtherAnswers, long OtherSum)
{
    public static readonly SatisfactionSumsRow Empty = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public PointFigures Figures => new(
        SatisfactionRules.Figure(Answers, OverallSum),
        new Dictionary<DimensionKind, SatisfactionFigure>
        {
            [DimensionKind.Premises] = SatisfactionRules.Figure(PremisesAnswers, PremisesSum),
            [DimensionKind.Personnel] = SatisfactionRules.Figure(PersonnelAnswers, PersonnelSum),
            [DimensionKind.ServiceProcess] = SatisfactionRules.Figure(ServiceProcessAnswers, ServiceProcessSum),
            [DimensionKind.Other] = SatisfactionRules.Figure(OtherAnswers, OtherSum),
        });
}

/// <summary>A point's sums, as <see cref="SatisfactionDocuments.SumsOfPoint"/> reads them.</summary>
public sealed record PointSums(int ServicePointId, SatisfactionSumsRow Sums);

public sealed record PointFigures(SatisfactionFigure Overall, IReadOnlyDictionary<DimensionKind, SatisfactionFigure> Dimensions);

public sealed record SatisfactionPointRow(int Id, string Name, string AgencyName, string ProvinceName, bool HasCode, long Answers, long OverallSum)
{
    public SatisfactionFigure Overall => SatisfactionRules.Figure(Answers, OverallSum);
}

public sealed record SatisfactionPointsPage(bool AllAgencies, string? Search, PagedList<SatisfactionPointRow> Rows)
{
    public PagerModel Pager => new(Rows.Page, Rows.PageCount, Rows.TotalCount, new Dictionary<string, string?> { ["q"] = Search });
}

public sealed record MonthRow(DateOnly Month, PointFigures Figures);

public sealed record CommentRow(DateTime SubmittedAtUtc, int Overall, string? Service, string Comment);

public sealed record SatisfactionResultsPage(
    int PointId, string PointName, string AgencyName, DateOnly WindowStart, PointFigures Last12Months,
    IReadOnlyList<MonthRow> Months, PagedList<CommentRow> Comments, int? AssessmentId)
{
    public PagerModel Pager => new(Comments.Page, Comments.PageCount, Comments.TotalCount, new Dictionary<string, string?>());
}

public sealed record SuspiciousGroup(int PointId, string PointName, string AgencyName, DateOnly Day, int Answers, DateTime FirstAtUtc, DateTime LastAtUtc);

public sealed class QuestionsForm
{
    public int CycleId { get; set; }

    public List<QuestionText> Questions { get; set; } = [];
}

public sealed class QuestionText
{
    public DimensionKind Kind { get; set; }

    [System.ComponentModel.DataAnnotations.Required(ErrorMessage = "Validation.Required")]
    [System.ComponentModel.DataAnnotations.StringLength(300, ErrorMessage = "Validation.MaxLength")]
    [NoMarkup]
    [System.ComponentModel.DataAnnotations.Display(Name = "Satisfaction.QuestionTh")]
    public string TextTh { get; set; } = "";

    [System.ComponentModel.DataAnnotations.Required(ErrorMessage = "Validation.Required")]
    [System.ComponentModel.DataAnnotations.StringLength(300, ErrorMessage = "Validation.MaxLength")]
    [NoMarkup]
    [System.ComponentModel.DataAnnotations.Display(Name = "Satisfaction.QuestionEn")]
    public string TextEn { get; set; } = "";
}

public sealed record QuestionsPage(IReadOnlyList<CycleChoice> Cycles, QuestionsForm Form);

public sealed record ComparisonRow(string Label, SatisfactionFigure Overall);

public sealed record SatisfactionDashboard(DateOnly From, IReadOnlyList<ComparisonRow> Provinces, IReadOnlyList<ComparisonRow> AgencyKinds, IReadOnlyList<ComparisonRow> BestPoints, IReadOnlyList<ComparisonRow> WorstPoints, SatisfactionFigure National);
