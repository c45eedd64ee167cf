using Microsoft.Extensions.Localization;

namespace GeccAssessment.Web.Infrastructure;

/// <summary>
/// Requests made by a page's script (fetch with <c>Accept: application/json</c> or
/// <c>X-Requested-With</c>). A redirect to the sign-in page answers such a request with the sign-in
/// form's HTML and status 200, which a script can mistake for "saved"; they get 401/403 JSON instead,
/// so the page keeps the change and asks the person to sign in again (ADR 0008).
/// </summary>
public static class ScriptRequests
{
    public static bool IsScript(HttpRequest request) =>
        request.Headers.XRequestedWith == "XMLHttpRequest"
        || request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>The cookie's "sign in first": 401 JSON for a script, the sign-in page for a person.</summary>
    public static Task OnRedirectToLogin(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context)
    {
        if (!IsScript(context.Request))
        {
            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        }

        return WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Scoring.SignInAgain", signIn: true);
    }

    /// <summary>A signed-in user without the role: a real 403 (the Thai error page), or 403 JSON for a script.</summary>
    public static Task OnRedirectToAccessDenied(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context)
    {
        if (!IsScript(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        }

        return WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Assessments.NotAllowed", signIn: false);
    }

    private static Task WriteAsync(HttpContext context, int status, string key, bool signIn)
    {
        var localizer = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsJsonAsync(new { error = localizer[key].Value, signIn });
    }
}
