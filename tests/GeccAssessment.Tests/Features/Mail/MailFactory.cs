using GeccAssessment.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using netDumbster.smtp;

namespace GeccAssessment.Tests.Features.Mail;

/// <summary>
/// The app with a real SMTP listener (netDumbster) on a free port of its own, and a sender that
/// looks often and retries quickly. Only this factory configures mail: other tests' mail waits in
/// the outbox, unsent.
/// </summary>
public class MailFactory : GeccAppFactory
{
    public int SmtpPort { get; } = LocalServers.FreePort();

    public SimpleSmtpServer? Smtp { get; private set; }

    public override async Task InitializeAsync()
    {
        StartSmtp();
        await base.InitializeAsync();
    }

    public void StartSmtp() => Smtp = SimpleSmtpServer.Start(SmtpPort);

    public void StopSmtp()
    {
        Smtp?.Stop();
        Smtp?.Dispose();
        Smtp = null;
    }

    /// <summary>Every mail the listener has received, parsed as MIME.</summary>
    public IReadOnlyList<MimeMessage> Received() =>
        Smtp is null ? [] : [.. Smtp.ReceivedEmail.Select(m => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Data))))];

    /// <summary>Waits until the listener holds at least <paramref name="count"/> mails matching the filter.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForMailAsync(Func<MimeMessage, bool> filter, int count = 1, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var found = Received().Where(filter).ToList();
            if (found.Count >= count || DateTime.UtcNow > deadline)
            {
                return found;
            }

            await Task.Delay(100);
        }
    }

    public Task<IReadOnlyList<MimeMessage>> WaitForMailToAsync(string address, int count = 1, int seconds = 30) =>
        WaitForMailAsync(m => m.To.Mailboxes.Any(b => b.Address == address), count, seconds);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Gecc:Mail:Host", "127.0.0.1");
        builder.UseSetting("Gecc:Mail:Port", SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Gecc:Mail:Security", "None");
        builder.UseSetting("Gecc:Mail:FromAddress", "gecc@example.test");
        builder.UseSetting("Gecc:Mail:PollSeconds", "0.2");
        builder.UseSetting("Gecc:Mail:RetryBaseSeconds", "0.5");
        builder.UseSetting("Gecc:Mail:TimeoutSeconds", "5");
        builder.UseSetting("Gecc:Mail:BatchSize", "5");
    }

    public override async ValueTask DisposeAsync()
    {
        StopSmtp();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public static class MimeText
{
    /// <summary>The plain-text part of a mail.</summary>
    public static string Text(this MimeMessage message) => message.TextBody ?? "";

    public static string Html(this MimeMessage message) => message.HtmlBody ?? "";
}

/// <summary>Reads mail as queued in the outbox, for tests whose app has no mail server.</summary>
public static class QueuedMail
{
    /// <summary>The path of the link in the newest mail of this kind queued for an address.</summary>
    public static async Task<string> LinkAsync(GeccAppFactory app, string email, Web.Domain.MailKind kind)
    {
        var text = await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(
            db.OutboxMessages.Where(m => m.ToAddress == email && m.Kind == kind).OrderByDescending(m => m.Id).Select(m => m.TextBody)));
        return new Uri(System.Text.RegularExpressions.Regex.Match(text, @"https?://\S+").Value).PathAndQuery;
    }
}

/// <summary>Rows put straight into the outbox, for the sender's tests.</summary>
public static class OutboxRows
{
    /// <summary>A waiting mail, due now, that has already been tried <paramref name="attempts"/> times.</summary>
    public static async Task AddAsync(GeccAppFactory app, string address, int attempts = 0)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Web.Data.ApplicationDbContext>();
        db.OutboxMessages.Add(new Web.Domain.OutboxMessage
        {
            Kind = Web.Domain.MailKind.ApplicationAccepted,
            ToAddress = address,
            Subject = "s",
            TextBody = "t",
            HtmlBody = "h",
            Attempts = attempts,
            CreatedAtUtc = DateTime.UtcNow,
            NextAttemptAtUtc = DateTime.UtcNow,
        });
        await db.SaveChangesAsync();
    }
}
