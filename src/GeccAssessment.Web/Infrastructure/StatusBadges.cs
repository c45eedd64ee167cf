using GeccAssessment.Web.Domain;

namespace GeccAssessment.Web.Infrastructure;

/// <summary>
/// An application status's badge colour. One place for the partial (_StatusBadge) and for the lists
/// that write the badge inline: a partial per row costs a view look-up and a view-data copy each.
/// </summary>
public static class StatusBadges
{
    public static string Css(ApplicationStatus status) => status switch
    {
        ApplicationStatus.Draft => "text-bg-secondary",
        ApplicationStatus.Submitted => "text-bg-primary",
        ApplicationStatus.Returned => "text-bg-warning",
        ApplicationStatus.Accepted => "text-bg-success",
        _ => "text-bg-light",
    };
}
