using System.Net;
using AngleSharp.Dom;
using GeccAssessment.Tests.Features.Certification;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Tests.Pdf;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;
using static GeccAssessment.Tests.Features.Certification.CertificationSteps;

namespace GeccAssessment.Tests.Features.Certificates;

/// <summary>
/// A certificate is a legal document: it prints the signatory it was issued with, whatever the
/// cycle's signatory becomes afterwards (docs/adr/0011).
/// </summary>
public class CertificateSignatoryTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    private static readonly (string Name, string Position) March = ("นางสาวสมหญิง ใจงาม", "รองปลัดสำนักนายกรัฐมนตรี");
    private static readonly (string Name, string Position) June = ("นายวีระ ทองดี", "ผู้ตรวจราชการสำนักนายกรัฐมนตรี");

    [Fact]
    public async Task A_certificate_keeps_the_signatory_it_was_issued_with_and_one_issued_after_the_change_carries_the_new_one()
    {
        var scene = await CertificationSteps.ArrangeAsync(app);
        await SignatoryOfCycleAsync(scene.CycleId, March);
        var committee = await CertificationSteps.SignedInAsync(app, scene.Committee);
        await DecideAsync(committee, scene, "certify", [scene.AssessmentIds[0]]);
        var first = await app.WithDbAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.CycleId == scene.CycleId));
        Assert.Equal(March, (first.SignatoryName, first.SignatoryPosition));
        // Drawn once before the change, so that a kept copy would be the one served if the key were wrong.
        AssertSigns(await PdfTextAsync(committee, $"/certificates/pdf/{I(first.Id)}"), March, June);

        // The Secretariat names a new signatory for the cycle.
        await SignatoryOfCycleAsync(scene.CycleId, June);

        // The certificate already issued prints, and shows, the signatory of its issue.
        AssertSigns(await PdfTextAsync(committee, $"/certificates/pdf/{I(first.Id)}"), March, June);
        AssertSigns(await SignatoryOnPageAsync(committee, first.Id), March, June);

        // One issued after the change carries the new signatory.
        await DecideAsync(committee, scene, "certify", [scene.AssessmentIds[1]]);
        var second = await app.WithDbAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.CycleId == scene.CycleId && c.Id != first.Id));
        Assert.Equal(June, (second.SignatoryName, second.SignatoryPosition));
        AssertSigns(await PdfTextAsync(committee, $"/certificates/pdf/{I(second.Id)}"), June, March);
        AssertSigns(await SignatoryOnPageAsync(committee, second.Id), June, March);

        // The meeting's batch, made in the background (two are above the tests' threshold), prints
        // each certificate with its own signatory.
        Assert.Equal(first.MeetingId, second.MeetingId);
        var queued = await committee.GetAsync($"/certificates/batch?meetingId={I(first.MeetingId)}");
        Assert.Equal(HttpStatusCode.Redirect, queued.StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        IDocument progress;
        do
        {
            await Task.Delay(500);
            progress = await committee.GetPageAsync(queued.Headers.Location!.ToString());
        }
        while (progress.QuerySelector("a[href*='batchjobfile']") is null && DateTime.UtcNow < deadline);
        using (var batch = PdfDocument.Open(await committee.GetByteArrayAsync(progress.QuerySelector("a[href*='batchjobfile']")!.GetAttribute("href"))))
        {
            Assert.Equal(2, batch.NumberOfPages);
            var pages = batch.GetPages().Select(p => PdfRendererTests.WithoutMarks(p.Text)).ToList();
            AssertSigns(pages.Single(p => p.Contains(first.Number, StringComparison.Ordinal)), March, June);
            AssertSigns(pages.Single(p => p.Contains(second.Number, StringComparison.Ordinal)), June, March);
        }

        // The cycle's report is made today, not issued: it is signed by the cycle's signatory of today.
        using var report = PdfDocument.Open(await committee.GetByteArrayAsync($"/certificates/cyclereport?cycleId={I(scene.CycleId)}"));
        var last = PdfRendererTests.WithoutMarks(report.GetPage(report.NumberOfPages).Text);
        Assert.Contains(PdfRendererTests.WithoutMarks($"({June.Name}){June.Position}"), last);
    }

    private Task<int> SignatoryOfCycleAsync(int cycleId, (string Name, string Position) signatory) =>
        app.WithDbAsync(db => db.Cycles.Where(c => c.Id == cycleId).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.SignatoryName, signatory.Name).SetProperty(c => c.SignatoryPosition, signatory.Position)));

    private static async Task<string> PdfTextAsync(HttpClient client, string url)
    {
        using var pdf = PdfDocument.Open(await client.GetByteArrayAsync(url));
        return PdfRendererTests.WithoutMarks(pdf.GetPage(1).Text);
    }

    private static async Task<string> SignatoryOnPageAsync(HttpClient client, int certificateId)
    {
        var page = await client.GetPageAsync($"/certificates/show/{I(certificateId)}");
        return PdfRendererTests.WithoutMarks(page.QuerySelector("#certificate-signatory")!.TextContent);
    }

    /// <summary>The text names <paramref name="signs"/> (name and position) and nothing of <paramref name="not"/>.</summary>
    private static void AssertSigns(string text, (string Name, string Position) signs, (string Name, string Position) not)
    {
        Assert.Contains(PdfRendererTests.WithoutMarks(signs.Name), text);
        Assert.Contains(PdfRendererTests.WithoutMarks(signs.Position), text);
        Assert.DoesNotContain(PdfRendererTests.WithoutMarks(not.Name), text);
        Assert.DoesNotContain(PdfRendererTests.WithoutMarks(not.Position), text);
    }
}
