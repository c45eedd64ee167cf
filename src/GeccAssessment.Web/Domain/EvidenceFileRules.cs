namespace GeccAssessment.Web.Domain;

/// <summary>Evidence is PDF, JPEG or PNG, recognised by the file's first bytes, never by its name.</summary>
public static class EvidenceFileRules
{
    private static readonly (byte[] Magic, string ContentType, string Extension)[] Kinds =
    [
        ("%PDF-"u8.ToArray(), "application/pdf", ".pdf"),
        ([0xFF, 0xD8, 0xFF], "image/jpeg", ".jpg"),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "image/png", ".png"),
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

    /// <summary>Only the file's own name, without any folder a browser or attacker put in front, at most 200 characters.</summary>
    public static string SafeFileName(string? uploadedName, string contentType)
    {
        var name = (uploadedName ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        name = new string(name.Where(c => !char.IsControl(c) && c is not ('"' or '<' or '>' or ':' or '*' or '?' or '|')).ToArray()).Trim().TrimStart('.');
        if (name.Length == 0)
        {
            name = "evidence" + Kinds.First(k => k.ContentType == contentType).Extension;
        }

        return name.Length <= 200 ? name : name[^200..];
    }
}
