using GeccAssessment.Web.Domain;

namespace GeccAssessment.Tests.Domain;

public class ApplicationWorkflowTests
{
    [Theory]
    [InlineData(ApplicationStatus.Draft, ApplicationStatus.Submitted, WorkflowActor.Applicant)]
    [InlineData(ApplicationStatus.Returned, ApplicationStatus.Submitted, WorkflowActor.Applicant)]
    [InlineData(ApplicationStatus.Submitted, ApplicationStatus.Accepted, WorkflowActor.Secretariat)]
    [InlineData(ApplicationStatus.Submitted, ApplicationStatus.Returned, WorkflowActor.Secretariat)]
    public void Allowed_moves(ApplicationStatus from, ApplicationStatus to, WorkflowActor actor)
    {
        Assert.True(ApplicationWorkflow.CanMove(from, to, actor));
    }

    [Theory]
    [InlineData(ApplicationStatus.Draft, ApplicationStatus.Accepted, WorkflowActor.Secretariat)]
    [InlineData(ApplicationStatus.Draft, ApplicationStatus.Returned, WorkflowActor.Secretariat)]
    [InlineData(ApplicationStatus.Submitted, ApplicationStatus.Accepted, WorkflowActor.Applicant)]
    [InlineData(ApplicationStatus.Draft, ApplicationStatus.Submitted, WorkflowActor.Secretariat)]
    [InlineData(ApplicationStatus.Submitted, ApplicationStatus.Submitted, WorkflowActor.Applicant)]
    [InlineData(ApplicationStatus.Accepted, ApplicationStatus.Returned, WorkflowActor.Secretariat)]
    [InlineData(ApplicationStatus.Accepted, ApplicationStatus.Draft, WorkflowActor.Applicant)]
    [InlineData(ApplicationStatus.Returned, ApplicationStatus.Accepted, WorkflowActor.Secretariat)]
    public void Everything_else_is_refused(ApplicationStatus from, ApplicationStatus to, WorkflowActor actor)
    {
        Assert.False(ApplicationWorkflow.CanMove(from, to, actor));
    }

    [Theory]
    [InlineData(ApplicationStatus.Draft, true)]
    [InlineData(ApplicationStatus.Returned, true)]
    [InlineData(ApplicationStatus.Submitted, false)]
    [InlineData(ApplicationStatus.Accepted, false)]
    public void Applicants_edit_only_drafts_and_returned_applications(ApplicationStatus status, bool editable)
    {
        Assert.Equal(editable, ApplicationWorkflow.IsEditableByApplicant(status));
    }

    [Fact]
    public void Cycles_move_forward_one_step_at_a_time()
    {
        Assert.True(CycleWorkflow.CanMove(CycleStatus.Draft, CycleStatus.Open));
        Assert.True(CycleWorkflow.CanMove(CycleStatus.Deciding, CycleStatus.Closed));
        Assert.False(CycleWorkflow.CanMove(CycleStatus.Draft, CycleStatus.Assessing));
        Assert.False(CycleWorkflow.CanMove(CycleStatus.Open, CycleStatus.Draft));
        Assert.False(CycleWorkflow.CanMove(CycleStatus.Closed, CycleStatus.Closed));
        Assert.Null(CycleWorkflow.Next(CycleStatus.Closed));
    }
}
