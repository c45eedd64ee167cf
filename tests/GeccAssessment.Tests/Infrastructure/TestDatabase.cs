using GeccAssessment.Web.Data;
using GeccAssessment.Web.Data.Seeding;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GeccAssessment.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL that `./gecc test` starts (GECC_TEST_DB). Migrations run once into a template
/// database; each test class gets its own copy (CREATE DATABASE … TEMPLATE), which takes a fraction
/// of a second, and drops it afterwards.
/// </summary>
public static class TestDatabase
{
    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static string? _templateName;

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("GECC_TEST_DB") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "GECC_TEST_DB is not set. Run the tests with ./gecc test, which starts a throwaway PostgreSQL.");

    public static string ConnectionStringFor(string database, bool pooling = true) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database, Pooling = pooling }.ConnectionString;

    public static async Task<string> CreateAsync()
    {
        var template = await EnsureTemplateAsync();
        var name = "gecc_t_" + Guid.NewGuid().ToString("N");
        await ExecuteOnServerAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
        return name;
    }

    public static async Task DropAsync(string database)
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
    }

    private static async Task<string> EnsureTemplateAsync()
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (_templateName is not null)
            {
                return _templateName;
            }

            // Named after the newest migration, so a stale template is never reused.
            string latestMigration;
            await using (var probe = CreateContext("postgres"))
            {
                latestMigration = probe.Database.GetMigrations().Last();
            }

            var name = "gecc_template_" + latestMigration.ToLowerInvariant();
            await using var server = new NpgsqlConnection(ConnectionStringFor("postgres", pooling: false));
            await server.OpenAsync();
            // Other test assemblies may build the same template at the same moment.
            await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_lock(764223)", server))
            {
                await lockCommand.ExecuteNonQueryAsync();
            }

            await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", server))
            {
                exists.Parameters.AddWithValue("name", name);
                if (await exists.ExecuteScalarAsync() is null)
                {
                    await using var context = CreateContext(name);
                    await context.Database.MigrateAsync();
                    await ReferenceDataSeeder.SeedAsync(context);
                }
            }

            _templateName = name;
            return name;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    private static ApplicationDbContext CreateContext(string database) =>
        new(new DbContextOptionsBuilder<ApplicationDbContext>().UseNpgsql(ConnectionStringFor(database, pooling: false)).Options);

    private static async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres", pooling: false));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
