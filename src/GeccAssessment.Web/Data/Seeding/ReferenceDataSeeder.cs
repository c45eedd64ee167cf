using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Data.Seeding;

/// <summary>
/// Loads provinces, districts, ministries and departments (Data/ReferenceData/*.csv, embedded) into
/// the database; adds only what is missing.
/// </summary>
public static class ReferenceDataSeeder
{
    public static async Task SeedAsync(ApplicationDbContext db, CancellationToken cancellationToken = default)
    {
        var provinceCodes = await db.Provinces.Select(p => p.Code).ToHashSetAsync(cancellationToken);
        foreach (var row in ReadCsv("provinces.csv").Where(r => !provinceCodes.Contains(r[0])))
        {
            db.Provinces.Add(new Province { Code = row[0], NameTh = row[1], NameEn = row[2] });
        }

        await db.SaveChangesAsync(cancellationToken);

        var districtCodes = await db.Districts.Select(d => d.Code).ToHashSetAsync(cancellationToken);
        foreach (var row in ReadCsv("districts.csv").Where(r => !districtCodes.Contains(r[0])))
        {
            db.Districts.Add(new District { Code = row[0], ProvinceCode = row[1], NameTh = row[2], NameEn = row[3] });
        }

        await db.SaveChangesAsync(cancellationToken);
        await SeedGovernmentBodiesAsync(db, cancellationToken);
    }

    /// <summary>
    /// Ministries before departments (the file's order), so each department finds its ministry. An
    /// agency already bearing the name (by normalised name) becomes the reference entry.
    /// </summary>
    private static async Task SeedGovernmentBodiesAsync(ApplicationDbContext db, CancellationToken cancellationToken)
    {
        var byName = (await db.Agencies.Where(a => a.IsReference).ToListAsync(cancellationToken)).ToDictionary(a => a.NormalizedName);
        foreach (var row in ReadCsv("government-bodies.csv"))
        {
            var key = AgencyNames.Normalize(row[1]);
            if (!byName.TryGetValue(key, out var agency))
            {
                agency = await db.Agencies.FirstOrDefaultAsync(a => a.NormalizedName == key, cancellationToken);
            }

            if (agency is null)
            {
                agency = new Agency { NameTh = row[1], NameEn = row[2], Kind = Enum.Parse<AgencyKind>(row[0]), CreatedAtUtc = DateTime.UtcNow };
                db.Agencies.Add(agency);
            }

            agency.IsReference = true;
            if (row[3].Length > 0 && byName.TryGetValue(AgencyNames.Normalize(row[3]), out var parent))
            {
                agency.ParentAgencyId ??= parent.Id;
            }

            await db.SaveChangesAsync(cancellationToken);
            byName[key] = agency;
        }
    }

    /// <summary>The files hold no quotes or commas inside values (checked by a test), so a split suffices.</summary>
    internal static IEnumerable<string[]> ReadCsv(string name)
    {
        using var stream = typeof(ReferenceDataSeeder).Assembly.GetManifestResourceStream("ReferenceData." + name)
            ?? throw new InvalidOperationException($"Embedded reference data {name} is missing.");
        using var reader = new StreamReader(stream);
        reader.ReadLine(); // header
        var rows = new List<string[]>();
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            rows.Add(line.Split(','));
        }

        return rows;
    }
}
