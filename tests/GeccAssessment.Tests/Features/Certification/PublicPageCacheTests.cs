using System.Net;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Tests.Pdf;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;
using static GeccAssessment.Tests.Features.Certification.CertificationSteps;

namespace GeccAssessment.Tests.Features.Certification;

/// <summary>The app as deployed: public pages kept for a minute (production: 10 s), so that a test can see them kept.</summary>
public sealed class CachingAppFactory : GeccAppFactory
{
    protected override string PublicPageCacheSeconds => "60";
}

/// <summary>The public pages kept for a few seconds (docs/adr/0016-public-page-cache.md), and certificate PDFs kept by what they are drawn from.</summary>
public class PublicPageCacheTests(CachingAppFactory app) : IClassFixture<CachingAppFactory>
{
    [Fact]
    public async Task A_public_page_is_kept_for_anonymous_visitors_and_a_revocation_through_the_app_shows_at_once()
    {
        var scene = await ArrangeAsync(app);
        var committee = await SignedInAsync(app, scene.Committee);
        await DecideAsync(committee, scene, "certify", [scene.AssessmentIds[0]]);
        var certificate = await app.WithDbAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.CycleId == scene.CycleId));
        var anonymous = app.CreateBrowser();
        var verify = $"/verify/{certificate.Number}";

        // An anonymous answer sets no cookie (none could be kept otherwise), and is kept.
        var first = await anonymous.GetAsync(verify);
        Assert.False(first.Headers.Contains("Set-Cookie"));
        Assert.Contains("ใบรับรองนี้ใช้ได้", (await HtmlForms.ParseAsync(first)).QuerySelector("#verify-status")!.TextContent);
        var renamed = "ศูนย์ที่เปลี่ยนชื่อหลังอ่าน " + Guid.NewGuid().ToString("N")[..6];
        await app.WithDbAsync(db => db.Certificates.Where(c => c.Id == certificate.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.ServicePointName, renamed)));
        Assert.DoesNotContain(renamed, HtmlForms.TextOf(await anonymous.GetPageAsync(verify)));
        // Not kept for a signed-in reader (the menus are theirs), nor across languages.
        Assert.Contains(renamed, HtmlForms.TextOf(await committee.GetPageAsync(verify)));
        var reader = app.CreateBrowser();
        var english = new Dictionary<string, string> { ["culture"] = "en-GB", ["returnUrl"] = "/" };
        Assert.Equal(HttpStatusCode.Redirect, (await reader.SubmitFormAsync(await reader.GetPageAsync("/centres"), "form[action='/culture/set']", english)).StatusCode);
        Assert.Contains(renamed, HtmlForms.TextOf(await reader.GetPageAsync(verify)));

        // Revoked through the app: every kept copy of this instance goes at once.
        var secretariat = await SignedInAsync(app, scene.Secretariat);
        Assert.Equal(HttpStatusCode.Redirect, (await RevokeAsync(secretariat, certificate.Id, "ย้ายที่ตั้ง")).StatusCode);
        var revoked = await anonymous.GetPageAsync(verify);
        Assert.Contains("ใบรับรองนี้ถูกเพิกถอนแล้ว", revoked.QuerySelector("#verify-status")!.TextContent);
        Assert.Contains(renamed, HtmlForms.TextOf(revoked));
    }

    [Fact]
    public async Task A_certificate_pdf_drawn_once_is_drawn_again_when_it_is_revoked()
    {
        var scene = await ArrangeAsync(app);
        var committee = await SignedInAsync(app, scene.Committee);
        await DecideAsync(committee, scene, "certify", [scene.AssessmentIds[0]]);
        var certificate = await app.WithDbAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.CycleId == scene.CycleId));
        var address = $"/certificates/pdf/{I(certificate.Id)}";

        var first = await committee.GetByteArrayAsync(address);
        Assert.Equal(first, await committee.GetByteArrayAsync(address));
        // Sent as it is even to a browser that takes Brotli: its streams are compressed inside already,
        // so compressing it again would only cost CPU (docs/adr/0021).
        var asked = new HttpRequestMessage(HttpMethod.Get, address);
        asked.Headers.AcceptEncoding.ParseAdd("br");
        asked.Headers.AcceptEncoding.ParseAdd("gzip");
        var plain = await committee.SendAsync(asked);
        Assert.Equal("application/pdf", plain.Content.Headers.ContentType!.MediaType);
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal(first, await plain.Content.ReadAsByteArrayAsync());
        using (var valid = PdfDocument.Open(first))
        {
            Assert.DoesNotContain(PdfRendererTests.WithoutMarks("ถูกเพิกถอน"), PdfRendererTests.WithoutMarks(valid.GetPage(1).Text));
        }

        await RevokeAsync(await SignedInAsync(app, scene.Secretariat), certificate.Id, "ย้ายที่ตั้ง");
        using var revoked = PdfDocument.Open(await committee.GetByteArrayAsync(address));
        Assert.Contains(PdfRendererTests.WithoutMarks("ใบรับรองนี้ถูกเพิกถอนแล้ว"), PdfRendererTests.WithoutMarks(revoked.GetPage(1).Text));
    }
}
