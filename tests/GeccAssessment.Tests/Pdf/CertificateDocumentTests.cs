using GeccAssessment.Web.Features.Certificates;
using GeccAssessment.Web.Pdf;
using SkiaSharp;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;

namespace GeccAssessment.Tests.Pdf;

/// <summary>The certificate's page, read back with PdfPig: the signatory, the number beside its QR code, the emblem.</summary>
public class CertificateDocumentTests
{
    private static readonly PdfRenderer Renderer = new(new ThaiFonts(PdfRendererTests.FontDirectory()));
    private static readonly DateOnly Today = new(2026, 11, 30);

    internal static CertificationDocuments.CertificateSheet Sheet(string? signatory = "นายวิชัย ศรีสวัสดิ์", string? position = "ประธานกรรมการอำนวยการศูนย์ราชการสะดวก") => new(
        1, 1, "GECC-2563-0007", "ศูนย์บริการประชาชน สำนักงานที่ดินจังหวัดสงขลา", "สำนักงานที่ดินจังหวัดสงขลา", "สงขลา", "ระดับก้าวหน้า",
        new DateOnly(2025, 9, 30), new DateOnly(2028, 9, 29), false, signatory, position);

    private static byte[] Render(CertificationDocuments.CertificateSheet sheet, SKImage? emblem = null) =>
        Renderer.Render(CertificationDocuments.CertificatePages([sheet], "https://gecc.example/", "ใบรับรอง", Today, emblem));

    /// <summary>A small PNG emblem (a red disc on transparency), as an Admin would upload.</summary>
    internal static byte[] EmblemPng(int size = 200)
    {
        using var surface = SKSurface.Create(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(SKColors.Transparent);
        using var paint = new SKPaint { Color = new SKColor(0xB0, 0x2A, 0x37), IsAntialias = true };
        surface.Canvas.DrawCircle(size / 2f, size / 2f, size * 0.45f, paint);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    [Fact]
    public void The_signatory_name_and_position_are_printed_under_the_signature_line()
    {
        using var pdf = PdfDocument.Open(Render(Sheet()));
        var text = PdfRendererTests.WithoutMarks(pdf.GetPage(1).Text);
        Assert.Contains(PdfRendererTests.WithoutMarks("(นายวิชัย ศรีสวัสดิ์)"), text);
        Assert.Contains(PdfRendererTests.WithoutMarks("ประธานกรรมการอำนวยการศูนย์ราชการสะดวก"), text);
    }

    [Fact]
    public void The_number_sits_right_under_its_qr_code()
    {
        using var pdf = PdfDocument.Open(Render(Sheet()));
        var page = pdf.GetPage(1);
        var qr = QrBounds(page);
        var number = page.GetWords().Single(w => w.Text.Contains("GECC-2563-0007", StringComparison.Ordinal)).BoundingBox;
        // PDF coordinates grow upwards: the number's top is just below the code's bottom, and centred under it.
        Assert.InRange(qr.Bottom - number.Top, 0, 20);
        Assert.InRange(Math.Abs(MidX(number) - MidX(qr)), 0, qr.Width);
    }

    [Fact]
    public void The_page_is_filled_top_to_bottom_and_balanced_left_to_right()
    {
        using var pdf = PdfDocument.Open(Render(Sheet()));
        var page = pdf.GetPage(1);
        var letters = page.Letters.Where(l => !string.IsNullOrWhiteSpace(l.Value)).ToList();
        // The emblem (a path, not text, in the middle of the page) is the top of the content; the frame and its corners are not content.
        var top = page.Paths.Select(p => p.GetBoundingRectangle()).OfType<PdfRectangle>()
            .Where(r => r.Left > page.Width / 3 && r.Right < page.Width * 2 / 3).Max(r => r.Top);
        var bottom = letters.Min(l => l.BoundingBox.Bottom);
        // The content spreads over the page inside the frame: less than 15 % of the height left empty at either end.
        Assert.True(page.Height - top < page.Height * 0.15, $"top {top}");
        Assert.True(bottom < page.Height * 0.15, $"bottom {bottom}");
        var left = letters.Min(l => l.BoundingBox.Left);
        var right = letters.Max(l => l.BoundingBox.Right);
        Assert.InRange(left - (page.Width - right), -40, 40);
    }

    [Fact]
    public void An_uploaded_emblem_is_an_image_on_the_page_and_without_one_the_seal_is_drawn()
    {
        using var emblem = SKImage.FromEncodedData(EmblemPng());
        using (var withEmblem = PdfDocument.Open(Render(Sheet(), emblem)))
        {
            var image = Assert.Single(withEmblem.GetPage(1).GetImages());
            Assert.InRange(image.BoundingBox.Height, 60, 100);
            Assert.InRange(Math.Abs(MidX(image.BoundingBox) - (withEmblem.GetPage(1).Width / 2)), 0, 2);
        }

        using var fallback = PdfDocument.Open(Render(Sheet()));
        Assert.Empty(fallback.GetPage(1).GetImages());
        Assert.Contains(fallback.GetPage(1).Paths, p => p.GetBoundingRectangle() is { } r && r.Height > 60 && r.Height < 100 && Math.Abs(r.Width - r.Height) < 2);
    }

    [Fact]
    public void Without_a_signatory_the_line_is_left_to_fill_in_and_the_committee_chair_named()
    {
        using var pdf = PdfDocument.Open(Render(Sheet(signatory: null, position: null)));
        var text = PdfRendererTests.WithoutMarks(pdf.GetPage(1).Text);
        Assert.Contains("(....", text);
        Assert.Contains(PdfRendererTests.WithoutMarks("ประธานกรรมการอำนวยการศูนย์ราชการสะดวก"), text);
    }

    [Fact]
    public void A_batch_of_certificates_holds_the_emblem_once()
    {
        using var emblem = SKImage.FromEncodedData(EmblemPng());
        var sheets = Enumerable.Range(1, 20).Select(i => Sheet() with { Id = i, Number = $"GECC-2563-{i:0000}" }).ToList();
        var one = Renderer.Render(CertificationDocuments.CertificatePages([sheets[0]], "https://gecc.example/", "ใบรับรอง", Today, emblem));
        var batch = Renderer.Render(CertificationDocuments.CertificatePages(sheets, "https://gecc.example/", "ใบรับรอง", Today, emblem));
        using var pdf = PdfDocument.Open(batch);
        Assert.Equal(20, pdf.NumberOfPages);
        Assert.All(pdf.GetPages(), p => Assert.Single(p.GetImages()));
        // The twenty pages draw one image: the emblem is held once, as for a single certificate (a
        // size bound said so while the whole fonts outweighed a page; they no longer do, docs/adr/0024).
        Assert.Equal(ImageStreams(one), ImageStreams(batch));
        Assert.InRange(ImageStreams(one), 1, 2);
    }

    /// <summary>The image streams a PDF holds (an image with transparency is two: its colours and its mask).</summary>
    private static int ImageStreams(byte[] bytes)
    {
        using var pdf = PdfDocument.Open(bytes);
        return pdf.Structure.CrossReferenceTable.ObjectOffsets.Keys.Count(reference =>
            pdf.Structure.GetObject(reference).Data is StreamToken stream
            && stream.StreamDictionary.TryGet(NameToken.Subtype, out NameToken subtype) && subtype.Equals(NameToken.Image));
    }

    private static double MidX(PdfRectangle r) => (r.Left + r.Right) / 2;

    /// <summary>The QR code's outline: the union of its modules, the page's many small equal squares.</summary>
    internal static PdfRectangle QrBounds(Page page)
    {
        var modules = page.Paths.Select(p => p.GetBoundingRectangle()).OfType<PdfRectangle>()
            .Where(r => r.Width > 0.5 && r.Width < 4 && Math.Abs(r.Width - r.Height) < 0.01).ToList();
        Assert.True(modules.Count > 50, $"{modules.Count} QR modules");
        return new PdfRectangle(modules.Min(r => r.Left), modules.Min(r => r.Bottom), modules.Max(r => r.Right), modules.Max(r => r.Top));
    }
}
