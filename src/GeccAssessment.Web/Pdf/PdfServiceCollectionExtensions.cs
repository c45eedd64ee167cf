namespace GeccAssessment.Web.Pdf;

public static class PdfServiceCollectionExtensions
{
    /// <summary>One renderer for the app, with the Sarabun fonts served from wwwroot/lib/sarabun.</summary>
    public static IServiceCollection AddPdfRendering(this IServiceCollection services) =>
        services.AddSingleton(provider =>
            new PdfRenderer(new ThaiFonts(
                Path.Combine(provider.GetRequiredService<IWebHostEnvironment>().WebRootPath, "lib", "sarabun"),
                provider.GetRequiredService<ILogger<ThaiFonts>>())));
}
