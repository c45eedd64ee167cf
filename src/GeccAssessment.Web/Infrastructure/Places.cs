using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace GeccAssessment.Web.Infrastructure;

/// <summary>Provinces and districts for forms and filters; reference data, read once and cached.</summary>
public sealed class Places(ApplicationDbContext db, IMemoryCache cache)
{
    public sealed record PlaceData(IReadOnlyList<Province> Provinces, IReadOnlyList<District> Districts)
    {
        public bool DistrictIsIn(string? districtCode, string? provinceCode) =>
            Districts.Any(d => d.Code == districtCode && d.ProvinceCode == provinceCode);
    }

    public async Task<PlaceData> GetAsync() =>
        (await cache.GetOrCreateAsync("places", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(12);
            var provinces = await db.Provinces.AsNoTracking().OrderBy(p => p.NameTh).ToListAsync();
            var districts = await db.Districts.AsNoTracking().OrderBy(d => d.NameTh).ToListAsync();
            return new PlaceData(provinces, districts);
        }))!;
}
