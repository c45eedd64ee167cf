using System.Net;
using System.Net.Sockets;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using GeccAssessment.Web.Features.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GeccAssessment.Tests.Features.Mail;

/// <summary>
/// A sender of the tests' own against a mail server that is not there or does not answer. The app
/// here has no mail configured, so its own sender takes nothing from these tests.
/// </summary>
public class MailSenderTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    private MailSender SenderTo(int port, double timeoutSeconds = 5) => new(
        app.Services.GetRequiredService<IServiceScopeFactory>(),
        Microsoft.Extensions.Options.Options.Create(new MailOptions
        {
            Host = "127.0.0.1",
            Port = port,
            Security = "None",
            TimeoutSeconds = (int)timeoutSeconds,
        }),
        app.Services.GetRequiredService<ILogger<MailSender>>());

    private Task<OutboxMessage> RowAsync(string address) =>
        app.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.ToAddress == address));

    /// <summary>
    /// Through an outage of hours the mail's wait doubles, but no further than five minutes: once the
    /// server is back, the mail goes within that. (Capped at an hour, mail postponed late in a long
    /// outage waited up to an hour after the server was back.)
    /// </summary>
    [Fact]
    public async Task After_a_long_outage_mail_waits_at_most_five_minutes_for_the_server_back()
    {
        await OutboxRows.AddAsync(app, "outage-cap@example.test");
        var sender = SenderTo(LocalServers.FreePort());

        for (var poll = 0; poll < 10; poll++)
        {
            // Due again, as each postponement runs out during the outage.
            await app.WithDbAsync(db => db.OutboxMessages.Where(m => m.ToAddress == "outage-cap@example.test")
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.NextAttemptAtUtc, DateTime.UtcNow.AddSeconds(-1))));
            Assert.Equal(0, await sender.RunOnceAsync(CancellationToken.None));
        }

        var row = await RowAsync("outage-cap@example.test");
        Assert.Equal(OutboxStatus.Waiting, row.Status);
        Assert.Equal(0, row.Attempts);
        Assert.Null(row.LeaseToken);
        var wait = row.NextAttemptAtUtc - DateTime.UtcNow;
        Assert.InRange(wait, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
    }

    /// <summary>
    /// An instance stopped (TERM, a deploy) while it waits on the mail server gives back the batch it
    /// claimed at once: another instance sends it now, not when the ten-minute lease runs out.
    /// </summary>
    [Fact]
    public async Task A_sender_stopped_mid_batch_gives_back_the_mail_it_claimed()
    {
        await OutboxRows.AddAsync(app, "stopped@example.test");
        // A server that takes the connection and never greets: the sender waits on it, holding the row.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var sender = SenderTo(((IPEndPoint)silent.LocalEndpoint).Port, timeoutSeconds: 60);
        using var stopping = new CancellationTokenSource();

        var running = sender.RunOnceAsync(stopping.Token);
        using var connection = await silent.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull((await RowAsync("stopped@example.test")).LeaseToken);

        await stopping.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        var row = await RowAsync("stopped@example.test");
        Assert.Null(row.LeaseToken);
        Assert.Null(row.LeaseUntilUtc);
        Assert.Equal(OutboxStatus.Waiting, row.Status);
        Assert.Equal(0, row.Attempts);
        Assert.True(row.NextAttemptAtUtc <= DateTime.UtcNow);
    }
}
