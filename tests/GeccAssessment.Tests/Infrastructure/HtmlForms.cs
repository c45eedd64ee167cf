using System.Net;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace GeccAssessment.Tests.Infrastructure;

/// <summary>
/// Reads pages and posts their real forms, antiforgery token included, as a browser would
/// (the approach of the ASP.NET Core integration-test docs).
/// </summary>
public static class HtmlForms
{
    public static async Task<IDocument> ParseAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var context = BrowsingContext.New(Configuration.Default);
        return await context.OpenAsync(request => request.Content(html).Address(response.RequestMessage!.RequestUri!));
    }

    public static async Task<IDocument> GetPageAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ParseAsync(response);
    }

    /// <summary>Fills the form found by <paramref name="formSelector"/> on the page at <paramref name="url"/> and posts it.</summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(
        this HttpClient client, string url, string formSelector, IReadOnlyDictionary<string, string> values)
    {
        var page = await client.GetPageAsync(url);
        return await client.SubmitFormAsync(page, formSelector, values);
    }

    public static async Task<HttpResponseMessage> SubmitFormAsync(
        this HttpClient client, IDocument page, string formSelector, IReadOnlyDictionary<string, string> values)
    {
        var form = page.QuerySelector<IHtmlFormElement>(formSelector)
            ?? throw new InvalidOperationException($"No form '{formSelector}' on {page.Url}");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements.OfType<IHtmlElement>())
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name) || values.ContainsKey(name))
            {
                continue;
            }

            switch (element)
            {
                case IHtmlInputElement { Type: "checkbox" or "radio" } box when box.IsChecked:
                    fields.Add(new(name, box.Value));
                    break;
                case IHtmlInputElement { Type: "checkbox" or "radio" or "submit" or "button" }:
                    break;
                case IHtmlInputElement input:
                    fields.Add(new(name, input.Value));
                    break;
                case IHtmlSelectElement select:
                    fields.Add(new(name, select.Value ?? ""));
                    break;
                case IHtmlTextAreaElement area:
                    fields.Add(new(name, area.Value));
                    break;
            }
        }

        fields.AddRange(values);
        var action = form.GetAttribute("action") is { Length: > 0 } a ? a : page.Url;
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    /// <summary>
    /// The second step of an irreversible action: <paramref name="first"/> must be the confirmation
    /// page (200, nothing done yet); presses its confirm button (name "confirmed"/"Confirmed", value
    /// "true") in the form <paramref name="formSelector"/>, and returns that response.
    /// </summary>
    public static async Task<HttpResponseMessage> ConfirmAsync(this HttpClient client, HttpResponseMessage first, string formSelector)
    {
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var page = await ParseAsync(first);
        var button = page.QuerySelector<IHtmlButtonElement>(formSelector + " button[value=true][name=confirmed], " + formSelector + " button[value=true][name=Confirmed]")
            ?? throw new InvalidOperationException($"No confirm button in '{formSelector}' on the confirmation page: {TextOf(page)[..Math.Min(400, TextOf(page).Length)]}");
        return await client.SubmitFormAsync(page, formSelector, new Dictionary<string, string> { [button.Name!] = button.Value });
    }

    /// <summary>Values with several entries per name (checkbox groups).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, IEnumerable<KeyValuePair<string, string>> fields) =>
        await client.PostAsync(url, new FormUrlEncodedContent(fields));

    public static async Task<HttpResponseMessage> SignInAsync(this HttpClient client, string email, string password = GeccAppFactory.Password)
    {
        var response = await client.SubmitFormAsync("/account/login", "form[action='/account/login']",
            new Dictionary<string, string> { ["Email"] = email, ["Password"] = password });
        return response;
    }

    public static async Task SignInOrFailAsync(this HttpClient client, string email, string password = GeccAppFactory.Password)
    {
        var response = await client.SignInAsync(email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    public static string TextOf(IDocument page) => page.Body?.TextContent ?? "";

    /// <summary>Posts a multipart form (files included) with the antiforgery token of the page's form.</summary>
    public static async Task<HttpResponseMessage> PostMultipartAsync(
        this HttpClient client, IDocument page, string formSelector,
        IEnumerable<KeyValuePair<string, string>> fields, IEnumerable<(string Name, string FileName, byte[] Content)>? files = null)
    {
        var form = page.QuerySelector<IHtmlFormElement>(formSelector)
            ?? throw new InvalidOperationException($"No form '{formSelector}' on {page.Url}");
        var content = new MultipartFormDataContent
        {
            { new StringContent(form.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value), "__RequestVerificationToken" },
        };
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        foreach (var (name, fileName, bytes) in files ?? [])
        {
            content.Add(new ByteArrayContent(bytes), name, fileName);
        }

        return await client.PostAsync(form.GetAttribute("action"), content);
    }

    /// <summary>The form's current values as a browser would send them, for tests that change a few.</summary>
    public static List<KeyValuePair<string, string>> FieldsOf(IDocument page, string formSelector)
    {
        var form = page.QuerySelector<IHtmlFormElement>(formSelector)!;
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements.OfType<IHtmlElement>())
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name) || name == "__RequestVerificationToken")
            {
                continue;
            }

            switch (element)
            {
                case IHtmlInputElement { Type: "checkbox" or "radio" } box when box.IsChecked:
                    fields.Add(new(name, box.Value));
                    break;
                case IHtmlInputElement { Type: "checkbox" or "radio" or "submit" or "button" or "file" }:
                    break;
                case IHtmlInputElement input:
                    fields.Add(new(name, input.Value));
                    break;
                case IHtmlTextAreaElement area:
                    fields.Add(new(name, area.Value));
                    break;
                case IHtmlSelectElement select:
                    fields.Add(new(name, select.Value ?? ""));
                    break;
            }
        }

        return fields;
    }

    /// <summary>Replaces (or adds) the value of one field in a field list.</summary>
    public static List<KeyValuePair<string, string>> With(this List<KeyValuePair<string, string>> fields, string name, string value)
    {
        fields.RemoveAll(f => f.Key == name);
        fields.Add(new(name, value));
        return fields;
    }
}
