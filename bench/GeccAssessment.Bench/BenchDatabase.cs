using System.Globalization;
using Npgsql;

namespace GeccAssessment.Bench;

/// <summary>The bench's own database on the server it is given: created empty, dropped afterwards unless kept.</summary>
public sealed class BenchDatabase(string serverConnectionString, string name)
{
    public string Name { get; } = name;

    /// <summary>For the app, as it would be configured.</summary>
    public string AppConnectionString { get; } = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;

    /// <summary>For the bench's own work: long statements (index builds, VACUUM, EXPLAIN ANALYZE) have no time limit.</summary>
    public string ConnectionString { get; } = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name, CommandTimeout = 0 }.ConnectionString;

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(BenchOptions.ServerVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{BenchOptions.ServerVariable} is not set. Run the bench with ./gecc bench, which starts a throwaway PostgreSQL.");

    /// <returns>Whether the database was created now (false: it existed and is reused).</returns>
    public async Task<bool> EnsureCreatedAsync()
    {
        await using var server = await OpenServerAsync();
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", server);
        exists.Parameters.AddWithValue("name", Name);
        if (await exists.ExecuteScalarAsync() is not null)
        {
            return false;
        }

        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{Name}\"", server);
        await create.ExecuteNonQueryAsync();
        return true;
    }

    public async Task DropAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var server = await OpenServerAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", server);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>Runs one statement (or several, separated by semicolons) with no parameters; the rows it changed.</summary>
    public static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private async Task<NpgsqlConnection> OpenServerAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(serverConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>The server's postmaster PID, from its data directory (the bench's own cluster runs as this user, on this machine).</summary>
    public async Task<int> PostmasterAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand("SHOW data_directory", connection);
        var file = Path.Combine((string)(await command.ExecuteScalarAsync())!, "postmaster.pid");
        return File.Exists(file) ? int.Parse(File.ReadLines(file).First(), CultureInfo.InvariantCulture) : 0;
    }
}
