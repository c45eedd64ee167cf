using GeccAssessment.Web.Features.Account;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace GeccAssessment.Web.Features.Mail;

public static class MailSetup
{
    /// <summary>The outbox, its sender and the mail pages; one line in Program.</summary>
    public static void AddGeccMail(this IServiceCollection services)
    {
        services.AddOptions<MailOptions>().BindConfiguration("Gecc:Mail");
        services.AddScoped<Outbox>();
        services.AddScoped<Notices>();
        services.AddScoped<RoundNotices>();
        services.AddScoped<SentMail>();
        services.AddScoped<MailLinks>();
        services.AddScoped<MailAttachments>();
        services.AddSingleton<MailSender>();
        services.AddHostedService(provider => provider.GetRequiredService<MailSender>());
        services.AddSingleton<ReminderJob>();
        services.AddHostedService(provider => provider.GetRequiredService<ReminderJob>());
        services.AddSingleton<SubmissionDigestJob>();
        services.AddHostedService(provider => provider.GetRequiredService<SubmissionDigestJob>());

        // Account links: reset links are short-lived (the default token provider), confirmation
        // links have a provider of their own with a longer life.
        services.AddScoped<AccountMail>();
        services.AddOptions<AccountLinkOptions>().BindConfiguration("Gecc:Account");
        services.AddTransient<EmailConfirmationTokenProvider>();
        services.Configure<IdentityOptions>(options =>
        {
            options.Tokens.ProviderMap[EmailConfirmationTokenProvider.ProviderName] = new TokenProviderDescriptor(typeof(EmailConfirmationTokenProvider));
            options.Tokens.EmailConfirmationTokenProvider = EmailConfirmationTokenProvider.ProviderName;
        });
        services.AddOptions<DataProtectionTokenProviderOptions>().Configure<IOptions<AccountLinkOptions>>((options, links) =>
            options.TokenLifespan = TimeSpan.FromHours(links.Value.ResetLinkHours));
        services.AddOptions<EmailConfirmationTokenProviderOptions>().Configure<IOptions<AccountLinkOptions>>((options, links) =>
        {
            options.Name = EmailConfirmationTokenProvider.ProviderName;
            options.TokenLifespan = TimeSpan.FromHours(links.Value.ConfirmLinkHours);
        });
    }
}
