namespace GeccAssessment.Web.Domain;

public enum ApplicationStatus
{
    Draft = 0,
    Submitted = 1,
    Returned = 2,
    Accepted = 3,
}

/// <summary>Who acts on an application; a person's roles map to these.</summary>
public enum WorkflowActor
{
    Applicant,
    Secretariat,
}

/// <summary>The allowed moves of an application and who may make them. Anything else is refused.</summary>
public static class ApplicationWorkflow
{
    private static readonly Dictionary<(ApplicationStatus From, ApplicationStatus To), WorkflowActor> Moves = new()
    {
        [(ApplicationStatus.Draft, ApplicationStatus.Submitted)] = WorkflowActor.Applicant,
        [(ApplicationStatus.Returned, ApplicationStatus.Submitted)] = WorkflowActor.Applicant,
        [(ApplicationStatus.Submitted, ApplicationStatus.Accepted)] = WorkflowActor.Secretariat,
        [(ApplicationStatus.Submitted, ApplicationStatus.Returned)] = WorkflowActor.Secretariat,
    };

    public static bool CanMove(ApplicationStatus from, ApplicationStatus to, WorkflowActor actor) =>
        Moves.TryGetValue((from, to), out var allowed) && allowed == actor;

    /// <summary>The applicant may change answers and evidence only before submission or after a return.</summary>
    public static bool IsEditableByApplicant(ApplicationStatus status) =>
        status is ApplicationStatus.Draft or ApplicationStatus.Returned;
}

/// <summary>A cycle moves forward one step at a time: Draft → Open → Assessing → Deciding → Closed.</summary>
public static class CycleWorkflow
{
    public static CycleStatus? Next(CycleStatus status) =>
        status == CycleStatus.Closed ? null : status + 1;

    public static bool CanMove(CycleStatus from, CycleStatus to) => Next(from) == to;
}
