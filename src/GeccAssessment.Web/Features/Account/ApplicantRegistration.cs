using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace GeccAssessment.Web.Features.Account;

/// <summary>
/// Creates an applicant account together with its agency, all or nothing. An e-mail that already
/// has an account creates nothing and returns no error either: the caller answers both alike.
/// </summary>
public class ApplicantRegistration(
    ApplicationDbContext db, UserManager<ApplicationUser> userManager, IStringLocalizer<SharedResource> localizer, TimeProvider clock, AccountMail mail)
{
    /// <returns>Messages for the form; empty when the account was created or the e-mail already had one.</returns>
    public async Task<IReadOnlyList<string>> RegisterAsync(RegisterModel model)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var now = clock.GetUtcNow().UtcDateTime;
            if (model.AgencyKind == AgencyKind.Ministry)
            {
                return [localizer["Agencies.MinistryIsReference"].Value];
            }

            var agency = new Agency { NameTh = model.AgencyName.Trim(), Kind = model.AgencyKind!.Value, CreatedAtUtc = now };
            db.Agencies.Add(agency);
            if (await Agencies.AgencyService.SaveNamedAsync(db, agency) is { } taken)
            {
                await transaction.RollbackAsync();
                return [localizer[taken].Value];
            }

            var user = new ApplicationUser
            {
                UserName = model.Email.Trim(),
                Email = model.Email.Trim(),
                DisplayName = model.DisplayName.Trim(),
                AgencyId = agency.Id,
                CreatedAtUtc = now,
            };
            var created = await userManager.CreateAsync(user, model.Password);
            if (created.Succeeded)
            {
                created = await userManager.AddToRoleAsync(user, Roles.Applicant);
            }

            if (!created.Succeeded)
            {
                await transaction.RollbackAsync();
                db.ChangeTracker.Clear();
                IReadOnlyList<string> errors = created.Errors.Any(IsTakenEmail) ? [] : [.. created.Errors.Select(e => e.Description)];
                return errors;
            }

            // The confirmation link is queued with the account: both or neither.
            await mail.AddConfirmationAsync(user);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            IReadOnlyList<string> none = [];
            return none;
        });
    }

    internal static bool IsTakenEmail(IdentityError error) =>
        error.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName);
}
