using System.Text;
using Microsoft.AspNetCore.Mvc;

namespace GeccAssessment.Web.Infrastructure;

/// <summary>
/// Where to send the user back to after sign-in or a language switch. Only a local URL, and written
/// so that it can go in a Location header: "/ก" (a Thai path, as the sign-in redirect hands it over
/// decoded) becomes "/%E0%B8%81". Sent as it was, the server refused the non-ASCII header after the
/// sign-in cookie had been set, and the user got a 500 and was not signed in.
/// </summary>
public static class LocalReturnUrl
{
    public static string Safe(IUrlHelper url, string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || !url.IsLocalUrl(returnUrl) || returnUrl.Any(char.IsControl))
        {
            return "/";
        }

        if (returnUrl.All(c => c is > ' ' and < (char)0x7F))
        {
            return returnUrl;
        }

        if (!Domain.StorableText.IsStorable(returnUrl))
        {
            return "/";
        }

        var encoded = new StringBuilder(returnUrl.Length * 3);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in returnUrl.EnumerateRunes())
        {
            if (rune.Value is > ' ' and < 0x7F)
            {
                encoded.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(bytes);
            foreach (var b in bytes[..length])
            {
                encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }
}
