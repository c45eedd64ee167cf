using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace GeccAssessment.Web.Features.Users;

/// <summary>
/// The user-management page's work: list, create staff accounts, change roles, disable and enable.
/// Every role grant and removal and every disable and enable goes to the audit trail; a role change
/// or disabling renews the security stamp, which ends the user's sessions within seconds.
/// </summary>
public class UserAdministration(
    ApplicationDbContext db,
    UserManager<ApplicationUser> userManager,
    IStringLocalizer<SharedResource> localizer,
    IHttpContextAccessor httpContextAccessor,
    TimeProvider clock,
    Account.AccountMail accountMail,
    SessionChecks sessions)
{
    /// <summary>The audit trail's entity type for account events (role grants, disabling).</summary>
    public const string AccountEntityType = "UserAccount";

    private static readonly JsonSerializerOptions AuditJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task<UserListModel> ListAsync(UserFilter filter, CancellationToken cancellationToken)
    {
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var pattern = "%" + EscapeLike(filter.Q.Trim()) + "%";
            var emailPattern = pattern.ToUpperInvariant();
            query = query.Where(u => EF.Functions.ILike(u.DisplayName, pattern) || EF.Functions.Like(u.NormalizedEmail!, emailPattern));
        }

        if (!string.IsNullOrWhiteSpace(filter.Role) && Roles.All.Contains(filter.Role))
        {
            // By the role's id, not a join to the roles: PostgreSQL then knows how few hold a staff
            // role among thousands of applicants and reads them by index.
            var normalized = filter.Role.ToUpperInvariant();
            var roleId = await db.Roles.Where(r => r.NormalizedName == normalized).Select(r => r.Id).FirstOrDefaultAsync(cancellationToken) ?? "";
            query = query.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == roleId));
        }

        var now = clock.GetUtcNow();
        var page = await PagedList<UserRow>.CreateAsync(
            query.OrderBy(u => u.NormalizedEmail).Select(u => new UserRow(
                u.Id, u.Email!, u.DisplayName, u.Agency == null ? null : u.Agency.NameTh,
                u.LockoutEnd != null && u.LockoutEnd > now, u.DisabledAtUtc != null, new List<string>())),
            filter.Page, cancellationToken: cancellationToken);

        // One query for the roles of the whole page, not one per row.
        var ids = page.Items.Select(u => u.Id).ToList();
        var roles = await db.UserRoles.Where(ur => ids.Contains(ur.UserId))
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);
        foreach (var row in page.Items)
        {
            ((List<string>)row.Roles).AddRange(roles.Where(r => r.UserId == row.Id).Select(r => r.Name!).Order());
        }

        return new UserListModel(filter, page);
    }

    public async Task<IReadOnlyList<string>> CreateAsync(CreateUserModel model, ClaimsPrincipal actor)
    {
        var errors = Localize(RoleGrantRules.Check(ActorRoles(actor), [], model.Roles, actorIsTarget: false));
        if (errors.Count > 0)
        {
            return errors;
        }

        var user = new ApplicationUser
        {
            UserName = model.Email.Trim(),
            Email = model.Email.Trim(),
            EmailConfirmed = true,
            DisplayName = model.DisplayName.Trim(),
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        var result = await userManager.CreateAsync(user, model.Password);
        if (result.Succeeded && model.Roles.Count > 0)
        {
            result = await userManager.AddToRolesAsync(user, model.Roles);
            if (result.Succeeded)
            {
                await AuditRolesAsync(user, model.Roles, []);
            }
        }

        return result.Errors.Select(e => e.Description).ToList();
    }

    public async Task<EditUserModel?> GetForEditAsync(string id)
    {
        var user = await userManager.FindByIdAsync(id);
        if (user is null)
        {
            return null;
        }

        return new EditUserModel
        {
            Id = user.Id,
            Email = user.Email!,
            DisplayName = user.DisplayName,
            Roles = [.. await userManager.GetRolesAsync(user)],
            LockedOut = await userManager.IsLockedOutAsync(user),
            DisabledAtUtc = user.DisabledAtUtc,
            DisabledReason = user.DisabledReason,
        };
    }

    /// <summary>Mails the user a password-reset link, if the actor may (<see cref="RoleGrantRules.MaySendResetLink"/>).</summary>
    /// <returns>The address the link went to; null when the user does not exist; "" when it is not the actor's to send.</returns>
    public async Task<string?> SendResetLinkAsync(string id, ClaimsPrincipal actor)
    {
        if (await userManager.FindByIdAsync(id) is not { } user)
        {
            return null;
        }

        if (!RoleGrantRules.MaySendResetLink(ActorRoles(actor), [.. await userManager.GetRolesAsync(user)]))
        {
            return "";
        }

        await accountMail.SendPasswordResetAsync(user);
        return user.Email ?? "";
    }

    /// <returns>null when the user does not exist; otherwise the errors (empty when saved).</returns>
    public async Task<IReadOnlyList<string>?> UpdateAsync(EditUserModel model, ClaimsPrincipal actor)
    {
        // The name, the roles, the new stamp and the audit entries are saved in one transaction. Saved
        // one by one, roles could be removed and the stamp's renewal then fail (the account saved by
        // someone else in between): open sessions kept the removed roles, and trying the edit again
        // found no change to make and renewed nothing.
        var result = await SaveAccountAsync(model.Id, () => UpdateOnceAsync(model, actor));
        return result?.Errors.Select(e => e.Description).ToList();
    }

    private async Task<IdentityResult?> UpdateOnceAsync(EditUserModel model, ClaimsPrincipal actor)
    {
        var user = await userManager.FindByIdAsync(model.Id);
        if (user is null)
        {
            return null;
        }

        var current = await userManager.GetRolesAsync(user);
        var actorIsTarget = userManager.GetUserId(actor) == user.Id;
        var errors = Localize(RoleGrantRules.Check(ActorRoles(actor), [.. current], model.Roles, actorIsTarget, targetHasAgency: user.AgencyId is not null));
        if (errors.Count > 0)
        {
            return Refused(errors);
        }

        var granted = model.Roles.Except(current).ToList();
        var removed = current.Except(model.Roles).ToList();
        user.DisplayName = model.DisplayName.Trim();
        // Sessions carry the roles they signed in with: the new stamp ends them, and the next sign-in
        // has the new roles. It is saved first, with the name: that save also locks the account's row
        // until the transaction ends, so the role changes after it meet no concurrent save. A change
        // of name alone keeps the sessions: the cookie does not carry the name (its Name is the
        // e-mail, GeccClaimsPrincipalFactory adds only the agency), pages read it from the database.
        var result = granted.Count + removed.Count > 0 ? await userManager.UpdateSecurityStampAsync(user) : await userManager.UpdateAsync(user);
        if (result.Succeeded)
        {
            result = await userManager.RemoveFromRolesAsync(user, removed);
        }

        if (result.Succeeded)
        {
            result = await userManager.AddToRolesAsync(user, granted);
        }

        if (result.Succeeded && model.Unlock)
        {
            result = await userManager.SetLockoutEndDateAsync(user, null);
            if (result.Succeeded)
            {
                result = await userManager.ResetAccessFailedCountAsync(user);
            }
        }

        if (result.Succeeded)
        {
            await AuditRolesAsync(user, granted, removed);
        }

        return result;
    }

    /// <summary>Disables (with a reason) or enables the account; disabling ends its sessions.</summary>
    /// <returns>null when the user does not exist; otherwise the errors (empty when done).</returns>
    public async Task<IReadOnlyList<string>?> SetDisabledAsync(string id, bool disable, string? reason, ClaimsPrincipal actor)
    {
        // The flag, the new stamp and the audit entry in one transaction, like an edit: saved through
        // Identity alone, the stamp's save failed on a concurrent save of the account (a sign-in
        // elsewhere counting a failure), and the account stayed enabled, its sessions open.
        var result = await SaveAccountAsync(id, async () =>
        {
            var user = await userManager.FindByIdAsync(id);
            if (user is null)
            {
                return null;
            }

            var errors = Localize(RoleGrantRules.CheckDisable(ActorRoles(actor), [.. await userManager.GetRolesAsync(user)], userManager.GetUserId(actor) == user.Id));
            if (errors.Count > 0 || (user.DisabledAtUtc is not null) == disable)
            {
                return errors.Count > 0 ? Refused(errors) : IdentityResult.Success;
            }

            user.DisabledAtUtc = disable ? clock.GetUtcNow().UtcDateTime : null;
            user.DisabledReason = disable ? reason?.Trim() : null;
            // Saves the flag and a new stamp together: every open session fails its next check.
            var saved = await userManager.UpdateSecurityStampAsync(user);
            if (saved.Succeeded)
            {
                await AuditAsync(user, disable ? "Disabled" : "Enabled", new() { ["Email"] = user.Email, ["Reason"] = disable ? user.DisabledReason : reason?.Trim() });
            }

            return saved;
        });
        return result?.Errors.Select(e => e.Description).ToList();
    }

    /// <summary>
    /// Makes a change to an account in one transaction, committed only when it succeeds; when Identity
    /// reports that the account was saved by someone else meanwhile, the whole change is made again on
    /// a fresh copy (up to three times in all). Once committed, this instance forgets its remembered
    /// session check of the account, so that a renewed stamp takes effect on its next request.
    /// </summary>
    /// <param name="once">The change, on an empty change tracker: null when the account does not exist.</param>
    private async Task<IdentityResult?> SaveAccountAsync(string userId, Func<Task<IdentityResult?>> once)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        IdentityResult? result;
        var attempts = 0;
        do
        {
            attempts++;
            result = await strategy.ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                // Disposing the transaction uncommitted rolls back whatever was saved.
                await using var transaction = await db.Database.BeginTransactionAsync();
                var made = await once();
                if (made?.Succeeded == true)
                {
                    await transaction.CommitAsync();
                }

                return made;
            });
        }
        while (attempts < 3 && result?.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure)) == true);

        if (result?.Succeeded == true)
        {
            sessions.Forget(userId);
        }

        return result;
    }

    private static IdentityResult Refused(IEnumerable<string> errors) =>
        IdentityResult.Failed([.. errors.Select(e => new IdentityError { Code = "RoleGrant", Description = e })]);

    private async Task AuditRolesAsync(ApplicationUser user, IEnumerable<string> granted, IEnumerable<string> removed)
    {
        foreach (var role in granted)
        {
            Audit(user, "RoleGranted", new() { ["Email"] = user.Email, ["Role"] = role });
        }

        foreach (var role in removed)
        {
            Audit(user, "RoleRemoved", new() { ["Email"] = user.Email, ["Role"] = role });
        }

        await db.SaveChangesAsync();
    }

    private async Task AuditAsync(ApplicationUser user, string action, Dictionary<string, string?> what)
    {
        Audit(user, action, what);
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// Accounts are not <see cref="IAudited"/> (their rows hold password hashes and stamps), so the
    /// account events are written here: who (the signed-in actor), whom (the entity id), and what.
    /// </summary>
    private void Audit(ApplicationUser user, string action, Dictionary<string, string?> what)
    {
        var actor = httpContextAccessor.HttpContext?.User;
        db.AuditEntries.Add(new AuditEntry
        {
            AtUtc = clock.GetUtcNow().UtcDateTime,
            UserId = actor?.UserId(),
            UserName = actor?.Identity?.Name,
            EntityType = AccountEntityType,
            EntityId = user.Id,
            Action = action,
            After = JsonSerializer.Serialize(what, AuditJson),
        });
    }

    private static List<string> ActorRoles(ClaimsPrincipal actor) => Roles.All.Where(actor.IsInRole).ToList();

    private List<string> Localize(IEnumerable<string> keys) => keys.Select(k => localizer[k].Value).ToList();

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
