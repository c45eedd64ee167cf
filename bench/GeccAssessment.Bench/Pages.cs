using System.Globalization;
using Npgsql;

namespace GeccAssessment.Bench;

/// <summary>Who requests a page: a signed-in account, or nobody (the public pages).</summary>
public sealed record BenchUser(string Role, string? Email);

/// <summary>
/// One page as people use it: who opens it and the exact address, filters included. With
/// <see cref="FormPage"/> set it is a form post instead: the form that posts to <see cref="Url"/> is
/// read from that page once, and each request posts it again as the page's script would.
/// </summary>
public sealed record PageSpec(string Name, BenchUser User, string Url)
{
    public string? FormPage { get; init; }
}

/// <summary>The records the pages are opened on, picked from the loaded data.</summary>
public sealed record PageTargets(
    int CycleId, int SubcommitteeId, string ChairEmail, string AssessorEmail, string ApplicantEmail,
    int ScoringAssessmentId, int ReconcileAssessmentId, int SignedOffAssessmentId,
    int SubmittedApplicationId, string CertificateNumber, string BusyProvince, string AuditEntityId)
{
    /// <summary>The key (as the "next" link writes it) of the row in the middle of the accepted applications' screening list.</summary>
    public string ScreeningMiddleKey { get; init; } = "";

    /// <summary>The key of the row in the middle of the committee's whole list (province, id).</summary>
    public string DecisionsMiddleKey { get; init; } = "";

    public static async Task<PageTargets> FindAsync(BenchDatabase database)
    {
        await using var connection = await database.OpenAsync();
        async Task<T> Scalar<T>(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            return await command.ExecuteScalarAsync() is T value ? value : throw new InvalidOperationException("the bench data has no row for: " + sql);
        }

        var cycle = await Scalar<int>("""SELECT "Id" FROM "Cycles" ORDER BY "BuddhistYear" DESC LIMIT 1""");
        var subcommittee = await Scalar<int>($"""SELECT min("Id") FROM "Subcommittees" WHERE "CycleId" = {cycle}""");
        var chairId = await Scalar<string>($"""SELECT "ChairUserId" FROM "Subcommittees" WHERE "Id" = {subcommittee}""");
        var chair = await Scalar<string>($"""SELECT "Email" FROM "AspNetUsers" WHERE "Id" = '{chairId}'""");
        var assessorId = await Scalar<string>($"""
            SELECT m."UserId" FROM "SubcommitteeMembers" m JOIN "AspNetUsers" u ON u."Id" = m."UserId"
            WHERE m."SubcommitteeId" = {subcommittee} AND m."UserId" <> '{chairId}' ORDER BY u."Email" LIMIT 1
            """);
        var assessor = await Scalar<string>($"""SELECT "Email" FROM "AspNetUsers" WHERE "Id" = '{assessorId}'""");
        // Stages as NationalData loads them; a declaration without conflict by the person who opens the page.
        string Declared(string userId) =>
            $"""EXISTS (SELECT 1 FROM "ConflictDeclarations" d WHERE d."AssessmentId" = a."Id" AND d."UserId" = '{userId}' AND NOT d."HasConflict")""";
        var scoring = await Scalar<int>($"""
            SELECT max(a."Id") FROM "Assessments" a WHERE a."SubcommitteeId" = {subcommittee} AND a."PreliminaryOutcome" = 'ProceedOnSite'
              AND a."ReconciliationOpenedAtUtc" IS NULL AND {Declared(assessorId)}
            """);
        var reconcile = await Scalar<int>($"""
            SELECT max(a."Id") FROM "Assessments" a WHERE a."SubcommitteeId" = {subcommittee} AND a."ReconciliationOpenedAtUtc" IS NOT NULL
              AND a."SignedOffAtUtc" IS NULL AND {Declared(chairId)}
            """);
        var signedOff = await Scalar<int>($"""
            SELECT max(a."Id") FROM "Assessments" a WHERE a."SubcommitteeId" = {subcommittee} AND a."SignedOffAtUtc" IS NOT NULL AND {Declared(assessorId)}
            """);
        var submitted = await Scalar<int>($"""SELECT max("Id") FROM "Applications" WHERE "CycleId" = {cycle} AND "Status" = 'Submitted'""");
        var certificate = await Scalar<string>("""
            SELECT "Number" FROM "Certificates" WHERE "RevokedAtUtc" IS NULL AND "ValidUntil" >= current_date ORDER BY "Id" DESC LIMIT 1
            """);
        var province = await Scalar<string>($"""
            SELECT "ProvinceCode" FROM "Applications" WHERE "CycleId" = {cycle} GROUP BY "ProvinceCode" ORDER BY count(*) DESC, "ProvinceCode" LIMIT 1
            """);
        var applicant = await Scalar<string>("""
            SELECT u."Email" FROM "AspNetUsers" u JOIN "AspNetUserRoles" ur ON ur."UserId" = u."Id" JOIN "AspNetRoles" r ON r."Id" = ur."RoleId"
            WHERE r."Name" = 'Applicant' ORDER BY u."Email" LIMIT 1
            """);
        var screeningMiddle = await Scalar<string>($"""
            SELECT "Id" || '~' || ((extract(epoch FROM "SubmittedAtUtc") * 1000000)::bigint * 10 + 621355968000000000) FROM "Applications"
            WHERE "CycleId" = {cycle} AND "Status" = 'Accepted' ORDER BY "SubmittedAtUtc", "Id"
            OFFSET (SELECT count(*) / 2 FROM "Applications" WHERE "CycleId" = {cycle} AND "Status" = 'Accepted') LIMIT 1
            """);
        var decisionsMiddle = await Scalar<string>($"""
            SELECT "Id" || '~' || "ProvinceCode" FROM "Assessments" WHERE "CycleId" = {cycle} AND "SignedOffAtUtc" IS NOT NULL ORDER BY "ProvinceCode", "Id"
            OFFSET (SELECT count(*) / 2 FROM "Assessments" WHERE "CycleId" = {cycle} AND "SignedOffAtUtc" IS NOT NULL) LIMIT 1
            """);
        return new PageTargets(cycle, subcommittee, chair, assessor, applicant, scoring, reconcile, signedOff, submitted, certificate, province,
            submitted.ToString(CultureInfo.InvariantCulture))
        {
            ScreeningMiddleKey = screeningMiddle,
            DecisionsMiddleKey = decisionsMiddle,
        };
    }

    /// <summary>
    /// The pages people actually use, each as the role that uses it. "Last page" asks for a page
    /// far beyond the end: the pager clamps it to the last one, the deepest OFFSET a list has.
    /// </summary>
    public IReadOnlyList<PageSpec> Pages()
    {
        var secretariat = new BenchUser("Secretariat", NationalData.SecretariatEmail);
        var admin = new BenchUser("Admin", NationalData.AdminEmail);
        var committee = new BenchUser("SteeringCommittee", NationalData.CommitteeEmail);
        var chair = new BenchUser("SubcommitteeChair", ChairEmail);
        var assessor = new BenchUser("Assessor", AssessorEmail);
        var applicant = new BenchUser("Applicant", ApplicantEmail);
        var anonymous = new BenchUser("Public", null);
        const string Last = "page=1000000";
        // Keyset-paged lists (docs/adr/0013): the last page is a link of its own, a middle page continues after a row's key.
        const string KeysetLast = "last=true";
        var c = CycleId.ToString(CultureInfo.InvariantCulture);
        return
        [
            new("screening: queue (default filter)", secretariat, "/screening"),
            new("screening: accepted, page 1", secretariat, $"/screening?cycle={c}&status=Accepted"),
            new("screening: accepted, last page", secretariat, $"/screening?cycle={c}&status=Accepted&{KeysetLast}"),
            new("screening: accepted, middle page", secretariat, $"/screening?cycle={c}&status=Accepted&after={Uri.EscapeDataString(ScreeningMiddleKey)}"),
            new("screening: province + agency kind", secretariat, $"/screening?cycle={c}&status=Accepted&province={BusyProvince}&kind=Department"),
            new("screening: one application", secretariat, $"/screening/show/{SubmittedApplicationId}"),
            new("subcommittees: list", secretariat, $"/subcommittees?cycle={c}"),
            new("assign: unassigned", secretariat, $"/subcommittees/assign?cycle={c}"),
            new("assign: unassigned, last page", secretariat, $"/subcommittees/assign?cycle={c}&{KeysetLast}"),
            new("assign: all accepted, last page", secretariat, $"/subcommittees/assign?cycle={c}&unassignedOnly=false&{KeysetLast}"),
            new("assign: one province", secretariat, $"/subcommittees/assign?cycle={c}&unassignedOnly=false&province={BusyProvince}"),
            new("assessments: all (secretariat)", secretariat, $"/assessments?cycle={c}"),
            new("assessments: last page (secretariat)", secretariat, $"/assessments?cycle={c}&{KeysetLast}"),
            new("assessments: mine (assessor)", assessor, "/assessments"),
            new("assessment: overview (assessor)", assessor, $"/assessments/show/{SignedOffAssessmentId}"),
            new("assessment: scoring form", assessor, $"/assessments/score/{ScoringAssessmentId}"),
            new("assessment: save one mark (autosave)", assessor, $"/assessments/mark/{ScoringAssessmentId}") { FormPage = $"/assessments/score/{ScoringAssessmentId}" },
            new("assessment: reconciliation (chair)", chair, $"/assessments/reconcile/{ReconcileAssessmentId}"),
            new("decisions: pending", committee, $"/decisions?cycle={c}"),
            new("decisions: province + level", committee, $"/decisions?cycle={c}&pendingOnly=false&province={BusyProvince}&level=2"),
            new("decisions: subcommittee + recommendation", committee, $"/decisions?cycle={c}&pendingOnly=false&subcommittee={SubcommitteeId}&recommendation=Certify"),
            new("decisions: all, last page", committee, $"/decisions?cycle={c}&pendingOnly=false&{KeysetLast}"),
            new("decisions: all, middle page", committee, $"/decisions?cycle={c}&pendingOnly=false&after={Uri.EscapeDataString(DecisionsMiddleKey)}"),
            new("export CSV: one subcommittee", committee, $"/decisions/export?cycle={c}&format=csv&pendingOnly=false&subcommittee={SubcommitteeId}"),
            new("export CSV: whole cycle", committee, $"/decisions/export?cycle={c}&format=csv&pendingOnly=false"),
            new("certificates: cycle", committee, $"/certificates?cycle={c}"),
            new("certificates: expiring soon", secretariat, "/certificates?expiringSoon=true"),
            new("certificates: last page", secretariat, $"/certificates?cycle={c}&{KeysetLast}"),
            new("dashboard", committee, $"/dashboard?cycle={c}"),
            new("public: centres", anonymous, "/centres"),
            new("public: centres, province + level", anonymous, $"/centres?province={BusyProvince}&level=1"),
            new("public: centres, last page", anonymous, $"/centres?{KeysetLast}"),
            new("public: verify a certificate", anonymous, $"/verify/{CertificateNumber}"),
            new("audit: newest", admin, "/audit"),
            new("audit: one record", admin, $"/audit?entityType=Application&entityId={AuditEntityId}"),
            new("audit: last page", admin, $"/audit?{Last}"),
            new("users: list", admin, "/users"),
            new("users: name search", admin, "/users?q=" + Uri.EscapeDataString("สมชาย")),
            new("users: role filter", admin, "/users?role=Assessor"),
            new("applicant: my applications", applicant, "/applications"),
        ];
    }
}
