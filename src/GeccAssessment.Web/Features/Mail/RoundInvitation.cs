using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace GeccAssessment.Web.Features.Mail;

/// <summary>
/// The iCalendar invitation (RFC 5545) sent with a round scheduled, moved or cancelled. One UID per
/// assessment and round, and a growing SEQUENCE, so that a calendar updates the same event.
/// </summary>
public static class RoundInvitation
{
    public static string Create(int assessmentId, string round, DateTime startUtc, string summary, string? place, string link, bool cancelled, DateTime nowUtc)
    {
        var calendar = new Calendar { Method = cancelled ? "CANCEL" : "REQUEST" };
        calendar.Events.Add(new CalendarEvent
        {
            Uid = $"gecc-assessment-{assessmentId}-{round}@gecc",
            // Seconds (not minutes, as before: still higher than any sent then), so that a cancellation
            // a member's declaration sends right after the invitation still supersedes it. An int until 2088.
            Sequence = (int)(nowUtc - new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalSeconds,
            DtStamp = new CalDateTime(nowUtc, "UTC"),
            DtStart = new CalDateTime(startUtc, "UTC"),
            DtEnd = new CalDateTime(startUtc.AddHours(3), "UTC"),
            Summary = summary,
            Location = place,
            Description = link,
            // The link is as typed (checked to start with https://, not to be a well-formed address):
            // one that is not a valid URI stays in the description only, rather than failing the schedule.
            Url = Uri.TryCreate(link, UriKind.Absolute, out var url) ? url : null,
            Status = cancelled ? "CANCELLED" : "CONFIRMED",
        });
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }
}
