using System.Globalization;
using GeccAssessment.Web.Data;
using GeccAssessment.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace GeccAssessment.Web.Infrastructure;

/// <summary>A cycle as a list's drop-down offers it: the year travels with the title, so that every choice shows it.</summary>
public sealed record CycleChoice(int Id, string Title, int BuddhistYear)
{
    /// <summary>Every cycle, newest year first.</summary>
    public static Task<List<CycleChoice>> NewestFirstAsync(ApplicationDbContext db, CancellationToken cancellationToken = default) =>
        NewestFirstQuery(db).ToListAsync(cancellationToken).AsTask();

    /// <summary>Compiled once: the filter of every list page reads it (docs/adr/0021).</summary>
    private static readonly Func<ApplicationDbContext, IAsyncEnumerable<CycleChoice>> NewestFirstQuery = EF.CompileAsyncQuery(
        (ApplicationDbContext db) => db.Cycles.AsNoTracking().OrderByDescending(c => c.BuddhistYear).Select(c => new CycleChoice(c.Id, c.Title, c.BuddhistYear)));
}

public static class CycleNames
{
    /// <summary>
    /// A cycle's name in the reader's language. In Thai its own title, with "(พ.ศ. 2563)" added unless the title
    /// already names the year; in English (titles are kept in Thai only) a name made from the year.
    /// </summary>
    public static string CycleName(this IStringLocalizer localizer, string title, int buddhistYear)
    {
        var year = buddhistYear.ToString(CultureInfo.InvariantCulture);
        if (CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en")
        {
            return localizer["Cycles.NameEn", year, BuddhistEraDate.ToGregorianYear(buddhistYear).ToString(CultureInfo.InvariantCulture)].Value;
        }

        return title.Contains(year, StringComparison.Ordinal) ? title : localizer["Cycles.TitleWithYear", title, year].Value;
    }

    public static string CycleName(this IStringLocalizer localizer, CycleChoice cycle) => localizer.CycleName(cycle.Title, cycle.BuddhistYear);
}
