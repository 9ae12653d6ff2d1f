import CardProfile
import Foundation
import LedgerFormat
import Logging
import PointsEngine
import StoreProcesses
import Synchronization
import Timekeeping

/// Runs a whole store for real on this machine: a back office, the scenario's terminals (each a
/// `loyalty-terminal` process with its own virtual reader on the real `pcscd`), the members'
/// cards, the planned traffic and faults; then lets everything sync and checks the invariants.
public struct StoreRun: Sendable {
    public let scenario: Scenario
    /// Where everything of the run is kept (journals, logs, the database, the report).
    public let folder: String
    /// A `postgres://` URL for the back office, instead of what the scenario says.
    public let databaseURL: String?
    /// The vpcd port of the first terminal's reader (each terminal takes two ports).
    public let firstReaderPort: UInt16
    /// Told a line of progress about once a second, and what each phase does.
    public let progress: @Sendable (String) -> Void

    public init(
        scenario: Scenario, folder: String, databaseURL: String? = nil, firstReaderPort: UInt16 = defaultReaderPort,
        progress: @escaping @Sendable (String) -> Void
    ) {
        self.scenario = scenario
        self.folder = folder
        self.databaseURL = databaseURL
        self.firstReaderPort = firstReaderPort
        self.progress = progress
    }

    /// The vpcd port of the first terminal's reader unless told otherwise.
    public static let defaultReaderPort: UInt16 = 35965

    /// Kills every process of the runs under way at once (SIGKILL), for a simulator that is
    /// interrupted: nothing of a store is left running.
    public static func killEverything() {
        for stop in emergencyStops.withLock({ $0 }) { stop.run() }
    }

    private struct EmergencyStop: Sendable { let run: @Sendable () -> Void }
    private static let emergencyStops = Mutex<[EmergencyStop]>([])

    /// Runs the scenario and returns its report (whose checks say whether the store held).
    public func run() async throws -> StoreReport {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let logger = Logger(label: "loyalty-sim.store")
        let plan = ScenarioPlan(scenario)
        let issuer = Issuer.generateTestIssuer(programmeID: 0x4C4F_5931)
        progress("personalising \(scenario.members) member cards")
        let cards = try MemberCards(
            folder: folder + "/cards", issuer: issuer, count: scenario.members, uidOnly: plan.uidOnly, referrers: plan.referrers)
        let database = try await databaseValue()
        // Over shop time every process of the store reads one clock, set to the first opening now.
        let clockPath = folder + "/shop-clock"
        let environment = try scenario.shopTime.map { try ShopCalendar.startClock($0, clockPath: clockPath) } ?? [:]
        // With member life the back office settles by itself, every few seconds, what replaced
        // cards and sales without the card leave to settle.
        let serverProcess = BackOfficeProcess(
            database: database, logPath: folder + "/backoffice/backoffice.log",
            arguments: scenario.memberLife == nil ? [] : StoreBackOffice.settlingArguments(folder: folder + "/backoffice", seconds: 5),
            environment: environment)
        let terminals = try (0..<scenario.terminals).map { index in
            try StoreTerminal(
                index: index, folder: "\(folder)/terminal-\(index + 1)", issuer: issuer, journalSize: scenario.journalBytes ?? (1 << 20),
                firstReaderPort: firstReaderPort, backOffice: serverProcess, environment: environment, logger: logger)
        }
        Self.emergencyStops.withLock {
            $0.append(
                EmergencyStop {
                    for terminal in terminals {
                        terminal.process.send(SIGKILL)
                        terminal.pcscd.stop()
                    }
                    serverProcess.send(SIGKILL)
                })
        }
        progress("starting the back office (\(database.hasPrefix("postgres") ? "PostgreSQL" : "SQLite")) and \(terminals.count) terminals")
        let backOffice = try await StoreBackOffice.start(
            folder: folder + "/backoffice", process: serverProcess, terminals: terminals, issuer: issuer, store: scenario.name,
            now: processWallTime(environment: environment), days: Int64(scenario.shopTime?.days ?? 0) + 365)
        let log = RunLog()
        do {
            var shop: (calendar: ShopCalendar, nights: ShopNights)?
            if let shopTime = scenario.shopTime {
                let nights = ShopNights(shopTime: shopTime, folder: folder + "/backoffice", grants: plan.grants)
                let programme = try await nights.prepare(backOffice)
                for terminal in terminals { try terminal.configure(programme: programme) }
                let calendar = ShopCalendar(
                    shopTime: shopTime, clockPath: clockPath, terminals: terminals.count,
                    night: { from, to in await nights.pass(from: from, to: to, backOffice: backOffice) },
                    morning: { await nights.morning(terminals: terminals) })
                shop = (calendar, nights)
                progress(
                    "shop time: \(shopTime.days) days from \(shopTime.start), \(plan.grants.count) event grants, \(plan.referrers.count) referred members"
                )
            }
            for terminal in terminals {
                try await terminal.pcscd.start()
                try await terminal.start()
                terminal.host.insert()
            }
            let report = try await traffic(
                plan: plan, terminals: terminals, backOffice: backOffice, cards: cards, log: log, shop: shop)
            await shutDown(terminals, backOffice)
            return report
        } catch {
            await shutDown(terminals, backOffice)
            throw error
        }
    }

    // MARK: Phases

    private func traffic(
        plan: ScenarioPlan, terminals: [StoreTerminal], backOffice: StoreBackOffice, cards: MemberCards, log: RunLog,
        shop: (calendar: ShopCalendar, nights: ShopNights)?
    ) async throws -> StoreReport {
        let refundContext = scenario.refunds.map { _ in RefundContext(sales: SaleAnswers(), terminals: terminals) }
        let workers = terminals.map { TerminalWorker(terminal: $0, cards: cards, log: log, refunds: refundContext) }
        let faults = FaultInjector(
            plan: plan, terminals: terminals, workers: workers, backOffice: backOffice, cards: cards, log: log, calendar: shop?.calendar)
        let life =
            scenario.memberLife == nil
            ? nil : MemberLifeInjector(plan: plan, terminals: terminals, workers: workers, backOffice: backOffice, cards: cards, log: log)
        let done = Done()
        progress(
            "running \(scenario.transactions) requests with \(plan.faults.count) faults"
                + (life == nil
                    ? ""
                    : ", \(plan.events.count) member events and \(plan.requests.filter { $0.cardless && $0.saleTerminal == nil }.count) sales without the card")
        )
        async let sampling: Void = sample(terminals: terminals, log: log, faults: plan.faults.count, done: done)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await faults.run(isDone: { await done.value }) }
            if let life { group.addTask { await life.run(isDone: { await done.value }) } }
            group.addTask {
                await withTaskGroup(of: Void.self) { workersGroup in
                    for worker in workers {
                        workersGroup.addTask { await worker.run(plan.requests(of: worker.terminal.index), calendar: shop?.calendar) }
                    }
                }
                await faults.finish()
                // Taps a fault asked for after a worker's last request (a rolled-back card's second sale).
                for _ in 0..<2 { for worker in workers { await worker.runInjected() } }
                await done.set()
            }
        }
        await faults.finish()
        for worker in workers { await worker.runInjected() }

        progress("traffic done; letting every terminal sync")
        for terminal in terminals { terminal.network.setFaults(.init()) }
        if !backOffice.process.isRunning { try await backOffice.process.start() }
        // A drifted clock is set right before the final sync, as a technician would.
        for index in faults.drifted.withLock({ $0.keys }) {
            try await terminals[index].stop()
            try await terminals[index].start()
        }
        try await waitUntilSynced(terminals)
        if let life {
            progress("settling lost cards and sales without the card; a last tap of each member concerned and of each lost card")
            try await life.endOfRun()
            try await waitUntilSynced(terminals)
        }
        // A clean stop journals the last card confirmations; a start uploads them.
        for terminal in terminals { try await terminal.stop() }
        for terminal in terminals { try await terminal.start() }
        try await waitUntilSynced(terminals)
        for terminal in terminals { try await terminal.stop() }
        await done.set()
        await sampling

        progress("checking the back office against the terminals' journals")
        let pulled = try await backOffice.pullAll()
        var journals: [UInt32: [StoreChecks.ExportedTransaction]] = [:]
        for terminal in terminals { journals[terminal.id] = try await exportJournal(terminal) }
        let flagged = try await backOffice.flaggedCards()
        let caught = faults.caught.withLock { $0 }
        let requests = await log.requests
        var storeChecks = StoreChecks(
            pulled: pulled, journals: journals, requests: requests,
            terminalIDs: Dictionary(uniqueKeysWithValues: terminals.map { ($0.index, $0.id) }),
            copied: caught.copied, rolledBack: caught.rolledBack, blocked: caught.blocked,
            flaggedMembers: flagged, blockListSeen: await log.blockListSeen, uidOnly: plan.uidOnly)
        if let life {
            storeChecks.cardLife = StoreChecks.CardLife(
                replacements: life.replacements.withLock { $0 }, adjustments: life.heldAdjustments(),
                blockedCardsSeen: await log.blockedCardsSeen, enrolments: Array(life.enrolments.withLock { $0.values }))
        }
        if scenario.refunds != nil {
            progress("reading the back office's refunds report and its corrections")
            let overRefunds = try await backOffice.refundReport()
            // A back office that settles by itself (member life) published its adjustments to
            // every terminal; else the settlement here publishes them all at once.
            let adjustments =
                if let life { life.heldAdjustments().values.max { $0.count < $1.count } ?? [] } else {
                    try await backOffice.settledAdjustments()
                }
            storeChecks.refunds = StoreChecks.Refunds(overRefunds: overRefunds, adjustments: adjustments)
        }
        var checks = storeChecks.run()
        var summary: StoreReport.ShopTimeSummary?
        if let shop, let shopTime = scenario.shopTime {
            progress("recomputing expiry, tiers and each month's retention figures from the ledger")
            let shopChecks = try await shopTimeChecks(shopTime, pulled: pulled, storeChecks: storeChecks, backOffice: backOffice)
            checks += shopChecks.run()
            summary = StoreReport.ShopTimeSummary(
                first: shopTime.localDate(shopTime.midnight(ofDay: 1)), last: shopTime.localDate(shop.calendar.now),
                days: shopTime.days, nights: await shop.nights.notes,
                rules: shopChecks.tally.counts.map { StoreReport.RuleCount(rule: $0.rule, count: $0.count) })
        }
        var storeReport = await report(
            terminals: terminals, log: log, pulled: pulled, journals: journals, checks: checks, database: backOffice.process.database)
        storeReport.shopTime = summary
        if let refunds = storeChecks.refunds {
            storeReport.refunds = StoreReport.RefundSummary(requests: requests, ledger: RefundLedger(pulled), refunds: refunds)
        }
        if scenario.memberLife != nil {
            storeReport.memberLife = StoreReport.MemberLifeSummary(
                requests: requests, events: await log.memberEvents, replacements: life?.replacements.withLock { $0.count } ?? 0,
                notes: await log.memberLifeNotes)
        }
        return storeReport
    }

    /// The checks over shop time: the ledger decoded, the programmes of the run, and the back
    /// office's retention report of every month.
    private func shopTimeChecks(
        _ shopTime: ShopTime, pulled: [PulledTransaction], storeChecks: StoreChecks, backOffice: StoreBackOffice
    ) async throws -> ShopTimeChecks {
        var entries: [StoreChecks.Pair: LedgerEntry] = [:]
        for transaction in pulled {
            if let entry = LedgerEntry.decode(transaction.payload) {
                entries[StoreChecks.Pair(terminal: transaction.terminal, sequence: transaction.sequence)] = entry
            }
        }
        let settled = StoreChecks.SettledLedger(entries: storeChecks.entriesByPair())
        let counted = Set(settled.counted.values.flatMap { $0.map(\.0) })
        var programmes: [(from: Int64, programme: Programme)] = []
        for scheduled in shopTime.programmes.sorted(by: { $0.day < $1.day }) {
            let programme = try Programme.decode(Array(try Data(contentsOf: URL(fileURLWithPath: scheduled.file))))
            programmes.append((scheduled.day == 1 ? 0 : shopTime.midnight(ofDay: scheduled.day), programme))
        }
        if programmes.isEmpty { programmes = [(0, Programme.demo)] }
        var retention: [(first: String, last: String, json: [String: Any])] = []
        for month in ShopTimeChecks.months(of: shopTime) {
            let output = try await backOffice.command([
                "report", "retention", "--from", month.first, "--to", month.last, "--utc-offset-minutes", String(shopTime.utcOffsetMinutes),
                "--format", "json",
            ])
            let json = (try? JSONSerialization.jsonObject(with: Data(output.utf8))) as? [String: Any] ?? [:]
            retention.append((month.first, month.last, json))
        }
        return ShopTimeChecks(shopTime: shopTime, programmes: programmes, entries: entries, counted: counted, retention: retention)
    }

    private func report(
        terminals: [StoreTerminal], log: RunLog, pulled: [PulledTransaction],
        journals: [UInt32: [StoreChecks.ExportedTransaction]], checks: [StoreChecks.Check], database: String
    ) async -> StoreReport {
        let requests = await log.requests
        let lag = await log.lag
        let totals = terminals.map { terminal in
            let mine = requests.filter { $0.terminal == terminal.index }
            var refused: [String: Int] = [:]
            for request in mine where request.outcome != "completed" && request.outcome != "incomplete" {
                refused[request.refusal ?? request.outcome, default: 0] += 1
            }
            return StoreReport.TerminalTotals(
                terminal: terminal.id, requests: mine.count, completed: mine.filter { $0.outcome == "completed" }.count,
                incomplete: mine.filter { $0.outcome == "incomplete" }.count, refused: refused,
                retried: mine.filter { $0.attempts > 1 }.count, journalLastSequence: journals[terminal.id]?.last?.sequence ?? 0,
                storedInBackOffice: pulled.filter { $0.terminal == terminal.id }.count,
                maximumWaitingRecords: lag.compactMap { $0.waiting[terminal.index] }.max() ?? 0)
        }
        return StoreReport(
            scenario: scenario.name, seed: scenario.seed,
            database: database.hasPrefix("sqlite:")
                ? database
                : databaseURL == nil
                    ? "a PostgreSQL server started for this run (stopped with it)" : "the PostgreSQL database of --database",
            seconds: log.elapsed(), terminals: totals,
            backOfficeTransactions: pulled.count, lag: lag, faults: await log.faults, events: await log.events,
            tapLatency: StoreReport.percentiles(requests.filter { $0.outcome == "completed" }.map(\.lastTrySeconds)),
            slowest: Array(requests.sorted { $0.seconds > $1.seconds }.prefix(5)),
            checks: checks)
    }

    /// Samples each terminal's sync lag every second, and prints the live line.
    private func sample(terminals: [StoreTerminal], log: RunLog, faults: Int, done: Done) async {
        while !(await done.value) {
            for terminal in terminals where terminal.pcscd.diedUnexpectedly {
                terminal.pcscd.stop()
                let restarted = (try? await terminal.pcscd.start()) != nil
                await log.record(
                    event: "the pcscd of \(terminal.name) was killed from outside the scenario; "
                        + (restarted ? "started again" : "it could not be started again"))
            }
            var waiting: [Int?] = []
            for terminal in terminals {
                let health = await terminal.health()
                waiting.append(health?.waitingRecords)
                if let health { await log.record(blockList: health.blockedMembers, terminal: terminal.index, at: log.elapsed()) }
                // Lost cards are blocked by card: the terminal's kept block list says which it refuses.
                if scenario.memberLife != nil, let cards = terminal.heldDocument("block-list")?["cards"] as? [String] {
                    await log.record(blockedCards: cards, terminal: terminal.index, at: log.elapsed())
                }
            }
            await log.record(LagSample(at: log.elapsed(), waiting: waiting))
            let requests = await log.requests
            let fired = await log.faults.count
            let completed = requests.filter { $0.outcome == "completed" }.count
            let lag = waiting.map { $0.map(String.init) ?? "-" }.joined(separator: ",")
            progress(
                String(format: "%6.1f s  ", log.elapsed())
                    + "requests \(requests.filter(\.planned).count)/\(scenario.transactions)  completed \(completed)  "
                    + "not completed \(requests.count - completed)  waiting for sync \(lag)  faults \(fired)/\(faults)")
            try? await Task.sleep(for: .seconds(1))
        }
    }

    private func waitUntilSynced(_ terminals: [StoreTerminal]) async throws {
        let deadline = ContinuousClock.now.advanced(by: .seconds(180))
        while ContinuousClock.now < deadline {
            var all = true
            for terminal in terminals where await terminal.waitingRecords() != 0 { all = false }
            if all { return }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw StoreError("the terminals did not finish syncing within 180 s (see their logs in \(folder))")
    }

    private func exportJournal(_ terminal: StoreTerminal) async throws -> [StoreChecks.ExportedTransaction] {
        let result = try await ProcessRunner.run(
            BuiltProducts.executable("loyalty-terminal"), ["journal", "export", "--path", terminal.journalPath])
        guard result.status == 0 else { throw StoreError("journal export of \(terminal.name) failed: \(result.standardError)") }
        let decoder = JSONDecoder()
        return try result.standardOutput.split(separator: "\n").map {
            try decoder.decode(StoreChecks.ExportedTransaction.self, from: Data($0.utf8))
        }
    }

    private func shutDown(_ terminals: [StoreTerminal], _ backOffice: StoreBackOffice) async {
        for terminal in terminals {
            _ = try? await terminal.stop()
            terminal.host.remove()
            terminal.network.stop()
            terminal.pcscd.stop()
        }
        _ = try? await backOffice.process.stop()
    }

    // MARK: Set-up

    private func databaseValue() async throws -> String {
        if let databaseURL { return databaseURL }
        switch scenario.backOffice {
        case .sqlite:
            try FileManager.default.createDirectory(atPath: folder + "/backoffice", withIntermediateDirectories: true)
            let path = folder + "/backoffice/backoffice.sqlite"
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            return "sqlite:" + path
        case .postgres:
            progress("starting a PostgreSQL server for the back office")
            let server = try await PostgresServer.shared()
            return server.url(database: try await server.createDatabase(prefix: "store"))
        }
    }
}

/// Set once the traffic and the final sync are over.
actor Done {
    private(set) var value = false
    func set() { value = true }
}
