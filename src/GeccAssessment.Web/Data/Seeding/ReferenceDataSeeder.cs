using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Data.Seeding;

/// <summary>Loads provinces and districts (Data/ReferenceData/*.csv, embedded) into the database; adds only what is missing.</summary>
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
