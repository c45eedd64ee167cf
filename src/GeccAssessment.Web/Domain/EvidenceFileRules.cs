using System.Globalization;

namespace GeccAssessment.Web.Domain;

/// <summary>Evidence is PDF, JPEG or PNG, recognised by the file's first bytes, never by its name.</summary>
public static class EvidenceFileRules
{
    private static readonly (byte[] Magic, string ContentType, string[] Extensions)[] Kinds =
    [
        ("%PDF-"u8.ToArray(), "application/pdf", [".pdf"]),
        ([0xFF, 0xD8, 0xFF], "image/jpeg", [".jpg", ".jpeg"]),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "image/png", [".png"]),
    ];

    /// <returns>The content type, or null when the bytes are none of the accepted kinds.</returns>
    public static string? DetectContentType(ReadOnlySpan<byte> header)
    {
        foreach (var (magic, contentType, _) in Kinds)
        {
            if (header.StartsWith(magic))
            {
                return contentType;
            }
        }

        return null;
    }

    /// <summary>
    /// Only the file's own name, without any folder a browser or attacker put in front, ending in
    /// the extension of what the bytes are, at most 200 characters.
    /// </summary>
    public static string SafeFileName(string? uploadedName, string contentType)
    {
        var extensions = Kinds.First(k => k.ContentType == contentType).Extensions;
        var name = (uploadedName ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        // Invisible formatting characters go too: a right-to-left override makes "fdp.exe" read as "exe.pdf".
        name = new string(name.Where(c => !char.IsControl(c) && char.GetUnicodeCategory(c) != UnicodeCategory.Format
            && c is not ('"' or '<' or '>' or ':' or '*' or '?' or '|')).ToArray()).Trim().TrimStart('.');
        if (name.Length == 0)
        {
            name = "evidence";
        }

        // Whoever downloads the file opens it by its name: a PDF kept as "x.hta" or "x.html" would be
        // run or rendered by the computer, not shown as the PDF the app checked.
        if (!extensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
        {
            name += extensions[0];
        }

        return name.Length <= 200 ? name : name[^200..];
    }
}
