using Microsoft.Extensions.Caching.Memory;

namespace GeccAssessment.Web.Features.Certificates;

/// <summary>
/// Single-certificate PDFs already drawn, kept by everything they are drawn from (the certificate's
/// row as read for the page, signatory included, the verification address, the day, the emblem's
/// upload time). A copy is therefore never stale: a revocation, a new emblem, or the day a
/// certificate expires makes a new key, on every instance alike. The signatory is the certificate's
/// own copy from its issue, so a change of the cycle's signatory rightly changes neither key nor PDF. Drawing a certificate costs about a hundred times what
/// reading it does (bench/results: the certificate PDF under load).
/// </summary>
public sealed class CertificatePdfCache : IDisposable
{
    // About a thousand certificates (50–70 KB each); the least used go first.
    private readonly MemoryCache _pdfs = new(new MemoryCacheOptions { SizeLimit = 64L * 1024 * 1024 });

    public async Task<byte[]> GetOrDrawAsync(object key, Func<Task<byte[]>> draw)
    {
        if (_pdfs.TryGetValue(key, out byte[]? pdf) && pdf is not null)
        {
            return pdf;
        }

        pdf = await draw();
        _pdfs.Set(key, pdf, new MemoryCacheEntryOptions { Size = pdf.Length, SlidingExpiration = TimeSpan.FromHours(6) });
        return pdf;
    }

    public void Dispose() => _pdfs.Dispose();
}
