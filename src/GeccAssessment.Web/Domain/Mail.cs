namespace GeccAssessment.Web.Domain;

/// <summary>
/// What a mail or in-app notification is about. Stored by name; each has a subject and a body in the
/// resources (<c>Mail.{Kind}.Subject</c>, <c>Mail.{Kind}.Body</c>). A user may turn off any kind
/// that <see cref="MailKinds.CanBeTurnedOff"/> allows.
/// </summary>
public enum MailKind
{
    PasswordReset,
    EmailConfirmation,
    ApplicationSubmitted,
    SubmissionDigest,
    ApplicationReturned,
    ApplicationAccepted,
    SubcommitteeAssigned,
    RoundScheduled,
    RoundChanged,
    RoundCancelled,

    /// <summary>One person taken out of a round (a conflict declared, a subcommittee left): the round itself goes on.</summary>
    RoundWithdrawn,

    ReconciliationOpened,
    SignedOff,
    Certified,
    NotCertified,
    CertificateRevoked,
    CertificateExpiring,
    CertificatesExpiringDigest,
}

public static class MailKinds
{
    /// <summary>Account mail answers the user's own request (or an admin's): it always goes.</summary>
    public static bool CanBeTurnedOff(MailKind kind) => kind is not (MailKind.PasswordReset or MailKind.EmailConfirmation);

    public static IEnumerable<MailKind> Optional => Enum.GetValues<MailKind>().Where(CanBeTurnedOff);
}

public enum OutboxStatus
{
    Waiting = 0,
    Sent = 1,
    Failed = 2,
}

/// <summary>
/// One mail to one address, written in the same transaction as the change it tells about (the
/// transactional outbox, docs/adr/0010-mail-outbox.md) and sent later by the mail sender. The text is
/// composed when the row is written, in the recipient's language; only the certificate PDF is
/// attached at sending, from <see cref="CertificateId"/>.
/// </summary>
public class OutboxMessage
{
    public long Id { get; set; }

    public MailKind Kind { get; set; }

    public string? ToUserId { get; set; }

    public required string ToAddress { get; set; }

    public string ToName { get; set; } = "";

    public required string Subject { get; set; }

    public required string TextBody { get; set; }

    public required string HtmlBody { get; set; }

    /// <summary>An iCalendar invitation (text/calendar) for rounds scheduled, changed or cancelled.</summary>
    public string? Calendar { get; set; }

    /// <summary>Attach this certificate's PDF when sending.</summary>
    public int? CertificateId { get; set; }

    public OutboxStatus Status { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>Not tried before this time (backoff after a refusal).</summary>
    public DateTime NextAttemptAtUtc { get; set; }

    public int Attempts { get; set; }

    /// <summary>While a sender holds the row, no other sender claims it (several app instances).</summary>
    public DateTime? LeaseUntilUtc { get; set; }

    public Guid? LeaseToken { get; set; }

    public DateTime? SentAtUtc { get; set; }

    public string? LastError { get; set; }
}

/// <summary>The in-app copy of a notification: the navbar's bell lists the unread ones.</summary>
public class Notification
{
    public long Id { get; set; }

    public required string UserId { get; set; }

    public MailKind Kind { get; set; }

    public required string Text { get; set; }

    public required string Link { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? ReadAtUtc { get; set; }
}

/// <summary>A user's mail language and the kinds of mail they turned off (no row: Thai, everything on).</summary>
public class MailPreference
{
    public required string UserId { get; set; }

    /// <summary>"th" or "en": the language the user last chose in the app (the Notifications page, or the th/en switch: at once when signed in, at the next sign-in when signed out).</summary>
    public string Language { get; set; } = "th";

    public List<MailKind> TurnedOff { get; set; } = [];
}

/// <summary>
/// A reminder already sent for a certificate's end: (certificate, days before) is unique, so the
/// reminder job sends each once however often it runs and however many instances run it.
/// </summary>
public class CertificateReminder
{
    public int CertificateId { get; set; }

    public int DaysBefore { get; set; }

    public DateTime SentAtUtc { get; set; }
}

/// <summary>
/// A day whose submissions were sent to the Secretariat as one digest: the day is the key, so the
/// digest job sends each day's digest once however often it runs and however many instances run it.
/// </summary>
public class SubmissionDigestDay
{
    /// <summary>The Thailand calendar day whose submissions the digest lists.</summary>
    public DateOnly Day { get; set; }

    public int Submissions { get; set; }

    public DateTime SentAtUtc { get; set; }
}
