namespace GeccAssessment.Web.Infrastructure;

/// <summary>Where links printed on paper (the certificate's QR code) point.</summary>
public static class PublicAddress
{
    /// <summary>
    /// The configured public address (required in Production, see <see cref="DeploymentSettings"/>);
    /// only a development or test run without one falls back to this request's own address.
    /// </summary>
    public static string BaseUrl(HttpRequest request, IConfiguration configuration) =>
        configuration[DeploymentSettings.PublicBaseUrlKey] is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{request.Scheme}://{request.Host}";
}
