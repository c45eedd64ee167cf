using GeccAssessment.Web.Domain;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace GeccAssessment.Web.Infrastructure;

/// <summary>
/// Input refused once for every action rather than in each: text PostgreSQL cannot store (a NUL
/// byte, half a surrogate pair) anywhere in the request, and dates outside <see cref="SensibleDates"/>.
/// </summary>
public static class InputGuards
{
    public static IServiceCollection AddGeccInputGuards(this IServiceCollection services) =>
        services.Configure<MvcOptions>(options =>
        {
            options.Filters.Add(new RefuseUnstorableTextFilter());
            options.Filters.Add(new DownloadHeadersFilter());
            options.ModelBinderProviders.Insert(0, new SensibleDateModelBinderProvider(options.ModelBinderProviders));
        });
}

/// <summary>
/// Answers 400 (the Thai error page) when the path, the query string, the route values or the posted
/// form hold text that <see cref="StorableText"/> refuses. Without it, "/centres?province=%00"
/// reached PostgreSQL, which failed the query: a 500 for a typing slip or a probe.
/// Runs after model binding, so the form has been read within the endpoint's own size limits.
/// </summary>
public sealed class RefuseUnstorableTextFilter : IActionFilter, IOrderedFilter
{
    public int Order => int.MinValue;

    public void OnActionExecuting(ActionExecutingContext context)
    {
        var http = context.HttpContext;
        // The error page is re-executed with the failed request: it must not be refused again.
        if (ErrorPageRequests.Any(http))
        {
            return;
        }

        if (!IsStorable(http))
        {
            context.Result = new StatusCodeResult(StatusCodes.Status400BadRequest);
        }
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }

    private static bool IsStorable(HttpContext http)
    {
        var request = http.Request;
        if (!StorableText.IsStorable(request.Path.Value) || !AllStorable(request.Query))
        {
            return false;
        }

        if (http.GetRouteData().Values.Any(v => v.Value is string text && !StorableText.IsStorable(text)))
        {
            return false;
        }

        // Only a form already read (by antiforgery or model binding): one nobody read reaches nothing.
        return http.Features.Get<IFormFeature>()?.Form is not { } form
            || (AllStorable(form) && form.Files.All(f => StorableText.IsStorable(f.FileName) && StorableText.IsStorable(f.Name)));
    }

    private static bool AllStorable(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> values) =>
        values.All(pair => StorableText.IsStorable(pair.Key) && pair.Value.All(StorableText.IsStorable));
}

/// <summary>
/// A day (<see cref="DateOnly"/>) is read by <see cref="ThaiDateModelBinder"/>; an instant gets
/// <see cref="SensibleDateModelBinder"/> around whichever binder MVC would use.
/// </summary>
public sealed class SensibleDateModelBinderProvider(IList<IModelBinderProvider> providers) : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        var type = Nullable.GetUnderlyingType(context.Metadata.ModelType) ?? context.Metadata.ModelType;
        if (type == typeof(DateOnly))
        {
            return new ThaiDateModelBinder();
        }

        if (type != typeof(DateTime) && type != typeof(DateTimeOffset))
        {
            return null;
        }

        foreach (var provider in providers)
        {
            if (provider != this && provider.GetBinder(context) is { } inner)
            {
                return new SensibleDateModelBinder(inner);
            }
        }

        return null;
    }
}

/// <summary>
/// A date outside <see cref="SensibleDates"/> is a model error with a Thai message (and binds as no
/// value), for every date any form or query string sends: 0001-01-01 no longer overflows the
/// conversion to UTC, and 9999-12-31 is no longer stored as a meeting date.
/// </summary>
public sealed class SensibleDateModelBinder(IModelBinder inner) : IModelBinder
{
    public async Task BindModelAsync(ModelBindingContext bindingContext)
    {
        await inner.BindModelAsync(bindingContext);
        var inRange = bindingContext.Result.Model switch
        {
            DateOnly date => SensibleDates.Contains(date),
            DateTime dateTime => SensibleDates.Contains(dateTime),
            DateTimeOffset dateTime => SensibleDates.Contains(dateTime),
            _ => true,
        };
        if (!bindingContext.Result.IsModelSet || inRange)
        {
            return;
        }

        bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, OutOfRangeMessage(bindingContext));
        bindingContext.Result = ModelBindingResult.Failed();
    }

    internal static string OutOfRangeMessage(ModelBindingContext bindingContext)
    {
        var localizer = bindingContext.HttpContext.RequestServices.GetRequiredService<IStringLocalizerFactory>().Create(typeof(SharedResource));
        var culture = System.Globalization.CultureInfo.CurrentUICulture;
        var (min, max) = (BuddhistEraDate.Long(SensibleDates.Min, culture), BuddhistEraDate.Long(SensibleDates.Max, culture));
        return bindingContext.ModelMetadata.DisplayName is { Length: > 0 } name
            ? localizer["Validation.Range", name, min, max]
            : localizer["Validation.DateRange", min, max];
    }
}

/// <summary>
/// Every day any form or query string sends is read by <see cref="ThaiDateInput"/>: 15/07/2563 and
/// 2020-07-15 are the same day, a Buddhist year is never taken as a Christian one, and what cannot be
/// read or lies outside <see cref="SensibleDates"/> is a model error in Thai (and binds as no value).
/// </summary>
public sealed class ThaiDateModelBinder : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var value = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
        if (value == ValueProviderResult.None)
        {
            return Task.CompletedTask;
        }

        bindingContext.ModelState.SetModelValue(bindingContext.ModelName, value);
        var text = value.FirstValue;
        if (string.IsNullOrWhiteSpace(text))
        {
            // An empty optional date is no date; an empty required one is left to the action (its own message).
            if (Nullable.GetUnderlyingType(bindingContext.ModelType) is not null)
            {
                bindingContext.Result = ModelBindingResult.Success(null);
            }

            return Task.CompletedTask;
        }

        var result = ThaiDateInput.Parse(text);
        if (result.Succeeded)
        {
            bindingContext.Result = ModelBindingResult.Success(result.Date!.Value);
            return Task.CompletedTask;
        }

        var message = result.Problem == DateInputProblem.OutOfRange
            ? SensibleDateModelBinder.OutOfRangeMessage(bindingContext)
            : bindingContext.HttpContext.RequestServices.GetRequiredService<IStringLocalizerFactory>().Create(typeof(SharedResource))[
                result.Problem switch
                {
                    DateInputProblem.NoSuchDay => "DateInput.NoSuchDay",
                    DateInputProblem.EraMismatch => "DateInput.EraMismatch",
                    _ => "DateInput.Unreadable",
                }, text].Value;
        bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, message);
        bindingContext.Result = ModelBindingResult.Failed();
        return Task.CompletedTask;
    }
}
