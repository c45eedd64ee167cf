using Serilog;
using Serilog.Formatting.Compact;

namespace GeccAssessment.Web.Infrastructure;

public static class LoggingSetup
{
    /// <summary>
    /// Serilog: readable console on a terminal, compact JSON when redirected (containers, CI),
    /// and daily rolling JSON files under Gecc:LogDirectory. Request logging writes paths without
    /// query strings or bodies, so passwords and tokens never reach a log line.
    /// </summary>
    public static void AddGeccLogging(this WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog((services, logger) =>
        {
            var configuration = services.GetRequiredService<IConfiguration>();
            logger.ReadFrom.Configuration(configuration)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext();

            if (!configuration.GetValue("Gecc:ConsoleLog", true))
            {
                // Tests switch the console off to keep their own output readable.
            }
            else if (Console.IsOutputRedirected)
            {
                logger.WriteTo.Console(new CompactJsonFormatter());
            }
            else
            {
                logger.WriteTo.Console();
            }

            var directory = configuration["Gecc:LogDirectory"];
            if (!string.IsNullOrWhiteSpace(directory))
            {
                logger.WriteTo.File(
                    new CompactJsonFormatter(),
                    Path.Combine(directory, "gecc-.log"),
                    rollingInterval: RollingInterval.Day,
                    retainedFileCountLimit: 31);
            }
        });
    }
}
