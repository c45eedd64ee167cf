using GeccAssessment.Web.Data;
using GeccAssessment.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.AddGeccLogging();
builder.Services.AddGeccDatabase();
builder.Services.AddGeccIdentity();
builder.Services.AddGeccWeb();
builder.Services.AddGeccInputGuards();
builder.Services.AddGeccDeploymentSettings(builder.Configuration);
builder.Services.AddGeccRateLimits(builder.Configuration);
GeccAssessment.Web.Features.Mail.MailSetup.AddGeccMail(builder.Services);

var app = builder.Build();

// Production applies migrations only through this explicit step (docker-compose runs it once).
if (args.Contains("--migrate"))
{
    await DatabaseStartup.MigrateAndSeedAsync(app.Services, seedDemo: false);
    await DataProtectionKeyRing.EnsureAsync(app.Services);
    return;
}

if (app.Environment.IsDevelopment())
{
    await DatabaseStartup.MigrateAndSeedAsync(app.Services, seedDemo: true);
}

// Several instances share one key ring: it gets its key before any of them serves (ADR 0009).
await DataProtectionKeyRing.EnsureAsync(app.Services);

app.UseGeccPipeline();
await app.RunAsync();

/// <summary>Entry point; public so that WebApplicationFactory&lt;Program&gt; can host the app in tests.</summary>
public partial class Program;
