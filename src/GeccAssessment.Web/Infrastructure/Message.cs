namespace GeccAssessment.Web.Infrastructure;

/// <summary>A user-facing message as a resource key and its arguments, localized by the controller or view.</summary>
public sealed record Message(string Key, params object[] Args);
