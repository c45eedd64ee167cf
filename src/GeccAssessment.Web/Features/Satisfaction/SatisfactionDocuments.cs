using System.Globalization;
using System.Linq.Expressions;
using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Pdf;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;

namespace GeccAssessment.Web.Features.Satisfaction;

public enum PosterSize
{
    A4,
    TableTent,
}

/// <summary>The poster that stands at the counter, and the blocks the certification reports add.</summary>
public static class SatisfactionDocuments
{
    private static readonly SKColor Navy = new(0x1F, 0x3A, 0x68);

    /// <summary>A6 portrait: a card in a table-tent stand.</summary>
    public static readonly SKSize TableTentSize = new(297.64f, 419.53f);

    public static PdfDocumentModel Poster(string pointName, string agencyName, string url, PosterSize size)
    {
        var a4 = size == PosterSize.A4;
        float S(float points) => a4 ? points : points * 0.5f;
        return new PdfDocumentModel
        {
            Title = $"ประเมินความพึงพอใจการให้บริการ {pointName}",
            PageSize = a4 ? PdfDocumentModel.A4Portrait : TableTentSize,
            Margin = a4 ? 50 : 22,
            Footer = null,
            Blocks =
            [
                new Spacer(S(10)),
                new Paragraph("ประเมินความพึงพอใจการให้บริการ", S(30), Bold: true, TextAlign.Center, SpaceAfter: S(8)) { Color = Navy },
                new Paragraph(pointName, S(22), Bold: true, TextAlign.Center, SpaceAfter: S(2)),
                new Paragraph(agencyName, S(15), Align: TextAlign.Center, SpaceAfter: S(14)),
                new QrCode(url, a4 ? 300 : 170),
                new Spacer(S(14)),
                new Paragraph("สแกนคิวอาร์โค้ดด้วยกล้องโทรศัพท์ ตอบ 5 ข้อ ใช้เวลาไม่ถึง 1 นาที", S(16), Bold: true, TextAlign.Center, SpaceAfter: S(4)),
                new Paragraph("ไม่ต้องระบุชื่อ ไม่เก็บข้อมูลส่วนบุคคล", S(13), Align: TextAlign.Center, SpaceAfter: S(4)),
                new Paragraph("Please rate our service: scan the code with your phone's camera.", S(12), Align: TextAlign.Center) { Color = SKColors.DimGray },
            ],
        };
    }

    /// <summary>
    /// The public's figures for the assessed point, for the assessment report: one call, one block list.
    /// Dimension names come from the report, so that one set of names is printed everywhere.
    /// </summary>
    public static async Task<IReadOnlyList<Block>> ForAssessmentAsync(ApplicationDbContext db, int assessmentId, Func<DimensionKind, string> dimensionName)
    {
        var pointId = await db.Assessments.AsNoTracking().Where(a => a.Id == assessmentId).Select(a => a.Application!.ServicePointId).SingleAsync();
        var today = BuddhistEraDate.ThailandToday(DateTime.UtcNow);
        var from = SatisfactionRules.WindowStart(today);
        var figures = (await SumsAsync(db, [pointId], from)).GetValueOrDefault(pointId, SatisfactionSumsRow.Empty).Figures;
        var rows = Enum.GetValues<DimensionKind>().Select(k => new[] { dimensionName(k), Text(figures.Dimensions[k]), Count(figures.Dimensions[k]) })
            .Prepend(["ภาพรวม", Text(figures.Overall), Count(figures.Overall)]).ToList();
        return
        [
            new Paragraph("ผลการประเมินความพึงพอใจของประชาชน (12 เดือนล่าสุด)", 14, Bold: true),
            new Paragraph($"ช่วง {BuddhistEraDate.Long(from, Thai)} ถึง {BuddhistEraDate.Long(today, Thai)} คะแนนเฉลี่ยเต็ม 5 จากคำตอบที่นับแล้ว (ต่ำกว่า {SatisfactionRules.MinimumAnswers} คำตอบแสดงว่าข้อมูลไม่เพียงพอ)", 10),
            new Table([3, 2, 1.5f], ["ด้าน", "คะแนนเฉลี่ย", "จำนวนคำตอบ"], rows, 10) { Align = [TextAlign.Left, TextAlign.Right, TextAlign.Right] },
        ];
    }

    /// <summary>The public's overall figure for every assessed point of the cycle, for the cycle report.</summary>
    public static async Task<IReadOnlyList<Block>> ForCycleAsync(ApplicationDbContext db, int cycleId, Func<DimensionKind, string> dimensionName)
    {
        // Provinces in Thai dictionary order of their names, as in the rest of the cycle report.
        var thaiOrder = StringComparer.Create(Thai, ignoreCase: false);
        var points = (await db.Assessments.AsNoTracking().Where(a => a.CycleId == cycleId)
            .Select(a => new { a.Application!.ServicePointId, Province = a.Application.ServicePoint!.Province!.NameTh, a.Application.ServicePoint.Name })
            .ToListAsync())
            .OrderBy(p => p.Province, thaiOrder).ThenBy(p => p.Name, thaiOrder).ToList();
        var today = BuddhistEraDate.ThailandToday(DateTime.UtcNow);
        var from = SatisfactionRules.WindowStart(today);
        var sums = await SumsAsync(db, points.Select(p => p.ServicePointId).Distinct().ToList(), from);
        var rows = points.Select(p =>
        {
            var f = sums.GetValueOrDefault(p.ServicePointId, SatisfactionSumsRow.Empty).Figures;
            return new[] { p.Province, p.Name, Text(f.Overall), Text(f.Dimensions[DimensionKind.Premises]), Text(f.Dimensions[DimensionKind.Personnel]), Text(f.Dimensions[DimensionKind.ServiceProcess]), Text(f.Dimensions[DimensionKind.Other]), Count(f.Overall) };
        }).ToList();
        return
        [
            new PageBreak(),
            new Paragraph("ความพึงพอใจของประชาชนต่อจุดบริการที่ตรวจประเมิน (12 เดือนล่าสุด)", 14, Bold: true),
            new Paragraph($"คะแนนเฉลี่ยเต็ม 5 ตั้งแต่ {BuddhistEraDate.Long(from, Thai)}; ต่ำกว่า {SatisfactionRules.MinimumAnswers} คำตอบแสดงว่าข้อมูลไม่เพียงพอ", 10),
            new Table([1.6f, 4, 1.2f, 1.2f, 1.2f, 1.2f, 1.2f, 1.2f], ["จังหวัด", "จุดบริการ", "ภาพรวม", dimensionName(DimensionKind.Premises), dimensionName(DimensionKind.Personnel), dimensionName(DimensionKind.ServiceProcess), dimensionName(DimensionKind.Other), "คำตอบ"], rows, 9)
            {
                Align = [TextAlign.Left, TextAlign.Left, TextAlign.Right, TextAlign.Right, TextAlign.Right, TextAlign.Right, TextAlign.Right, TextAlign.Right],
            },
        ];
    }

    private static readonly CultureInfo Thai = CultureInfo.GetCultureInfo("th-TH");

    /// <summary>Sums per point from the daily aggregate, one grouped query.</summary>
    public static async Task<Dictionary<int, SatisfactionSumsRow>> SumsAsync(ApplicationDbContext db, IReadOnlyList<int> pointIds, DateOnly from) =>
        await db.SatisfactionDaily.AsNoTracking().Where(d => pointIds.Contains(d.ServicePointId) && d.Day >= from)
            .GroupBy(d => d.ServicePointId).Select(SumsOfPoint)
            .ToDictionaryAsync(s => s.ServicePointId, s => s.Sums);

    /// <summary>One point's daily rows, grouped by the point, summed: the projection of every grouped read of the daily aggregate.</summary>
    public static readonly Expression<Func<IGrouping<int, SatisfactionDaily>, PointSums>> SumsOfPoint = g => new PointSums(
        g.Key,
        new SatisfactionSumsRow(
            g.Sum(d => (long)d.Answers), g.Sum(d => (long)d.OverallSum),
            g.Sum(d => (long)d.PremisesAnswers), g.Sum(d => (long)d.PremisesSum),
            g.Sum(d => (long)d.PersonnelAnswers), g.Sum(d => (long)d.PersonnelSum),
            g.Sum(d => (long)d.ServiceProcessAnswers), g.Sum(d => (long)d.ServiceProcessSum),
            g.Sum(d => (long)d.OtherAnswers), g.Sum(d => (long)d.OtherSum)));

    private static string Text(SatisfactionFigure figure) =>
        figure.Average is { } a ? a.ToString("0.00", CultureInfo.InvariantCulture) : "ข้อมูลไม่เพียงพอ";

    private static string Count(SatisfactionFigure figure) => figure.Answers.ToString("N0", CultureInfo.InvariantCulture);
}
