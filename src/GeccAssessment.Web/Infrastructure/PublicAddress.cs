namespace GeccAssessment.Web.Infrastructure;

/// <summary>Where links printed on paper (the certificate's QR code) point.</summary>
public static class PublicAddress
{
    /// <summary>The configured public address (behind a proxy the request's own may be internal), else this request's.</summary>
    public static string BaseUrl(HttpRequest request, IConfiguration configuration) =>
        configuration["Gecc:PublicBaseUrl"] is { Length: > 0 } configured ? configured : $"{request.Scheme}://{request.Host}";
}
