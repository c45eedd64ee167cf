using SkiaSharp;

namespace GeccAssessment.Web.Pdf;

public enum TextAlign
{
    Left,
    Center,
    Right,
}

/// <summary>
/// A document as data: page size, blocks that flow down the pages, a footer. Documents are written
/// as a list of blocks (see <c>Features/Certification/Documents</c>), so they read like templates;
/// <see cref="PdfRenderer"/> lays them out and draws them.
/// </summary>
public sealed class PdfDocumentModel
{
    public static readonly SKSize A4Portrait = new(595.28f, 841.89f);

    public static readonly SKSize A4Landscape = new(841.89f, 595.28f);

    public required string Title { get; init; }

    public string Author { get; init; } = "GECC Assessment";

    public SKSize PageSize { get; init; } = A4Portrait;

    public float Margin { get; init; } = 50;

    /// <summary>"{page} / {pages}" is replaced on each page; null for no footer.</summary>
    public string? Footer { get; init; } = "{page} / {pages}";

    /// <summary>A line at the top of every page (what the document is about, when it was printed); null for none.</summary>
    public RunningHeader? Header { get; init; }

    /// <summary>Drawn first on every page (a frame, a watermark) within the whole page.</summary>
    public Action<SKCanvas, SKRect>? PageBackground { get; init; }

    public List<Block> Blocks { get; init; } = [];
}

/// <summary>The running header's two ends: what the document is about on the left, e.g. the print date on the right.</summary>
public sealed record RunningHeader(string Left, string Right);

public abstract record Block;

/// <summary>Text that wraps between words (Thai included); "\n" starts a new line.</summary>
public sealed record Paragraph(string Text, float Size = 12, bool Bold = false, TextAlign Align = TextAlign.Left, float SpaceAfter = 4) : Block
{
    public SKColor Color { get; init; } = SKColors.Black;

    /// <summary>
    /// Starts a new page unless the next block begins on the same page (a table's header and first
    /// row, a paragraph's first line): a heading is never left alone at the bottom of a page.
    /// </summary>
    public bool KeepWithNext { get; init; }
}

/// <summary>A heading: bold, kept with what follows it.</summary>
public static class Heading
{
    public static Paragraph Of(string text, float size = 14, float spaceAfter = 4) => new(text, size, Bold: true, SpaceAfter: spaceAfter) { KeepWithNext = true };
}

/// <summary>
/// Takes an equal share of the space left at the bottom of its page, so that a page with fixed
/// content (a certificate) spreads it over the whole page instead of leaving the bottom empty.
/// </summary>
public sealed record Fill : Block;

public sealed record Spacer(float Height) : Block;

public sealed record Rule(float Thickness = 0.6f, float SpaceAround = 6) : Block;

public sealed record PageBreak : Block;

/// <summary>A table whose header row is repeated on every page it continues on.</summary>
/// <param name="Columns">Relative widths, e.g. [1, 4, 1].</param>
public sealed record Table(float[] Columns, string[] Header, IReadOnlyList<string[]> Rows, float Size = 10) : Block
{
    public TextAlign[]? Align { get; init; }
}

/// <summary>Anything drawn by code (an emblem, a signature line) in a box of the given height.</summary>
public sealed record Drawing(float Height, Action<SKCanvas, SKRect> Draw) : Block;

/// <summary>A QR code of <paramref name="Text"/>, drawn as vector squares.</summary>
public sealed record QrCode(string Text, float Size, TextAlign Align = TextAlign.Center) : Block;

/// <summary>
/// Several blocks side by side, each in its own column of equal width (e.g. a QR code, a signature
/// block and the dates). Cells hold paragraphs, spacers, QR codes and drawings.
/// </summary>
public sealed record Columns(IReadOnlyList<IReadOnlyList<Block>> Cells) : Block
{
    /// <summary>Cells end on the same line (a signature block beside a QR code) rather than start on it.</summary>
    public bool AlignBottom { get; init; }
}
