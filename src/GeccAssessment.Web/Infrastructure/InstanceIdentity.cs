namespace GeccAssessment.Web.Infrastructure;

/// <summary>
/// Names this running app instance among the others on the same database (machine, process and a
/// random part, since the tests run two instances in one process): it is written as the owner of a
/// background job's lease and into the log.
/// </summary>
public sealed class InstanceIdentity
{
    public string Id { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
}
