using System.Text;
using HarfBuzzSharp;
using Microsoft.Extensions.Logging.Abstractions;
using QRCoder;
using SkiaSharp;

namespace GeccAssessment.Web.Pdf;

/// <summary>
/// Renders a <see cref="PdfDocumentModel"/> in two passes: layout (blocks → pages of positioned
/// drawing steps, so the page count is known) then drawing (with "page x / y" footers). Text is
/// shaped by HarfBuzz and drawn as text blobs that carry the characters and clusters, so the PDF's
/// text is real, selectable and searchable Thai; lines break between words by ICU. Each document is
/// drawn with the faces cut down to the glyphs it shaped, so its PDF embeds only those (docs/adr/0024).
/// Thread-safe: the whole typefaces are shared, everything else is made per render.
/// </summary>
public sealed class PdfRenderer(ThaiFonts fonts)
{
    /// <summary>Space between the running header's top line and the first block.</summary>
    private const float HeaderHeight = 20;

    /// <summary>Embeds both faces whole, as before docs/adr/0024: for tests that compare a document drawn both ways.</summary>
    internal bool WholeFonts { get; init; }

    /// <param name="pageDone">Called with (pages drawn, total pages) as the drawing pass goes, for progress bars.</param>
    public byte[] Render(PdfDocumentModel document, Action<int, int>? pageDone = null)
    {
        using var text = new TextLayout(fonts);
        var pages = Layout(document, text);
        // Every line is shaped before the first page is drawn, the running header and the footers
        // too: the fonts the PDF embeds hold only the glyphs shaped by then (docs/adr/0024).
        var header = document.Header is { } running ? Header(document, running, text) : null;
        var footers = pages.Select((_, i) => Footer(document, text, i + 1, pages.Count)).ToList();
        if (!WholeFonts)
        {
            text.KeepOnlyShapedGlyphs();
        }

        using var stream = new MemoryStream();
        var metadata = new SKDocumentPdfMetadata
        {
            Title = document.Title,
            Author = document.Author,
            Creator = "GECC Assessment",
            Creation = DateTime.UtcNow,
            Modified = DateTime.UtcNow,
        };
        using (var pdf = SKDocument.CreatePdf(stream, metadata))
        {
            for (var i = 0; i < pages.Count; i++)
            {
                var canvas = pdf.BeginPage(document.PageSize.Width, document.PageSize.Height);
                document.PageBackground?.Invoke(canvas, SKRect.Create(document.PageSize));
                header?.Invoke(canvas);
                pages[i].Draw(canvas);
                footers[i]?.Invoke(canvas);
                pdf.EndPage();
                pageDone?.Invoke(i + 1, pages.Count);
            }

            pdf.Close();
        }

        return stream.ToArray();
    }

    private static Action<SKCanvas>? Footer(PdfDocumentModel document, TextLayout text, int page, int pages)
    {
        if (document.Footer is not { } footer)
        {
            return null;
        }

        var line = text.Shape(
            footer.Replace("{page}", page.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{pages}", pages.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal),
            9, bold: false);
        return canvas => text.Draw(canvas, line, (document.PageSize.Width - line.Width) / 2, document.PageSize.Height - (document.Margin / 2), SKColors.DimGray);
    }

    private static Action<SKCanvas> Header(PdfDocumentModel document, RunningHeader header, TextLayout text)
    {
        var width = document.PageSize.Width - (2 * document.Margin);
        var right = text.Shape(header.Right, 9, bold: false);
        // The left end gives way to the right one (the date) when both do not fit.
        var left = text.Wrap(header.Left, 9, bold: false, width - right.Width - 12).First();
        var baseline = document.Margin + 8;
        return canvas =>
        {
            text.Draw(canvas, left, document.Margin, baseline, SKColors.DimGray);
            text.Draw(canvas, right, document.Margin + width - right.Width, baseline, SKColors.DimGray);
            using var rule = Stroke(0.5f);
            canvas.DrawLine(document.Margin, baseline + 5, document.Margin + width, baseline + 5, rule);
        };
    }

    /// <summary>One page's drawing steps; steps after the n-th <see cref="Fill"/> move down by n shares of the space left.</summary>
    private sealed class PageLayout
    {
        public List<(int Group, Action<SKCanvas> Step)> Steps { get; } = [];

        public int Fills { get; set; }

        public float Share { get; set; }

        public void Add(Action<SKCanvas> step) => Steps.Add((Fills, step));

        public void Draw(SKCanvas canvas)
        {
            foreach (var (group, step) in Steps)
            {
                if (group == 0 || Share <= 0)
                {
                    step(canvas);
                    continue;
                }

                canvas.Save();
                canvas.Translate(0, group * Share);
                step(canvas);
                canvas.Restore();
            }
        }
    }

    private static List<PageLayout> Layout(PdfDocumentModel document, TextLayout text)
    {
        var width = document.PageSize.Width - (2 * document.Margin);
        var bottom = document.PageSize.Height - document.Margin;
        var top = document.Margin + (document.Header is null ? 0 : HeaderHeight);
        var pages = new List<PageLayout> { new() };
        var y = top;

        void FinishPage()
        {
            var page = pages[^1];
            if (page.Fills > 0)
            {
                page.Share = Math.Max(0, bottom - y) / page.Fills;
            }
        }

        void NewPage()
        {
            FinishPage();
            pages.Add(new PageLayout());
            y = top;
        }

        void Ensure(float height)
        {
            if (y + height > bottom && y > top)
            {
                NewPage();
            }
        }

        var blocks = document.Blocks;
        for (var index = 0; index < blocks.Count; index++)
        {
            switch (blocks[index])
            {
                case PageBreak:
                    NewPage();
                    break;
                case Fill:
                    pages[^1].Fills++;
                    break;
                case Spacer spacer:
                    y += spacer.Height;
                    break;
                case Rule rule:
                    Ensure(rule.SpaceAround * 2);
                    var ruleY = y + rule.SpaceAround;
                    pages[^1].Add(c => c.DrawLine(document.Margin, ruleY, document.Margin + width, ruleY, Stroke(rule.Thickness)));
                    y += rule.SpaceAround * 2;
                    break;
                case Paragraph paragraph:
                    var lines = text.Wrap(paragraph.Text, paragraph.Size, paragraph.Bold, width).ToList();
                    if (paragraph.KeepWithNext)
                    {
                        // The heading, and the start of what it heads, on one page.
                        Ensure(KeptHeight(blocks, index, text, width));
                    }

                    foreach (var line in lines)
                    {
                        var lineHeight = paragraph.Size * 1.5f;
                        Ensure(lineHeight);
                        var x = document.Margin + Offset(paragraph.Align, width, line.Width);
                        var baseline = y + (paragraph.Size * 1.15f);
                        pages[^1].Add(c => text.Draw(c, line, x, baseline, paragraph.Color));
                        y += lineHeight;
                    }

                    y += paragraph.SpaceAfter;
                    break;
                case Drawing drawing:
                    Ensure(drawing.Height);
                    var box = SKRect.Create(document.Margin, y, width, drawing.Height);
                    pages[^1].Add(c => drawing.Draw(c, box));
                    y += drawing.Height;
                    break;
                case QrCode qr:
                    Ensure(qr.Size);
                    var qrBox = SKRect.Create(document.Margin + Offset(qr.Align, width, qr.Size), y, qr.Size, qr.Size);
                    var modules = QrModules(qr.Text);
                    pages[^1].Add(c => DrawQr(c, qrBox, modules));
                    y += qr.Size;
                    break;
                case Columns columns:
                    var (steps, tallest) = LayoutColumns(columns, document.Margin, width, text);
                    Ensure(tallest);
                    var columnsTop = y;
                    pages[^1].Add(c =>
                    {
                        c.Save();
                        c.Translate(0, columnsTop);
                        steps.ForEach(s => s(c));
                        c.Restore();
                    });
                    y += tallest;
                    break;
                case Table table:
                    LayoutTable(table, document.Margin, width, bottom, top, text, pages, ref y, NewPage);
                    break;
            }
        }

        FinishPage();
        return pages;
    }

    /// <summary>The height a kept-with-next paragraph needs on its page: itself, and the start of the block after it (chains of kept paragraphs included).</summary>
    private static float KeptHeight(IReadOnlyList<Block> blocks, int index, TextLayout text, float width)
    {
        var height = 0f;
        for (var i = index; i < blocks.Count; i++)
        {
            switch (blocks[i])
            {
                case Paragraph p when p.KeepWithNext || i == index:
                    height += (text.Wrap(p.Text, p.Size, p.Bold, width).Count() * p.Size * 1.5f) + p.SpaceAfter;
                    if (!p.KeepWithNext)
                    {
                        return height;
                    }

                    break;
                case Paragraph p:
                    return height + (p.Size * 1.5f);
                case Spacer spacer:
                    height += spacer.Height;
                    break;
                case Table table:
                    var widths = ColumnWidths(table, width);
                    height += TableRowHeight(table, table.Header, widths, text, bold: true);
                    return table.Rows.Count == 0 ? height : height + TableRowHeight(table, table.Rows[0], widths, text, bold: false);
                case Drawing drawing:
                    return height + drawing.Height;
                case QrCode qr:
                    return height + qr.Size;
                default:
                    return height;
            }
        }

        return height;
    }

    private static (List<Action<SKCanvas>> Steps, float Tallest) LayoutColumns(Columns columns, float left, float width, TextLayout text)
    {
        var cellWidth = width / columns.Cells.Count;
        var tallest = 0f;
        var cells = new List<(List<(float Y, Action<SKCanvas, float> Step)> Steps, float Height)>();
        for (var i = 0; i < columns.Cells.Count; i++)
        {
            var cellX = left + (i * cellWidth);
            var cellY = 0f;
            var steps = new List<(float, Action<SKCanvas, float>)>();
            foreach (var inner in columns.Cells[i])
            {
                switch (inner)
                {
                    case Paragraph paragraph:
                        foreach (var line in text.Wrap(paragraph.Text, paragraph.Size, paragraph.Bold, cellWidth - 10))
                        {
                            var lx = cellX + Offset(paragraph.Align, cellWidth, line.Width);
                            var ly = cellY + (paragraph.Size * 1.15f);
                            steps.Add((cellY, (c, dy) => text.Draw(c, line, lx, ly + dy, paragraph.Color)));
                            cellY += paragraph.Size * 1.5f;
                        }

                        cellY += paragraph.SpaceAfter;
                        break;
                    case Spacer spacer:
                        cellY += spacer.Height;
                        break;
                    case QrCode qr:
                        var modules = QrModules(qr.Text);
                        var qx = cellX + Offset(qr.Align, cellWidth, qr.Size);
                        var qy = cellY;
                        steps.Add((cellY, (c, dy) => DrawQr(c, SKRect.Create(qx, qy + dy, qr.Size, qr.Size), modules)));
                        cellY += qr.Size;
                        break;
                    case Drawing drawing:
                        var dyTop = cellY;
                        steps.Add((cellY, (c, dy) => drawing.Draw(c, SKRect.Create(cellX, dyTop + dy, cellWidth, drawing.Height))));
                        cellY += drawing.Height;
                        break;
                }
            }

            cells.Add((steps, cellY));
            tallest = Math.Max(tallest, cellY);
        }

        var result = new List<Action<SKCanvas>>();
        foreach (var (steps, height) in cells)
        {
            var shift = columns.AlignBottom ? tallest - height : 0;
            result.AddRange(steps.Select(s => (Action<SKCanvas>)(c => s.Step(c, shift))));
        }

        return (result, tallest);
    }

    private static float[] ColumnWidths(Table table, float width)
    {
        var total = table.Columns.Sum();
        return [.. table.Columns.Select(c => c / total * width)];
    }

    private const float CellPadding = 4;

    private static float TableRowHeight(Table table, string[] cells, float[] widths, TextLayout text, bool bold) =>
        (cells.Select((cell, i) => Math.Max(1, text.Wrap(cell, table.Size, bold, widths[i] - (2 * CellPadding)).Count())).Max() * table.Size * 1.45f) + (2 * CellPadding);

    private static void LayoutTable(
        Table table, float left, float width, float bottom, float top, TextLayout text, List<PageLayout> pages, ref float y, Action newPage)
    {
        const float padding = CellPadding;
        var widths = ColumnWidths(table, width);
        var lineHeight = table.Size * 1.45f;

        (List<ShapedLine>[] Cells, float Height) Measure(string[] cells, bool bold)
        {
            var wrapped = cells.Select((cell, i) => text.Wrap(cell, table.Size, bold, widths[i] - (2 * padding)).ToList()).ToArray();
            return (wrapped, (wrapped.Max(w => Math.Max(1, w.Count)) * lineHeight) + (2 * padding));
        }

        void Place(PageLayout page, (List<ShapedLine>[] Cells, float Height) row, float rowTop, bool header)
        {
            page.Add(c =>
            {
                if (header)
                {
                    using var fill = new SKPaint { Color = new SKColor(0xE8, 0xEE, 0xF6), Style = SKPaintStyle.Fill };
                    c.DrawRect(left, rowTop, width, row.Height, fill);
                }

                var x = left;
                using var border = Stroke(0.5f);
                for (var i = 0; i < widths.Length; i++)
                {
                    c.DrawRect(x, rowTop, widths[i], row.Height, border);
                    var align = table.Align is { } a && i < a.Length ? a[i] : TextAlign.Left;
                    var lineTop = rowTop + padding;
                    foreach (var line in row.Cells[i])
                    {
                        var lx = x + padding + Offset(align, widths[i] - (2 * padding), line.Width);
                        text.Draw(c, line, lx, lineTop + (table.Size * 1.1f), SKColors.Black);
                        lineTop += lineHeight;
                    }

                    x += widths[i];
                }
            });
        }

        var header = Measure(table.Header, bold: true);
        var rows = table.Rows.Select(r => Measure(r, bold: false)).ToList();
        // A header never stands alone: it goes to the next page with the first row. newPage() resets
        // y too: it is the layout's own variable, passed by reference.
        var firstRow = rows.Count > 0 ? rows[0].Height : 0;
        if (y + header.Height + firstRow > bottom && y > top)
        {
            newPage();
        }

        Place(pages[^1], header, y, header: true);
        y += header.Height;
        foreach (var row in rows)
        {
            if (y + row.Height > bottom)
            {
                newPage();
                Place(pages[^1], header, y, header: true);
                y += header.Height;
            }

            Place(pages[^1], row, y, header: false);
            y += row.Height;
        }

        y += 6;
    }

    private static float Offset(TextAlign align, float available, float used) => align switch
    {
        TextAlign.Center => (available - used) / 2,
        TextAlign.Right => available - used,
        _ => 0,
    };

    private static SKPaint Stroke(float width) => new() { Color = SKColors.Gray, StrokeWidth = width, Style = SKPaintStyle.Stroke, IsAntialias = true };

    private static bool[][] QrModules(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return [.. data.ModuleMatrix.Select(row => row.Cast<bool>().ToArray())];
    }

    private static void DrawQr(SKCanvas canvas, SKRect box, bool[][] modules)
    {
        var cell = box.Width / modules.Length;
        using var paint = new SKPaint { Color = SKColors.Black, Style = SKPaintStyle.Fill };
        for (var row = 0; row < modules.Length; row++)
        {
            for (var col = 0; col < modules[row].Length; col++)
            {
                if (modules[row][col])
                {
                    canvas.DrawRect(box.Left + (col * cell), box.Top + (row * cell), cell, cell, paint);
                }
            }
        }
    }
}

/// <summary>The project's Sarabun faces (OFL, in wwwroot/lib/sarabun), loaded once.</summary>
public sealed class ThaiFonts
{
    private readonly Blob _regularProgram;
    private readonly Blob _boldProgram;
    private readonly ILogger _logger;

    public ThaiFonts(string fontDirectory, ILogger<ThaiFonts>? logger = null)
    {
        (Regular, _regularProgram) = Load(fontDirectory, "Sarabun_400Regular.ttf");
        (Bold, _boldProgram) = Load(fontDirectory, "Sarabun_700Bold.ttf");
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The whole face: what shapes the text.</summary>
    public SKTypeface Regular { get; }

    public SKTypeface Bold { get; }

    /// <summary>
    /// The face cut down to what one document shaped, to draw it with, so that its PDF embeds only
    /// those glyphs (docs/adr/0024); null, with a warning, when it cannot be cut: the whole face then draws.
    /// </summary>
    internal SKTypeface? Subset(bool bold, IEnumerable<ushort> glyphs)
    {
        try
        {
            if (FontSubset.Make(bold ? _boldProgram : _regularProgram, glyphs) is { } program)
            {
                using var data = SKData.CreateCopy(program);
                if (SKTypeface.FromData(data) is { } subset)
                {
                    return subset;
                }
            }
        }
        catch (EntryPointNotFoundException e)
        {
            // A native HarfBuzz built without hb-subset (another platform's package): whole fonts, as before.
            _logger.LogWarning(e, "libHarfBuzzSharp has no font subsetter");
        }

        _logger.LogWarning("Sarabun {Weight} could not be subset: the PDF embeds the whole font", bold ? "Bold" : "Regular");
        return null;
    }

    private static (SKTypeface Typeface, Blob Program) Load(string directory, string file)
    {
        var path = Path.Combine(directory, file);
        var typeface = SKTypeface.FromFile(path) ?? throw new FileNotFoundException($"{file} not found", path);
        var program = Blob.FromFile(path);
        program.MakeImmutable();
        return (typeface, program);
    }
}

/// <summary>One line of text, shaped and ready to draw.</summary>
public sealed record ShapedLine(string Text, float Size, bool Bold, ushort[] Glyphs, SKPoint[] Positions, uint[] Clusters, byte[] Utf8, float Width);

/// <summary>Shaping (HarfBuzz), measuring and wrapping (ICU line breaks) for one render.</summary>
internal sealed class TextLayout(ThaiFonts fonts) : IDisposable
{
    private static readonly Lazy<bool> IcuReady = new(() =>
    {
        Icu.Wrapper.Init();
        return true;
    });

    private readonly Dictionary<(bool Bold, float Size), SKFont> _fonts = [];
    private readonly Dictionary<(bool Bold, float Size), SKFont> _drawingFonts = [];
    private readonly SkiaSharp.HarfBuzz.SKShaper _regular = new(fonts.Regular);
    private readonly SkiaSharp.HarfBuzz.SKShaper _bold = new(fonts.Bold);
    private readonly HashSet<ushort> _regularGlyphs = [];
    private readonly HashSet<ushort> _boldGlyphs = [];
    private (SKTypeface? Regular, SKTypeface? Bold)? _subsets;

    public ShapedLine Shape(string text, float size, bool bold)
    {
        if (_subsets is not null)
        {
            // Its glyphs might be missing from the fonts cut already: they would draw as nothing.
            throw new InvalidOperationException("Every line is shaped before the fonts are cut to the glyphs shaped (KeepOnlyShapedGlyphs).");
        }

        var font = Font(size, bold);
        var utf8 = Encoding.UTF8.GetBytes(text);
        using var buffer = new HarfBuzzSharp.Buffer();
        buffer.AddUtf8(utf8);
        buffer.GuessSegmentProperties();
        var result = (bold ? _bold : _regular).Shape(buffer, font);
        ushort[] glyphs = [.. result.Codepoints.Select(c => (ushort)c)];
        // Measuring shapes words that are then shaped again as lines: what is kept is a little more
        // than what is drawn, never less.
        (bold ? _boldGlyphs : _regularGlyphs).UnionWith(glyphs);
        return new ShapedLine(text, size, bold, glyphs, result.Points, result.Clusters, utf8, result.Width);
    }

    /// <summary>
    /// From here on text is drawn with each face cut down to the glyphs shaped so far, so the PDF
    /// embeds only those (docs/adr/0024); nothing more may be shaped.
    /// </summary>
    public void KeepOnlyShapedGlyphs() => _subsets = (
        _regularGlyphs.Count > 0 ? fonts.Subset(bold: false, _regularGlyphs) : null,
        _boldGlyphs.Count > 0 ? fonts.Subset(bold: true, _boldGlyphs) : null);

    public IEnumerable<ShapedLine> Wrap(string text, float size, bool bold, float width)
    {
        _ = IcuReady.Value;
        foreach (var paragraph in text.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
        {
            if (paragraph.Length == 0)
            {
                yield return Shape(" ", size, bold);
                continue;
            }

            var line = new StringBuilder();
            var lineWidth = 0f;
            foreach (var boundary in Icu.BreakIterator.GetBoundaries(Icu.BreakIterator.UBreakIteratorType.LINE, new Icu.Locale("th"), paragraph))
            {
                var segment = paragraph[boundary.Start..boundary.End];
                var segmentWidth = Shape(segment, size, bold).Width;
                if (line.Length > 0 && lineWidth + segmentWidth > width)
                {
                    yield return Shape(line.ToString().TrimEnd(), size, bold);
                    line.Clear();
                    lineWidth = 0;
                }

                line.Append(segment);
                lineWidth += segmentWidth;
            }

            if (line.Length > 0)
            {
                yield return Shape(line.ToString().TrimEnd(), size, bold);
            }
        }
    }

    public void Draw(SKCanvas canvas, ShapedLine line, float x, float baseline, SKColor color)
    {
        if (line.Glyphs.Length == 0)
        {
            return;
        }

        using var builder = new SKTextBlobBuilder();
        var run = builder.AllocatePositionedTextRun(DrawingFont(line.Size, line.Bold), line.Glyphs.Length, line.Utf8.Length);
        run.SetGlyphs(line.Glyphs);
        run.SetPositions(line.Positions);
        run.SetText(line.Utf8);
        run.SetClusters(line.Clusters);
        using var blob = builder.Build();
        using var paint = new SKPaint { Color = color, IsAntialias = true };
        canvas.DrawText(blob, x, baseline, paint);
    }

    public void Dispose()
    {
        _regular.Dispose();
        _bold.Dispose();
        foreach (var font in _fonts.Values.Concat(_drawingFonts.Values))
        {
            font.Dispose();
        }

        _subsets?.Regular?.Dispose();
        _subsets?.Bold?.Dispose();
    }

    private SKFont Font(float size, bool bold)
    {
        if (!_fonts.TryGetValue((bold, size), out var font))
        {
            font = new SKFont(bold ? fonts.Bold : fonts.Regular, size);
            _fonts[(bold, size)] = font;
        }

        return font;
    }

    /// <summary>The cut face once <see cref="KeepOnlyShapedGlyphs"/> made it, else the whole one (same glyph ids, same advances).</summary>
    private SKFont DrawingFont(float size, bool bold)
    {
        if (!_drawingFonts.TryGetValue((bold, size), out var font))
        {
            var subset = bold ? _subsets?.Bold : _subsets?.Regular;
            font = new SKFont(subset ?? (bold ? fonts.Bold : fonts.Regular), size);
            _drawingFonts[(bold, size)] = font;
        }

        return font;
    }
}
