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
    public void Admin_may_grant_admin_but_nobody_changes_their_own_roles()
    {
        Assert.Empty(RoleGrantRules.Check([Roles.Admin], [], [Roles.Admin], false));
        Assert.Contains("Users.CannotChangeOwnRoles", RoleGrantRules.Check([Roles.Admin], [Roles.Admin], [Roles.Secretariat], true));
        Assert.Contains("Users.CannotChangeOwnRoles", RoleGrantRules.Check([Roles.Admin], [Roles.Admin], [Roles.Admin, Roles.Assessor], true));
        Assert.Contains("Users.CannotChangeOwnRoles", RoleGrantRules.Check([Roles.Secretariat], [Roles.Secretariat], [Roles.Secretariat, Roles.SteeringCommittee], true));
        // Saving one's own page without a role change (the display name) is fine.
        Assert.Empty(RoleGrantRules.Check([Roles.Admin], [Roles.Admin], [Roles.Admin], true));
    }

    [Theory]
    [InlineData(Roles.SteeringCommittee)]
    [InlineData(Roles.Secretariat)]
    public void Only_an_admin_grants_or_removes_the_secretariat_and_the_steering_committee(string role)
    {
        Assert.Contains("Users.OnlyAdminGrantsRole", RoleGrantRules.Check([Roles.Secretariat], [], [role], false));
        Assert.Contains("Users.OnlyAdminGrantsRole", RoleGrantRules.Check([Roles.Secretariat], [role], [], false));
        Assert.Empty(RoleGrantRules.Check([Roles.Admin], [], [role], false));
    }

    [Fact]
    public void Every_role_has_grantors_and_only_admins_grant_admin()
    {
        Assert.Equal(Roles.All.Order(), RoleGrantRules.Grantors.Keys.Order());
        Assert.Equal([Roles.Admin], RoleGrantRules.Grantors[Roles.Admin]);
    }

    [Fact]
    public void Disabling_needs_rights_over_every_role_of_the_account_and_never_oneself()
    {
        Assert.Empty(RoleGrantRules.CheckDisable([Roles.Secretariat], [Roles.Assessor], false));
        Assert.Contains("Users.CannotDisableHigherRole", RoleGrantRules.CheckDisable([Roles.Secretariat], [Roles.Admin], false));
        Assert.Contains("Users.CannotDisableHigherRole", RoleGrantRules.CheckDisable([Roles.Secretariat], [Roles.SteeringCommittee], false));
        Assert.Empty(RoleGrantRules.CheckDisable([Roles.Admin], [Roles.Admin], false));
        Assert.Contains("Users.CannotDisableSelf", RoleGrantRules.CheckDisable([Roles.Admin], [Roles.Admin], true));
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

    [Fact]
    public void An_admin_may_send_a_reset_link_to_anyone_the_secretariat_only_to_accounts_it_manages()
    {
        foreach (var role in Roles.All)
        {
            Assert.True(RoleGrantRules.MaySendResetLink([Roles.Admin], [role]));
        }

        Assert.True(RoleGrantRules.MaySendResetLink([Roles.Secretariat], [Roles.Applicant]));
        Assert.True(RoleGrantRules.MaySendResetLink([Roles.Secretariat], [Roles.Assessor, Roles.SubcommitteeChair]));
        Assert.False(RoleGrantRules.MaySendResetLink([Roles.Secretariat], [Roles.Admin]));
        Assert.False(RoleGrantRules.MaySendResetLink([Roles.Secretariat], [Roles.Secretariat]));
        Assert.False(RoleGrantRules.MaySendResetLink([Roles.Secretariat], [Roles.Assessor, Roles.SteeringCommittee]));
        Assert.False(RoleGrantRules.MaySendResetLink([Roles.Assessor], [Roles.Applicant]));
    }
}
