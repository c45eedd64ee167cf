using System.Globalization;

namespace GeccAssessment.Web.Features.Certificates;

/// <summary>
/// The documents are official Thai documents: while one is written, the UI culture is Thai whatever
/// language the person printing it reads the app in, so that every name taken from the resources
/// (dimensions, marks) is the Thai one; level names are taken as NameTh explicitly. Numbers and
/// dates are formatted with explicit cultures already, so the formatting culture is left alone.
/// </summary>
public sealed class ThaiDocument : IDisposable
{
    private static readonly CultureInfo Thai = CultureInfo.GetCultureInfo("th-TH");
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    private ThaiDocument()
    {
        CultureInfo.CurrentUICulture = Thai;
    }

    public static ThaiDocument Begin() => new();

    public void Dispose()
    {
        CultureInfo.CurrentUICulture = _uiCulture;
    }
}
