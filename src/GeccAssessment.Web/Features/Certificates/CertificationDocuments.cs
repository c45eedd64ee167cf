using System.Globalization;
using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Catalogue;
using GeccAssessment.Web.Infrastructure;
using GeccAssessment.Web.Pdf;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SkiaSharp;

namespace GeccAssessment.Web.Features.Certificates;

/// <summary>
/// The documents the steering committee prints, each written as a list of blocks (a template):
/// the certificate, a batch of a meeting's certificates, the assessment report, the cycle report.
/// </summary>
public class CertificationDocuments(
    ApplicationDbContext db, CatalogueProvider catalogues, PdfRenderer renderer, IConfiguration configuration, IStringLocalizer<SharedResource> localizer,
    TimeProvider clock, CertificatePdfCache drawn)
{
    private static readonly CultureInfo Thai = CultureInfo.GetCultureInfo("th-TH");
    private static readonly SKColor Navy = new(0x1F, 0x3A, 0x68);
    private static readonly SKColor Gold = new(0xB8, 0x8A, 0x1E);
    private static readonly SKColor Red = new(0xB0, 0x2A, 0x37);
    private static readonly SKColor Grey = new(0x55, 0x5B, 0x66);

    private DateOnly Today => BuddhistEraDate.ThailandToday(clock.GetUtcNow().UtcDateTime);

    public async Task<byte[]?> CertificateAsync(int id, string verifyBaseUrl)
    {
        // One compiled read of the sheet and the emblem's upload time: a kept PDF costs little else
        // (docs/adr/0017; one statement instead of two, docs/adr/0021).
        if (await SheetByIdQuery(db, id) is not { Sheet: var sheet, EmblemUploadedAtUtc: var emblemUploaded })
        {
            return null;
        }

        var today = Today;
        var key = new DrawnCertificate(sheet, verifyBaseUrl, today, emblemUploaded);
        return await drawn.GetOrDrawAsync(key, async () =>
        {
            using var emblem = await EmblemAsync();
            return renderer.Render(CertificatePages([sheet], verifyBaseUrl, $"ใบรับรอง {sheet.Number}", today, emblem));
        });
    }

    /// <summary>One certificate as <see cref="Sheets"/> reads it (the same columns; keep the two alike).</summary>
    /// <summary>A certificate's sheet and the emblem's upload time (the one emblem row, CK_OfficeEmblems_TheOne), both keys of the kept PDF.</summary>
    private sealed record SheetWithEmblem(CertificateSheet Sheet, DateTime? EmblemUploadedAtUtc);

    private static readonly Func<ApplicationDbContext, int, Task<SheetWithEmblem?>> SheetByIdQuery = EF.CompileAsyncQuery(
        (ApplicationDbContext db, int id) => db.Certificates.AsNoTracking().Where(c => c.Id == id).Select(c => new SheetWithEmblem(
            new CertificateSheet(
                c.Id, c.MeetingId, c.Number, c.ServicePointName, c.AgencyName, db.Provinces.Where(p => p.Code == c.ProvinceCode).Select(p => p.NameTh).First(),
                c.LevelNameTh, c.IssuedOn, c.ValidUntil, c.RevokedAtUtc != null, c.SignatoryName, c.SignatoryPosition),
            db.OfficeEmblems.Select(e => (DateTime?)e.UploadedAtUtc).FirstOrDefault())).SingleOrDefault());

    private static readonly Func<ApplicationDbContext, Task<DateTime?>> EmblemUploadedQuery = EF.CompileAsyncQuery(
        (ApplicationDbContext db) => db.OfficeEmblems.AsNoTracking().Select(e => (DateTime?)e.UploadedAtUtc).SingleOrDefault());

    /// <summary>An agency's own certificate for one of its applications: none when revoked or not the agency's.</summary>
    public Task<byte[]?> AgencyCertificateAsync(int applicationId, int agencyId, string verifyBaseUrl) =>
        SingleCertificateAsync(
            db.Certificates.Where(c => c.ApplicationId == applicationId && c.RevokedAtUtc == null
                && db.Applications.Any(a => a.Id == applicationId && a.AgencyId == agencyId)),
            verifyBaseUrl);

    private async Task<byte[]?> SingleCertificateAsync(IQueryable<Certificate> certificate, string verifyBaseUrl)
    {
        var certificates = await Sheets(certificate).ToListAsync();
        if (certificates.Count == 0)
        {
            return null;
        }

        var today = Today;
        async Task<byte[]> DrawAsync()
        {
            using var emblem = await EmblemAsync();
            return renderer.Render(CertificatePages(certificates, verifyBaseUrl, $"ใบรับรอง {certificates[0].Number}", today, emblem));
        }

        if (certificates.Count > 1)
        {
            return await DrawAsync();
        }

        var emblemUploaded = await EmblemUploadedQuery(db);
        return await drawn.GetOrDrawAsync(new DrawnCertificate(certificates[0], verifyBaseUrl, today, emblemUploaded), DrawAsync);
    }

    /// <summary>What a single certificate's PDF is drawn from: its key in <see cref="CertificatePdfCache"/>.</summary>
    private sealed record DrawnCertificate(CertificateSheet Sheet, string VerifyBaseUrl, DateOnly Today, DateTime? EmblemUploadedAtUtc);

    /// <summary>The office's uploaded emblem, decoded once per document (every page draws the same image, so the PDF holds it once); null for the generic seal.</summary>
    private async Task<SKImage?> EmblemAsync(CancellationToken cancellationToken = default)
    {
        var data = await db.OfficeEmblems.AsNoTracking().Select(e => e.Data).SingleOrDefaultAsync(cancellationToken);
        return data is null ? null : SKImage.FromEncodedData(data);
    }

    /// <summary>Above this many certificates a meeting's batch is made in the background, with a progress bar.</summary>
    public int BackgroundBatchThreshold => configuration.GetValue("Gecc:Pdf:BackgroundBatchThreshold", 20);

    public Task<int> MeetingCertificateCountAsync(int meetingId) => db.Certificates.CountAsync(c => c.MeetingId == meetingId);

    /// <summary>Every certificate issued at one meeting, one per page, in one PDF.</summary>
    public async Task<byte[]?> MeetingBatchAsync(int meetingId, string verifyBaseUrl, Action<int, int>? pageDone = null, CancellationToken cancellationToken = default)
    {
        var certificates = await Sheets(db.Certificates.Where(c => c.MeetingId == meetingId).OrderBy(c => c.Number)).ToListAsync(cancellationToken);
        if (certificates.Count == 0)
        {
            return null;
        }

        using var emblem = await EmblemAsync(cancellationToken);
        return renderer.Render(CertificatePages(certificates, verifyBaseUrl, "ใบรับรองตามมติที่ประชุม", Today, emblem), pageDone);
    }

    /// <summary>
    /// The assessment report as recorded at sign-off: the subcommittee's marks (locked since), the
    /// percentages and recommendation kept on the assessment (not recomputed), and the preliminary
    /// round beside the on-site one wherever they differ. Always in Thai, whatever the reader's language.
    /// </summary>
    public async Task<byte[]?> AssessmentReportAsync(int assessmentId)
    {
        using var thai = ThaiDocument.Begin();
        var header = await db.Assessments.AsNoTracking().Where(a => a.Id == assessmentId && a.SignedOffAtUtc != null).Select(a => new
        {
            a.Id,
            a.CycleId,
            a.Application!.Cycle!.Title,
            Agency = a.Application.ServicePoint!.Agency!.NameTh,
            Point = a.Application.ServicePoint.Name,
            a.Application.ServicePoint.Address,
            Province = a.Application.ServicePoint.Province!.NameTh,
            Subcommittee = a.Subcommittee!.Name,
            a.PreliminaryAtUtc,
            a.PreliminaryOutcome,
            a.OnSiteAtUtc,
            a.OnSiteAddress,
            a.SignedOffAtUtc,
            SignedOffBy = db.Users.Where(u => u.Id == a.SignedOffByUserId).Select(u => u.DisplayName).FirstOrDefault(),
            a.RecommendedOutcome,
            a.RecommendedLevelRank,
            a.OverallPercent,
            a.PreliminaryPercent,
            a.EarnedPoints,
            a.PossiblePoints,
            a.PremisesPercent,
            a.PersonnelPercent,
            a.ServiceProcessPercent,
            a.OtherPercent,
            Decision = db.CertificationDecisions.Where(d => d.AssessmentId == a.Id).Select(d => new { d.Certified, d.LevelRank, d.Reason, d.Meeting!.Number, d.Meeting.HeldOn }).FirstOrDefault(),
        }).SingleOrDefaultAsync();
        if (header is null)
        {
            return null;
        }

        var catalogue = await catalogues.GetAsync(header.CycleId);
        var scores = await db.ReconciledScores.AsNoTracking().Where(s => s.AssessmentId == assessmentId)
            .Select(s => new { s.CriterionId, s.Mark, s.Note }).ToDictionaryAsync(s => s.CriterionId);
        var preliminary = Assessment.RoundFor(header.PreliminaryOutcome) == AssessmentRound.OnSite
            ? await PreliminaryMarksAsync(assessmentId)
            : [];
        var words = localizer.MarkWords();

        var criteriaRows = catalogue.Dimensions.SelectMany(d => d.Criteria.Select(c =>
        {
            var mark = scores.GetValueOrDefault(c.Id)?.Mark ?? Mark.None;
            var before = preliminary.GetValueOrDefault(c.Id);
            return new[]
            {
                c.Code, DimensionName(d.Kind), c.TitleTh + (c.IsMandatory ? " (เกณฑ์บังคับ)" : ""), c.MaxPoints.ToString(CultureInfo.InvariantCulture),
                mark.Format(words) + (before is not null && before.IsGiven && before != mark ? $" (รอบเบื้องต้น {before.Format(words)})" : ""),
                scores.GetValueOrDefault(c.Id)?.Note ?? "",
            };
        })).ToList();
        decimal? Recorded(DimensionKind kind) => kind switch
        {
            DimensionKind.Premises => header.PremisesPercent,
            DimensionKind.Personnel => header.PersonnelPercent,
            DimensionKind.ServiceProcess => header.ServiceProcessPercent,
            _ => header.OtherPercent,
        };
        var dimensionRows = catalogue.Dimensions.Select(d => new[]
        {
            DimensionName(d.Kind), Percent(Recorded(d.Kind)), Number(d.MinimumPercent) + "%",
            Recorded(d.Kind) is { } p && p < d.MinimumPercent ? "ไม่ผ่าน" : "ผ่าน",
        }).ToList();
        var failed = catalogue.Codes(scores.Values.Where(s => s.Mark.Passed == false).Select(s => s.CriterionId).OrderBy(id => id));
        var outcome = header.RecommendedOutcome switch
        {
            RecommendedOutcome.Certify => $"เสนอให้ได้รับการรับรอง: {catalogue.Level(header.RecommendedLevelRank)?.NameTh}",
            RecommendedOutcome.DoNotCertify => "ไม่เสนอให้ได้รับการรับรอง",
            _ => "ยังประเมินไม่ครบ",
        };

        var blocks = new List<Block>
        {
            new Paragraph("รายงานผลการตรวจประเมินมาตรฐานศูนย์ราชการสะดวก", 18, Bold: true, TextAlign.Center),
            new Paragraph(header.Title, 13, Align: TextAlign.Center, SpaceAfter: 10),
            new Paragraph($"จุดบริการ: {header.Point}", 13, Bold: true),
            new Paragraph($"หน่วยงาน: {header.Agency}  จังหวัด{header.Province}"),
            new Paragraph($"ที่อยู่: {header.Address}"),
            new Paragraph($"คณะอนุกรรมการ: {header.Subcommittee}"),
            new Paragraph($"การประเมินเบื้องต้น (ประชุมทางไกล): {(header.PreliminaryAtUtc is { } p ? BuddhistEraDate.LongDateTime(p, Thai) : "–")}"),
            new Paragraph($"การตรวจประเมินในพื้นที่: {(header.OnSiteAtUtc is { } o ? BuddhistEraDate.LongDateTime(o, Thai) : "–")} {header.OnSiteAddress}"),
            new Paragraph($"ลงนามรับรองผลเมื่อ: {BuddhistEraDate.LongDateTime(header.SignedOffAtUtc!.Value, Thai)}", SpaceAfter: 8),
            Heading.Of("คะแนนรายเกณฑ์ (คะแนนของคณะอนุกรรมการ; รอบเบื้องต้นแสดงเฉพาะเกณฑ์ที่ต่างจากผลสุดท้าย)"),
            new Table([1.1f, 1.6f, 5, 0.9f, 1.1f, 3], ["รหัส", "มิติ", "เกณฑ์", "เต็ม", "คะแนน", "หมายเหตุ"], criteriaRows, 9)
            {
                Align = [TextAlign.Left, TextAlign.Left, TextAlign.Left, TextAlign.Right, TextAlign.Right, TextAlign.Left],
            },
            Heading.Of("ผลรายมิติ"),
            new Table([3, 1.5f, 1.5f, 1.5f], ["มิติ", "ร้อยละ", "ขั้นต่ำ", "ผล"], dimensionRows, 10),
            new Paragraph($"เกณฑ์บังคับ: {(failed.Length == 0 ? "ผ่านทุกข้อ" : "ไม่ผ่าน " + failed)}"),
            new Paragraph($"คะแนนรวม: {Number(header.EarnedPoints)} / {Number(header.PossiblePoints)} (ร้อยละ {Percent(header.OverallPercent)})", 13, Bold: true),
        };
        if (header.PreliminaryPercent is { } prelim && Percent(prelim) != Percent(header.OverallPercent))
        {
            blocks.Add(new Paragraph($"ร้อยละรวมรอบเบื้องต้น: {Percent(prelim)} (รอบในพื้นที่: {Percent(header.OverallPercent)})"));
        }

        blocks.Add(new Paragraph($"ข้อเสนอของคณะอนุกรรมการ: {outcome}", 13, Bold: true));
        if (header.Decision is { } decision)
        {
            blocks.Add(new Paragraph(
                $"มติคณะกรรมการอำนวยการ (ครั้งที่ {decision.Number} วันที่ {BuddhistEraDate.Long(decision.HeldOn, Thai)}): "
                + (decision.Certified ? $"รับรอง {catalogue.Level(decision.LevelRank)?.NameTh}" : $"ไม่รับรอง ({decision.Reason})"), 13, Bold: true));
        }

        blocks.AddRange(SignOff(header.SignedOffBy, $"ประธานอนุกรรมการ {header.Subcommittee}", $"ลงนามรับรองผลเมื่อ {BuddhistEraDate.LongDateTime(header.SignedOffAtUtc!.Value, Thai)}"));
        blocks.AddRange(KeptWithTables(await Satisfaction.SatisfactionDocuments.ForAssessmentAsync(db, assessmentId, DimensionName)));
        return renderer.Render(new PdfDocumentModel
        {
            Title = $"รายงานผลการตรวจประเมิน {header.Point}",
            Blocks = blocks,
            Footer = "หน้า {page} / {pages}",
            Header = new RunningHeader($"รายงานผลการตรวจประเมิน {header.Point}", Printed),
        });
    }

    /// <summary>The preliminary round's mark per criterion: the members' marks combined (members with a conflict left out).</summary>
    private async Task<Dictionary<int, Mark>> PreliminaryMarksAsync(int assessmentId) =>
        (await db.MemberScores.AsNoTracking()
            .Where(s => s.AssessmentId == assessmentId && s.Round == AssessmentRound.Preliminary)
            .Where(s => !db.ConflictDeclarations.Any(c => c.AssessmentId == assessmentId && c.UserId == s.AssessorUserId && c.HasConflict))
            .Select(s => new { s.CriterionId, s.Mark }).ToListAsync())
        .GroupBy(s => s.CriterionId)
        .ToDictionary(g => g.Key, g => Mark.Combine(g.Select(s => s.Mark)));

    /// <summary>
    /// The cycle's certification report: what each count means is written beside it, the levels in
    /// rank order with the "not certified" and "awaiting a decision" rows, provinces by their Thai
    /// names, every application's result, and the cycle's signatory on the sign-off line.
    /// </summary>
    public async Task<byte[]?> CycleReportAsync(int cycleId)
    {
        using var thai = ThaiDocument.Begin();
        var cycle = await db.Cycles.AsNoTracking().SingleOrDefaultAsync(c => c.Id == cycleId);
        if (cycle is null)
        {
            return null;
        }

        var levels = (await catalogues.GetAsync(cycleId)).Levels.OrderBy(l => l.Rank).ToList();
        var submitted = await db.Applications.CountAsync(a => a.CycleId == cycleId && a.SubmittedAtUtc != null);
        var rows = (await db.Assessments.AsNoTracking().Where(a => a.CycleId == cycleId)
            .Select(a => new
            {
                Province = a.Application!.ServicePoint!.Province!.NameTh,
                Point = a.Application.ServicePoint.Name,
                Agency = a.Application.ServicePoint.Agency!.NameTh,
                Subcommittee = a.Subcommittee!.Name,
                SignedOff = a.SignedOffAtUtc != null,
                a.OverallPercent,
                a.PreliminaryPercent,
                a.RecommendedOutcome,
                Decision = db.CertificationDecisions.Where(d => d.AssessmentId == a.Id).Select(d => new { d.Certified, d.LevelRank }).FirstOrDefault(),
                Number = db.Certificates.Where(c => c.ApplicationId == a.ApplicationId).Select(c => c.Number).FirstOrDefault(),
            }).ToListAsync())
            .Select(r => new CycleReportRow(r.Province, r.Point, r.Agency, r.Subcommittee, r.SignedOff, r.OverallPercent, r.PreliminaryPercent, r.RecommendedOutcome,
                r.Decision?.Certified, r.Decision?.LevelRank, r.Number))
            // Thai dictionary order of the names (a province's code is no order a reader knows).
            .OrderBy(r => r.Province, ThaiOrder).ThenBy(r => r.Point, ThaiOrder).ToList();

        var certified = rows.Count(r => r.Certified == true);
        var declined = rows.Count(r => r.Certified == false);
        var signedOff = rows.Count(r => r.SignedOff);
        var awaiting = rows.Count(r => r.SignedOff && r.Certified is null);
        string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
        List<string[]> counts =
        [
            ["ใบสมัครที่ยื่นในรอบนี้", Count(submitted)],
            ["ผ่านการตรวจเอกสารและส่งคณะอนุกรรมการตรวจประเมิน", Count(rows.Count)],
            ["ตรวจประเมินเสร็จ คณะอนุกรรมการลงนามรับรองผลแล้ว", Count(signedOff)],
            ["คณะกรรมการมีมติรับรอง", Count(certified)],
            ["คณะกรรมการมีมติไม่รับรอง", Count(declined)],
            ["ลงนามรับรองผลแล้ว รอมติคณะกรรมการ", Count(awaiting)],
        ];
        List<string[]> byLevel =
        [
            .. levels.Select(l => new[] { l.NameTh, Count(rows.Count(r => r.Certified == true && r.LevelRank == l.Rank)) }),
            ["ไม่ผ่านการรับรอง", Count(declined)],
            ["รอมติคณะกรรมการ", Count(awaiting)],
            ["รวมที่ตรวจประเมินเสร็จแล้ว", Count(signedOff)],
        ];
        string[] Counted(string name, IEnumerable<CycleReportRow> group)
        {
            var list = group.ToList();
            return [name, Count(list.Count), Count(list.Count(r => r.SignedOff)), Count(list.Count(r => r.Certified == true)), Count(list.Count(r => r.Certified == false))];
        }

        string[] countHeader = ["ส่งตรวจประเมิน", "ลงนามผลแล้ว", "รับรอง", "ไม่ผ่านการรับรอง"];
        var countAlign = new[] { TextAlign.Left, TextAlign.Right, TextAlign.Right, TextAlign.Right, TextAlign.Right };
        var byProvince = rows.GroupBy(r => r.Province).Select(g => Counted(g.Key, g)).ToList();
        var bySubcommittee = rows.GroupBy(r => r.Subcommittee).OrderBy(g => g.Key, ThaiOrder).Select(g => Counted(g.Key, g)).ToList();
        string Result(bool? isCertified, int? rank) => isCertified switch
        {
            true => levels.FirstOrDefault(l => l.Rank == rank)?.NameTh ?? "รับรอง",
            false => "ไม่ผ่านการรับรอง",
            _ => "รอมติ",
        };
        var table = rows.Select(r => new[]
        {
            r.Province, r.Point, r.Agency, r.Subcommittee, Percent(r.OverallPercent),
            r.PreliminaryPercent is { } p && Percent(p) != Percent(r.OverallPercent) ? Percent(p) : "",
            r.RecommendedOutcome switch { RecommendedOutcome.Certify => "รับรอง", RecommendedOutcome.DoNotCertify => "ไม่รับรอง", _ => "–" },
            Result(r.Certified, r.LevelRank), r.Number ?? "",
        }).ToList();

        List<Block> blocks =
        [
            new Paragraph("รายงานผลการรับรองมาตรฐานศูนย์ราชการสะดวก", 18, Bold: true, TextAlign.Center),
            new Paragraph(cycle.Title, 13, Align: TextAlign.Center, SpaceAfter: 8),
            Heading.Of("สรุปจำนวน", 13),
            new Table([6, 1], ["รายการ", "จำนวน (แห่ง)"], counts) { Align = [TextAlign.Left, TextAlign.Right] },
            Heading.Of("ผลการรับรองตามระดับ", 13),
            new Table([6, 1], ["ระดับ", "จำนวน (แห่ง)"], byLevel) { Align = [TextAlign.Left, TextAlign.Right] },
            Heading.Of("จำนวนตามจังหวัด", 13),
            new Table([4, 1.4f, 1.4f, 1.4f, 1.4f], ["จังหวัด", .. countHeader], byProvince) { Align = countAlign },
            Heading.Of("จำนวนตามคณะอนุกรรมการ", 13),
            new Table([4, 1.4f, 1.4f, 1.4f, 1.4f], ["คณะอนุกรรมการ", .. countHeader], bySubcommittee) { Align = countAlign },
            new PageBreak(),
            Heading.Of("ผลรายใบสมัคร"),
            new Paragraph("เรียงตามชื่อจังหวัดและชื่อจุดบริการ ร้อยละรอบเบื้องต้นแสดงเฉพาะที่ต่างจากผลการตรวจในพื้นที่", 10) { KeepWithNext = true },
            new Table([1.6f, 2.8f, 2.8f, 2.1f, 1, 1.1f, 1.3f, 1.5f, 1.9f], ["จังหวัด", "จุดบริการ", "หน่วยงาน", "คณะอนุกรรมการ", "ร้อยละ", "เบื้องต้น", "ข้อเสนอ", "มติ", "เลขที่ใบรับรอง"], table, 9),
            .. KeptWithTables(await Satisfaction.SatisfactionDocuments.ForCycleAsync(db, cycleId, DimensionName)),
            // A report made today, not a document issued once: the cycle's signatory as it is now (each
            // certificate prints the signatory copied onto it at issue, docs/adr/0011).
            .. SignOff(cycle.SignatoryName, cycle.SignatoryPosition ?? "ประธานกรรมการอำนวยการศูนย์ราชการสะดวก", null),
        ];
        return renderer.Render(new PdfDocumentModel
        {
            Title = $"รายงานผลการรับรอง {cycle.Title}",
            PageSize = PdfDocumentModel.A4Landscape,
            Margin = 40,
            Footer = "หน้า {page} / {pages}",
            Header = new RunningHeader($"รายงานผลการรับรอง {cycle.Title}", Printed),
            Blocks = blocks,
        });
    }

    private static readonly StringComparer ThaiOrder = StringComparer.Create(Thai, ignoreCase: false);

    private string Printed => $"พิมพ์เมื่อ {BuddhistEraDate.Long(Today, Thai)}";

    /// <summary>The sign-off line with the signatory's printed name and position under it, kept together on one page.</summary>
    private static IEnumerable<Block> SignOff(string? name, string position, string? note)
    {
        yield return new Spacer(28);
        yield return new Paragraph("ลงชื่อ ..................................................", 13, Align: TextAlign.Center, SpaceAfter: 2) { KeepWithNext = true };
        yield return new Paragraph(name is { Length: > 0 } ? $"({name})" : "(..................................................)", 13, Align: TextAlign.Center, SpaceAfter: 0) { KeepWithNext = true };
        yield return new Paragraph(position, 13, Align: TextAlign.Center, SpaceAfter: 0) { KeepWithNext = note is not null };
        if (note is not null)
        {
            yield return new Paragraph(note, 11, Align: TextAlign.Center);
        }
    }

    /// <summary>Paragraphs directly before a table are its heading and caption: they stay with it.</summary>
    private static IEnumerable<Block> KeptWithTables(IReadOnlyList<Block> blocks) =>
        blocks.Select((block, i) => block is Paragraph p && blocks.Skip(i + 1).SkipWhile(b => b is Paragraph).FirstOrDefault() is Table
            ? p with { KeepWithNext = true }
            : block);

    /// <summary>Filter and order before this projection: EF cannot filter on the record it builds. <see cref="SheetByIdQuery"/> reads the same.</summary>
    private IQueryable<CertificateSheet> Sheets(IQueryable<Certificate> certificates) =>
        certificates.AsNoTracking().Select(c => new CertificateSheet(
            c.Id, c.MeetingId, c.Number, c.ServicePointName, c.AgencyName, db.Provinces.Where(p => p.Code == c.ProvinceCode).Select(p => p.NameTh).First(),
            c.LevelNameTh, c.IssuedOn, c.ValidUntil, c.RevokedAtUtc != null, c.SignatoryName, c.SignatoryPosition));

    /// <summary>"Agency, province", without repeating a province the agency's name already carries (จังหวัดสงขลา).</summary>
    private static string AgencyLine(string agency, string province) =>
        agency.Contains(province, StringComparison.Ordinal) ? agency : $"{agency} จังหวัด{province}";

    /// <summary>
    /// One landscape page per certificate, spread over the whole page: the emblem and the committee at
    /// the top, whom it certifies and at which level in the middle, and along the bottom the number
    /// with its QR code, the signatory's block, and the dates. A revoked or expired certificate
    /// downloaded again says so across its top, so a printed copy cannot pass for a valid one.
    /// </summary>
    internal static PdfDocumentModel CertificatePages(List<CertificateSheet> certificates, string verifyBaseUrl, string title, DateOnly today, SKImage? emblem)
    {
        var blocks = new List<Block>();
        foreach (var c in certificates)
        {
            if (blocks.Count > 0)
            {
                blocks.Add(new PageBreak());
            }

            var mark = c.Revoked ? "ใบรับรองนี้ถูกเพิกถอนแล้ว ไม่ใช้เป็นหลักฐานการรับรอง"
                : c.ValidUntil < today ? $"ใบรับรองนี้หมดอายุแล้วเมื่อ {BuddhistEraDate.Long(c.ValidUntil, Thai)}"
                : null;
            if (mark is not null)
            {
                blocks.Add(new Paragraph(mark, 14, Bold: true, TextAlign.Center, SpaceAfter: 0) { Color = Red });
            }

            var verifyUrl = verifyBaseUrl.TrimEnd('/') + "/verify/" + c.Number;
            blocks.AddRange(
            [
                new Drawing(92, (canvas, box) => DrawEmblem(canvas, box, emblem)),
                new Spacer(8),
                new Paragraph("คณะกรรมการอำนวยการศูนย์ราชการสะดวก", 17, Bold: true, TextAlign.Center, SpaceAfter: 0) { Color = Navy },
                new Paragraph("ใบรับรองมาตรฐานศูนย์ราชการสะดวก", 30, Bold: true, TextAlign.Center, SpaceAfter: 0) { Color = Gold },
                new Paragraph("Government Easy Contact Center (GECC)", 11, Align: TextAlign.Center, SpaceAfter: 0) { Color = Grey },
                new Fill(),
                new Paragraph("ขอมอบใบรับรองฉบับนี้เพื่อแสดงว่า", 14, Align: TextAlign.Center, SpaceAfter: 4),
                new Paragraph(c.ServicePointName, 28, Bold: true, TextAlign.Center, SpaceAfter: 0) { Color = Navy },
                new Paragraph(AgencyLine(c.AgencyName, c.ProvinceName), 16, Align: TextAlign.Center, SpaceAfter: 8),
                new Paragraph("ผ่านการรับรองมาตรฐานศูนย์ราชการสะดวก", 15, Align: TextAlign.Center, SpaceAfter: 0),
                new Paragraph(c.LevelNameTh, 22, Bold: true, TextAlign.Center, SpaceAfter: 0) { Color = Gold },
                new Fill(),
                new Columns(
                [
                    [
                        new QrCode(verifyUrl, 68),
                        new Spacer(4),
                        new Paragraph($"เลขที่ใบรับรอง {c.Number}", 11, Bold: true, TextAlign.Center, SpaceAfter: 0),
                        new Paragraph("สแกนเพื่อตรวจสอบความถูกต้อง", 9, Align: TextAlign.Center, SpaceAfter: 0) { Color = Grey },
                    ],
                    [
                        new Drawing(30, DrawSignatureLine),
                        new Paragraph(c.SignatoryName is { Length: > 0 } name ? $"({name})" : "(..................................................)", 13, Align: TextAlign.Center, SpaceAfter: 0),
                        new Paragraph(c.SignatoryPosition is { Length: > 0 } position ? position : "ประธานกรรมการอำนวยการศูนย์ราชการสะดวก", 12, Align: TextAlign.Center, SpaceAfter: 0),
                    ],
                    [
                        new Paragraph($"ให้ไว้ ณ วันที่ {BuddhistEraDate.Long(c.IssuedOn, Thai)}", 12, Align: TextAlign.Center, SpaceAfter: 2),
                        new Paragraph($"ใช้ได้ถึงวันที่ {BuddhistEraDate.Long(c.ValidUntil, Thai)}", 12, Align: TextAlign.Center, SpaceAfter: 0),
                    ],
                ]) { AlignBottom = true },
            ]);
        }

        return new PdfDocumentModel
        {
            Title = title,
            PageSize = PdfDocumentModel.A4Landscape,
            Margin = 46,
            Footer = null,
            PageBackground = DrawFrame,
            Blocks = blocks,
        };
    }

    /// <summary>Where the signatory signs by hand.</summary>
    private static void DrawSignatureLine(SKCanvas canvas, SKRect box)
    {
        using var line = new SKPaint { Color = SKColors.DimGray, StrokeWidth = 0.6f, Style = SKPaintStyle.Stroke, IsAntialias = true };
        var half = Math.Min(100, box.Width * 0.4f);
        canvas.DrawLine(box.MidX - half, box.Bottom - 4, box.MidX + half, box.Bottom - 4, line);
    }

    /// <summary>A double frame in the emblem's colours, with a gold diamond in each corner.</summary>
    private static void DrawFrame(SKCanvas canvas, SKRect page)
    {
        using var outer = new SKPaint { Color = Navy, Style = SKPaintStyle.Stroke, StrokeWidth = 4, IsAntialias = true };
        using var inner = new SKPaint { Color = Gold, Style = SKPaintStyle.Stroke, StrokeWidth = 1.2f, IsAntialias = true };
        using var gold = new SKPaint { Color = Gold, Style = SKPaintStyle.Fill, IsAntialias = true };
        canvas.DrawRect(SKRect.Inflate(page, -18, -18), outer);
        var frame = SKRect.Inflate(page, -25, -25);
        canvas.DrawRect(frame, inner);
        foreach (var corner in new[] { new SKPoint(frame.Left, frame.Top), new SKPoint(frame.Right, frame.Top), new SKPoint(frame.Left, frame.Bottom), new SKPoint(frame.Right, frame.Bottom) })
        {
            using var diamond = new SKPathBuilder();
            diamond.MoveTo(corner.X, corner.Y - 7);
            diamond.LineTo(corner.X + 7, corner.Y);
            diamond.LineTo(corner.X, corner.Y + 7);
            diamond.LineTo(corner.X - 7, corner.Y);
            diamond.Close();
            using var path = diamond.Detach();
            canvas.DrawPath(path, gold);
        }
    }

    /// <summary>The office's emblem scaled into the box's height, centred; without one, the generic seal.</summary>
    private static void DrawEmblem(SKCanvas canvas, SKRect box, SKImage? emblem)
    {
        if (emblem is null)
        {
            DrawSeal(canvas, box);
            return;
        }

        var scale = Math.Min(box.Height / emblem.Height, box.Width / emblem.Width);
        var size = new SKSize(emblem.Width * scale, emblem.Height * scale);
        var target = SKRect.Create(box.MidX - (size.Width / 2), box.MidY - (size.Height / 2), size.Width, size.Height);
        canvas.DrawImage(emblem, target, new SKSamplingOptions(SKCubicResampler.Mitchell));
    }

    /// <summary>The generic seal: a gold sunburst around a navy seal with a check mark.</summary>
    private static void DrawSeal(SKCanvas canvas, SKRect box)
    {
        var centre = new SKPoint(box.MidX, box.MidY);
        var radius = box.Height / 2;
        using var gold = new SKPaint { Color = Gold, Style = SKPaintStyle.Fill, IsAntialias = true };
        using var navy = new SKPaint { Color = Navy, Style = SKPaintStyle.Fill, IsAntialias = true };
        using var white = new SKPaint { Color = SKColors.White, Style = SKPaintStyle.Stroke, StrokeWidth = radius * 0.12f, StrokeCap = SKStrokeCap.Round, IsAntialias = true };
        using var rays = new SKPathBuilder();
        const int points = 24;
        for (var i = 0; i < points * 2; i++)
        {
            var r = i % 2 == 0 ? radius : radius * 0.82f;
            var angle = Math.PI * i / points;
            var p = new SKPoint(centre.X + (float)(r * Math.Sin(angle)), centre.Y - (float)(r * Math.Cos(angle)));
            if (i == 0)
            {
                rays.MoveTo(p);
            }
            else
            {
                rays.LineTo(p);
            }
        }

        rays.Close();
        using var sunburst = rays.Detach();
        canvas.DrawPath(sunburst, gold);
        canvas.DrawCircle(centre, radius * 0.72f, navy);
        using var check = new SKPathBuilder();
        check.MoveTo(centre.X - (radius * 0.32f), centre.Y + (radius * 0.02f));
        check.LineTo(centre.X - (radius * 0.08f), centre.Y + (radius * 0.26f));
        check.LineTo(centre.X + (radius * 0.36f), centre.Y - (radius * 0.24f));
        using var checkPath = check.Detach();
        canvas.DrawPath(checkPath, white);
    }

    /// <summary>The same names as on every page (the resources), in Thai inside a <see cref="ThaiDocument"/>.</summary>
    private string DimensionName(DimensionKind kind) => localizer["Dimension." + kind].Value;

    private static string Number(decimal? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "–";

    private static string Percent(decimal? value) => value is { } v ? ScoringPolicy.RoundForDisplay(v).ToString("0.00", CultureInfo.InvariantCulture) : "–";

    private sealed record CycleReportRow(
        string Province, string Point, string Agency, string Subcommittee, bool SignedOff, decimal? OverallPercent, decimal? PreliminaryPercent,
        RecommendedOutcome? RecommendedOutcome, bool? Certified, int? LevelRank, string? Number);

    /// <summary>What one certificate page prints; the signatory is the certificate's own copy, made at issue.</summary>
    internal sealed record CertificateSheet(
        int Id, int MeetingId, string Number, string ServicePointName, string AgencyName, string ProvinceName, string LevelNameTh,
        DateOnly IssuedOn, DateOnly ValidUntil, bool Revoked, string? SignatoryName, string? SignatoryPosition);
}
