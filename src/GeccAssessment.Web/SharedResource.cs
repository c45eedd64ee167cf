namespace GeccAssessment.Web;

/// <summary>Marker type for the app's one set of UI strings (Resources/SharedResource.resx is Thai, the default).</summary>
public sealed class SharedResource;
