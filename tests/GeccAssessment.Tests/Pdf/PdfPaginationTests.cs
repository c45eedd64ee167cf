using System.Globalization;
using GeccAssessment.Web.Pdf;
using UglyToad.PdfPig;

namespace GeccAssessment.Tests.Pdf;

/// <summary>Headings kept with their tables, the running header on every page, space shared by <see cref="Fill"/>.</summary>
public class PdfPaginationTests
{
    private static readonly PdfRenderer Renderer = new(new ThaiFonts(PdfRendererTests.FontDirectory()));

    private static List<string[]> Rows(int count, string prefix) =>
        [.. Enumerable.Range(1, count).Select(i => new[] { i.ToString(CultureInfo.InvariantCulture), $"{prefix}{i}" })];

    [Fact]
    public void A_heading_at_the_bottom_of_a_page_moves_to_the_next_page_with_its_table()
    {
        // The first table ends anywhere from the middle to the very bottom of page 1; the heading must never be left there alone.
        for (var rowsBefore = 30; rowsBefore <= 45; rowsBefore++)
        {
            HeadingStaysWithItsTable(rowsBefore);
        }
    }

    private static void HeadingStaysWithItsTable(int rowsBefore)
    {
        var bytes = Renderer.Render(new PdfDocumentModel
        {
            Title = "หัวข้อ",
            Blocks =
            [
                new Table([1, 5], ["ลำดับ", "รายการแรก"], Rows(rowsBefore, "แถวแรก")),
                Heading.Of("หัวข้อตารางสอง", 14),
                new Paragraph("คำอธิบายใต้หัวข้อ", 10) { KeepWithNext = true },
                new Table([1, 5], ["ลำดับ", "ตารางชุดสอง"], Rows(5, "แถวสอง")),
            ],
        });

        using var pdf = PdfDocument.Open(bytes);
        var headingPage = pdf.GetPages().Single(p => PdfRendererTests.WithoutMarks(p.Text).Contains(PdfRendererTests.WithoutMarks("หัวข้อตารางสอง"), StringComparison.Ordinal));
        var text = PdfRendererTests.WithoutMarks(headingPage.Text);
        Assert.Contains(PdfRendererTests.WithoutMarks("ตารางชุดสอง"), text);
        Assert.Contains(PdfRendererTests.WithoutMarks("แถวสอง1"), text);
    }

    [Fact]
    public void A_table_header_never_ends_a_page_without_a_row()
    {
        var rows = Enumerable.Range(35, 12).ToList();
        foreach (var before in rows)
        {
            using var pdf = PdfDocument.Open(Renderer.Render(new PdfDocumentModel
            {
                Title = "ตาราง",
                Blocks = [new Table([1, 5], ["ลำดับ", "รายการแรก"], Rows(before, "แถวแรก")), new Table([1, 5], ["ลำดับ", "หัวตารางสอง"], Rows(3, "แถวสอง"))],
            }));
            var page = pdf.GetPages().First(p => p.Text.Contains("หัวตารางสอง", StringComparison.Ordinal));
            Assert.Contains("แถวสอง1", page.Text);
        }
    }

    [Fact]
    public void The_running_header_names_the_subject_and_print_date_on_every_page()
    {
        var bytes = Renderer.Render(new PdfDocumentModel
        {
            Title = "รายงาน",
            Header = new RunningHeader("รายงานผลการตรวจประเมิน ศูนย์บริการประชาชนสงขลา", "พิมพ์เมื่อ 30 พฤศจิกายน พ.ศ. 2569"),
            Blocks = [new Table([1, 5], ["ลำดับ", "รายการ"], Rows(150, "แถว"))],
        });

        using var pdf = PdfDocument.Open(bytes);
        Assert.True(pdf.NumberOfPages >= 3);
        foreach (var page in pdf.GetPages())
        {
            var text = PdfRendererTests.WithoutMarks(page.Text);
            Assert.Contains(PdfRendererTests.WithoutMarks("ศูนย์บริการประชาชนสงขลา"), text);
            Assert.Contains(PdfRendererTests.WithoutMarks("พิมพ์เมื่อ 30 พฤศจิกายน พ.ศ. 2569"), text);
            // Above everything else on the page.
            var header = page.GetWords().First(w => w.Text.Contains("2569", StringComparison.Ordinal)).BoundingBox;
            var table = page.Letters.Where(l => l.Value == "ร" || l.Value == "แ").Min(l => l.BoundingBox.Top);
            Assert.True(header.Bottom > table, $"page {page.Number}");
        }
    }

    [Fact]
    public void Fills_share_the_space_left_at_the_bottom_of_the_page()
    {
        var bytes = Renderer.Render(new PdfDocumentModel
        {
            Title = "เติม",
            Margin = 50,
            Footer = null,
            Blocks = [new Paragraph("บนสุด"), new Fill(), new Paragraph("กลาง"), new Fill(), new Paragraph("ล่างสุด")],
        });

        using var pdf = PdfDocument.Open(bytes);
        var page = pdf.GetPage(1);
        double Top(string word) => page.GetWords().Single(w => PdfRendererTests.WithoutMarks(w.Text) == PdfRendererTests.WithoutMarks(word)).BoundingBox.Bottom;
        var (top, middle, bottom) = (Top("บนสุด"), Top("กลาง"), Top("ล่างสุด"));
        Assert.True(bottom < 70, $"last line at {bottom}");
        Assert.InRange(Math.Abs((top - middle) - (middle - bottom)), 0, 3);
    }
}
