using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GeccAssessment.Web.Features.Satisfaction;

/// <summary>
/// The public survey: finds the point behind a poster's code, issues the signed form token, and
/// hands a checked answer to <see cref="SurveyStore"/>, which stores it with its aggregates.
/// The page reads through <see cref="ReadDb"/> (the replica when there is one: a re-issued code
/// may open there a moment longer). A submission checks against the point as read at most a
/// minute ago (the code's point and its list of services; a list that rejects the service is read
/// again), and the statement that stores it checks that the code is still live.
/// </summary>
public class SurveyService(
    ApplicationDbContext db, ReadDb reads, IDataProtectionProvider protection, TimeProvider clock, IOptions<SatisfactionOptions> options,
    DaySalts salts, BurstWatch bursts, SurveyStore store, IMemoryCache cache)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Gecc.Satisfaction.FormToken.v1");

    private sealed record Point(int Id, string Name, string AgencyName, string? ServicesOffered);

    public async Task<SurveyPage?> PageAsync(string code, string deviceId, SurveyForm? posted, IReadOnlyList<string> errors, bool english, CancellationToken cancellationToken)
    {
        var source = await reads.GetAsync(cancellationToken);
        if (await PointAsync(source, code, cancellationToken) is not { } point)
        {
            return null;
        }

        var form = posted ?? new SurveyForm();
        // A form shown again after a refused send keeps its token, and with it the time the form was
        // first given out: a quick correction is then not refused as too fast. A token that is not this
        // point's and this device's, or has expired, is replaced.
        var now = clock.GetUtcNow().UtcDateTime;
        form.Token = posted is not null && CheckToken(posted.Token, point.Id, deviceId, now) is null or "Survey.TooFast" ? posted.Token : IssueToken(point.Id, deviceId);
        form.Website = null;
        var questions = (await QuestionsAsync(source, cancellationToken)).Select(q => new SurveyQuestion(q.Kind, english ? q.TextEn : q.TextTh)).ToList();
        return new SurveyPage(code, point.Name, point.AgencyName, questions, SatisfactionRules.Services(point.ServicesOffered), form, errors);
    }

    public async Task<SubmitResult> SubmitAsync(string code, string? deviceId, SurveyForm form, CancellationToken cancellationToken)
    {
        if (await RecentPointAsync(code, fresh: false, cancellationToken) is not { } point)
        {
            return SubmitResult.Of(SubmitOutcome.NotFound);
        }

        // A robot that filled the hidden field is thanked like anyone else and leaves nothing behind.
        if (!string.IsNullOrEmpty(form.Website))
        {
            return SubmitResult.Of(SubmitOutcome.Discarded);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (CheckToken(form.Token, point.Id, deviceId, now) is { } tokenProblem)
        {
            return new SubmitResult(SubmitOutcome.Invalid, [tokenProblem]);
        }

        var overall = Parse(form.Overall);
        var dimensions = Enum.GetValues<DimensionKind>().ToDictionary(k => k, k => Parse(form.ValueOf(k)));
        var service = string.IsNullOrWhiteSpace(form.Service) ? null : form.Service.Trim();
        var comment = SatisfactionRules.Comment(form.Comment);
        if (service is not null && !SatisfactionRules.Services(point.ServicesOffered).Contains(service)
            && await RecentPointAsync(code, fresh: true, cancellationToken) is { } again)
        {
            // The agency may have added the service a moment ago: its list is read again before the answer is refused.
            point = again;
        }

        var errors = SatisfactionRules.Check(overall.Value, dimensions.Values.Select(v => v.Value), service, comment, SatisfactionRules.Services(point.ServicesOffered)).ToList();

        if (!overall.Valid || dimensions.Values.Any(v => !v.Valid))
        {
            errors.Add("Survey.OutOfScale");
        }

        if (errors.Count > 0)
        {
            return new SubmitResult(SubmitOutcome.Invalid, errors.Distinct().ToList());
        }

        var day = BuddhistEraDate.ThailandToday(now);
        var flagged = !bursts.TryAcquire(point.Id);
        var salt = await salts.ForAsync(db, day, cancellationToken);
        var deviceKey = HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(deviceId!))[..16];
        StoreOutcome outcome;
        try
        {
            outcome = await store.StoreAsync(new SurveyAnswer(
                code, point.Id, day, now, (short)overall.Value!.Value, Small(dimensions[DimensionKind.Premises].Value), Small(dimensions[DimensionKind.Personnel].Value),
                Small(dimensions[DimensionKind.ServiceProcess].Value), Small(dimensions[DimensionKind.Other].Value), service, comment,
                flagged ? SatisfactionStatus.Suspicious : SatisfactionStatus.Counted, deviceKey));
        }
        catch (NpgsqlException e) when (e.IsTransient)
        {
            // The store has tried twice and logged it; the person must learn the answer was not kept, with the form to send again.
            return SubmitResult.Of(SubmitOutcome.NotSaved);
        }

        return SubmitResult.Of(outcome switch
        {
            StoreOutcome.CodeGone => SubmitOutcome.NotFound,
            StoreOutcome.AlreadyAnswered => SubmitOutcome.AlreadyAnswered,
            _ => flagged ? SubmitOutcome.Flagged : SubmitOutcome.Stored,
        });
    }

    /// <summary>The point behind a live code, as read from the primary at most a minute ago (<paramref name="fresh"/>: now).</summary>
    private async Task<SurveyPoint?> RecentPointAsync(string code, bool fresh, CancellationToken cancellationToken)
    {
        var key = (typeof(SurveyService), code);
        if (!fresh && cache.TryGetValue(key, out SurveyPoint? known))
        {
            return known;
        }

        var point = CouldBeCode(code) ? await store.LivePointAsync(code, cancellationToken) : null;
        if (point is not null)
        {
            cache.Set(key, point, TimeSpan.FromMinutes(1));
        }

        return point;
    }

    /// <summary>A poster's code is 16 to 32 characters: anything else is not looked up.</summary>
    private static bool CouldBeCode(string code) => code.Length is >= 16 and <= 32;

    private static async Task<Point?> PointAsync(ApplicationDbContext source, string code, CancellationToken cancellationToken) =>
        !CouldBeCode(code) ? null : await source.SatisfactionLinks.AsNoTracking()
            .Where(l => l.Token == code && l.RevokedAtUtc == null)
            .Select(l => new Point(l.ServicePointId, l.ServicePoint!.Name, l.ServicePoint.Agency!.NameTh, l.ServicePoint.ServicesOffered))
            .SingleOrDefaultAsync(cancellationToken);

    /// <summary>The wording of the most recent cycle that has any (the Secretariat edits it per cycle). Not cached: several instances, instant edits.</summary>
    private static async Task<IReadOnlyList<SatisfactionQuestion>> QuestionsAsync(ApplicationDbContext source, CancellationToken cancellationToken)
    {
        // One round trip: the cycle is a subquery (the page is the busiest public page after the submit).
        var latest = source.Cycles.Where(c => source.SatisfactionQuestions.Any(q => q.CycleId == c.Id)).OrderByDescending(c => c.BuddhistYear).Select(c => (int?)c.Id);
        return await source.SatisfactionQuestions.AsNoTracking().Where(q => q.CycleId == latest.FirstOrDefault()).OrderBy(q => q.Kind).ToListAsync(cancellationToken);
    }

    /// <summary>The signed form token the page carries: this point, this device, the time the form was given out.</summary>
    public string IssueToken(int pointId, string deviceId) =>
        _protector.Protect(string.Join('|', pointId.ToString(CultureInfo.InvariantCulture), deviceId,
            clock.GetUtcNow().UtcTicks.ToString(CultureInfo.InvariantCulture)));

    /// <returns>The message key of the problem, or null when the token is this point's and this device's, and not too fresh or too old.</returns>
    private string? CheckToken(string? token, int pointId, string? deviceId, DateTime now)
    {
        if (string.IsNullOrEmpty(token) || string.IsNullOrEmpty(deviceId))
        {
            return "Survey.FormExpired";
        }

        string[] parts;
        try
        {
            parts = _protector.Unprotect(token).Split('|');
        }
        catch (CryptographicException)
        {
            return "Survey.FormExpired";
        }

        if (parts.Length != 3 || parts[0] != pointId.ToString(CultureInfo.InvariantCulture) || parts[1] != deviceId
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
        {
            return "Survey.FormExpired";
        }

        var settings = options.Value;
        return SatisfactionRules.CheckFillTime(new DateTime(ticks, DateTimeKind.Utc), now, TimeSpan.FromSeconds(settings.MinimumFillSeconds), TimeSpan.FromHours(settings.MaximumFillHours)) switch
        {
            FillTime.TooFast => "Survey.TooFast",
            FillTime.Expired => "Survey.FormExpired",
            _ => null,
        };
    }

    private static (bool Valid, int? Value) Parse(string? text) =>
        string.IsNullOrWhiteSpace(text) ? (true, null)
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? (true, value)
        : (false, null);

    private static short? Small(int? value) => value is { } v ? (short)v : null;
}
