using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GeccAssessment.Web.Features.Agencies;

public class AgencyService(ApplicationDbContext db, Places places, UserManager<ApplicationUser> userManager, TimeProvider clock)
{
    public async Task<AgencyFormPage?> FormAsync(int agencyId)
    {
        var agency = await db.Agencies.AsNoTracking().SingleOrDefaultAsync(a => a.Id == agencyId);
        if (agency is null)
        {
            return null;
        }

        return await PageAsync(agencyId, new AgencyForm
        {
            NameTh = agency.NameTh,
            NameEn = agency.NameEn,
            Kind = agency.Kind,
            ParentAgencyId = agency.ParentAgencyId,
            ProvinceCode = agency.ProvinceCode,
            ContactName = agency.ContactName,
            ContactPhone = agency.ContactPhone,
            ContactEmail = agency.ContactEmail,
        });
    }

    /// <summary>
    /// Parents are the reference ministries and departments (a few hundred nationally), never the
    /// agency itself; a parent set before the list existed stays on offer so saving keeps it.
    /// </summary>
    public async Task<AgencyFormPage> PageAsync(int agencyId, AgencyForm form)
    {
        var currentParent = await db.Agencies.Where(a => a.Id == agencyId).Select(a => a.ParentAgencyId).SingleOrDefaultAsync();
        var parents = await db.Agencies.AsNoTracking()
            .Where(a => (a.IsReference || a.Id == currentParent) && a.Id != agencyId)
            .OrderBy(a => a.NameTh)
            .Select(a => new ParentOption(a.Id, a.NameTh))
            .ToListAsync();
        var colleagues = await db.Users.AsNoTracking().Where(u => u.AgencyId == agencyId).OrderBy(u => u.DisplayName)
            .Select(u => new ColleagueRow(u.DisplayName, u.Email!)).ToListAsync();
        return new AgencyFormPage(form, await places.GetAsync(), parents, colleagues);
    }

    /// <returns>Identity's messages when the account could not be created; empty when it was, or when the e-mail already had an account.</returns>
    public async Task<IReadOnlyList<string>> AddColleagueAsync(int agencyId, ColleagueForm form)
    {
        var user = new ApplicationUser
        {
            UserName = form.Email.Trim(),
            Email = form.Email.Trim(),
            EmailConfirmed = true,
            DisplayName = form.DisplayName.Trim(),
            AgencyId = agencyId,
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        var result = await userManager.CreateAsync(user, form.Password);
        if (result.Succeeded)
        {
            result = await userManager.AddToRoleAsync(user, Roles.Applicant);
        }

        return result.Errors.Any(Account.ApplicantRegistration.IsTakenEmail) ? [] : [.. result.Errors.Select(e => e.Description)];
    }

    public async Task<SaveResult> SaveAsync(int agencyId, AgencyForm form)
    {
        var agency = await db.Agencies.SingleOrDefaultAsync(a => a.Id == agencyId);
        if (agency is null)
        {
            return SaveResult.NotFound;
        }

        if (form.ParentAgencyId is { } parentId && parentId != agency.ParentAgencyId
            && (parentId == agencyId || !await db.Agencies.AnyAsync(a => a.Id == parentId && a.IsReference)))
        {
            return SaveResult.Invalid("Agencies.InvalidParent");
        }

        // Ministries come from the reference list; an applicant's agency does not become one.
        if (form.Kind == AgencyKind.Ministry && !agency.IsReference)
        {
            return SaveResult.Invalid("Agencies.MinistryIsReference");
        }

        if (form.ProvinceCode is { Length: > 0 } code && (await places.GetAsync()).Provinces.All(p => p.Code != code))
        {
            return SaveResult.Invalid("Validation.Invalid");
        }

        agency.NameTh = form.NameTh.Trim();
        agency.NameEn = form.NameEn?.Trim();
        agency.Kind = form.Kind!.Value;
        agency.ParentAgencyId = form.ParentAgencyId;
        agency.ProvinceCode = string.IsNullOrEmpty(form.ProvinceCode) ? null : form.ProvinceCode;
        agency.ContactName = form.ContactName?.Trim();
        agency.ContactPhone = form.ContactPhone?.Trim();
        agency.ContactEmail = form.ContactEmail?.Trim();
        return await SaveNamedAsync(db, agency) is { } taken ? SaveResult.Invalid(taken) : SaveResult.Saved;
    }

    /// <summary>
    /// Saves an agency whose name may clash with another's (the unique normalised name decides, so
    /// two sessions cannot both take a name). Returns the message key when the name is taken.
    /// </summary>
    public static async Task<string?> SaveNamedAsync(ApplicationDbContext db, Agency agency)
    {
        try
        {
            await db.SaveChangesAsync();
            return null;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "IX_Agencies_NormalizedName" })
        {
            db.ChangeTracker.Clear();
            var key = AgencyNames.Normalize(agency.NameTh);
            var reference = await db.Agencies.AnyAsync(a => a.NormalizedName == key && a.IsReference);
            return reference ? "Agencies.NameIsReference" : "Agencies.NameTaken";
        }
    }

    public async Task<AgencyListPage> ListAsync(AgencyFilter filter, CancellationToken cancellationToken)
    {
        var query = db.Agencies.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            query = query.Where(a => EF.Functions.ILike(a.NameTh, "%" + filter.Q.Trim() + "%"));
        }

        if (filter.Kind is { } kind)
        {
            query = query.Where(a => a.Kind == kind);
        }

        if (!string.IsNullOrEmpty(filter.Province))
        {
            query = query.Where(a => a.ProvinceCode == filter.Province);
        }

        var page = await PagedList<AgencyRow>.CreateAsync(
            query.OrderBy(a => a.NameTh).ThenBy(a => a.Id).Select(a => new AgencyRow(
                a.Id, a.NameTh, a.Kind, a.ParentAgency == null ? null : a.ParentAgency.NameTh,
                a.Province == null ? null : a.Province.NameTh, db.ServicePoints.Count(p => p.AgencyId == a.Id))),
            filter.Page, cancellationToken: cancellationToken);
        return new AgencyListPage(filter, page, await places.GetAsync());
    }
}
