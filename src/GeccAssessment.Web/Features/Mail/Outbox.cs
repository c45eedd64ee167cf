using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace GeccAssessment.Web.Features.Mail;

/// <summary>Who gets a mail: a user (with their language and the kinds they turned off) or a bare address.</summary>
public sealed record MailRecipient(string? UserId, string Email, string Name, string Language, IReadOnlyCollection<MailKind> TurnedOff)
{
    public int? AgencyId { get; init; }
}

/// <summary>A text argument that has a Thai and an English form (a level's name).</summary>
public sealed record Bilingual(string Thai, string English);

/// <summary>One line of a mail's list (the digest's applications): words in any language and the page it links to.</summary>
public sealed record MailItem(string Text, string Path);

/// <summary>What a mail may carry besides its text: an .ics, a certificate to attach, a list of links.</summary>
public sealed record MailExtras(string? Calendar = null, int? CertificateId = null, IReadOnlyList<MailItem>? Items = null)
{
    /// <summary>
    /// A list of links to the first of <paramref name="total"/> things, then "… +N" linking to
    /// <paramref name="rest"/> for those not listed (a mail stays readable however many there are).
    /// </summary>
    public static MailExtras Listing(IEnumerable<MailItem> listed, int total, string rest)
    {
        List<MailItem> items = [.. listed];
        if (total > items.Count)
        {
            items.Add(new MailItem($"… +{total - items.Count}", rest));
        }

        return new MailExtras(Items: items);
    }
}

/// <summary>
/// Writes mail and in-app notifications into the outbox. <see cref="Add"/> only adds rows to the
/// DbContext: they are saved by the caller's own SaveChanges, in the same transaction as the change
/// they tell about, so a change is never saved without its mail nor a mail queued for a change that
/// was rolled back (docs/adr/0010-mail-outbox.md).
/// </summary>
public sealed class Outbox(ApplicationDbContext db, IStringLocalizer<SharedResource> localizer, MailLinks links, TimeProvider clock)
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    /// <summary>Users by id (disabled accounts and users without e-mail left out), in one query.</summary>
    public Task<List<MailRecipient>> UsersAsync(IEnumerable<string> userIds)
    {
        var ids = userIds.Distinct().ToList();
        return Recipients(db.Users.Where(u => ids.Contains(u.Id)));
    }

    /// <summary>
    /// Every applicant account of these agencies, in one query: an account of the agency whose
    /// Applicant role was taken away no longer acts for it and is not told.
    /// </summary>
    public Task<List<MailRecipient>> AgencyUsersAsync(IEnumerable<int> agencyIds)
    {
        var ids = agencyIds.Distinct().ToList();
        return Recipients(InRole(db.Users.Where(u => u.AgencyId != null && ids.Contains(u.AgencyId.Value)), Roles.Applicant));
    }

    /// <summary>Every user in a role, in one query.</summary>
    public Task<List<MailRecipient>> RoleAsync(string role) => Recipients(InRole(db.Users, role));

    private IQueryable<ApplicationUser> InRole(IQueryable<ApplicationUser> users, string role) =>
        users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role)));

    private Task<List<MailRecipient>> Recipients(IQueryable<ApplicationUser> users) =>
        users.Where(u => u.DisabledAtUtc == null && u.Email != null)
            .OrderBy(u => u.Email)
            .Select(u => new
            {
                u.Id,
                u.Email,
                u.DisplayName,
                u.AgencyId,
                Preference = db.MailPreferences.Where(p => p.UserId == u.Id).Select(p => new { p.Language, p.TurnedOff }).FirstOrDefault(),
            })
            .Select(u => new MailRecipient(u.Id, u.Email!, u.DisplayName, u.Preference == null ? "th" : u.Preference.Language,
                u.Preference == null ? new List<MailKind>() : u.Preference.TurnedOff)
            { AgencyId = u.AgencyId })
            .ToListAsync();

    /// <summary>
    /// Queues one mail per recipient (unless they turned this kind off) and, for users, an in-app
    /// notification. <paramref name="args"/> fill the resource texts <c>Mail.{kind}.Subject</c> and
    /// <c>Mail.{kind}.Body</c>; a <see cref="DateOnly"/> or <see cref="DateTime"/> (UTC) is written
    /// as a date in the recipient's language.
    /// </summary>
    public void Add(MailKind kind, IEnumerable<MailRecipient> recipients, string path, object[] args, MailExtras? extras = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var link = links.To(path);
        foreach (var recipient in recipients.DistinctBy(r => r.Email.ToUpperInvariant()))
        {
            var culture = recipient.Language == "en" ? WebSetup.English : WebSetup.Thai;
            var (subject, text, html) = Compose(kind, recipient.Name, link, args, culture, extras?.Items ?? []);
            if (recipient.UserId is { } userId && MailKinds.CanBeTurnedOff(kind))
            {
                db.Notifications.Add(new Notification { UserId = userId, Kind = kind, Text = Cut(subject, 1000), Link = Cut(path, 500), CreatedAtUtc = now });
            }

            if (MailKinds.CanBeTurnedOff(kind) && recipient.TurnedOff.Contains(kind))
            {
                continue;
            }

            db.OutboxMessages.Add(new OutboxMessage
            {
                Kind = kind,
                ToUserId = recipient.UserId,
                ToAddress = recipient.Email,
                ToName = Cut(recipient.Name, 300),
                Subject = Cut(subject, 500),
                TextBody = text,
                HtmlBody = html,
                Calendar = extras?.Calendar,
                CertificateId = extras?.CertificateId,
                Status = OutboxStatus.Waiting,
                CreatedAtUtc = now,
                NextAttemptAtUtc = now,
            });
        }
    }

    private (string Subject, string Text, string Html) Compose(MailKind kind, string name, string link, object[] args, CultureInfo culture, IReadOnlyList<MailItem> items)
    {
        var ui = CultureInfo.CurrentUICulture;
        var formatting = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentUICulture = culture;
            CultureInfo.CurrentCulture = culture;
            var words = args.Select(a => a switch
            {
                DateOnly date => BuddhistEraDate.Long(date, culture),
                DateTime time => BuddhistEraDate.LongDateTime(time, culture),
                Bilingual both => culture == WebSetup.English ? both.English : both.Thai,
                _ => a,
            }).ToArray();
            var subject = localizer[$"Mail.{kind}.Subject", words].Value;
            var body = localizer[$"Mail.{kind}.Body", words].Value;
            var greeting = localizer["Mail.Greeting", name].Value;
            var open = localizer["Mail.Open"].Value;
            var footer = localizer["Mail.Footer"].Value;

            var list = string.Concat(items.Select(i => $"- {i.Text}\n  {links.To(i.Path)}\n"));
            var text = $"{greeting}\n\n{body}\n\n{(list.Length > 0 ? list + "\n" : "")}{open}: {link}\n\n-- \n{footer}\n";
            var listHtml = new StringBuilder();
            if (items.Count > 0)
            {
                listHtml.Append("<ul style=\"padding-left:20px\">");
                foreach (var item in items)
                {
                    listHtml.Append("<li><a href=\"").Append(Html.Encode(links.To(item.Path))).Append("\">").Append(Html.Encode(item.Text)).Append("</a></li>");
                }

                listHtml.Append("</ul>");
            }

            var html = new StringBuilder()
                .Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>")
                .Append("<body style=\"margin:0;padding:16px;font-family:Sarabun,Tahoma,sans-serif;font-size:16px;line-height:1.6;color:#212529\">")
                .Append("<div style=\"max-width:600px;margin:0 auto\">")
                .Append("<p>").Append(Html.Encode(greeting)).Append("</p>")
                .Append("<p>").Append(Html.Encode(body).Replace("&#xA;", "<br>", StringComparison.Ordinal)).Append("</p>")
                .Append(listHtml)
                .Append("<p><a href=\"").Append(Html.Encode(link)).Append("\" style=\"display:inline-block;padding:10px 16px;background:#0d6efd;color:#fff;text-decoration:none;border-radius:4px\">")
                .Append(Html.Encode(open)).Append("</a></p>")
                .Append("<p style=\"font-size:13px;color:#6c757d;word-break:break-all\">").Append(Html.Encode(link)).Append("</p>")
                .Append("<hr><p style=\"font-size:13px;color:#6c757d\">").Append(Html.Encode(footer)).Append("</p>")
                .Append("</div></body></html>")
                .ToString();
            return (subject, text, html);
        }
        finally
        {
            CultureInfo.CurrentUICulture = ui;
            CultureInfo.CurrentCulture = formatting;
        }
    }

    private static string Cut(string value, int length) => value.Length > length ? value[..length] : value;
}
