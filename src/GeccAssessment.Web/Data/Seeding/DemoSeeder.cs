using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GeccAssessment.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Data.Seeding;

/// <summary>
/// Demo data for Development only, safe to run on every start: the agencies of DemoAgencies with
/// their service points, one user per role, the cycle พ.ศ. 2563 (assessing, with applications in every
/// state) and a cycle for the current year that is open for applications today.
/// </summary>
public static class DemoSeeder
{
    /// <summary>Shared by every demo account; printed at start and listed in the README. Never used outside Development.</summary>
    public const string DemoPassword = "gecc-demo-2563";

    public const int HistoricalYear = 2563;

    public sealed record DemoUser(string Email, string DisplayName, string Role, string? AgencyName);

    public static readonly IReadOnlyList<DemoUser> Users =
    [
        new("admin@gecc.test", "ผู้ดูแลระบบ (สาธิต)", Roles.Admin, null),
        new("secretariat@gecc.test", "ฝ่ายเลขานุการ (สาธิต)", Roles.Secretariat, null),
        new("assessor1@gecc.test", "นายสมชาย ตรวจประเมิน", Roles.Assessor, null),
        new("assessor2@gecc.test", "นางสาวสมหญิง ใจดี", Roles.Assessor, null),
        new("chair@gecc.test", "นายประธาน อนุกรรมการ", Roles.SubcommitteeChair, null),
        new("committee@gecc.test", "คณะกรรมการอำนวยการ (สาธิต)", Roles.SteeringCommittee, null),
        new("applicant@gecc.test", "เจ้าหน้าที่สรรพสามิตสงขลา", Roles.Applicant, "สำนักงานสรรพสามิตจังหวัดสงขลา"),
        new("applicant2@gecc.test", "เจ้าหน้าที่ กฟภ. สงขลา", Roles.Applicant, "การไฟฟ้าส่วนภูมิภาคจังหวัดสงขลา"),
    ];

    public static async Task<IReadOnlyList<DemoUser>> SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<ApplicationDbContext>();
        var clock = services.GetRequiredService<TimeProvider>();
        await SeedAgenciesAsync(db, cancellationToken);
        await SeedUsersAsync(db, services.GetRequiredService<UserManager<ApplicationUser>>(), cancellationToken);

        var today = BuddhistEraDate.ThailandToday(clock.GetUtcNow().UtcDateTime);
        if (!await db.Cycles.AnyAsync(c => c.BuddhistYear == HistoricalYear, cancellationToken))
        {
            var historical = await CreateCycleAsync(db, HistoricalYear, new DateOnly(2020, 2, 1), new DateOnly(2020, 3, 31), new DateOnly(2020, 6, 1), new DateOnly(2020, 8, 31), CycleStatus.Assessing, cancellationToken);
            historical.AwardOn = new DateOnly(2020, 9, 30);
            await SeedApplicationsAsync(db, historical, cancellationToken);
        }

        var seededCycle = await db.Cycles.Include(c => c.Dimensions).ThenInclude(d => d.Criteria).Include(c => c.Levels)
            .SingleAsync(c => c.BuddhistYear == HistoricalYear, cancellationToken);
        if (!await db.Subcommittees.AnyAsync(s => s.CycleId == seededCycle.Id, cancellationToken))
        {
            await DemoAssessments.SeedAsync(db, seededCycle, cancellationToken);
        }

        // A cycle open today, so that a demo applicant can apply straight away.
        var currentYear = BuddhistEraDate.ToBuddhistYear(today.Year);
        if (!await db.Cycles.AnyAsync(c => c.BuddhistYear == currentYear, cancellationToken))
        {
            await CreateCycleAsync(db, currentYear, today.AddDays(-30), today.AddDays(60), today.AddDays(90), today.AddDays(180), CycleStatus.Open, cancellationToken);
        }

        await DemoSatisfaction.SeedAsync(db, today, cancellationToken);

        return Users;
    }

    private static async Task SeedAgenciesAsync(ApplicationDbContext db, CancellationToken cancellationToken)
    {
        var existing = await db.Agencies.ToDictionaryAsync(a => a.NameTh, cancellationToken);
        var withPoints = await db.ServicePoints.Select(p => p.AgencyId).Distinct().ToHashSetAsync(cancellationToken);
        // Ministries and departments already come from the reference list: the demo fills in their
        // contacts and service points once.
        foreach (var seed in DemoAgencies.Agencies.Where(a => !existing.TryGetValue(a.NameTh, out var known) || (known.IsReference && !withPoints.Contains(known.Id))))
        {
            var agency = existing.GetValueOrDefault(seed.NameTh) ?? new Agency { NameTh = seed.NameTh, CreatedAtUtc = DateTime.UtcNow };
            agency.NameEn ??= seed.NameEn;
            agency.Kind = seed.Kind;
            agency.ParentAgencyId ??= seed.ParentNameTh is { } parent && existing.TryGetValue(parent, out var p) ? p.Id : null;
            agency.ProvinceCode = seed.ProvinceCode;
            agency.ContactName = seed.ContactName;
            agency.ContactPhone = seed.ContactPhone;
            agency.ContactEmail = seed.ContactEmail;
            if (agency.Id == 0)
            {
                db.Agencies.Add(agency);
            }

            // Parents come before their children in DemoAgencies, so each save makes the next parent known.
            await db.SaveChangesAsync(cancellationToken);
            existing[agency.NameTh] = agency;
            db.ServicePoints.AddRange(seed.ServicePoints.Select(point => new ServicePoint
            {
                AgencyId = agency.Id,
                Name = point.Name,
                Address = point.Address,
                ProvinceCode = point.DistrictCode[..2],
                DistrictCode = point.DistrictCode,
                OpeningHours = point.OpeningHours,
                ServicesOffered = point.ServicesOffered,
                ContactName = point.ContactName,
                ContactPhone = point.ContactPhone,
                CreatedAtUtc = DateTime.UtcNow,
            }));
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private static async Task SeedUsersAsync(ApplicationDbContext db, UserManager<ApplicationUser> userManager, CancellationToken cancellationToken)
    {
        var agencyIds = await db.Agencies.ToDictionaryAsync(a => a.NameTh, a => a.Id, cancellationToken);
        foreach (var demo in Users)
        {
            if (await userManager.FindByEmailAsync(demo.Email) is null)
            {
                var agencyId = demo.AgencyName is null ? (int?)null : agencyIds[demo.AgencyName];
                await IdentitySeeder.CreateUserAsync(userManager, demo.Email, demo.DisplayName, DemoPassword, [demo.Role], agencyId);
            }
        }
    }

    private static async Task<Cycle> CreateCycleAsync(
        ApplicationDbContext db, int year, DateOnly opens, DateOnly closes, DateOnly assessmentStarts, DateOnly assessmentEnds, CycleStatus status, CancellationToken cancellationToken)
    {
        var cycle = new Cycle
        {
            BuddhistYear = year,
            Title = $"รอบการประเมินศูนย์ราชการสะดวก ประจำปี พ.ศ. {year}",
            ApplicationOpensOn = opens,
            ApplicationClosesOn = closes,
            AssessmentStartsOn = assessmentStarts,
            AssessmentEndsOn = assessmentEnds,
            Status = status,
            CreatedAtUtc = DateTime.UtcNow,
            SignatoryName = "นายวิชัย ศรีสวัสดิ์",
            SignatoryPosition = "ประธานกรรมการอำนวยการศูนย์ราชการสะดวก",
        };
        cycle.Dimensions.AddRange(DemoCatalogue.Dimensions.Select(d => new Dimension { Kind = d.Kind, SortOrder = d.SortOrder, MinimumPercent = d.MinimumPercent }));
        cycle.Levels.AddRange(DemoCatalogue.Levels.Select(l => new CertificationLevel { Rank = l.Rank, NameTh = l.NameTh, NameEn = l.NameEn, MinimumPercent = l.MinimumPercent }));
        db.Cycles.Add(cycle);
        await db.SaveChangesAsync(cancellationToken);

        foreach (var seed in DemoCatalogue.Dimensions)
        {
            var dimension = cycle.Dimensions.Single(d => d.Kind == seed.Kind);
            dimension.Criteria.AddRange(seed.Criteria.Select((c, i) => new Criterion
            {
                CycleId = cycle.Id,
                Code = c.Code,
                TitleTh = c.TitleTh,
                TitleEn = c.TitleEn,
                Guidance = c.Guidance,
                MaxPoints = c.MaxPoints,
                IsMandatory = c.IsMandatory,
                EvidenceRequired = c.EvidenceRequired,
                AllowNotApplicable = c.AllowNotApplicable,
                SortOrder = i + 1,
            }));
        }

        await db.SaveChangesAsync(cancellationToken);
        return cycle;
    }

    /// <summary>Every service point applies to the historical cycle; their states rotate through the workflow.</summary>
    private static async Task SeedApplicationsAsync(ApplicationDbContext db, Cycle cycle, CancellationToken cancellationToken)
    {
        var criteria = cycle.Dimensions.SelectMany(d => d.Criteria).ToList();
        var points = await db.ServicePoints.AsNoTracking().OrderBy(p => p.Id).ToListAsync(cancellationToken);
        ApplicationStatus[] rotation = [ApplicationStatus.Accepted, ApplicationStatus.Submitted, ApplicationStatus.Returned, ApplicationStatus.Draft, ApplicationStatus.Accepted];
        var evidence = MinimalPdf();
        var random = new Random(2563);
        for (var i = 0; i < points.Count; i++)
        {
            var point = points[i];
            var status = rotation[i % rotation.Length];
            var created = new DateTime(2020, 2, 3, 2, 0, 0, DateTimeKind.Utc).AddDays(i % 20);
            var application = new Application
            {
                CycleId = cycle.Id,
                ServicePointId = point.Id,
                AgencyId = point.AgencyId,
                ProvinceCode = point.ProvinceCode,
                Status = status,
                CreatedAtUtc = created,
                UpdatedAtUtc = created.AddDays(10),
            };
            application.StatusChanges.Add(new ApplicationStatusChange { ToStatus = ApplicationStatus.Draft, AtUtc = created });
            if (status != ApplicationStatus.Draft)
            {
                application.SubmittedAtUtc = created.AddDays(7);
                application.StatusChanges.Add(new ApplicationStatusChange { FromStatus = ApplicationStatus.Draft, ToStatus = ApplicationStatus.Submitted, AtUtc = created.AddDays(7) });
            }

            if (status == ApplicationStatus.Returned)
            {
                application.ReturnReason = "กรุณาแนบภาพถ่ายป้ายบอกทางและคู่มือการให้บริการฉบับปัจจุบัน";
                application.StatusChanges.Add(new ApplicationStatusChange { FromStatus = ApplicationStatus.Submitted, ToStatus = ApplicationStatus.Returned, AtUtc = created.AddDays(12), Note = application.ReturnReason });
            }

            if (status == ApplicationStatus.Accepted)
            {
                application.StatusChanges.Add(new ApplicationStatusChange { FromStatus = ApplicationStatus.Submitted, ToStatus = ApplicationStatus.Accepted, AtUtc = created.AddDays(14) });
            }

            // A draft is half done; the others answered everything.
            var answered = status == ApplicationStatus.Draft ? criteria.Take(criteria.Count / 2) : criteria;
            application.Answers.AddRange(answered.Select(c => new SelfAssessmentAnswer
            {
                CriterionId = c.Id,
                SelfScore = Math.Round(c.MaxPoints * (0.6m + (decimal)random.NextDouble() * 0.4m)),
                Explanation = "ดำเนินการแล้ว รายละเอียดตามเอกสารแนบและภาพถ่าย ณ จุดให้บริการ",
                UpdatedAtUtc = created.AddDays(5),
            }));
            db.Applications.Add(application);
            await db.SaveChangesAsync(cancellationToken);

            foreach (var criterion in answered.Where(c => c.EvidenceRequired))
            {
                db.EvidenceFiles.Add(new EvidenceFile
                {
                    ApplicationId = application.Id,
                    CriterionId = criterion.Id,
                    FileName = $"หลักฐาน-{criterion.Code}.pdf",
                    ContentType = "application/pdf",
                    SizeBytes = evidence.Length,
                    Sha256 = Convert.ToHexStringLower(SHA256.HashData(evidence)),
                    UploadedAtUtc = created.AddDays(5),
                    Content = new EvidenceFileContent { Data = evidence },
                });
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        cycle.CatalogueLockedAtUtc = new DateTime(2020, 2, 10, 2, 0, 0, DateTimeKind.Utc);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>A valid one-page PDF, enough for a demo evidence link to open.</summary>
    private static byte[] MinimalPdf()
    {
        const string content = "BT /F1 24 Tf 72 760 Td (GECC demo evidence) Tj ET";
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    /// <summary>Written straight to the console, not through the logger: passwords never go into logs.</summary>
    public static void PrintSignInNames(IReadOnlyList<DemoUser> users)
    {
        Console.WriteLine();
        Console.WriteLine("Demo users (Development only), password for all: " + DemoPassword);
        foreach (var user in users)
        {
            Console.WriteLine($"  {user.Role,-18} {user.Email}");
        }

        Console.WriteLine();
    }
}
