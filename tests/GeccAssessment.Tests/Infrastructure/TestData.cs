using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Tests.Infrastructure;

/// <summary>Records the tests stand on, written straight to the test's database.</summary>
public static class TestData
{
    public sealed record CycleInfo(int Id, int MandatoryId, int EvidenceId, int OptionalId, int OtherDimensionId);

    /// <summary>A cycle with three criteria: P-01 mandatory (10 points), V-01 needs evidence (5), O-01 optional (5).</summary>
    private static int _lastYear = 2700;

    /// <summary>A Buddhist year no other test of this run uses: cycle years are unique, and random ones collided.</summary>
    public static int UniqueYear() => Interlocked.Increment(ref _lastYear);

    public static async Task<CycleInfo> CreateCycleAsync(GeccAppFactory app, int buddhistYear, bool windowOpen = true, CycleStatus status = CycleStatus.Open)
    {
        return await app.WithDbAsync(async db =>
        {
            var today = BuddhistEraDate.ThailandToday(DateTime.UtcNow);
            var cycle = new Cycle
            {
                BuddhistYear = buddhistYear,
                Title = $"รอบการประเมิน พ.ศ. {buddhistYear}",
                ApplicationOpensOn = windowOpen ? today.AddDays(-10) : today.AddDays(-60),
                ApplicationClosesOn = windowOpen ? today.AddDays(30) : today.AddDays(-30),
                AssessmentStartsOn = today.AddDays(40),
                AssessmentEndsOn = today.AddDays(90),
                Status = status,
                CreatedAtUtc = DateTime.UtcNow,
            };
            cycle.Dimensions.AddRange(Enum.GetValues<DimensionKind>().Select(k => new Dimension { Kind = k, SortOrder = (int)k, MinimumPercent = 60 }));
            cycle.Levels.Add(new CertificationLevel { Rank = 1, NameTh = "ระดับพื้นฐาน", NameEn = "Basic", MinimumPercent = 70 });
            db.Cycles.Add(cycle);
            await db.SaveChangesAsync();

            var premises = cycle.Dimensions.Single(d => d.Kind == DimensionKind.Premises);
            var service = cycle.Dimensions.Single(d => d.Kind == DimensionKind.ServiceProcess);
            var other = cycle.Dimensions.Single(d => d.Kind == DimensionKind.Other);
            var mandatory = new Criterion { CycleId = cycle.Id, DimensionId = premises.Id, Code = "P-01", TitleTh = "มีป้ายบอกทางชัดเจน", MaxPoints = 10, IsMandatory = true, SortOrder = 1 };
            var evidence = new Criterion { CycleId = cycle.Id, DimensionId = service.Id, Code = "V-01", TitleTh = "มีคู่มือสำหรับประชาชน", MaxPoints = 5, EvidenceRequired = true, SortOrder = 1 };
            var optional = new Criterion { CycleId = cycle.Id, DimensionId = other.Id, Code = "O-01", TitleTh = "มีนวัตกรรมการให้บริการ", MaxPoints = 5, SortOrder = 1 };
            db.Criteria.AddRange(mandatory, evidence, optional);
            await db.SaveChangesAsync();
            return new CycleInfo(cycle.Id, mandatory.Id, evidence.Id, optional.Id, other.Id);
        });
    }

    /// <summary>An agency by that name, or by that name and a suffix when a test of the class already made one (names are unique).</summary>
    public static async Task<Agency> CreateAgencyAsync(GeccAppFactory app, string name) =>
        await app.WithDbAsync(async db =>
        {
            // A random suffix, not a count: a test may rename one of the earlier ones.
            var taken = await db.Agencies.AnyAsync(a => a.NameTh == name);
            var agency = new Agency { NameTh = taken ? $"{name} #{Guid.NewGuid().ToString("N")[..8]}" : name, Kind = AgencyKind.Department, ProvinceCode = "90", CreatedAtUtc = DateTime.UtcNow };
            db.Agencies.Add(agency);
            await db.SaveChangesAsync();
            return agency;
        });

    /// <summary>Songkhla (90), Mueang Songkhla district (9001).</summary>
    public static async Task<ServicePoint> CreateServicePointAsync(GeccAppFactory app, int agencyId, string name) =>
        await app.WithDbAsync(async db =>
        {
            var point = new ServicePoint { AgencyId = agencyId, Name = name, Address = "ถนนทดสอบ", ProvinceCode = "90", DistrictCode = "9001", CreatedAtUtc = DateTime.UtcNow };
            db.ServicePoints.Add(point);
            await db.SaveChangesAsync();
            return point;
        });

    public static async Task<Application> CreateApplicationAsync(GeccAppFactory app, int cycleId, ServicePoint point, ApplicationStatus status = ApplicationStatus.Draft) =>
        await app.WithDbAsync(async db =>
        {
            var application = new Application
            {
                CycleId = cycleId,
                ServicePointId = point.Id,
                AgencyId = point.AgencyId,
                ProvinceCode = point.ProvinceCode,
                Status = status,
                SubmittedAtUtc = status == ApplicationStatus.Draft ? null : DateTime.UtcNow,
                CreatedAtUtc = DateTime.UtcNow,
                UpdatedAtUtc = DateTime.UtcNow,
            };
            db.Applications.Add(application);
            await db.SaveChangesAsync();
            return application;
        });

    /// <summary>An evidence file (a small PDF) attached to the application for the criterion.</summary>
    public static async Task<int> CreateEvidenceFileAsync(GeccAppFactory app, int applicationId, int criterionId, string fileName) =>
        await app.WithDbAsync(async db =>
        {
            var file = new EvidenceFile
            {
                ApplicationId = applicationId,
                CriterionId = criterionId,
                FileName = fileName,
                ContentType = "application/pdf",
                SizeBytes = 600,
                Sha256 = "x",
                UploadedAtUtc = DateTime.UtcNow,
                Content = new EvidenceFileContent { Data = Pdf() },
            };
            db.EvidenceFiles.Add(file);
            await db.SaveChangesAsync();
            return file.Id;
        });

    public static byte[] Pdf(int size = 600) => Bytes("%PDF-1.4\n"u8, size);

    public static byte[] Png(int size = 600) => Bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], size);

    public static byte[] Exe(int size = 600) => Bytes("MZ"u8, size);

    private static byte[] Bytes(ReadOnlySpan<byte> header, int size)
    {
        var bytes = new byte[size];
        header.CopyTo(bytes);
        return bytes;
    }
}
