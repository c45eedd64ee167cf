using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;

namespace GeccAssessment.Web.Features.Emblem;

public sealed record EmblemInfo(int Width, int Height, int SizeBytes, string ContentType, DateTime UploadedAtUtc);

/// <summary>
/// The office's emblem for the certificates: checked like evidence (type by the first bytes, size),
/// then decoded, because a file that only starts like a PNG would otherwise break every certificate.
/// A large picture is scaled down once here, so each certificate embeds a small image.
/// </summary>
public class EmblemService(ApplicationDbContext db, TimeProvider clock)
{
    public const long MaxBytes = 2 * 1024 * 1024;

    /// <summary>Smaller than this would print blurred at the emblem's size (about 3 cm).</summary>
    public const int MinPixels = 64;

    /// <summary>Enough for the emblem's size on paper at 300 dpi.</summary>
    public const int MaxPixels = 600;

    /// <summary>The largest picture accepted at all (it is scaled down to <see cref="MaxPixels"/>).</summary>
    public const int MaxDecodedPixels = 6000;

    public Task<EmblemInfo?> InfoAsync() =>
        db.OfficeEmblems.AsNoTracking().Select(e => new EmblemInfo(e.Width, e.Height, e.Data.Length, e.ContentType, e.UploadedAtUtc)).SingleOrDefaultAsync();

    /// <summary>The emblem's bytes and type, or null for the generic seal.</summary>
    public async Task<(byte[] Data, string ContentType)?> ImageAsync(CancellationToken cancellationToken = default) =>
        await db.OfficeEmblems.AsNoTracking().Select(e => new { e.Data, e.ContentType }).SingleOrDefaultAsync(cancellationToken) is { } e
            ? (e.Data, e.ContentType)
            : null;

    public async Task<Result> UploadAsync(IFormFile? file, string? userId)
    {
        if (file is null || file.Length == 0)
        {
            return new Message("Emblem.Missing");
        }

        if (file.Length > MaxBytes)
        {
            return new Message("Emblem.TooLarge", MaxBytes / (1024 * 1024));
        }

        byte[] bytes;
        await using (var stream = file.OpenReadStream())
        {
            using var buffer = new MemoryStream((int)file.Length);
            await stream.CopyToAsync(buffer);
            bytes = buffer.ToArray();
        }

        var contentType = EvidenceFileRules.DetectContentType(bytes);
        if (contentType is not ("image/png" or "image/jpeg"))
        {
            return new Message("Emblem.WrongType");
        }

        using var bitmap = Decode(bytes, out var problem);
        if (bitmap is null)
        {
            return problem!;
        }

        var (data, width, height) = Fitted(bitmap, bytes, ref contentType);
        var emblem = await db.OfficeEmblems.SingleOrDefaultAsync();
        if (emblem is null)
        {
            emblem = new OfficeEmblem { ContentType = contentType, Data = data };
            db.OfficeEmblems.Add(emblem);
        }

        emblem.ContentType = contentType;
        emblem.Data = data;
        emblem.Width = width;
        emblem.Height = height;
        emblem.UploadedAtUtc = clock.GetUtcNow().UtcDateTime;
        emblem.UploadedByUserId = userId;
        await db.SaveChangesAsync();
        return Result.Ok;
    }

    /// <summary>Back to the generic seal.</summary>
    public async Task RemoveAsync()
    {
        if (await db.OfficeEmblems.SingleOrDefaultAsync() is { } emblem)
        {
            db.OfficeEmblems.Remove(emblem);
            await db.SaveChangesAsync();
        }
    }

    /// <summary>The whole picture decoded (a truncated file is refused, not printed half-drawn), within sensible dimensions.</summary>
    private static SKBitmap? Decode(byte[] bytes, out Message? problem)
    {
        problem = null;
        using var codec = SKCodec.Create(new SKMemoryStream(bytes));
        if (codec is null)
        {
            problem = new Message("Emblem.Unreadable");
            return null;
        }

        if (codec.Info.Width < MinPixels || codec.Info.Height < MinPixels)
        {
            problem = new Message("Emblem.TooSmall", MinPixels);
            return null;
        }

        // A few bytes can claim a picture of gigapixels: refuse before allocating it.
        if (codec.Info.Width > MaxDecodedPixels || codec.Info.Height > MaxDecodedPixels)
        {
            problem = new Message("Emblem.TooManyPixels", MaxDecodedPixels);
            return null;
        }

        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var bitmap = new SKBitmap(info);
        if (codec.GetPixels(info, bitmap.GetPixels()) != SKCodecResult.Success)
        {
            bitmap.Dispose();
            problem = new Message("Emblem.Unreadable");
            return null;
        }

        return bitmap;
    }

    /// <summary>The upload as it is when small enough; else scaled to <see cref="MaxPixels"/> and kept as PNG (transparency survives).</summary>
    private static (byte[] Data, int Width, int Height) Fitted(SKBitmap bitmap, byte[] original, ref string contentType)
    {
        var longest = Math.Max(bitmap.Width, bitmap.Height);
        if (longest <= MaxPixels)
        {
            return (original, bitmap.Width, bitmap.Height);
        }

        var scale = (float)MaxPixels / longest;
        var info = new SKImageInfo(Math.Max(1, (int)(bitmap.Width * scale)), Math.Max(1, (int)(bitmap.Height * scale)), SKColorType.Rgba8888, SKAlphaType.Premul);
        using var scaled = bitmap.Resize(info, new SKSamplingOptions(SKCubicResampler.Mitchell)) ?? throw new InvalidOperationException("Resize failed");
        using var image = SKImage.FromBitmap(scaled);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        contentType = "image/png";
        return (png.ToArray(), info.Width, info.Height);
    }
}
