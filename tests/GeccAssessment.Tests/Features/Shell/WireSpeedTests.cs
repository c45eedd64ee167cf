using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;
using GeccAssessment.Tests.Infrastructure;

namespace GeccAssessment.Tests.Features.Shell;

/// <summary>Fewer bytes on the wire: compressed pages, fingerprinted static files cached for a year, WOFF2 fonts.</summary>
public partial class WireSpeedTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Pages_and_stylesheets_come_compressed_and_read_back_whole(string encoding)
    {
        var client = app.CreateBrowser();
        foreach (var url in new[] { "/account/login", "/css/site.css" })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.AcceptEncoding.ParseAdd(encoding);
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
            await using var body = await response.Content.ReadAsStreamAsync();
            await using Stream decoded = encoding == "br" ? new BrotliStream(body, CompressionMode.Decompress) : new GZipStream(body, CompressionMode.Decompress);
            var text = await new StreamReader(decoded).ReadToEndAsync();
            Assert.Contains(url.EndsWith(".css", StringComparison.Ordinal) ? "font-family" : "</html>", text);
        }
    }

    [Fact]
    public async Task The_layout_fingerprints_its_files_which_are_then_cached_for_a_year()
    {
        var client = app.CreateBrowser();
        var page = await (await client.GetAsync("/account/login")).Content.ReadAsStringAsync();
        Assert.Matches("<meta name=\"description\" content=\"[^\"]{20,}\"", page);
        Assert.Matches("<link rel=\"icon\" href=\"/favicon.svg\\?v=", page);
        var stylesheet = FingerprintedSiteCss().Match(page).Value;
        Assert.NotEmpty(stylesheet);

        var fingerprinted = await client.GetAsync(WebUtility.HtmlDecode(stylesheet));
        Assert.Equal("public, max-age=31536000, immutable", fingerprinted.Headers.CacheControl!.ToString());
        var plain = await client.GetAsync("/css/site.css");
        Assert.Equal("public, max-age=3600", plain.Headers.CacheControl!.ToString());

        // The Thai face is WOFF2, preloaded, and a tenth of the TTF the PDFs use.
        Assert.Contains("rel=\"preload\" href=\"/lib/sarabun/sarabun-thai-400-normal.woff2?v=5.3.0\" as=\"font\"", page);
        var font = await client.GetAsync("/lib/sarabun/sarabun-thai-400-normal.woff2?v=5.3.0");
        Assert.Equal("font/woff2", font.Content.Headers.ContentType!.MediaType);
        Assert.True((await font.Content.ReadAsByteArrayAsync()).Length < 20_000);
        Assert.Equal("public, max-age=31536000, immutable", font.Headers.CacheControl!.ToString());
    }

    [GeneratedRegex("/css/site\\.css\\?v=[^\"]+")]
    private static partial Regex FingerprintedSiteCss();
}
