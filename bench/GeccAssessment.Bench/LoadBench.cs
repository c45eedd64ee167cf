using System.Globalization;
using System.Runtime;
using System.Text;
using Npgsql;

namespace GeccAssessment.Bench;

/// <summary>
/// The app under concurrency against its own ceiling (./gecc bench --load): each kind of work
/// loaded by wrk on the app, then on a bare endpoint (<see cref="BareEndpoints"/>) that runs the
/// same statements with plain Npgsql, in the same run, so that every figure is also a ratio.
/// Where the CPU went and whether sessions waited on locks says what limits each.
/// </summary>
public sealed class LoadBench(BenchOptions options, BenchDatabase database, BenchApp app)
{
    /// <summary>Assessors whose scoring forms the mark load spreads over (each with 45 criteria): few enough rows touched at once to rarely collide.</summary>
    private const int MarkingAssessors = 20;

    private const int WarmupSeconds = 10;
    private const int WarmupChunkSeconds = 5;
    private const int MaxWarmupSeconds = 180;
    private const double SettledJitShare = 0.01;

    private int _postmaster;

    /// <summary>One kind of work: the app's requests (a wrk file) and the bare endpoint's.</summary>
    private sealed record Work(string Name, string AppFile, string BareFile, string Acknowledged, int Statements, double TargetRatio)
    {
        /// <summary>Measured to read the others by, held to no target (<see cref="FloorName"/>).</summary>
        public bool Reference { get; init; }

        /// <summary>
        /// The warm-up's requests for a step of so many seconds, when they may not be the timed ones
        /// again (each mark a new change id: every step gets fresh ones).
        /// </summary>
        public Func<int, Task<string>>? AppWarmupFile { get; init; }
    }

    /// <summary>How long a run was warmed up, whether its JIT had settled by then, and what the JIT compiled during the timed run.</summary>
    public sealed record Warmup(int Seconds, bool Settled, double TimedJitMs)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Seconds} s{(Settled ? "" : " (not settled)")}, JIT {TimedJitMs:N0} ms");
    }

    public sealed record Measured(string Name, Wrk.Run App, Wrk.Run Bare, CpuMeter.Usage AppCpu, CpuMeter.Usage BareCpu, WaitSampler.Waits AppWaits, WaitSampler.Waits BareWaits, int Statements, double TargetRatio, bool Reference)
    {
        public Warmup? AppWarmup { get; init; }

        public Warmup? BareWarmup { get; init; }

        public double Ratio => Bare.PerSecond == 0 ? 0 : App.PerSecond / Bare.PerSecond;

        public double P99Ratio => Bare.P99 == 0 ? 0 : App.P99 / Bare.P99;

        public long AppErrors => App.Requests - App.Acknowledged;

        public long BareErrors => Bare.Requests - Bare.Acknowledged;

        public bool Met => Ratio >= TargetRatio && P99Ratio <= 2 && AppErrors == 0 && BareErrors == 0;

        /// <summary>
        /// The machine's milliseconds per request beyond the bare endpoint's: with the machine
        /// saturated in both runs (every run here is), 1 / rate is what one request costs it.
        /// </summary>
        public double ExtraMs => App.PerSecond == 0 || Bare.PerSecond == 0 ? 0 : 1000 / App.PerSecond - 1000 / Bare.PerSecond;
    }

    /// <summary>
    /// A signed-in page with no statement of its own (the change-password form): the session
    /// check, the bell, the layout and the framework, which every signed-in page pays. What it
    /// costs beyond its bare endpoint bounds every other page's ratio from above.
    /// </summary>
    private const string FloorName = "floor: a signed-in form, no SQL of its own";

    public async Task<int> RunAsync(DateTime started, TimeSpan? dataLoadTime)
    {
        _postmaster = await database.PostmasterAsync();
        var targets = await PageTargets.FindAsync(database);
        var runner = new PageRunner(app, new PlanInspector(database), options);
        await using var bare = new BareEndpoints(database.AppConnectionString);
        await bare.StartAsync();
        var files = new List<string>();
        try
        {
            Console.WriteLine("[bench] preparing the load: signing in, capturing each page's statements");
            var works = await WorksAsync(targets, runner, bare, files);
            var loadBefore = ProcessMemory.LoadAverage();
            Console.WriteLine($"[bench] {works.Count} kinds of work, wrk -c{options.Concurrency} for {options.LoadSeconds} s on the app then {options.LoadSeconds} s on its bare endpoint (each after a warm-up until the JIT settles)");
            var results = new List<Measured>();
            foreach (var work in works)
            {
                var appRun = await MeasureAsync(app.BaseAddress, work.AppWarmupFile ?? (_ => Task.FromResult(work.AppFile)), work.AppFile, work.Acknowledged);
                var bareRun = await MeasureAsync(bare.BaseAddress, _ => Task.FromResult(work.BareFile), work.BareFile, "");
                var measured = new Measured(work.Name, appRun.Run, bareRun.Run, appRun.Cpu, bareRun.Cpu, appRun.Waits, bareRun.Waits, work.Statements, work.TargetRatio, work.Reference)
                {
                    AppWarmup = appRun.Warmup,
                    BareWarmup = bareRun.Warmup,
                };
                results.Add(measured);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[bench] {work.Name,-32} app {appRun.Run.PerSecond,7:N0}/s p99 {appRun.Run.P99,7:N1} ms | bare {bareRun.Run.PerSecond,7:N0}/s p99 {bareRun.Run.P99,7:N1} ms | ratio {measured.Ratio:0.00} p99 {measured.P99Ratio:0.0}x | errors {measured.AppErrors}/{measured.BareErrors} | {(measured.Reference ? "reference" : measured.Met ? "met" : "MISS")}"));
            }

            var report = await ReportAsync(started, dataLoadTime, loadBefore, ProcessMemory.LoadAverage(), results);
            Directory.CreateDirectory(options.ResultsDirectory);
            var file = Path.Combine(options.ResultsDirectory, $"{started:yyyy-MM-dd}-load{(options.Small ? "-small" : "")}.md");
            await File.WriteAllTextAsync(file, report);
            Console.WriteLine($"[bench] report: {file}");
            return 0;
        }
        finally
        {
            files.ForEach(File.Delete);
        }
    }

    private async Task<(Wrk.Run Run, CpuMeter.Usage Cpu, WaitSampler.Waits Waits, Warmup Warmup)> MeasureAsync(Uri server, Func<int, Task<string>> warmupFile, string file, string acknowledged)
    {
        var (seconds, settled) = await WarmUpAsync(server, warmupFile, acknowledged);
        await using var waits = WaitSampler.Start(database);
        var cpu = CpuMeter.Start(_postmaster);
        var jitBefore = JitInfo.GetCompilationTime();
        var run = await Wrk.RunAsync(server, file, options.Concurrency, options.LoadSeconds, acknowledged);
        var warmup = new Warmup(seconds, settled, (JitInfo.GetCompilationTime() - jitBefore).TotalMilliseconds);
        return (run, cpu.Stop(), await waits.StopAsync(), warmup);
    }

    /// <summary>
    /// Loads until the JIT has settled: at least <see cref="WarmupSeconds"/>, then steps of
    /// <see cref="WarmupChunkSeconds"/> until one compiles for less than <see cref="SettledJitShare"/>
    /// of a core (at most <see cref="MaxWarmupSeconds"/>). On two busy cores the runtime takes a
    /// minute or more to move a page's code through its tiers (quick JIT, instrumented, optimised),
    /// and until then the app runs at half its speed: ten seconds measured an instance just started.
    /// </summary>
    private async Task<(int Seconds, bool Settled)> WarmUpAsync(Uri server, Func<int, Task<string>> warmupFile, string acknowledged)
    {
        var seconds = 0;
        while (seconds < MaxWarmupSeconds)
        {
            var jitBefore = JitInfo.GetCompilationTime();
            var methodsBefore = JitInfo.GetCompiledMethodCount();
            var chunk = seconds == 0 ? WarmupSeconds : WarmupChunkSeconds;
            var run = await Wrk.RunAsync(server, await warmupFile(chunk), options.Concurrency, chunk, acknowledged);
            seconds += chunk;
            var jit = JitInfo.GetCompilationTime() - jitBefore;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[bench]   warm-up {seconds,3} s: {run.PerSecond,7:N0}/s, JIT {JitInfo.GetCompiledMethodCount() - methodsBefore} methods, {jit.TotalMilliseconds:N0} ms"));
            if (jit.TotalSeconds < SettledJitShare * chunk)
            {
                return (seconds, true);
            }
        }

        return (seconds, false);
    }

    /// <summary>The pages of issue 16's list, each with its requests for the app and its captured statements for the bare endpoint.</summary>
    private async Task<List<Work>> WorksAsync(PageTargets targets, PageRunner runner, BareEndpoints bare, List<string> files)
    {
        var secretariat = new BenchUser("Secretariat", NationalData.SecretariatEmail);
        var committee = new BenchUser("SteeringCommittee", NationalData.CommitteeEmail);
        var assessor = new BenchUser("Assessor", targets.AssessorEmail);
        var anonymous = new BenchUser("Public", null);
        var c = targets.CycleId.ToString(CultureInfo.InvariantCulture);
        var certificateId = await CertificateIdAsync(targets.CertificateNumber);
        PageSpec[] pages =
        [
            new(FloorName, secretariat, "/account/password"),
            new("screening list, one province", secretariat, $"/screening?cycle={c}&status=Accepted&province={targets.BusyProvince}"),
            new("an application (screening)", secretariat, $"/screening/show/{targets.SubmittedApplicationId}"),
            new("scoring form", assessor, $"/assessments/score/{targets.ScoringAssessmentId}"),
            new("decisions list (pending)", committee, $"/decisions?cycle={c}"),
            new("public: /centres", anonymous, "/centres"),
            new("public: /verify/{number}", anonymous, $"/verify/{targets.CertificateNumber}"),
            new("certificate PDF", committee, $"/certificates/pdf/{certificateId}"),
        ];
        var works = new List<Work>();
        foreach (var page in pages.Where(p => options.Only is null || options.Only.Any(o => p.Name.Contains(o, StringComparison.OrdinalIgnoreCase))))
        {
            var browser = await runner.BrowserForAsync(page.User);
            await PageRunner.SendAsync(browser, page, null, 0, capture: false);
            await PageRunner.SendAsync(browser, page, null, -1, capture: true);
            var statements = app.Capture.Take(page.Name);
            var appFile = await WriteAsync(files, [$"GET\t{page.Url}\t{runner.CookieHeader(page.User)}\t\t"]);
            var bareFile = await WriteAsync(files, [$"GET\t{bare.Add(statements)}\t\t\t"]);
            works.Add(new Work(page.Name, appFile, bareFile, "", statements.Count, 0.6) { Reference = page.Name == FloorName });
        }

        if (options.Only is null || options.Only.Any(o => "saving a mark".Contains(o, StringComparison.OrdinalIgnoreCase)))
        {
            works.Insert(Math.Min(3, works.Count), await MarkWorkAsync(targets, runner, bare, files));
        }

        return works;
    }

    /// <summary>
    /// Saving a mark, as the scoring page's script does (a new change id each time, JSON asked
    /// for), spread over <see cref="MarkingAssessors"/> assessors' forms and their 45 criteria. The
    /// bare endpoint replays one captured save of each of the same marks (each mark saved once
    /// before, so that the captured save is an update, as nearly every autosave is).
    /// </summary>
    private async Task<Work> MarkWorkAsync(PageTargets targets, PageRunner runner, BareEndpoints bare, List<string> files)
    {
        var appLines = new List<string>();
        var bareLines = new List<string>();
        var statements = 0;
        var assessors = await MarkingPairsAsync(targets.CycleId);
        foreach (var (email, assessmentId) in assessors)
        {
            var user = new BenchUser("Assessor", email);
            var browser = await runner.BrowserForAsync(user);
            var action = $"/assessments/mark/{assessmentId}";
            var form = await PageRunner.MarkFormAsync(browser, $"/assessments/score/{assessmentId}", action);
            var cookie = runner.CookieHeader(user);
            foreach (var criterion in form.CriterionIds)
            {
                var mark = form with { CriterionId = criterion };
                var name = $"mark {assessmentId}/{criterion}";
                var page = new PageSpec(name, user, action);
                await PageRunner.SendAsync(browser, page, mark, 0, capture: false);
                await PageRunner.SendAsync(browser, page, mark, 1, capture: true);
                var captured = app.Capture.Take(name);
                statements = Math.Max(statements, captured.Count);
                bareLines.Add($"POST\t{bare.Add(captured)}\t\t\t");
                appLines.Add($"POST\t{action}\t{cookie}\tapplication/json\t__RequestVerificationToken={Uri.EscapeDataString(form.Token)}&ChangeId={{CHANGE}}&CriterionId={criterion}&Points={{POINTS}}");
            }
        }

        // Every mark twice, the second time with the other value, so that every save changes the mark.
        // The two saves of a mark go in two passes, not side by side: wrk's threads take alternate lines
        // and walk them at the same pace, so side by side the two threads saved the same mark at the same
        // moment, all run long, and the bench measured races (ADR 0027) rather than autosave, which is
        // one assessor saving their own marks. Races of one mark are tested in ConcurrentSavingTests.
        appLines = [.. appLines.Select(l => l.Replace("{POINTS}", "1", StringComparison.Ordinal)),
            .. appLines.Select(l => l.Replace("{POINTS}", "0.5", StringComparison.Ordinal))];

        // Every request a new change id (a repeated one is answered as already applied, which is
        // cheaper), enough for 4,000 saves a second; the warm-up has its own.
        IEnumerable<string> Unique(int seconds) => Enumerable.Range(0, Math.Max(1, 4_000 * seconds / appLines.Count + 1))
            .SelectMany(_ => appLines).Select(l => l.Replace("{CHANGE}", Guid.NewGuid().ToString(), StringComparison.Ordinal));
        Console.WriteLine($"[bench] saving a mark: {bareLines.Count} marks of {assessors.Count} assessors");
        return new Work("saving a mark (autosave)", await WriteAsync(files, Unique(options.LoadSeconds)), await WriteAsync(files, bareLines), "\"saved\":true", statements, 0.5)
        {
            AppWarmupFile = seconds => WriteAsync(files, Unique(seconds)),
        };
    }

    /// <summary>Assessors (one per assessment) with an assessment being scored on site, no conflict declared.</summary>
    private async Task<List<(string Email, int AssessmentId)>> MarkingPairsAsync(int cycleId)
    {
        await using var connection = await database.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT DISTINCT ON (u."Email") u."Email", a."Id"
            FROM "Assessments" a
            JOIN "Subcommittees" s ON s."Id" = a."SubcommitteeId"
            JOIN "SubcommitteeMembers" m ON m."SubcommitteeId" = s."Id" AND m."UserId" <> s."ChairUserId"
            JOIN "AspNetUsers" u ON u."Id" = m."UserId"
            JOIN "ConflictDeclarations" d ON d."AssessmentId" = a."Id" AND d."UserId" = m."UserId" AND NOT d."HasConflict"
            WHERE s."CycleId" = @cycle AND a."PreliminaryOutcome" = 'ProceedOnSite' AND a."ReconciliationOpenedAtUtc" IS NULL AND a."SignedOffAtUtc" IS NULL
            ORDER BY u."Email", a."Id" DESC
            LIMIT @limit
            """, connection);
        command.Parameters.AddWithValue("cycle", cycleId);
        command.Parameters.AddWithValue("limit", MarkingAssessors);
        await using var reader = await command.ExecuteReaderAsync();
        var pairs = new List<(string, int)>();
        while (await reader.ReadAsync())
        {
            pairs.Add((reader.GetString(0), reader.GetInt32(1)));
        }

        return pairs.Count > 0 ? pairs : throw new InvalidOperationException("the bench data has no assessment being scored on site");
    }

    private async Task<int> CertificateIdAsync(string number)
    {
        await using var connection = await database.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT \"Id\" FROM \"Certificates\" WHERE \"Number\" = @number", connection);
        command.Parameters.AddWithValue("number", number);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<string> WriteAsync(List<string> files, IEnumerable<string> lines)
    {
        var file = Path.Combine(Path.GetTempPath(), $"gecc-load-{Guid.NewGuid():N}.tsv");
        files.Add(file);
        await File.WriteAllLinesAsync(file, lines);
        return file;
    }

    private async Task<string> ReportAsync(DateTime started, TimeSpan? dataLoadTime, string loadBefore, string loadAfter, List<Measured> results)
    {
        long applications, scores;
        await using (var connection = await database.OpenAsync())
        {
            await using var count = new NpgsqlCommand("SELECT (SELECT count(*) FROM \"Applications\"), (SELECT count(*) FROM \"MemberScores\")", connection);
            await using var reader = await count.ExecuteReaderAsync();
            await reader.ReadAsync();
            applications = reader.GetInt64(0);
            scores = reader.GetInt64(1);
        }

        var r = new StringBuilder();
        void Line(FormattableString text) => r.AppendLine(text.ToString(CultureInfo.InvariantCulture));
        Line($"# Load bench: the app against bare endpoints running its own SQL, {started:yyyy-MM-dd HH:mm} UTC");
        r.AppendLine();
        Line($"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}. The app and the bare endpoints run in the bench's process (one at a time), wrk in its own, PostgreSQL beside them (throwaway cluster, fsync off): all on these cores.");
        Line($"Load average (1, 5, 15 min) before: {loadBefore}; after: {loadAfter}.");
        Line($"Data: {applications:N0} applications, {scores:N0} member scores{(dataLoadTime is { } t ? $", loaded in {t.TotalSeconds:N0} s" : " (a kept database)")}.");
        Line($"Load: wrk, {options.Concurrency} connections, {Math.Min(Environment.ProcessorCount, options.Concurrency)} threads, {options.LoadSeconds} s per run after a warm-up of the same load until the JIT settles (at least {WarmupSeconds} s, then {WarmupChunkSeconds}-second steps until one compiles for less than {SettledJitShare:P0} of a core, at most {MaxWarmupSeconds} s); the app's run first, then its bare endpoint's.");
        r.AppendLine();
        r.AppendLine("Targets: pages ≥ 60 % of their bare endpoint's requests per second, saving a mark ≥ 50 %; each p99 at most 2× the bare endpoint's; no error answers.");
        r.AppendLine();
        r.AppendLine("| work | statements | app req/s | app p50 / p99 ms | bare req/s | bare p50 / p99 ms | ratio (target) | p99 ratio | errors app / bare | result |");
        r.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var m in results)
        {
            var target = m.Reference ? "(none)" : string.Create(CultureInfo.InvariantCulture, $"(≥ {m.TargetRatio:0.0})");
            Line($"| {m.Name} | {m.Statements} | {m.App.PerSecond:N0} | {m.App.P50:N1} / {m.App.P99:N1} | {m.Bare.PerSecond:N0} | {m.Bare.P50:N1} / {m.Bare.P99:N1} | {m.Ratio:0.00} {target} | {m.P99Ratio:0.0}× | {m.AppErrors} / {m.BareErrors} | {(m.Reference ? "reference" : m.Met ? "met" : "MISSED")} |");
        }

        FloorSection(r, results);

        r.AppendLine();
        r.AppendLine("## What limits each");
        r.AppendLine();
        r.AppendLine("CPU in cores (2 = the whole machine) during the timed run; sessions: busy database sessions on average and the share of them waiting on a lock (row or table) or on the server's own LWLocks/IO, from pg_stat_activity sampled ten times a second.");
        r.AppendLine();
        r.AppendLine("| work | app run: CPU | app run: sessions, lock / LWLock+IO waits | bare run: CPU | bare run: sessions, waits | warm-up; JIT in the timed run: app / bare | limited by |");
        r.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var m in results)
        {
            Line($"| {m.Name} | {m.AppCpu} | {m.AppWaits.ActiveSessions:0.0}, {m.AppWaits.LockShare:P0} / {m.AppWaits.LwLockOrIoShare:P0} | {m.BareCpu} | {m.BareWaits.ActiveSessions:0.0}, {m.BareWaits.LockShare:P0} / {m.BareWaits.LwLockOrIoShare:P0} | {m.AppWarmup} / {m.BareWarmup} | {Limit(m.AppCpu, m.AppWaits)} |");
        }

        r.AppendLine();
        var missed = results.Where(m => !m.Met && !m.Reference).ToList();
        r.AppendLine(missed.Count == 0 ? "Every target met on this run." : $"Missed on this run: {string.Join("; ", missed.Select(m => m.Name))}.");
        return r.ToString();
    }

    /// <summary>
    /// Each signed-in page's cost beyond its bare endpoint, split into the floor every signed-in
    /// page pays and the page's own, and the ratio the page would reach if its own were nothing.
    /// </summary>
    private static void FloorSection(StringBuilder r, List<Measured> results)
    {
        if (results.FirstOrDefault(m => m.Reference) is not { } floor)
        {
            return;
        }

        r.AppendLine();
        r.AppendLine("## The floor every signed-in page pays");
        r.AppendLine();
        r.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Machine milliseconds per request beyond the bare endpoint (1 / rate, the machine being saturated in every run). The floor ({floor.Name}) costs {floor.ExtraMs:0.00} ms beyond its own bare endpoint: the sign-in cookie (its session check is remembered for a while on each instance), the bell, the layout, MVC and Razor. A page's best ratio is its bare cost ÷ (bare cost + the floor), even if the page's own work cost nothing."));
        r.AppendLine();
        r.AppendLine("| work | bare ms / request | app ms beyond bare | of which the floor | the page's own | best ratio with the floor alone |");
        r.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var m in results.Where(m => !m.Reference && !m.Name.StartsWith("public", StringComparison.Ordinal) && m.Bare.PerSecond > 0))
        {
            var bareMs = 1000 / m.Bare.PerSecond;
            r.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {m.Name} | {bareMs:0.00} | {m.ExtraMs:0.00} | {floor.ExtraMs:0.00} | {m.ExtraMs - floor.ExtraMs:0.00} | {bareMs / (bareMs + floor.ExtraMs):0.00} |"));
        }
    }

    /// <summary>A plain reading of where the app's run spent the machine.</summary>
    private static string Limit(CpuMeter.Usage cpu, WaitSampler.Waits waits)
    {
        var parts = new List<string>();
        if (cpu.MachineBusy >= 0.85)
        {
            parts.Add(cpu.AppCores >= cpu.PostgresCores
                ? string.Create(CultureInfo.InvariantCulture, $"CPU, mostly the app ({cpu.AppCores:0.0} of 2 cores; PostgreSQL {cpu.PostgresCores:0.0})")
                : string.Create(CultureInfo.InvariantCulture, $"CPU, mostly PostgreSQL ({cpu.PostgresCores:0.0} of 2 cores; the app {cpu.AppCores:0.0})"));
        }

        if (waits.LockShare >= 0.1)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"locks ({waits.LockShare:P0} of busy sessions waiting on one)"));
        }

        if (waits.LwLockOrIoShare >= 0.2)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"database LWLock/IO waits ({waits.LwLockOrIoShare:P0})"));
        }

        return parts.Count == 0 ? string.Create(CultureInfo.InvariantCulture, $"not saturated (machine {cpu.MachineBusy:P0} busy)") : string.Join("; ", parts);
    }
}
