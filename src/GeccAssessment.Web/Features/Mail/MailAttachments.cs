using GeccAssessment.Web.Features.Certificates;
using GeccAssessment.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Mail;

/// <summary>Files made when a mail is sent rather than when it is queued (a certificate PDF is large).</summary>
public sealed class MailAttachments(CertificationDocuments documents, Data.ApplicationDbContext db, MailLinks links)
{
    public async Task<(string FileName, byte[] Content)?> CertificateAsync(int certificateId)
    {
        var number = await db.Certificates.Where(c => c.Id == certificateId).Select(c => c.Number).SingleOrDefaultAsync();
        if (number is null || await documents.CertificateAsync(certificateId, links.BaseUrl) is not { } pdf)
        {
            return null;
        }

        return ($"certificate-{number.Replace('/', '-')}.pdf", pdf);
    }
}

/// <summary>
/// Absolute links in mail: the configured public address (required in Production), else the
/// current request's, else the development address.
/// </summary>
public sealed class MailLinks(IConfiguration configuration, IHttpContextAccessor http)
{
    public string BaseUrl =>
        configuration[DeploymentSettings.PublicBaseUrlKey] is { Length: > 0 } configured ? configured.TrimEnd('/')
        : http.HttpContext?.Request is { } request ? PublicAddress.BaseUrl(request, configuration)
        : "http://localhost:5080";

    public string To(string path) => BaseUrl + (path.StartsWith('/') ? path : "/" + path);
}
