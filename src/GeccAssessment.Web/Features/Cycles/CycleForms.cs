using System.ComponentModel.DataAnnotations;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Infrastructure;

namespace GeccAssessment.Web.Features.Cycles;

public class CycleForm
{
    public int Id { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [Range(2550, 2700, ErrorMessage = "Validation.Range")]
    [Display(Name = "Field.BuddhistYear")]
    public int? BuddhistYear { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(300, ErrorMessage = "Validation.MaxLength")]
    [NoMarkup]
    [Display(Name = "Field.CycleTitle")]
    public string Title { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Field.ApplicationOpensOn")]
    public DateOnly? ApplicationOpensOn { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Field.ApplicationClosesOn")]
    public DateOnly? ApplicationClosesOn { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Field.AssessmentStartsOn")]
    public DateOnly? AssessmentStartsOn { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Field.AssessmentEndsOn")]
    public DateOnly? AssessmentEndsOn { get; set; }

    [Display(Name = "Field.AwardOn")]
    public DateOnly? AwardOn { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [Range(1, 10, ErrorMessage = "Validation.Range")]
    [Display(Name = "Field.CertificateValidityYears")]
    public int? CertificateValidityYears { get; set; } = 3;

    /// <summary>Printed under the signature line of the cycle's certificates and reports.</summary>
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(200, ErrorMessage = "Validation.MaxLength")]
    [NoMarkup]
    [Display(Name = "Field.SignatoryName")]
    public string? SignatoryName { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(300, ErrorMessage = "Validation.MaxLength")]
    [NoMarkup]
    [Display(Name = "Field.SignatoryPosition")]
    public string? SignatoryPosition { get; set; }
}

public class CriterionForm
{
    public int Id { get; set; }

    public int CycleId { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Field.Dimension")]
    public int? DimensionId { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(20, ErrorMessage = "Validation.MaxLength")]
    [RegularExpression(@"^[A-Za-z0-9.\-]+$", ErrorMessage = "Validation.CriterionCode")]
    [Display(Name = "Field.CriterionCode")]
    public string Code { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(500, ErrorMessage = "Validation.MaxLength")]
    [NoMarkup]
    [Display(Name = "Field.TitleTh")]
    public string TitleTh { get; set; } = "";

    [StringLength(500, ErrorMessage = "Validation.MaxLength")]
    [NoMarkup]
    [Display(Name = "Field.TitleEn")]
    public string? TitleEn { get; set; }

    [StringLength(4000, ErrorMessage = "Validation.MaxLength")]
    [Display(Name = "Field.Guidance")]
    public string? Guidance { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [Range(1, 1000, ErrorMessage = "Validation.Range")]
    [Display(Name = "Field.MaxPoints")]
    public int? MaxPoints { get; set; }

    [Display(Name = "Field.IsMandatory")]
    public bool IsMandatory { get; set; }

    [Display(Name = "Field.EvidenceRequired")]
    public bool EvidenceRequired { get; set; }

    [Display(Name = "Field.AllowNotApplicable")]
    public bool AllowNotApplicable { get; set; }

    [Range(0, 999, ErrorMessage = "Validation.Range")]
    [Display(Name = "Field.SortOrder")]
    public int SortOrder { get; set; }
}

public class DimensionSetting
{
    public int Id { get; set; }

    [Range(1, 4, ErrorMessage = "Validation.Range")]
    public int SortOrder { get; set; }

    [Range(0, 100, ErrorMessage = "Validation.Range")]
    [Display(Name = "Field.MinimumPercent")]
    public decimal MinimumPercent { get; set; }
}

public class LevelSetting
{
    public int Id { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(100, ErrorMessage = "Validation.MaxLength")]
    [NoMarkup]
    [Display(Name = "Field.LevelNameTh")]
    public string NameTh { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(100, ErrorMessage = "Validation.MaxLength")]
    [NoMarkup]
    [Display(Name = "Field.LevelNameEn")]
    public string NameEn { get; set; } = "";

    [Range(0, 100, ErrorMessage = "Validation.Range")]
    [Display(Name = "Field.MinimumPercent")]
    public decimal MinimumPercent { get; set; }
}

public class CatalogueSettingsForm
{
    public List<DimensionSetting> Dimensions { get; set; } = [];

    public List<LevelSetting> Levels { get; set; } = [];
}

public sealed record CycleRow(int Id, int BuddhistYear, string Title, CycleStatus Status, DateOnly ApplicationOpensOn, DateOnly ApplicationClosesOn, int CriteriaCount, int ApplicationCount, bool CatalogueLocked);

public sealed record CriterionRow(int Id, string Code, string TitleTh, string? TitleEn, int MaxPoints, bool IsMandatory, bool EvidenceRequired, bool AllowNotApplicable, int SortOrder);

public sealed record DimensionBlock(int Id, DimensionKind Kind, int SortOrder, decimal MinimumPercent, IReadOnlyList<CriterionRow> Criteria);

public sealed record CataloguePage(
    int CycleId, int BuddhistYear, string Title, CycleStatus Status, bool IsLocked,
    IReadOnlyList<DimensionBlock> Dimensions, IReadOnlyList<CertificationLevel> Levels,
    IReadOnlyList<CycleRow> CopySources);

public sealed record CriterionFormPage(CriterionForm Form, int BuddhistYear, IReadOnlyList<(int Id, DimensionKind Kind)> Dimensions);
