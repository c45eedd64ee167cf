using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using GeccAssessment.Web.Data;
using GeccAssessment.Web.Pdf;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.WebEncoders;
using Serilog;

namespace GeccAssessment.Web.Infrastructure;

public static class WebSetup
{
    public static readonly CultureInfo Thai = CreateThaiCulture();
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public static void AddGeccDatabase(this IServiceCollection services)
    {
        // Pooled (docs/adr/0017): a context is reset and reused instead of built per request; the
        // only thing it carries from its options, the audit interceptor, is one for all contexts.
        services.AddDbContextPool<ApplicationDbContext>((provider, options) =>
        {
            var connectionString = provider.GetRequiredService<IConfiguration>().GetConnectionString("Default");
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException("ConnectionStrings:Default is not set (./gecc run sets it for you).");
            }

            options.UseNpgsql(Tuned(connectionString), npgsql => npgsql.EnableRetryOnFailure(3, TimeSpan.FromSeconds(5), null));
            options.AddInterceptors(provider.GetRequiredService<AuditInterceptor>());
        });
        services.AddHttpContextAccessor();
        services.AddSingleton<AuditInterceptor>();
        // Optional streaming replica for the public pages and the dashboard (ConnectionStrings:ReadOnly).
        services.AddSingleton<ReplicaRouting>();
        services.AddScoped<ReadDb>();

        services.AddDataProtection()
            .SetApplicationName("GeccAssessment")
            .PersistKeysToDbContext<ApplicationDbContext>();

        // /health: the database answers (cheap, for the container's health check); /ready: and is migrated.
        services.AddSingleton<DatabaseProbe>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["live"])
            .AddCheck<DatabaseReadinessCheck>("migrations", tags: ["ready"]);
    }

    /// <summary>
    /// Connection settings chosen by measurement (bench/results/2026-11-29-connection-settings.md),
    /// each unless the connection string sets it: no reset on close (the app sets no session
    /// state, so Npgsql's DISCARD ALL before every reuse of a pooled connection was pure cost), and
    /// automatic preparation of the statements used most (EF sends the same few hundred texts), and
    /// a pool of at most 40 per instance, so that two instances (plus the small pools of /health and
    /// the rate limits) stay under PostgreSQL's default 100 connections.
    /// Behind PgBouncer in transaction mode the first two must be turned off in the connection string.
    /// And no JIT compilation (<c>-c jit=off</c> in the session's startup options, added to any given):
    /// the app's statements read a page or a cycle's aggregate, where compiling costs more than it saves
    /// (at ten times national the dashboard's province query spent 724 ms of 1,048 compiling;
    /// bench/results/2026-11-30-ten-times-national.md, docs/adr/0014).
    /// </summary>
    public static string Tuned(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var tuned = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            tuned.NoResetOnClose = true;
        }

        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            tuned.MaxAutoPrepare = 200;
        }

        if (!given.ContainsKey("Maximum Pool Size") && !given.ContainsKey("Max Pool Size") && !given.ContainsKey("MaxPoolSize"))
        {
            tuned.MaxPoolSize = 40;
        }

        if (tuned.Options?.Contains("jit", StringComparison.Ordinal) != true)
        {
            tuned.Options = string.IsNullOrWhiteSpace(tuned.Options) ? "-c jit=off" : tuned.Options + " -c jit=off";
        }

        return tuned.ConnectionString;
    }

    public static void AddGeccIdentity(this IServiceCollection services)
    {
        services.AddIdentity<ApplicationUser, IdentityRole>(options =>
            {
                // Length over composition (NIST SP 800-63B), plus one digit; guessability is
                // judged by zxcvbn (PasswordStrengthValidator).
                options.Password.RequiredLength = 10;
                options.Password.RequireDigit = true;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
                options.User.RequireUniqueEmail = true;
            })
            .AddEntityFrameworkStores<ApplicationDbContext>()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>()
            .AddClaimsPrincipalFactory<GeccClaimsPrincipalFactory>()
            .AddSignInManager<GeccSignInManager>()
            .AddPasswordValidator<PasswordStrengthValidator>();

        // Sessions are checked against the account every few seconds (SessionLifetime), so sign-out, a
        // password or role change and disabling end every session of the user (docs/adr/0005-session-revocation.md).
        services.AddOptions<GeccSessionOptions>().BindConfiguration("Gecc:Session");
        services.AddSingleton<SessionChecks>();

        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "gecc.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.Events.OnSigningIn = SessionLifetime.OnSigningIn;
            options.Events.OnValidatePrincipal = SessionLifetime.OnValidatePrincipal;
            // A signed-in user without the role gets a real 403 with the Thai error page, not a redirect;
            // a page's script gets 401/403 JSON, never the sign-in page's HTML (Infrastructure/ScriptRequests).
            options.Events.OnRedirectToLogin = ScriptRequests.OnRedirectToLogin;
            options.Events.OnRedirectToAccessDenied = ScriptRequests.OnRedirectToAccessDenied;
        });

        services.AddAuthorization(Policies.Add);
    }

    public static void AddGeccWeb(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<InstanceIdentity>();
        // On TERM (a deployment, the balancer taking an instance out) requests in flight are finished
        // first, up to this long; docker-compose's stop_grace_period leaves a little more.
        services.AddOptions<HostOptions>().Configure<IConfiguration>((options, configuration) =>
            options.ShutdownTimeout = TimeSpan.FromSeconds(configuration.GetValue("Gecc:ShutdownSeconds", 25)));
        services.AddGeccWireSpeed();
        services.AddScoped<Features.Home.HomeService>();
        services.AddScoped<Features.Audit.AuditTrail>();
        services.AddScoped<Features.Account.ApplicantRegistration>();
        services.AddScoped<Features.Users.UserAdministration>();
        services.AddScoped<Features.Culture.LanguageChoice>();
        services.AddScoped<Features.Agencies.AgencyService>();
        services.AddScoped<Features.ServicePoints.ServicePointService>();
        services.AddScoped<Features.Catalogue.CatalogueProvider>();
        services.AddScoped<Features.Cycles.CycleService>();
        services.AddScoped<Features.Applications.ApplicationService>();
        services.AddScoped<Features.Applications.ApplicationDetails>();
        services.AddScoped<Features.Screening.ScreeningService>();
        services.AddScoped<Features.Subcommittees.SubcommitteeService>();
        services.AddScoped<Features.Assessments.AssessmentAccess>();
        services.AddScoped<Features.Assessments.AssignmentService>();
        services.AddScoped<Features.Assessments.ScoringService>();
        services.AddScoped<Features.Assessments.ReconciliationService>();
        services.AddScoped<Features.Assessments.SignOffService>();
        services.AddScoped<Features.Decisions.DecisionService>();
        services.AddScoped<Features.Certificates.CertificateService>();
        services.AddScoped<Features.Certificates.CertificationDocuments>();
        services.AddSingleton<Features.Certificates.CertificatePdfCache>();
        services.AddScoped<Features.Emblem.EmblemService>();
        services.AddScoped<Features.Dashboard.DashboardService>();
        services.AddHostedService<Features.Certificates.DocumentJobWorker>();
        Features.Satisfaction.SatisfactionSetup.AddGeccSatisfaction(services);
        services.AddPdfRendering();
        services.AddScoped<Places>();
        services.AddMemoryCache();
        services.AddGeccPublicPageCache();
        services.AddOptions<EvidenceOptions>().BindConfiguration("Gecc:Evidence");

        // Thai text goes to the browser as text, not as &#xE2A; entities (three times the bytes).
        services.Configure<WebEncoderOptions>(options =>
            options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.BasicLatin, UnicodeRanges.Latin1Supplement, UnicodeRanges.Thai, UnicodeRanges.GeneralPunctuation));
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(Thai);
            options.SupportedCultures = [Thai, English];
            options.SupportedUICultures = [Thai, English];
            // Thai unless the user chose otherwise: the browser's Accept-Language is deliberately ignored.
            options.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });

        // One year, as ASVS 9.1 expects; the TLS-terminating proxy in front forwards HTTPS.
        services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = true;
        });
        services.AddSingleton<Microsoft.AspNetCore.Mvc.DataAnnotations.IValidationAttributeAdapterProvider, GeccValidationAttributeAdapterProvider>();
        services.AddRouting(options => options.LowercaseUrls = true);
        services.AddControllersWithViews(options => options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute()))
            .AddRazorOptions(options =>
            {
                // Feature folders: Features/<Controller>/<View>.cshtml, shared parts in Features/Shared.
                options.ViewLocationFormats.Clear();
                options.ViewLocationFormats.Add("/Features/{1}/{0}" + RazorViewEngine.ViewExtension);
                options.ViewLocationFormats.Add("/Features/Shared/{0}" + RazorViewEngine.ViewExtension);
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(options =>
                options.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));

        services.AddOptions<MvcOptions>().Configure<IStringLocalizerFactory>((options, factory) =>
        {
            var localizer = factory.Create(typeof(SharedResource));
            var messages = options.ModelBindingMessageProvider;
            messages.SetValueMustNotBeNullAccessor(_ => localizer["Validation.ValueRequired"]);
            messages.SetMissingBindRequiredValueAccessor(_ => localizer["Validation.ValueRequired"]);
            messages.SetAttemptedValueIsInvalidAccessor((_, _) => localizer["Validation.Invalid"]);
            messages.SetUnknownValueIsInvalidAccessor(_ => localizer["Validation.Invalid"]);
            messages.SetValueIsInvalidAccessor(_ => localizer["Validation.Invalid"]);
            messages.SetValueMustBeANumberAccessor(_ => localizer["Validation.Number"]);
            messages.SetMissingKeyOrValueAccessor(() => localizer["Validation.ValueRequired"]);
            messages.SetNonPropertyAttemptedValueIsInvalidAccessor(_ => localizer["Validation.Invalid"]);
            messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => localizer["Validation.Invalid"]);
            messages.SetNonPropertyValueMustBeANumberAccessor(() => localizer["Validation.Number"]);
        });
    }

    public static void UseGeccPipeline(this WebApplication app)
    {
        app.RequireProductionSettings();
        if (app.Environment.IsDevelopment())
        {
            app.UseDeveloperExceptionPage();
        }
        else
        {
            app.UseExceptionHandler("/error/500");
            app.UseHsts();
        }

        app.UseSecurityHeaders();
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseResponseCompression();
        app.UseGeccStaticFiles();
        // The app's own logger, not Serilog's static one: several app instances in one process
        // (the tests) would otherwise write each other's request logs.
        app.UseSerilogRequestLogging(options => options.Logger = app.Services.GetRequiredService<Serilog.ILogger>());
        app.UseAbortedRequestHandling();
        app.UseCookiePolicy();
        app.UseRouting();
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuthorization();
        // After authentication: a signed-in user's page (menus, bell) is never kept.
        app.UseOutputCache();
        app.UseRequestSizeGuard();
        app.UseRateLimiter();

        app.MapHealthChecks("/health", new() { Predicate = check => check.Tags.Contains("live") }).AllowAnonymous();
        app.MapHealthChecks("/ready", new() { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
        // Every action needs a signed-in user unless it says [AllowAnonymous]; controllers add roles.
        // (Not a fallback policy: that would also send anonymous visitors of unknown URLs to sign-in instead of a 404.)
        app.MapControllerRoute("default", "{controller=Home}/{action=Index}/{id?}").RequireAuthorization();
    }

    /// <summary>
    /// Thai formatting with the Gregorian calendar: ICU's th-TH defaults to the Buddhist calendar,
    /// which would make model binding read "2020-07-17" as B.E. 2020. Buddhist-era text is written
    /// explicitly by <see cref="Domain.BuddhistEraDate"/>.
    /// </summary>
    private static CultureInfo CreateThaiCulture()
    {
        var culture = new CultureInfo("th-TH");
        culture.DateTimeFormat.Calendar = new GregorianCalendar();
        return CultureInfo.ReadOnly(culture);
    }
}
