using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace GeccAssessment.Web.Infrastructure;

/// <summary>
/// Asks PostgreSQL directly, with a short timeout and no pooled connection: the DbContext's retry
/// strategy would keep a load balancer waiting for a minute on a dead database.
/// </summary>
public sealed class DatabaseHealthCheck(IConfiguration configuration) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var builder = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString("Default"))
        {
            Pooling = false,
            Timeout = 3,
            CommandTimeout = 3,
        };
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", ex);
        }
    }
}
