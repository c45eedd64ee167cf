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

    /// <summary>Drawn first on every page (a frame, a watermark) within the whole page.</summary>
    public Action<SKCanvas, SKRect>? PageBackground { get; init; }

    public List<Block> Blocks { get; init; } = [];
}

public abstract record Block;

/// <summary>Text that wraps between words (Thai included); "\n" starts a new line.</summary>
public sealed record Paragraph(string Text, float Size = 12, bool Bold = false, TextAlign Align = TextAlign.Left, float SpaceAfter = 4) : Block
{
    public SKColor Color { get; init; } = SKColors.Black;
}

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

/// <summary>Several blocks side by side, each in its own column (e.g. two signature blocks).</summary>
public sealed record Columns(IReadOnlyList<IReadOnlyList<Block>> Cells) : Block;
