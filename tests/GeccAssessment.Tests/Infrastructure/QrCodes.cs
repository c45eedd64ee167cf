using System.Diagnostics;
using SkiaSharp;
using ZXing;
using ZXing.Common;

namespace GeccAssessment.Tests.Infrastructure;

/// <summary>Reads a QR code the way a phone would: from a picture of the printed page.</summary>
public static class QrCodes
{
    /// <summary>
    /// Rasterises the PDF's first page with poppler's pdftoppm (installed by ./gecc test) and decodes the
    /// QR code on it. Like a phone moved closer or further, it tries a few resolutions: at one resolution
    /// alone ZXing now and then misses a code whose modules fall badly on the pixel grid.
    /// </summary>
    public static string ReadFromPdfPage(byte[] pdf)
    {
        var folder = Directory.CreateTempSubdirectory("gecc-qr-");
        try
        {
            var input = Path.Combine(folder.FullName, "page.pdf");
            File.WriteAllBytes(input, pdf);
            foreach (var resolution in new[] { "150", "200", "120", "300" })
            {
                if (Decode(Rasterise(input, folder.FullName, resolution)) is { } text)
                {
                    return text;
                }
            }

            throw new Xunit.Sdk.XunitException("No QR code found on the page.");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string Rasterise(string input, string folder, string resolution)
    {
        var output = Path.Combine(folder, "page-" + resolution);
        using (var pdftoppm = Process.Start(new ProcessStartInfo("pdftoppm", ["-r", resolution, "-png", "-singlefile", "-f", "1", input, output]) { RedirectStandardError = true })!)
        {
            pdftoppm.WaitForExit(TimeSpan.FromSeconds(60));
            Assert.True(pdftoppm.ExitCode == 0, "pdftoppm failed: " + pdftoppm.StandardError.ReadToEnd());
        }

        return output + ".png";
    }

    private static string? Decode(string png)
    {
        using var bitmap = SKBitmap.Decode(png);
        var gray = new byte[bitmap.Width * bitmap.Height];
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                gray[(y * bitmap.Width) + x] = (byte)(((c.Red * 299) + (c.Green * 587) + (c.Blue * 114)) / 1000);
            }
        }

        var source = new RGBLuminanceSource(gray, bitmap.Width, bitmap.Height, RGBLuminanceSource.BitmapFormat.Gray8);
        var reader = new BarcodeReaderGeneric { Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true } };
        return reader.Decode(source)?.Text;
    }
}
