using System.Diagnostics;
using System.Globalization;
using GeccAssessment.Web.Features.Certificates;
using GeccAssessment.Web.Pdf;
using HarfBuzzSharp;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Tokens;

namespace GeccAssessment.Tests.Pdf;

/// <summary>
/// A PDF embeds only the glyphs it draws (docs/adr/0024): small, and drawn and read back exactly as
/// with the whole fonts embedded.
/// </summary>
public class PdfFontSubsetTests
{
    private static readonly ThaiFonts Fonts = new(PdfRendererTests.FontDirectory());
    private static readonly PdfRenderer Renderer = new(Fonts);
    private static readonly PdfRenderer WholeFontRenderer = new(Fonts) { WholeFonts = true };

    private static PdfDocumentModel Certificate() => CertificationDocuments.CertificatePages(
        [CertificateDocumentTests.Sheet()], "https://gecc.example/", "ใบรับรอง", new DateOnly(2026, 11, 30), emblem: null);

    [Fact]
    public void A_certificate_embeds_only_the_glyphs_it_draws()
    {
        var bytes = Renderer.Render(Certificate());

        // With both faces whole the certificate was 96 KB, 86 KB of it the two font programs.
        Assert.True(bytes.Length < 30_000, $"{bytes.Length:N0} bytes");
        var programs = FontPrograms(bytes);
        Assert.Equal(["Sarabun-Bold", "Sarabun-Regular"], programs.Keys.Select(k => k[(k.IndexOf('+', StringComparison.Ordinal) + 1)..]).Order());
        var whole = DrawnGlyphs(File.ReadAllBytes(Path.Combine(PdfRendererTests.FontDirectory(), "Sarabun_400Regular.ttf")));
        foreach (var (name, program) in programs)
        {
            var drawn = DrawnGlyphs(program);
            // A page of Thai and digits: some tens of glyphs of the face's hundreds, glyph 0's box among them.
            Assert.True(drawn.Count < whole.Count / 5, $"{name}: {drawn.Count} of {whole.Count} glyphs");
            Assert.Contains(0, drawn);
        }
    }

    [Fact]
    public void Cut_fonts_draw_and_read_back_exactly_as_whole_fonts_do()
    {
        var rows = Enumerable.Range(1, 70).Select(i => new[] { i.ToString(CultureInfo.InvariantCulture), $"ผู้ตรวจประเมินที่ {i} สั้น", "ผ่าน" }).ToList();
        var document = new PdfDocumentModel
        {
            Title = "ทดสอบ",
            Header = new RunningHeader("รายงานผลการรับรอง ที่ปรึกษา", "พิมพ์เมื่อ 30 พฤศจิกายน 2569"),
            Footer = "หน้า {page} / {pages}",
            Blocks =
            [
                new Paragraph("ที่ สั้น ผู้ น้ำ ปั้น ญี่ปุ่น กู้ภัย ก่ ก้ ก๊ ก๋ กิ่ กี้ กึ๊ กื๋", 16, Bold: true),
                // 中 is not in Sarabun: it draws as glyph 0's box, with the whole font and with the cut one.
                new Paragraph("ที่ สั้น ผู้ น้ำ ปั้น ญี่ปุ่น กู้ภัย ศูนย์ราชการสะดวก café 中 (ABC) #1"),
                new Table([1, 6, 2], ["ลำดับ", "ผู้ตรวจ", "ผล"], rows),
            ],
        };

        var cut = Renderer.Render(document);
        var whole = WholeFontRenderer.Render(document);

        Assert.True(cut.Length < whole.Length / 2, $"{cut.Length:N0} bytes against {whole.Length:N0}");
        using (var cutPdf = PdfDocument.Open(cut))
        using (var wholePdf = PdfDocument.Open(whole))
        {
            Assert.True(cutPdf.NumberOfPages >= 2, $"{cutPdf.NumberOfPages} pages");
            Assert.Equal(wholePdf.GetPages().Select(p => p.Text), cutPdf.GetPages().Select(p => p.Text));
        }

        // Poppler reads the text Skia writes for each cluster: every mark of the stacked words comes back.
        var text = Poppler(cut, "pdftotext", "-raw");
        Assert.Contains("ที่ สั้น ผู้ น้ำ", text, StringComparison.Ordinal);
        Assert.Contains("ญี่ปุ่น กู้ภัย ก่ ก้ ก๊ ก๋ กิ่ กี้ กึ๊ กื๋", text, StringComparison.Ordinal);
        Assert.Equal(Poppler(whole, "pdftotext", "-raw"), text);
        // The same pixels on every page: no glyph drawn is missing from the cut fonts.
        Assert.Equal(Poppler(whole, "pdftoppm", "-r", "100"), Poppler(cut, "pdftoppm", "-r", "100"));
    }

    /// <summary>The embedded TrueType programs (FontFile2), by the PDF's font name.</summary>
    private static Dictionary<string, byte[]> FontPrograms(byte[] pdfBytes)
    {
        using var pdf = PdfDocument.Open(pdfBytes);
        var programs = new Dictionary<string, byte[]>();
        foreach (var reference in pdf.Structure.CrossReferenceTable.ObjectOffsets.Keys)
        {
            if (pdf.Structure.GetObject(reference).Data is DictionaryToken descriptor
                && descriptor.TryGet(NameToken.FontFile2, out IndirectReferenceToken file)
                && descriptor.TryGet(NameToken.FontName, out NameToken name)
                && pdf.Structure.GetObject(file.Data).Data is StreamToken stream)
            {
                programs[name.Data] = stream.Decode(DefaultFilterProvider.Instance).ToArray();
            }
        }

        return programs;
    }

    /// <summary>The glyphs of a font program that have an outline.</summary>
    private static List<int> DrawnGlyphs(byte[] program)
    {
        using var blob = Blob.FromStream(new MemoryStream(program));
        using var face = new Face(blob, 0);
        using var font = new Font(face);
        return [.. Enumerable.Range(0, face.GlyphCount).Where(g => font.TryGetGlyphExtents((uint)g, out var extents) && extents.Width != 0)];
    }

    /// <summary>Runs a poppler tool (installed by ./gecc test) on the PDF and gives back what it wrote: text, or every page's pixels.</summary>
    private static string Poppler(byte[] pdf, string tool, params string[] options)
    {
        var folder = Directory.CreateTempSubdirectory("gecc-pdf-");
        try
        {
            var input = Path.Combine(folder.FullName, "document.pdf");
            File.WriteAllBytes(input, pdf);
            var output = Path.Combine(folder.FullName, "out");
            using (var process = Process.Start(new ProcessStartInfo(tool, [.. options, input, tool == "pdftotext" ? output + ".txt" : output]) { RedirectStandardError = true })!)
            {
                process.WaitForExit(TimeSpan.FromSeconds(60));
                Assert.True(process.ExitCode == 0, $"{tool} failed: " + process.StandardError.ReadToEnd());
            }

            return string.Concat(Directory.GetFiles(folder.FullName, "out*").Order(StringComparer.Ordinal)
                .Select(f => tool == "pdftotext" ? File.ReadAllText(f) : Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
