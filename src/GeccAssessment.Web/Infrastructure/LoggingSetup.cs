using Serilog;
using Serilog.Events;
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

            // Tests raise this to Error so that their output shows failures, not every request.
            var consoleLevel = configuration.GetValue("Gecc:ConsoleMinimumLevel", LogEventLevel.Verbose);
            if (Console.IsOutputRedirected)
            {
                logger.WriteTo.Console(new CompactJsonFormatter(), restrictedToMinimumLevel: consoleLevel);
            }
            else
            {
                logger.WriteTo.Console(restrictedToMinimumLevel: consoleLevel);
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
        }, preserveStaticLogger: true);
    }
}
