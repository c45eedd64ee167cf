using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Features.Subcommittees;

/// <summary>The secretariat forms a cycle's subcommittees and assigns accepted applications to them.</summary>
public class SubcommitteeService(ApplicationDbContext db, Places places, TimeProvider clock, Mail.Outbox outbox, Mail.RoundNotices rounds)
{
    /// <summary>Points listed by name and link in one assignment's mail; more are counted and linked to the list.</summary>
    private const int MailedPoints = 300;

    public async Task<SubcommitteesPage> PageAsync(int? cycleId, SubcommitteeForm? form = null)
    {
        var cycles = await CyclesAsync();
        // By default the newest cycle with accepted applications (subcommittees are formed for them).
        cycleId ??= await db.Cycles.Where(c => db.Applications.Any(a => a.CycleId == c.Id && a.Status == ApplicationStatus.Accepted))
            .OrderByDescending(c => c.BuddhistYear).Select(c => (int?)c.Id).FirstOrDefaultAsync()
            ?? cycles.FirstOrDefault()?.Id;
        var rows = await db.Subcommittees.AsNoTracking().Where(s => s.CycleId == cycleId).OrderBy(s => s.Name)
            .Select(s => new SubcommitteeRow(
                s.Id, s.Name, db.Users.Where(u => u.Id == s.ChairUserId).Select(u => u.DisplayName).First(), s.Members.Count,
                db.Assessments.Count(a => a.SubcommitteeId == s.Id), db.Assessments.Count(a => a.SubcommitteeId == s.Id && a.SignedOffAtUtc != null)))
            .ToListAsync();
        return new SubcommitteesPage(cycleId, cycles, rows, form ?? new SubcommitteeForm { CycleId = cycleId ?? 0 },
            await PeopleInRolesAsync(Roles.SubcommitteeChair), await PeopleInRolesAsync(Roles.Assessor, Roles.SubcommitteeChair));
    }

    public async Task<SubcommitteeForm?> FormAsync(int id) =>
        await db.Subcommittees.AsNoTracking().Where(s => s.Id == id).Select(s => new SubcommitteeForm
        {
            Id = s.Id,
            CycleId = s.CycleId,
            Name = s.Name,
            ChairUserId = s.ChairUserId,
            MemberIds = s.Members.Select(m => m.UserId).ToList(),
        }).SingleOrDefaultAsync();

    public async Task<SaveResult> SaveAsync(SubcommitteeForm form)
    {
        var chairs = (await PeopleInRolesAsync(Roles.SubcommitteeChair)).Select(p => p.Id).ToHashSet();
        var assessors = (await PeopleInRolesAsync(Roles.Assessor, Roles.SubcommitteeChair)).Select(p => p.Id).ToHashSet();
        if (!chairs.Contains(form.ChairUserId!))
        {
            return SaveResult.Invalid("Subcommittees.ChairNotAllowed");
        }

        if (form.MemberIds.Any(id => !assessors.Contains(id)))
        {
            return SaveResult.Invalid("Subcommittees.MemberNotAllowed");
        }

        var name = form.Name!.Trim();
        Subcommittee? subcommittee;
        if (form.Id is { } id)
        {
            subcommittee = await db.Subcommittees.Include(s => s.Members).SingleOrDefaultAsync(s => s.Id == id);
            if (subcommittee is null)
            {
                return SaveResult.NotFound;
            }
        }
        else
        {
            if (!await db.Cycles.AnyAsync(c => c.Id == form.CycleId))
            {
                return SaveResult.NotFound;
            }

            subcommittee = new Subcommittee { CycleId = form.CycleId, Name = name, ChairUserId = form.ChairUserId!, CreatedAtUtc = clock.GetUtcNow().UtcDateTime };
            db.Subcommittees.Add(subcommittee);
        }

        if (await db.Subcommittees.AnyAsync(s => s.CycleId == subcommittee.CycleId && s.Name == name && s.Id != subcommittee.Id))
        {
            return SaveResult.Invalid("Subcommittees.NameTaken");
        }

        subcommittee.Name = name;
        subcommittee.ChairUserId = form.ChairUserId!;
        // The chair is always a member: he or she declares conflicts and may score too.
        var wanted = form.MemberIds.Append(form.ChairUserId!).ToHashSet();
        var removed = subcommittee.Members.Where(m => !wanted.Contains(m.UserId)).Select(m => m.UserId).ToList();
        subcommittee.Members.RemoveAll(m => !wanted.Contains(m.UserId));
        // Whoever leaves keeps the invitations to the rounds ahead and would miss their moves and
        // cancellations: each is cancelled for them, in the same save (two queries however many rounds).
        await rounds.WithdrawAsync(db.Assessments.Where(a => a.SubcommitteeId == subcommittee.Id), removed);
        var added = wanted.Where(u => subcommittee.Members.All(m => m.UserId != u)).ToList();
        foreach (var userId in added)
        {
            subcommittee.Members.Add(new SubcommitteeMember { UserId = userId });
        }

        // Whoever joins (a new chair too) would miss the rounds already scheduled, and their later moves
        // and cancellations would refer to an event he or she never had: each is sent its invitation.
        // A subcommittee just formed has no assessments yet.
        if (form.Id is not null)
        {
            await rounds.InviteAsync(db.Assessments.Where(a => a.SubcommitteeId == subcommittee.Id), added);
        }

        await db.SaveChangesAsync();
        return SaveResult.Saved;
    }

    /// <summary>The assignment list's order: by the application's province, then id (keyset paged, docs/adr/0013).</summary>
    public static readonly KeysetOrder<Application, string> Order = new(a => a.ProvinceCode, a => a.Id, KeysetFormats.FormatText, KeysetFormats.ParseText, StringComparer.Ordinal);

    public async Task<AssignPage> AssignPageAsync(AssignFilter filter, CancellationToken cancellationToken)
    {
        var cycles = await CyclesAsync();
        // By default the newest cycle with accepted applications still to assign, not an empty one just opened.
        filter.Cycle ??= await db.Cycles
            .Where(c => db.Applications.Any(a => a.CycleId == c.Id && a.Status == ApplicationStatus.Accepted && !db.Assessments.Any(s => s.ApplicationId == a.Id)))
            .OrderByDescending(c => c.BuddhistYear).Select(c => (int?)c.Id).FirstOrDefaultAsync()
            ?? cycles.FirstOrDefault()?.Id ?? 0;
        // How many still need a subcommittee, from the running totals the database keeps (docs/adr/0018):
        // exact, and a few rows to read, where counting them meant checking every accepted application.
        var unassigned = await db.CycleProvinceTotals.Where(t => t.CycleId == filter.Cycle && (filter.Province == null || t.ProvinceCode == filter.Province))
            .SumAsync(t => t.Unassigned, cancellationToken);
        var rows = await KeysetList<AssignRow>.CreateAsync(
            Assignable(filter), Order, q => q.Select(a => new AssignRow(
                a.Id, a.ProvinceCode, a.ServicePoint!.Agency!.NameTh, a.ServicePoint.Name, a.ServicePoint.Province!.NameTh,
                db.Assessments.Where(s => s.ApplicationId == a.Id).Select(s => s.Subcommittee!.Name).FirstOrDefault(),
                a.ServicePoint.Agency.NameEn, a.ServicePoint.Province.NameEn)),
            r => (r.ProvinceCode, r.ApplicationId), filter.Paging, knownCount: filter.UnassignedOnly ? unassigned : null, cancellationToken: cancellationToken);
        var subcommittees = await db.Subcommittees.AsNoTracking().Where(s => s.CycleId == filter.Cycle).OrderBy(s => s.Name)
            .Select(s => new { s.Id, s.Name }).ToListAsync(cancellationToken);
        return new AssignPage(filter, cycles, await places.GetAsync(), [.. subcommittees.Select(s => (s.Id, s.Name))], rows, unassigned);
    }

    /// <summary>
    /// Assigns the chosen applications, or every unassigned one the filter shows (e.g. a whole
    /// province), to one subcommittee. Applications already assigned keep their subcommittee.
    /// </summary>
    /// <returns>How many were assigned, or a message.</returns>
    public async Task<(int Assigned, Message? Problem)> AssignAsync(int subcommitteeId, IReadOnlyList<int> applicationIds, AssignFilter? everyMatching)
    {
        var subcommittee = await db.Subcommittees.AsNoTracking().SingleOrDefaultAsync(s => s.Id == subcommitteeId);
        if (subcommittee is null)
        {
            return (0, new Message("Subcommittees.ChooseSubcommittee"));
        }

        var query = everyMatching is null
            ? db.Applications.Where(a => applicationIds.Contains(a.Id))
            : Assignable(new AssignFilter { Cycle = everyMatching.Cycle, Province = everyMatching.Province, UnassignedOnly = true });
        var candidates = query.Where(a => a.CycleId == subcommittee.CycleId && a.Status == ApplicationStatus.Accepted && !db.Assessments.Any(s => s.ApplicationId == a.Id));

        // One transaction that takes its locks before it writes, in the order every writer takes
        // them (docs/adr/0025): another assignment of the same provinces, whichever order its rows
        // come in, waits for this one instead of deadlocking with it. In the strategy, so that a
        // dropped connection retries the whole of it.
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync<(int, Message?)>(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var chosen = await candidates.Select(a => a.Id).ToListAsync();
            if (chosen.Count == 0)
            {
                return (0, new Message("Subcommittees.NothingToAssign"));
            }

            await TotalsLockOrder.ForApplicationsAsync(db, subcommittee.CycleId, chosen);
            // Read again under the locks: an assignment this one waited for has committed, and what
            // it assigned keeps its subcommittee (a second assessment would break the unique index).
            var ids = await candidates.Where(a => chosen.Contains(a.Id)).Select(a => a.Id).ToListAsync();
            if (ids.Count == 0)
            {
                return (0, new Message("Subcommittees.NothingToAssign"));
            }

            await AddAssessmentsAsync(subcommittee, ids);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            return (ids.Count, null);
        });
    }

    /// <summary>The assessments and the members' mail, added to the context (saved by the caller).</summary>
    private async Task AddAssessmentsAsync(Subcommittee subcommittee, List<int> ids)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var assessments = ids.Select(id => new Assessment { ApplicationId = id, SubcommitteeId = subcommittee.Id, CycleId = subcommittee.CycleId, AssignedAtUtc = now }).ToList();
        // Each member declares a conflict of interest, or none, on each point's own page: the mail links
        // to every one of them. The ids are taken from the sequence now (one statement), so the mail
        // and the assessments are still saved together.
        var newIds = await db.Database.SqlQuery<int>(
            $"SELECT nextval(pg_get_serial_sequence('\"Assessments\"', 'Id'))::int AS \"Value\" FROM generate_series(1, {assessments.Count})").ToListAsync();
        for (var i = 0; i < assessments.Count; i++)
        {
            assessments[i].Id = newIds[i];
        }

        db.Assessments.AddRange(assessments);

        // One mail per member for the whole assignment, in the same save.
        var points = await db.Applications.Where(a => ids.Contains(a.Id)).OrderBy(a => a.Id)
            .Select(a => new { a.Id, Point = a.ServicePoint!.Name, Agency = a.ServicePoint.Agency!.NameTh }).Take(MailedPoints + 1).ToListAsync();
        var named = string.Join(", ", points.Take(3).Select(p => p.Point)) + (ids.Count > 3 ? $" (+{ids.Count - 3})" : "");
        var assessmentOf = assessments.ToDictionary(a => a.ApplicationId, a => a.Id);
        var path = assessments.Count == 1 ? $"/assessments/show/{assessments[0].Id}" : "/assessments";
        Mail.MailExtras? list = null;
        if (assessments.Count > 1)
        {
            list = Mail.MailExtras.Listing(
                points.Take(MailedPoints).Select(p => new Mail.MailItem($"{p.Point} ({p.Agency})", $"/assessments/show/{assessmentOf[p.Id]}")), ids.Count, "/assessments");
        }

        var members = await db.SubcommitteeMembers.Where(m => m.SubcommitteeId == subcommittee.Id).Select(m => m.UserId).ToListAsync();
        outbox.Add(MailKind.SubcommitteeAssigned, await outbox.UsersAsync([subcommittee.ChairUserId, .. members]), path, [named, subcommittee.Name], list);
    }

    private IQueryable<Application> Assignable(AssignFilter filter)
    {
        var query = db.Applications.AsNoTracking().Where(a => a.CycleId == filter.Cycle && a.Status == ApplicationStatus.Accepted);
        if (!string.IsNullOrEmpty(filter.Province))
        {
            query = query.Where(a => a.ProvinceCode == filter.Province);
        }

        if (filter.UnassignedOnly)
        {
            query = query.Where(a => !db.Assessments.Any(s => s.ApplicationId == a.Id));
        }

        return query;
    }

    private Task<List<CycleChoice>> CyclesAsync() => CycleChoice.NewestFirstAsync(db);

    private async Task<List<PersonOption>> PeopleInRolesAsync(params string[] roles)
    {
        // The role ids first: filtered by them, PostgreSQL knows that a few dozen staff hold these
        // roles among thousands of applicants, and reads them by index instead of every user.
        var roleIds = await db.Roles.Where(r => roles.Contains(r.Name!)).Select(r => r.Id).ToListAsync();
        return await db.Users.AsNoTracking()
            .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && roleIds.Contains(ur.RoleId)))
            .OrderBy(u => u.DisplayName)
            .Select(u => new PersonOption(u.Id, u.DisplayName, u.Email ?? ""))
            .ToListAsync();
    }
}
