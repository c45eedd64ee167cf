namespace GeccAssessment.Web.Domain;

/// <summary>
/// CSV cells a spreadsheet will not run. Excel and LibreOffice treat a cell starting with = + - @
/// (or a tab or carriage return before one) as a formula, so a service point named
/// <c>=HYPERLINK(...)</c> would become a live link in the committee's export. OWASP's rule: prefix
/// such a cell with an apostrophe, which the spreadsheet shows as text.
/// </summary>
public static class SpreadsheetCell
{
    public static string? Neutralise(string? value) =>
        value is { Length: > 0 } && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
}
