namespace GeccAssessment.Web.Domain;

public enum AgencyKind
{
    Ministry = 1,
    Department = 2,
    Province = 3,
    StateEnterprise = 4,
    LocalGovernment = 5,
    Other = 6,
}
