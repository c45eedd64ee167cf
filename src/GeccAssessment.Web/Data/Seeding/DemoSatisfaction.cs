using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Data.Seeding;

/// <summary>
/// The survey's question wording for every demo cycle (data the Secretariat edits, never code), and
/// a year of plausible answers for the demo points so that the figures show something.
/// </summary>
public static class DemoSatisfaction
{
    public static readonly IReadOnlyList<(DimensionKind Kind, string Th, string En)> Questions =
    [
        (DimensionKind.Premises, "สถานที่สะดวก สะอาด มีป้ายบอกทางและที่นั่งรอเพียงพอ", "The premises are convenient and clean, with clear signs and enough seats"),
        (DimensionKind.Personnel, "เจ้าหน้าที่สุภาพ เต็มใจ และให้คำแนะนำได้ชัดเจน", "Staff are polite, willing and give clear advice"),
        (DimensionKind.ServiceProcess, "ขั้นตอนบริการง่าย รวดเร็ว และเป็นไปตามเวลาที่ประกาศ", "The service is simple, quick and on the announced time"),
        (DimensionKind.Other, "ได้รับบริการตรงกับความต้องการ และอยากแนะนำผู้อื่นมาใช้บริการ", "The service met my needs and I would recommend it"),
    ];

    public static async Task SeedAsync(ApplicationDbContext db, DateOnly today, CancellationToken cancellationToken)
    {
        var cycles = await db.Cycles.Where(c => !db.SatisfactionQuestions.Any(q => q.CycleId == c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
        foreach (var cycleId in cycles)
        {
            db.SatisfactionQuestions.AddRange(Questions.Select(q => new SatisfactionQuestion { CycleId = cycleId, Kind = q.Kind, TextTh = q.Th, TextEn = q.En }));
        }

        await db.SaveChangesAsync(cancellationToken);
        if (await db.SatisfactionResponses.AnyAsync(cancellationToken))
        {
            return;
        }

        // Set-based: about 60 answers a point over the last year, mostly happy, some comments; then the aggregates from them.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "SatisfactionResponses" ("ServicePointId", "Day", "SubmittedAtUtc", "Overall", "Premises", "Personnel", "ServiceProcess", "Other", "Service", "Comment", "Status", "DeviceKey")
            SELECT p."Id", d.day, d.day + time '10:00' - interval '7 hours', v.o, v.o, least(5, v.o + 1), greatest(1, v.o - 1), v.o, NULL,
                   CASE WHEN n % 9 = 0 THEN 'เจ้าหน้าที่ให้คำแนะนำดีมาก แต่ที่จอดรถไม่พอ' END, 0, decode(md5(p."Id" || '-' || n), 'hex')
            FROM "ServicePoints" p
            CROSS JOIN generate_series(1, 60) AS n
            CROSS JOIN LATERAL (SELECT ({today} - ((n * 6) % 360))::date AS day) d
            CROSS JOIN LATERAL (SELECT (CASE WHEN n % 10 = 0 THEN 2 WHEN n % 4 = 0 THEN 3 WHEN n % 3 = 0 THEN 5 ELSE 4 END)::smallint AS o) v
            """, cancellationToken);
        await db.Database.ExecuteSqlRawAsync(Features.Satisfaction.SatisfactionAggregates.RebuildSql, [SatisfactionRules.DashboardStart(today)], cancellationToken);
    }
}
