using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.ServicePoints;

/// <summary>An applicant's service points. Every query is scoped to the caller's agency.</summary>
public class ServicePointService(ApplicationDbContext db, Places places, TimeProvider clock)
{
    public Task<PagedList<ServicePointRow>> ListAsync(int agencyId, int page, CancellationToken cancellationToken) =>
        PagedList<ServicePointRow>.CreateAsync(
            db.ServicePoints.AsNoTracking()
                .Where(p => p.AgencyId == agencyId)
                .OrderBy(p => p.Name).ThenBy(p => p.Id)
                .Select(p => new ServicePointRow(p.Id, p.Name, p.Province!.NameTh, p.District!.NameTh,
                    db.Applications.Count(a => a.ServicePointId == p.Id))),
            page, cancellationToken: cancellationToken);

    public async Task<ServicePointFormPage> NewFormAsync() => new(new ServicePointForm(), await places.GetAsync());

    public async Task<ServicePointFormPage> FormPageAsync(ServicePointForm form) => new(form, await places.GetAsync());

    /// <returns>null when the point does not exist or belongs to another agency.</returns>
    public async Task<ServicePointFormPage?> EditFormAsync(int agencyId, int id)
    {
        var point = await db.ServicePoints.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id && p.AgencyId == agencyId);
        if (point is null)
        {
            return null;
        }

        var form = new ServicePointForm
        {
            Id = point.Id,
            Name = point.Name,
            Address = point.Address,
            ProvinceCode = point.ProvinceCode,
            DistrictCode = point.DistrictCode,
            OpeningHours = point.OpeningHours,
            ServicesOffered = point.ServicesOffered,
            ContactName = point.ContactName,
            ContactPhone = point.ContactPhone,
            ContactEmail = point.ContactEmail,
        };
        return new ServicePointFormPage(form, await places.GetAsync());
    }

    /// <returns>The problem's message key, or null when saved. <paramref name="form"/>.Id is set on insert.</returns>
    public async Task<SaveResult> SaveAsync(int agencyId, ServicePointForm form)
    {
        if (!(await places.GetAsync()).DistrictIsIn(form.DistrictCode, form.ProvinceCode))
        {
            return SaveResult.Invalid("ServicePoints.DistrictNotInProvince");
        }

        ServicePoint? point;
        if (form.Id == 0)
        {
            point = new ServicePoint { AgencyId = agencyId, Name = "", Address = "", ProvinceCode = "", DistrictCode = "", CreatedAtUtc = clock.GetUtcNow().UtcDateTime };
            db.ServicePoints.Add(point);
        }
        else
        {
            point = await db.ServicePoints.SingleOrDefaultAsync(p => p.Id == form.Id && p.AgencyId == agencyId);
            if (point is null)
            {
                return SaveResult.NotFound;
            }
        }

        point.Name = form.Name.Trim();
        point.Address = form.Address.Trim();
        point.ProvinceCode = form.ProvinceCode!;
        point.DistrictCode = form.DistrictCode!;
        point.OpeningHours = form.OpeningHours?.Trim();
        point.ServicesOffered = form.ServicesOffered?.Trim();
        point.ContactName = form.ContactName?.Trim();
        point.ContactPhone = form.ContactPhone?.Trim();
        point.ContactEmail = form.ContactEmail?.Trim();
        await db.SaveChangesAsync();
        form.Id = point.Id;
        return SaveResult.Saved;
    }
}
