namespace GeccAssessment.Web.Domain;

/// <summary>The role names stored in Identity. Values are stable identifiers, never shown to users.</summary>
public static class Roles
{
    public const string Applicant = "Applicant";
    public const string Secretariat = "Secretariat";
    public const string Assessor = "Assessor";
    public const string SubcommitteeChair = "SubcommitteeChair";
    public const string SteeringCommittee = "SteeringCommittee";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All =
        [Applicant, Secretariat, Assessor, SubcommitteeChair, SteeringCommittee, Admin];
}
