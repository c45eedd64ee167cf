using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Tests.Features.Dashboard;

/// <summary>
/// The app's sessions run without JIT compilation (docs/adr/0014): at ten times national PostgreSQL
/// spent 724 ms compiling one dashboard query that then ran in about 300.
/// </summary>
public class DashboardSessionTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    [Fact]
    public async Task The_apps_own_sessions_have_jit_off()
    {
        var jit = await app.WithDbAsync(db => db.Database.SqlQueryRaw<string>("SELECT current_setting('jit') AS \"Value\"").SingleAsync());
        Assert.Equal("off", jit);
    }

    [Theory]
    [InlineData("Host=h;Database=d", "-c jit=off")]
    [InlineData("Host=h;Database=d;Options=-c statement_timeout=5000", "-c statement_timeout=5000 -c jit=off")]
    [InlineData("Host=h;Database=d;Options=-c jit=on", "-c jit=on")]
    public void A_connection_string_gets_jit_off_unless_it_says_otherwise(string given, string options) =>
        Assert.Equal(options, new Npgsql.NpgsqlConnectionStringBuilder(WebSetup.Tuned(given)).Options);
}
