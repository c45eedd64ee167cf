using System.Net;
using GeccAssessment.Tests.Infrastructure;
using GeccAssessment.Web.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GeccAssessment.Tests.Features.Security;

/// <summary>
/// Every endpoint of the app, from its endpoint data source, against the decision written here:
/// who may call it. A new endpoint without a line in <see cref="Expected"/> fails the test, and each
/// page that needs no id is requested as every role and as an anonymous visitor.
/// </summary>
public class AuthorizationMatrixTests(GeccAppFactory app) : IClassFixture<GeccAppFactory>
{
    private const string Anonymous = "anonymous";
    private const string SignedIn = "signed-in";

    /// <summary>"Controller.Action METHOD" → anonymous, signed-in, or the roles (sorted, comma-separated).</summary>
    private static readonly Dictionary<string, string> Expected = new()
    {
        ["Account.Login GET"] = Anonymous,
        ["Account.Login POST"] = Anonymous,
        ["Account.Logout POST"] = SignedIn,
        ["Account.Password GET"] = SignedIn,
        ["Account.Password POST"] = SignedIn,
        ["Account.Register GET"] = Anonymous,
        ["Account.Register POST"] = Anonymous,
        ["Account.Forgot GET"] = Anonymous,
        ["Account.Forgot POST"] = Anonymous,
        ["Account.Reset GET"] = Anonymous,
        ["Account.Reset POST"] = Anonymous,
        ["Account.Confirm GET"] = Anonymous,
        ["Account.SendConfirmation POST"] = SignedIn,
        ["Mail.Index GET"] = "Secretariat",
        ["Mail.Resend POST"] = "Secretariat",
        ["Notifications.Index GET"] = SignedIn,
        ["Notifications.Open GET"] = SignedIn,
        ["Notifications.ReadAll POST"] = SignedIn,
        ["Notifications.Preferences POST"] = SignedIn,
        ["Users.SendReset POST"] = "Admin,Secretariat",
        ["Agencies.Index GET"] = "Admin,Secretariat",
        ["Agencies.Mine GET"] = "Applicant",
        ["Agencies.Mine POST"] = "Applicant",
        ["Agencies.AddColleague POST"] = "Applicant",
        ["Applications.Index GET"] = "Applicant",
        ["Applications.Create GET"] = "Applicant",
        ["Applications.Create POST"] = "Applicant",
        ["Applications.Edit GET"] = "Applicant",
        ["Applications.Save POST"] = "Applicant",
        ["Applications.SavePart POST"] = "Applicant",
        ["Applications.Certificate GET"] = "Applicant",
        ["Assessments.Index GET"] = "Admin,Assessor,Secretariat,SteeringCommittee,SubcommitteeChair",
        ["Assessments.Show GET"] = "Admin,Assessor,Secretariat,SteeringCommittee,SubcommitteeChair",
        ["Assessments.Declare POST"] = "Admin,Assessor,Secretariat,SteeringCommittee,SubcommitteeChair",
        ["Assessments.Schedule POST"] = "Admin,Assessor,Secretariat,SteeringCommittee,SubcommitteeChair",
        ["Assessments.Preliminary POST"] = "Admin,Assessor,Secretariat,SteeringCommittee,SubcommitteeChair",
        ["Assessments.Score GET"] = "Admin,Assessor,Secretariat,SteeringCommittee,SubcommitteeChair",
        ["Assessments.Mark POST"] = "Admin,Assessor,Secretariat,SteeringCommittee,SubcommitteeChair",
        ["Assessments.Photo POST"] = "Admin,Assessor,Secretariat,SteeringCommittee,SubcommitteeChair",
        ["Assessments.PhotoFile GET"] = "Admin,Assessor,Secretariat,SteeringCommittee,SubcommitteeChair",
        ["Assessments.OpenReconciliation POST"] = "Admin,Assessor,Secretariat,SteeringCommittee,SubcommitteeChair",
        ["Assessments.Reconcile GET"] = "Admin,Assessor,Secretariat,SteeringCommittee,SubcommitteeChair",
        ["Assessments.Reconcile POST"] = "Admin,Assessor,Secretariat,SteeringCommittee,SubcommitteeChair",
        ["Assessments.SignOff POST"] = "Admin,Assessor,Secretariat,SteeringCommittee,SubcommitteeChair",
        ["Assessments.Unlock POST"] = "Admin,Assessor,Secretariat,SteeringCommittee,SubcommitteeChair",
        ["Audit.Index GET"] = "Admin,Secretariat",
        ["Certificates.Index GET"] = "Secretariat,SteeringCommittee",
        ["Certificates.Show GET"] = "Secretariat,SteeringCommittee",
        ["Certificates.Pdf GET"] = "Secretariat,SteeringCommittee",
        ["Certificates.Batch GET"] = "Secretariat,SteeringCommittee",
        ["Certificates.BatchJob GET"] = "Secretariat,SteeringCommittee",
        ["Certificates.BatchJobFile GET"] = "Secretariat,SteeringCommittee",
        ["Certificates.BatchJobStatus GET"] = "Secretariat,SteeringCommittee",
        ["Certificates.AssessmentReport GET"] = "Secretariat,SteeringCommittee",
        ["Certificates.CycleReport GET"] = "Secretariat,SteeringCommittee",
        ["Certificates.Revoke POST"] = "Secretariat,SteeringCommittee",
        ["Certificates.Award POST"] = "Secretariat,SteeringCommittee",
        ["Culture.Set POST"] = Anonymous,
        ["Cycles.Index GET"] = "Secretariat",
        ["Cycles.Create GET"] = "Secretariat",
        ["Cycles.Edit GET"] = "Secretariat",
        ["Cycles.Save POST"] = "Secretariat",
        ["Cycles.Advance POST"] = "Secretariat",
        ["Cycles.Catalogue GET"] = "Secretariat",
        ["Cycles.Settings POST"] = "Secretariat",
        ["Cycles.Criterion GET"] = "Secretariat",
        ["Cycles.SaveCriterion POST"] = "Secretariat",
        ["Cycles.DeleteCriterion POST"] = "Secretariat",
        ["Cycles.CopyCatalogue POST"] = "Secretariat",
        ["Dashboard.Index GET"] = "Secretariat,SteeringCommittee",
        ["Decisions.Index GET"] = "SteeringCommittee",
        ["Decisions.Export GET"] = "SteeringCommittee",
        ["Decisions.Decide POST"] = "SteeringCommittee",
        ["Errors.Show *"] = Anonymous,
        ["Emblem.Index GET"] = "Admin",
        ["Emblem.Image GET"] = "Admin",
        ["Emblem.Upload POST"] = "Admin",
        ["Emblem.Remove POST"] = "Admin",
        ["Evidence.Download GET"] = SignedIn,
        ["Home.Index GET"] = SignedIn,
        ["Public.Verify GET"] = Anonymous,
        ["Public.Centres GET"] = Anonymous,
        ["Satisfaction.Survey GET"] = Anonymous,
        ["Satisfaction.Survey POST"] = Anonymous,
        ["Satisfaction.Thanks GET"] = Anonymous,
        ["Satisfaction.Index GET"] = "Applicant,Secretariat",
        ["Satisfaction.Poster GET"] = "Applicant,Secretariat",
        ["Satisfaction.Reissue POST"] = "Applicant,Secretariat",
        ["Satisfaction.Results GET"] = "Applicant,Secretariat,SteeringCommittee",
        ["Satisfaction.Assessment GET"] = "Admin,Assessor,Secretariat,SteeringCommittee,SubcommitteeChair",
        ["Satisfaction.Review GET"] = "Secretariat",
        ["Satisfaction.Review POST"] = "Secretariat",
        ["Satisfaction.Questions GET"] = "Secretariat",
        ["Satisfaction.Questions POST"] = "Secretariat",
        ["Screening.Index GET"] = "Secretariat",
        ["Screening.Show GET"] = "Secretariat",
        ["Screening.Accept POST"] = "Secretariat",
        ["Screening.Return POST"] = "Secretariat",
        ["ServicePoints.Index GET"] = "Applicant",
        ["ServicePoints.Create GET"] = "Applicant",
        ["ServicePoints.Edit GET"] = "Applicant",
        ["ServicePoints.Save POST"] = "Applicant",
        ["Subcommittees.Index GET"] = "Secretariat",
        ["Subcommittees.Edit GET"] = "Secretariat",
        ["Subcommittees.Save POST"] = "Secretariat",
        ["Subcommittees.Assign GET"] = "Secretariat",
        ["Subcommittees.Assign POST"] = "Secretariat",
        ["Users.Index GET"] = "Admin,Secretariat",
        ["Users.Create GET"] = "Admin,Secretariat",
        ["Users.Create POST"] = "Admin,Secretariat",
        ["Users.Edit GET"] = "Admin,Secretariat",
        ["Users.Edit POST"] = "Admin,Secretariat",
        ["Users.Disable POST"] = "Admin,Secretariat",
        ["Users.Enable POST"] = "Admin,Secretariat",
    };

    [Fact]
    public void Every_endpoint_has_a_decision_and_its_attributes_match_it()
    {
        var actual = Endpoints().ToDictionary(e => e.Key, e => e.Access);
        var undecided = actual.Keys.Except(Expected.Keys).Order().ToList();
        Assert.True(undecided.Count == 0, "Endpoints without a decision in the matrix: " + string.Join("; ", undecided.Select(k => $"{k} = {actual[k]}")));
        var gone = Expected.Keys.Except(actual.Keys).ToList();
        Assert.True(gone.Count == 0, "Decisions for endpoints that no longer exist: " + string.Join("; ", gone));
        var wrong = Expected.Where(e => actual[e.Key] != e.Value).Select(e => $"{e.Key}: expected {e.Value}, is {actual[e.Key]}").ToList();
        Assert.True(wrong.Count == 0, string.Join("; ", wrong));
    }

    [Fact]
    public async Task Every_page_without_an_id_answers_each_role_as_the_matrix_says()
    {
        var pages = Endpoints().Where(e => e.Method == "GET" && e.Url is not null).ToList();
        Assert.True(pages.Count > 15, $"{pages.Count} pages");
        var clients = new Dictionary<string, HttpClient> { [Anonymous] = app.CreateBrowser() };
        foreach (var role in Roles.All)
        {
            var email = $"matrix-{role.ToLowerInvariant()}-{Guid.NewGuid():N}@matrix.test";
            int? agencyId = role == Roles.Applicant ? (await TestData.CreateAgencyAsync(app, "หน่วยงานทดสอบสิทธิ์")).Id : null;
            await app.CreateUserAsync(email, role, agencyId);
            clients[role] = app.CreateBrowser();
            await clients[role].SignInOrFailAsync(email);
        }

        var failures = new List<string>();
        foreach (var page in pages)
        {
            foreach (var (who, client) in clients)
            {
                var allowed = Expected[page.Key] switch
                {
                    Anonymous => true,
                    SignedIn => who != Anonymous,
                    var roles => roles.Split(',').Contains(who),
                };
                var response = await client.GetAsync(page.Url);
                var location = response.Headers.Location?.ToString() ?? "";
                var refused = response.StatusCode == HttpStatusCode.Forbidden || location.Contains("/account/login", StringComparison.Ordinal);
                if (allowed == refused)
                {
                    failures.Add($"{page.Key} {page.Url} as {who}: {(int)response.StatusCode} {location}");
                }
                else if (refused && who == Anonymous && response.StatusCode != HttpStatusCode.Redirect)
                {
                    failures.Add($"{page.Key} as anonymous should redirect to sign-in, got {(int)response.StatusCode}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <param name="Url">Where to request it when it needs no id; null otherwise.</param>
    private sealed record EndpointAccess(string Key, string Method, string? Url, string Access);

    private static readonly string[] IdParameters = ["id", "assessmentId", "cycleId", "meetingId", "number", "code", "photoId"];

    private IEnumerable<EndpointAccess> Endpoints()
    {
        var sources = app.Services.GetRequiredService<IEnumerable<EndpointDataSource>>();
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<ControllerActionDescriptor>() is not { } action)
            {
                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods;
            var method = methods is { Count: > 0 } ? string.Join(",", methods) : "*";
            var route = endpoint.RoutePattern.RawText ?? "";
            var needsId = action.Parameters.Any(p => IdParameters.Contains(p.Name));
            var url = needsId ? null
                : route.Contains('{', StringComparison.Ordinal) ? $"/{action.ControllerName}/{action.ActionName}".ToLowerInvariant()
                : "/" + route;
            yield return new EndpointAccess($"{action.ControllerName}.{action.ActionName} {method}", method, url, AccessOf(endpoint, RolesOfPolicy));
        }
    }

    /// <summary>The roles a named policy (Infrastructure/Policies) requires, as the app's policy provider has it.</summary>
    private string RolesOfPolicy(string policy) =>
        string.Join(",", app.Services.GetRequiredService<IAuthorizationPolicyProvider>().GetPolicyAsync(policy).GetAwaiter().GetResult()!
            .Requirements.OfType<RolesAuthorizationRequirement>().Single().AllowedRoles);

    /// <summary>
    /// What the endpoint's metadata demands: every [Authorize] with roles (spelled out, or through a
    /// named policy) must hold, so their role sets intersect.
    /// </summary>
    private static string AccessOf(Endpoint endpoint, Func<string, string> rolesOfPolicy)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return Anonymous;
        }

        var roleSets = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .Select(a => !string.IsNullOrEmpty(a.Policy) ? rolesOfPolicy(a.Policy) : a.Roles)
            .Where(roles => !string.IsNullOrEmpty(roles))
            .Select(roles => roles!.Split(',', StringSplitOptions.TrimEntries).ToHashSet())
            .ToList();
        if (endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Count == 0)
        {
            return "NOT PROTECTED";
        }

        if (roleSets.Count == 0)
        {
            return SignedIn;
        }

        var roles = roleSets.Aggregate((a, b) => [.. a.Intersect(b)]);
        return roles.Count == 0 ? "NOBODY" : string.Join(",", roles.Order(StringComparer.Ordinal));
    }
}
