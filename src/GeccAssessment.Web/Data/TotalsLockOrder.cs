using Microsoft.EntityFrameworkCore;

namespace GeccAssessment.Web.Data;

/// <summary>
/// The locks a transaction that changes many rows at once takes before it changes any
/// (docs/adr/0025-bulk-changes-lock-totals-in-key-order.md). The totals triggers (docs/adr/0018)
/// lock a cycle's totals row of a province as each row is written, so two bulk changes that
/// reached provinces in different orders held one row each and waited for the other's: a
/// deadlock, which PostgreSQL resolves by aborting one. Taken here in one order that every writer
/// follows (the rows written, by id, then the totals rows, by key), such changes queue instead;
/// a single-row change locks its row, then its totals rows, so it fits the same order.
/// Call inside the transaction that makes the change.
/// </summary>
public static class TotalsLockOrder
{
    /// <summary>
    /// For assessments about to be inserted for these applications: the applications FOR SHARE, as
    /// the assessment's trigger locks each (a province change of one waits), then the cycle's
    /// totals rows of their provinces.
    /// </summary>
    public static async Task ForApplicationsAsync(ApplicationDbContext db, int cycleId, IReadOnlyCollection<int> applicationIds)
    {
        var ids = applicationIds.ToArray();
        await db.Database.ExecuteSqlAsync($"""
            SELECT count(*) FROM (SELECT 1 FROM "Applications" a WHERE a."Id" = ANY ({ids}) ORDER BY a."Id" FOR SHARE) locked
            """);
        await db.Database.ExecuteSqlAsync($"""
            SELECT count(*) FROM (
                SELECT 1 FROM "CycleProvinceTotals" t
                WHERE t."CycleId" = {cycleId} AND t."ProvinceCode" IN (SELECT a."ProvinceCode" FROM "Applications" a WHERE a."Id" = ANY ({ids}))
                ORDER BY t."ProvinceCode" FOR UPDATE OF t) locked
            """);
    }

    /// <summary>
    /// For decisions about to be recorded on these assessments: the assessments FOR NO KEY UPDATE
    /// (the decision's triggers update each one), then the cycle's totals rows of their provinces.
    /// </summary>
    public static async Task ForAssessmentsAsync(ApplicationDbContext db, int cycleId, IReadOnlyCollection<int> assessmentIds)
    {
        var ids = assessmentIds.ToArray();
        await db.Database.ExecuteSqlAsync($"""
            SELECT count(*) FROM (
                SELECT 1 FROM "Assessments" s WHERE s."Id" = ANY ({ids}) AND s."CycleId" = {cycleId} ORDER BY s."Id" FOR NO KEY UPDATE) locked
            """);
        await db.Database.ExecuteSqlAsync($"""
            SELECT count(*) FROM (
                SELECT 1 FROM "CycleProvinceTotals" t
                WHERE t."CycleId" = {cycleId} AND t."ProvinceCode" IN (SELECT s."ProvinceCode" FROM "Assessments" s WHERE s."Id" = ANY ({ids}) AND s."CycleId" = {cycleId})
                ORDER BY t."ProvinceCode" FOR UPDATE OF t) locked
            """);
    }
}
