import BackOfficeConsole
import BackOfficePostgres
import BackOfficeReports
import BackOfficeSQLite
import BackOfficeStorage
import Foundation
import Logging
import PointsEngine
import StoreProcesses

// backoffice-bench: the console's Overview figures over a ledger of 1,000,000 transactions (a
// year of 48 tills in 12 stores), on SQLite and on PostgreSQL. Prints figures, not a pass or
// fail: the time to build the overview projection, then the time of what the Overview page
// reads (the retention figures of the last 30 days with their trend over 6 periods, the tier mix
// and outstanding points, the days' series; for all stores and for one), of the Overview page's
// whole content (those, the NPS and the SVG charts rendered), and of one member's transactions;
// each against a plain `SELECT count(*) FROM journal` measured in the same run.
//
//   swift build -c release --product backoffice-bench
//   .build/release/backoffice-bench [--transactions 1000000] [--members 50000] [--no-sqlite] [--no-postgres] [--no-member-page] [--scan]
//
// --scan also times the journal scan the retention report used before the projection (minutes).

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: Int) -> Int { arguments.firstIndex(of: name).flatMap { Int(arguments[$0 + 1]) } ?? fallback }
let transactions = option("--transactions", 1_000_000)
let members = option("--members", max(100, transactions / 20))
let withSQLite = !arguments.contains("--no-sqlite")
let withPostgres = !arguments.contains("--no-postgres")
let withScan = arguments.contains("--scan")
/// The member page needs the member projection, which takes minutes over a million transactions.
let withMemberPage = !arguments.contains("--no-member-page")
/// Figures go to standard output as they are measured (not held in a buffer until the end).
func report(_ line: String) {
    print(line)
    fflush(nil)
}

func log(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }
func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
func timed<T>(_ body: () async throws -> T) async rethrows -> (T, Double) {
    let start = ContinuousClock.now
    let result = try await body()
    return (result, seconds(ContinuousClock.now - start))
}
/// The best of `runs` timings (the first run warms the caches like a page shown before).
func best<T>(_ runs: Int = 3, _ body: () async throws -> T) async rethrows -> (T, Double) {
    var fastest = Double.infinity
    var last: T?
    for _ in 0..<runs {
        let (result, time) = try await timed(body)
        fastest = min(fastest, time)
        last = result
    }
    return (last!, fastest)
}
func ms(_ value: Double) -> String { String(format: "%.1f ms", value * 1000) }

let quiet: Logger = {
    var logger = Logger(label: "backoffice-bench")
    logger.logLevel = .error
    return logger
}()

let ledger = BenchLedger(transactions: transactions, members: members, terminals: 48)
/// The last 30 days of the ledger's year, Vietnam's time.
let period = try RetentionPeriod(first: "2026-12-02", last: "2026-12-31", utcOffsetMinutes: 420)

func bench(_ name: String, _ store: any LedgerStore) async throws {
    log("backoffice-bench: \(name): storing \(transactions) transactions")
    let (member, fill) = try await timed {
        try await ledger.fill(store) { log("  \($0) stored") }
    }
    report("\(name) store \(transactions) transactions (generate + batch ingest): \(String(format: "%.1f s", fill))")
    log("backoffice-bench: \(name): projecting")
    let (projected, projection) = try await timed { try await OverviewProjection(store: store, pageSize: 20_000).catchUp() }
    report("\(name) overview projection of \(projected) transactions: \(String(format: "%.1f s", projection))")

    let (count, reference) = try await best {
        try await store.overviewRead { sql in try await sql.run("SELECT count(*) FROM journal", []).first?.first?.int ?? 0 }
    }
    report("\(name) reference SELECT count(*) FROM journal (\(count) rows): \(ms(reference))")
    for scope in [OverviewScope.all, OverviewScope(store: "Store 1")] {
        let label = scope.store ?? "all stores"
        let ((trend, days), overview) = try await best {
            let trend = try await OverviewReporter.trend(period, count: 6, scope: scope, store: store)
            let days = try await OverviewReporter.days(period, utcOffsetMinutes: 420, scope: scope, store: store)
            return (trend, days)
        }
        let figures = trend.last!
        report(
            "\(name) overview figures, \(label): \(ms(overview)) (\(String(format: "%.1f", overview / reference))x the count): "
                + "E \(figures.customersAtEnd), S \(figures.customersAtStart), \(figures.purchases) purchases, "
                + "\(figures.members) members, \(days.count) days, \(trend.count) trend periods")
    }
    for scope in [nil, "Store 1"] {
        let (html, page) = try await best {
            let data = try await OverviewData.load(
                first: "2026-12-02", last: "2026-12-31", utcOffsetMinutes: 420, store: scope, ledger: store,
                projection: OverviewProjection(store: store))
            return OverviewHTML.render(data, path: "/console/overview")
        }
        report(
            "\(name) Overview page content (figures, 6-period trends, days, NPS, SVG charts), \(scope ?? "all stores"): "
                + "\(ms(page)) (\(String(format: "%.1f", page / reference))x the count), \(html.utf8.count) bytes of HTML")
    }
    if withMemberPage { try await memberPage(name, store, member: member, reference: reference) }
    if withScan {
        let (_, scan) = try await timed { try await RetentionReporter.report(period, store: store) }
        report("\(name) reference: the same figures by the journal scan: \(String(format: "%.1f s", scan))")
    }
}

/// The member projection, then the member page's data for `member` (the busiest).
func memberPage(_ name: String, _ store: any LedgerStore, member: String, reference: Double) async throws {
    log("backoffice-bench: \(name): projecting the members")
    let (_, members) = try await timed { try await MemberProjection(store: store).catchUp() }
    report("\(name) member projection (states, cards, each member's transactions): \(String(format: "%.1f s", members))")
    let (record, memberTime) = try await best { try await MemberRecord.load(member, store: store) }
    report(
        "\(name) member page's data for \(member) (MemberRecord.load: balance, tier history, cards, consents, "
            + "\(record?.transactions.count ?? 0) transactions with their receipt lines): \(ms(memberTime)) "
            + "(\(String(format: "%.2f", memberTime / reference))x the count)")
}

let folder = NSTemporaryDirectory() + "backoffice-bench-" + UUID().uuidString
try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: folder) }

if withSQLite {
    let sqlite = try await SQLiteLedgerStore.open(path: folder + "/bench.sqlite", logger: quiet)
    try await sqlite.migrate()
    try await bench("SQLite", sqlite)
    try await sqlite.close()
}

if withPostgres {
    let server: PostgresServer
    do {
        server = try await PostgresServer.start()
    } catch {
        report("PostgreSQL skipped: \(error)")
        exit(0)
    }
    do {
        let database = try await server.createDatabase(prefix: "bench")
        let store = try await PostgresLedgerStore.connect(url: server.url(database: database), logger: quiet)
        try await store.migrate()
        try await bench("PostgreSQL", store)
        try await store.close()
    } catch {
        server.stop()
        throw error
    }
    server.stop()
}
