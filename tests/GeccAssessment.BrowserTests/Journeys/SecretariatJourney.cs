using System.Globalization;
using GeccAssessment.Web.Domain;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GeccAssessment.BrowserTests.Journeys;

/// <summary>When the two rounds take place, as typed into the schedule form (Thailand's time).</summary>
public sealed record Schedule(DateOnly PreliminaryOn, TimeOnly PreliminaryAt, string MeetingLink, DateOnly OnSiteOn, TimeOnly OnSiteAt, string OnSiteAddress);

/// <summary>The Secretariat (ฝ่ายเลขานุการ): screens and accepts, forms a subcommittee, assigns, schedules the rounds.</summary>
public sealed class SecretariatJourney(IPage page, string run) : Journey(page, run, "secretariat")
{
    private static readonly CultureInfo Thai = new("th-TH");

    public Task AcceptAsync(int cycleId, string pointName) => StepAsync("accept", async () =>
    {
        await Page.GotoAsync("/screening");
        await ChooseCycleAsync(cycleId);
        await Page.GetByRole(AriaRole.Link, new() { Name = pointName, Exact = true }).ClickAsync();
        await ExpectUrlAsync(@"/screening/show/\d+(\?|$)");
        // Read to the end, accept there (the same buttons sit above the application too)…
        await Page.Locator("#decide-bottom").GetByRole(AriaRole.Button, new() { Name = "รับใบสมัคร (ผ่านการตรวจสอบเอกสาร)", Exact = true }).ClickAsync();
        await ExpectSavedAsync("ผ่านการตรวจสอบเอกสาร");
        // …and land back on the queue as it was filtered, ready for the next one.
        await ExpectUrlAsync($@"/screening\?(.*&)?cycle={cycleId}(&|$)");
    });

    /// <summary>A subcommittee of the cycle: its chair, and members ticked by their e-mail addresses.</summary>
    public Task FormSubcommitteeAsync(int cycleId, string name, string chairEmail, IReadOnlyList<string> memberEmails) => StepAsync("form-subcommittee", async () =>
    {
        await Page.GotoAsync("/subcommittees");
        await ChooseCycleAsync(cycleId);
        var form = Page.Locator("form[action='/subcommittees/save']");
        await form.GetByLabel("ชื่อคณะอนุกรรมการ", new() { Exact = true }).FillAsync(name);
        var chair = form.GetByLabel("ประธาน", new() { Exact = true });
        var chairOption = await chair.Locator("option", new() { HasText = chairEmail }).GetAttributeAsync("value");
        await chair.SelectOptionAsync(chairOption!);
        foreach (var email in memberEmails)
        {
            await form.GetByLabel(email).CheckAsync();
        }

        await form.GetByRole(AriaRole.Button, new() { Name = "บันทึก", Exact = true }).ClickAsync();
        await ExpectSavedAsync(name);
        await Expect(Page.Locator("main table tbody")).ToContainTextAsync(name);
    });

    /// <summary>Ticks the application of one point among those not yet assigned and gives it to the subcommittee.</summary>
    public Task AssignAsync(int cycleId, string pointName, string subcommitteeName) => StepAsync("assign", async () =>
    {
        await Page.GotoAsync("/subcommittees/assign");
        await ChooseCycleAsync(cycleId);
        await Page.GetByLabel("เลือก " + pointName, new() { Exact = true }).CheckAsync();
        await Page.GetByLabel("มอบหมายให้", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = subcommitteeName });
        await Page.GetByRole(AriaRole.Button, new() { Name = "มอบหมายรายการที่เลือก", Exact = true }).ClickAsync();
        await ExpectSavedAsync("มอบหมายแล้ว 1 รายการ");
    });

    /// <summary>Sets the video-conference round and the site visit; the assessment's header then shows both in Thai.</summary>
    public Task<int> ScheduleAsync(int cycleId, string pointName, Schedule schedule) => StepAsync("schedule", async () =>
    {
        var id = await OpenAssessmentAsync(cycleId, pointName);
        var form = Page.Locator($"form[action$='/schedule/{I(id)}']");
        await form.Locator("#PreliminaryDate").FillAsync(Iso(schedule.PreliminaryOn));
        await form.Locator("#PreliminaryTime").FillAsync(Time(schedule.PreliminaryAt));
        await form.GetByLabel("ลิงก์ประชุมทางไกล", new() { Exact = true }).FillAsync(schedule.MeetingLink);
        await form.Locator("#OnSiteDate").FillAsync(Iso(schedule.OnSiteOn));
        await form.Locator("#OnSiteTime").FillAsync(Time(schedule.OnSiteAt));
        await form.GetByLabel("สถานที่ตรวจประเมิน", new() { Exact = true }).FillAsync(schedule.OnSiteAddress);
        await form.GetByRole(AriaRole.Button, new() { Name = "บันทึก", Exact = true }).ClickAsync();
        await ExpectSavedAsync("ข้อมูลการประเมิน");
        var header = Page.Locator("main dl").First;
        await Expect(header).ToContainTextAsync($"{BuddhistEraDate.Long(schedule.PreliminaryOn, Thai)} เวลา {Time(schedule.PreliminaryAt)} น.");
        await Expect(header).ToContainTextAsync($"{BuddhistEraDate.Long(schedule.OnSiteOn, Thai)} เวลา {Time(schedule.OnSiteAt)} น.");
        return id;
    });

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Time(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}
