using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace GeccAssessment.Web.Features.Satisfaction;

public static class SatisfactionSetup
{
    /// <summary>The answers per client address, in memory only: addresses are never stored.</summary>
    public const string PerAddress = "satisfaction-per-address";

    public static IServiceCollection AddGeccSatisfaction(this IServiceCollection services)
    {
        services.AddOptions<SatisfactionOptions>().BindConfiguration("Gecc:Satisfaction");
        services.AddScoped<SurveyService>();
        services.AddScoped<SatisfactionService>();
        services.AddScoped<SatisfactionFigures>();
        services.AddSingleton<DaySalts>();
        services.AddSingleton<BurstWatch>();
        services.AddSingleton<SurveyStore>();
        services.AddOptions<RateLimiterOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            var perHour = configuration.GetValue("Gecc:Satisfaction:PerAddressPerHour", new SatisfactionOptions().PerAddressPerHour);
            // An IPv6 phone by its /64: by its full address, it could take a new one for every answer.
            options.AddPolicy(PerAddress, context => RateLimitPartition.GetSlidingWindowLimiter(
                Infrastructure.ClientAddress.KeyOf(context),
                _ => new SlidingWindowRateLimiterOptions { PermitLimit = perHour, Window = TimeSpan.FromHours(1), SegmentsPerWindow = 12, QueueLimit = 0 }));
        });
        return services;
    }
}
