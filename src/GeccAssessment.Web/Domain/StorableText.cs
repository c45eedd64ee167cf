namespace GeccAssessment.Web.Domain;

/// <summary>
/// Text PostgreSQL can store and every output can encode: no NUL character (PostgreSQL's text type
/// refuses it) and no half of a surrogate pair (not a character at all; UTF-8 cannot encode it).
/// </summary>
public static class StorableText
{
    public static bool IsStorable(string? text)
    {
        if (text is null)
        {
            return true;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                return false;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }
}
