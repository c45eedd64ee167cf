using System.Text;

namespace GeccAssessment.Web.Infrastructure;

/// <summary>
/// CSV as Excel reads it (RFC 4180: comma, CRLF, a field quoted when it holds a comma, a quote, a
/// line break or white space, its quotes doubled), UTF-8 with a byte-order mark so that Excel reads
/// Thai as UTF-8. Written row by row as the rows arrive, so an export never holds them all.
/// </summary>
public static class CsvWriter
{
    public static async Task WriteAsync<T>(Stream body, IReadOnlyList<string> headers, IAsyncEnumerable<T> rows, Func<T, string?[]> cells, CancellationToken cancellationToken)
    {
        await body.WriteAsync(Encoding.UTF8.Preamble.ToArray(), cancellationToken);
        // DisposeAsync flushes without blocking (Kestrel allows no synchronous writes).
        await using var writer = new StreamWriter(body, new UTF8Encoding(false), bufferSize: 32 * 1024, leaveOpen: true);
        await WriteLineAsync(writer, headers);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            await WriteLineAsync(writer, cells(row));
        }
    }

    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        foreach (var c in value)
        {
            if (c is ',' or '"' || char.IsWhiteSpace(c))
            {
                return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            }
        }

        return value;
    }

    private static Task WriteLineAsync(StreamWriter writer, IReadOnlyList<string?> fields)
    {
        var line = new StringBuilder(256);
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                line.Append(',');
            }

            line.Append(Field(fields[i]));
        }

        line.Append("\r\n");
        return writer.WriteAsync(line);
    }
}
