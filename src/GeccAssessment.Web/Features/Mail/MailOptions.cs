namespace GeccAssessment.Web.Features.Mail;

/// <summary>
/// <c>Gecc:Mail:*</c> (environment: <c>Gecc__Mail__Host</c> …). Without a host nothing is sent: mail
/// waits in the outbox until a server is configured.
/// </summary>
public sealed class MailOptions
{
    public string Host { get; set; } = "";

    public int Port { get; set; } = 587;

    /// <summary>MailKit's SecureSocketOptions: StartTls (default), SslOnConnect, StartTlsWhenAvailable, None.</summary>
    public string Security { get; set; } = "StartTls";

    public string UserName { get; set; } = "";

    public string Password { get; set; } = "";

    public string FromAddress { get; set; } = "no-reply@gecc.localhost";

    public string FromName { get; set; } = "GECC";

    /// <summary>How long an idle sender waits before it looks at the outbox again.</summary>
    public double PollSeconds { get; set; } = 5;

    /// <summary>The first wait after a refusal; each further attempt waits twice as long (at most an hour).</summary>
    public double RetryBaseSeconds { get; set; } = 30;

    /// <summary>After this many attempts a message is marked failed and waits for a person (resend).</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>How long a claimed batch belongs to one sender; well above a batch's sending time.</summary>
    public double LeaseSeconds { get; set; } = 600;

    public int BatchSize { get; set; } = 20;

    /// <summary>
    /// The longest wait while the mail server is out of reach, for the mail and for the sender's next try:
    /// once the server is back, mail flows again within this (an hour's cap kept it waiting an hour).
    /// </summary>
    public double OutageRetryCapSeconds { get; set; } = 300;

    public int TimeoutSeconds { get; set; } = 20;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}
