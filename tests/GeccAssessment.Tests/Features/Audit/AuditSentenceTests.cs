using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;

namespace GeccAssessment.Tests.Features.Audit;

/// <summary>The audit trail reads as Thai sentences: who by name, what, and each field's old → new value in words.</summary>
public class AuditSentenceTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    [Fact]
    public async Task A_returned_application_reads_as_a_sentence_with_the_persons_name_and_old_and_new_values()
    {
        var cycle = await TestData.CreateCycleAsync(app, TestData.UniqueYear());
        var agency = await TestData.CreateAgencyAsync(app, "สำนักงานประวัติการแก้ไข");
        var application = await TestData.CreateApplicationAsync(app, cycle.Id, await TestData.CreateServicePointAsync(app, agency.Id, "จุดตรวจประวัติ"), ApplicationStatus.Submitted);
        await app.CreateUserAsync("somsri@audit.test", Roles.Secretariat, displayName: "นางสมศรี ตรวจดี");
        var secretariat = app.CreateBrowser();
        await secretariat.SignInOrFailAsync("somsri@audit.test");
        var id = application.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var page = await secretariat.GetPageAsync($"/screening/show/{id}");
        await secretariat.SubmitFormAsync(page, "#return-form", new Dictionary<string, string> { ["reason"] = "กรุณาแนบภาพถ่าย" });

        var audit = await secretariat.GetPageAsync($"/audit?entityType=Application&entityId={id}");

        var row = audit.QuerySelectorAll("tbody tr").Select(r => r.TextContent).First(t => t.Contains("เหตุผลที่ส่งคืน", StringComparison.Ordinal));
        Assert.Contains($"นางสมศรี ตรวจดี แก้ไข ใบสมัคร #{id}", Normalise(row));
        Assert.Contains("สถานะ: จาก “ส่งแล้ว รอตรวจสอบ” เป็น “ส่งคืนแก้ไข”", Normalise(row));
        Assert.Contains("เหตุผลที่ส่งคืน: จาก “(ว่าง)” เป็น “กรุณาแนบภาพถ่าย”", Normalise(row));
        // No raw JSON and no stored enumeration names.
        Assert.DoesNotContain("{\"", audit.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Returned\"", audit.Body.TextContent, StringComparison.Ordinal);
        Assert.Null(audit.QuerySelector("tbody code"));
    }

    private static string Normalise(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");
}
