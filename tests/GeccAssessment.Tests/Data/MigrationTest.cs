using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GeccAssessment.Tests.Data;

/// <summary>
/// A test of what one migration does to data already stored: a database of its own, migrated to just
/// before that migration, rows written in SQL as that schema had them, then migrated up. Writing the
/// rows through the current model would break as soon as a later migration adds a column.
/// </summary>
public abstract class MigrationTest(string migration) : IAsyncLifetime
{
    private readonly string _database = "gecc_m_" + Guid.NewGuid().ToString("N");

    public Task InitializeAsync() => ServerAsync("CREATE DATABASE \"" + _database + "\"");

    public Task DisposeAsync() => TestDatabase.DropAsync(_database);

    /// <summary>A context on this test's database, migrated to the migration before the one tested.</summary>
    protected async Task<ApplicationDbContext> BeforeTheMigrationAsync()
    {
        var db = new ApplicationDbContext(new DbContextOptionsBuilder<ApplicationDbContext>()
            .UseNpgsql(TestDatabase.ConnectionStringFor(_database, pooling: false)).Options);
        var migrations = db.Database.GetMigrations().ToList();
        var previous = migrations[migrations.FindIndex(m => m.EndsWith("_" + migration, StringComparison.Ordinal)) - 1];
        await db.GetService<IMigrator>().MigrateAsync(previous);
        return db;
    }

    /// <summary>Runs SQL written for the previous schema on the context's connection; the test's own values only.</summary>
    protected static async Task<int> ScalarAsync(ApplicationDbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync();
        }

        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ServerAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(TestDatabase.ConnectionStringFor("postgres", pooling: false));
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
