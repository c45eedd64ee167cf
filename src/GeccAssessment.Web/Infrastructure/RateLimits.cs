using System.Threading.RateLimiting;

namespace GeccAssessment.Web.Infrastructure;

/// <summary>
/// Sign-in is limited per client address (a fixed window per minute), against password guessing;
/// Identity's lockout protects each account on top. Account-creating forms have an hourly limit.
/// </summary>
public static class RateLimits
{
    public const string SignIn = "sign-in";

    /// <summary>Every form that creates an account: registration, add-colleague, the user page's create.</summary>
    public const string AccountCreation = "account-creation";

    public static IServiceCollection AddGeccRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        // Per client address: a provincial office signs in many people from one address at 8:30,
        // so the limit stops a guessing script without stopping the office. Behind the proxy the
        // address is the client's own (forwarded headers, see docker-compose.yml).
        var perMinute = configuration.GetValue("Gecc:RateLimit:SignInPerMinute", 30);
        var accountsPerHour = configuration.GetValue("Gecc:RateLimit:AccountsPerHour", 30);
        return services.AddRateLimiter(options =>
        {
            // 429 is then shown by the Thai error page (status code pages).
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(SignIn, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            // Per signed-in account when there is one (it cannot hide behind other addresses), else per
            // address: enough for an office setting up its people, too few for mass-made accounts.
            options.AddPolicy(AccountCreation, context => RateLimitPartition.GetFixedWindowLimiter(
                context.User.UserId() is { } userId ? "user:" + userId : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = accountsPerHour, Window = TimeSpan.FromHours(1), QueueLimit = 0 }));
        });
    }
}
