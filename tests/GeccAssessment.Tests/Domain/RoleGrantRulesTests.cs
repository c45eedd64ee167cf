using GeccAssessment.Web.Domain;

namespace GeccAssessment.Tests.Domain;

public class RoleGrantRulesTests
{
    [Fact]
    public void Secretariat_may_grant_assessor_roles()
    {
        Assert.Empty(RoleGrantRules.Check([Roles.Secretariat], [], [Roles.Assessor, Roles.SubcommitteeChair], actorIsTarget: false));
    }

    [Fact]
    public void Secretariat_may_neither_grant_nor_remove_admin()
    {
        Assert.Contains("Users.OnlyAdminGrantsAdmin", RoleGrantRules.Check([Roles.Secretariat], [], [Roles.Admin], false));
        Assert.Contains("Users.OnlyAdminGrantsAdmin", RoleGrantRules.Check([Roles.Secretariat], [Roles.Admin], [], false));
        // Keeping an existing Admin as Admin while changing other roles is fine.
        Assert.Empty(RoleGrantRules.Check([Roles.Secretariat], [Roles.Admin], [Roles.Admin, Roles.Assessor], false));
    }

    [Fact]
    public void Admin_may_grant_admin_but_not_drop_own_admin()
    {
        Assert.Empty(RoleGrantRules.Check([Roles.Admin], [], [Roles.Admin], false));
        Assert.Contains("Users.CannotDropOwnAdmin", RoleGrantRules.Check([Roles.Admin], [Roles.Admin], [Roles.Secretariat], true));
    }

    [Fact]
    public void Other_roles_may_not_change_roles_and_unknown_roles_are_refused()
    {
        Assert.Contains("Users.NotAllowed", RoleGrantRules.Check([Roles.Assessor], [], [Roles.Assessor], false));
        Assert.Contains("Users.UnknownRole", RoleGrantRules.Check([Roles.Admin], [], ["Superuser"], false));
    }

    [Fact]
    public void The_applicant_role_needs_an_account_with_an_agency()
    {
        Assert.Contains("Users.ApplicantNeedsAgency", RoleGrantRules.Check([Roles.Secretariat], [], [Roles.Applicant], false));
        Assert.Contains("Users.ApplicantNeedsAgency", RoleGrantRules.Check([Roles.Admin], [Roles.Assessor], [Roles.Assessor, Roles.Applicant], false, targetHasAgency: false));
        Assert.Empty(RoleGrantRules.Check([Roles.Secretariat], [Roles.Applicant], [Roles.Applicant, Roles.Assessor], false, targetHasAgency: true));
    }
}
