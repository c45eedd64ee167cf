using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using MimeKit;
using netDumbster.smtp;

namespace GeccAssessment.BrowserTests;

/// <summary>
/// The real SMTP server the browser tests' app sends to, read back as MIME. Under <c>./gecc test</c>
/// it is smtp4dev (the same mail catcher as <c>./gecc run</c>), started by the script and read through
/// its REST API (<c>GECC_TEST_SMTP_PORT</c>, <c>GECC_TEST_SMTP_API</c>); run without the script
/// (<c>dotnet test</c> alone), a netDumbster listener in this process takes its place.
/// </summary>
public abstract class Mailbox
{
    private static readonly Lazy<Mailbox> Instance = new(() =>
        Environment.GetEnvironmentVariable("GECC_TEST_SMTP_PORT") is { Length: > 0 } port
        && Environment.GetEnvironmentVariable("GECC_TEST_SMTP_API") is { Length: > 0 } api
            ? new Smtp4devMailbox(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture), api)
            : new InProcessMailbox());

    /// <summary>One for the whole test run: every browser app sends here.</summary>
    public static Mailbox Shared => Instance.Value;

    public abstract int SmtpPort { get; }

    /// <summary>What the report says the mail went through.</summary>
    public abstract string Name { get; }

    /// <summary>Every mail received so far for this address.</summary>
    public abstract Task<IReadOnlyList<MimeMessage>> ToAsync(string address);

    /// <summary>Waits until the address has a mail whose subject starts with <paramref name="subject"/>.</summary>
    public async Task<MimeMessage> WaitForAsync(string address, string subject, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var mails = await ToAsync(address);
            if (mails.FirstOrDefault(m => (m.Subject ?? "").StartsWith(subject, StringComparison.Ordinal)) is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException(
                    $"No mail '{subject}…' to {address} within {seconds} s ({Name}); it has: {string.Join(" | ", mails.Select(m => m.Subject))}");
            }

            await Task.Delay(250);
        }
    }

    private sealed class Smtp4devMailbox(int smtpPort, string api) : Mailbox
    {
        private readonly HttpClient _http = new() { BaseAddress = new Uri(api), Timeout = TimeSpan.FromSeconds(30) };

        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, MimeMessage> _loaded = new();

        public override int SmtpPort => smtpPort;

        public override string Name => "smtp4dev " + api;

        public override async Task<IReadOnlyList<MimeMessage>> ToAsync(string address)
        {
            // The summaries (newest first) narrowed by smtp4dev's own search; the raw mail of each, once.
            using var list = JsonDocument.Parse(await _http.GetStringAsync($"/api/messages?pageSize=500&searchTerms={Uri.EscapeDataString(address)}"));
            var ids = list.RootElement.GetProperty("results").EnumerateArray()
                .Where(m => m.GetProperty("to").EnumerateArray().Any(t => string.Equals(t.GetString(), address, StringComparison.OrdinalIgnoreCase)))
                .Select(m => m.GetProperty("id").GetString()!).ToList();
            var mails = new List<MimeMessage>();
            foreach (var id in ids)
            {
                if (!_loaded.TryGetValue(id, out var mail))
                {
                    await using var raw = await _http.GetStreamAsync($"/api/messages/{id}/raw");
                    using var copy = new MemoryStream();
                    await raw.CopyToAsync(copy);
                    copy.Position = 0;
                    mail = await MimeMessage.LoadAsync(copy);
                    _loaded[id] = mail;
                }

                mails.Add(mail);
            }

            return mails;
        }
    }

    private sealed class InProcessMailbox : Mailbox
    {
        private readonly SimpleSmtpServer _server;

        public InProcessMailbox()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            SmtpPort = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            _server = SimpleSmtpServer.Start(SmtpPort);
        }

        public override int SmtpPort { get; }

        public override string Name => "netDumbster on port " + SmtpPort;

        public override Task<IReadOnlyList<MimeMessage>> ToAsync(string address) =>
            Task.FromResult<IReadOnlyList<MimeMessage>>([.. _server.ReceivedEmail
                .Select(m => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Data))))
                .Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)))]);
    }
}
