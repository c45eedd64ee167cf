using System.Threading.RateLimiting;

namespace GeccAssessment.Web.Infrastructure;

/// <summary>
/// Sign-in and registration are limited per client address (a fixed window per minute), against
/// password guessing and mass registration; Identity's lockout protects each account on top.
/// </summary>
public static class RateLimits
{
    public const string SignIn = "sign-in";

    public static IServiceCollection AddGeccRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        // Per client address: a provincial office signs in many people from one address at 8:30,
        // so the limit stops a guessing script without stopping the office. Behind the proxy the
        // address is the client's own (forwarded headers, see docker-compose.yml).
        var perMinute = configuration.GetValue("Gecc:RateLimit:SignInPerMinute", 30);
        return services.AddRateLimiter(options =>
        {
            // 429 is then shown by the Thai error page (status code pages).
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(SignIn, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
    }
}
