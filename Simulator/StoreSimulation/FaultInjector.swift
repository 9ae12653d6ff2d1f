import Foundation
import StoreProcesses
import Synchronization
import VirtualCard

/// Fires the scenario's faults when the store has made their share of the requests, and notes
/// what each did. Card faults hand extra taps to the terminals' workers.
final class FaultInjector: Sendable {
    let plan: ScenarioPlan
    let terminals: [StoreTerminal]
    let workers: [TerminalWorker]
    let backOffice: StoreBackOffice
    let cards: MemberCards
    let log: RunLog
    /// Members whose card was copied or rolled back (they must be caught), and blocked ones
    /// with the time the block was published.
    let caught = Mutex<(copied: Set<Int>, rolledBack: Set<Int>, blocked: [Int: Double])>(([], [], [:]))
    /// Terminals running with a shifted clock, and by how many seconds.
    let drifted = Mutex<[Int: Int64]>([:])
    private let pending = Mutex<[Task<Void, Never>]>([])
    /// Over shop time: the store's calendar, for outages that last shop days.
    let calendar: ShopCalendar?

    init(
        plan: ScenarioPlan, terminals: [StoreTerminal], workers: [TerminalWorker], backOffice: StoreBackOffice, cards: MemberCards,
        log: RunLog, calendar: ShopCalendar? = nil
    ) {
        self.calendar = calendar
        self.plan = plan
        self.terminals = terminals
        self.workers = workers
        self.backOffice = backOffice
        self.cards = cards
        self.log = log
    }

    /// Fires each fault once the planned requests finished reach its share; returns when all
    /// have fired (or `isDone` says the traffic ended: the rest fire at once).
    func run(isDone: @Sendable () async -> Bool) async {
        for fault in plan.faults {
            await log.waitUntilFinished(fault.afterRequests, unless: isDone)
            await fire(fault)
        }
    }

    /// Waits for the faults' own follow-ups (outages to end, journals to fill).
    func finish() async {
        for task in pending.withLock({ $0 }) { await task.value }
    }

    private func fire(_ planned: PlannedFault) async {
        let fault = planned.fault
        let terminal = fault.terminal.map { terminals[$0] }
        let member = MemberCards.memberID(planned.member)
        var target = terminal?.name ?? "back office"
        if [.blockedCard, .copiedCard, .rolledBackCard].contains(fault.kind) { target = "member \(member)" }
        await log.record(
            FaultRecord(
                number: planned.number, kind: fault.kind.rawValue, afterRequests: planned.afterRequests, at: log.elapsed(), target: target,
                effects: []))
        do {
            switch fault.kind {
            case .outage:
                if let days = fault.days, let calendar {
                    try await outage(planned, terminal!, days: days, calendar: calendar)
                } else {
                    try await outage(planned, terminal!, seconds: fault.seconds ?? 5)
                }
            case .backOfficeRestart:
                let started = log.elapsed()
                try await backOffice.restart()
                await note(planned, String(format: "killed and serving again after %.1f s", log.elapsed() - started))
            case .powerCut:
                try await powerCut(planned, terminal!)
            case .cardPulled:
                terminal!.host.pullDuringCommand(number: terminal!.host.commandCount + 2)
                await note(planned, "the next card at \(terminal!.name) leaves during its 2nd command")
            case .journalFull:
                journalFull(planned, terminal!)
            case .clockDrift:
                let seconds = Int64(fault.seconds ?? 0)
                try await terminal!.stop()
                try await terminal!.start(clockOffsetSeconds: seconds)
                drifted.withLock { $0[terminal!.index] = seconds }
                await note(planned, "restarted with its clock \(seconds) s off")
            case .blockedCard:
                let blocked = caught.withLock { state in
                    state.blocked[planned.member] = log.elapsed()
                    return state.blocked.keys.map(MemberCards.memberID)
                }
                try await backOffice.block(members: blocked)
                await note(planned, "block list published with \(blocked.count) member(s)")
            case .copiedCard:
                try await copiedCard(planned)
            case .rolledBackCard:
                try await rolledBackCard(planned)
            }
        } catch {
            await note(planned, "could not be injected: \(error)")
        }
    }

    private func note(_ planned: PlannedFault, _ effect: String) async {
        await log.noteEffect(fault: planned.number, effect)
    }

    private func outage(_ planned: PlannedFault, _ terminal: StoreTerminal, seconds: Double) async throws {
        terminal.network.setFaults(.init(dropRequest: 1))
        await note(planned, String(format: "network down for %.1f s", seconds))
        let task = Task {
            try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            terminal.network.setFaults(.init())
            let waiting = await terminal.waitingRecords()
            await note(planned, "network back; \(waiting.map(String.init) ?? "?") records waited for sync")
        }
        pending.withLock { $0.append(task) }
    }

    /// An outage that lasts `days` of shop time: the network comes back when the calendar has
    /// moved that many days on (or the tills have made their last request).
    private func outage(_ planned: PlannedFault, _ terminal: StoreTerminal, days: Int, calendar: ShopCalendar) async throws {
        terminal.network.setFaults(.init(dropRequest: 1))
        let start = await calendar.today
        await note(planned, "network down for \(days) shop days from day \(start)")
        let task = Task {
            while await calendar.today < start + days, !(await calendar.closed) {
                try? await Task.sleep(for: .milliseconds(20))
            }
            terminal.network.setFaults(.init())
            let waiting = await terminal.waitingRecords()
            await note(planned, "network back on day \(await calendar.today); \(waiting.map(String.init) ?? "?") records waited for sync")
        }
        pending.withLock { $0.append(task) }
    }

    private func powerCut(_ planned: PlannedFault, _ terminal: StoreTerminal) async throws {
        let waiting = await terminal.waitingRecords()
        // The whole device loses power: the terminal process and its pcscd.
        try await terminal.stop(signal: SIGKILL)
        terminal.pcscd.stop()
        try? await Task.sleep(for: .milliseconds(300))
        let offset = drifted.withLock { $0[terminal.index] ?? 0 }
        try await powerOn(terminal, clockOffsetSeconds: offset)
        await note(planned, "killed with \(waiting.map(String.init) ?? "?") records waiting for sync; serving again")
    }

    /// Brings a terminal back after a power cut, its pcscd first. A start that fails (a port
    /// not free yet, a start slower than its limit) is tried again, up to three times a second
    /// apart: a terminal left off would leave its requests waiting for it until the run's limit.
    private func powerOn(_ terminal: StoreTerminal, clockOffsetSeconds: Int64) async throws {
        var attempt = 1
        while true {
            do {
                if !terminal.pcscd.isRunning { try await terminal.pcscd.start() }
                try await terminal.start(clockOffsetSeconds: clockOffsetSeconds)
                return
            } catch let error where attempt < 3 {
                attempt += 1
                await log.record(event: "\(terminal.name) did not come back after a power cut (\(error)); trying again")
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Cuts the terminal off, and keeps selling there (members drawn from the fault's seed)
    /// until a sale is refused for a full journal (at most 2000 sales), then reconnects it.
    private func journalFull(_ planned: PlannedFault, _ terminal: StoreTerminal) {
        terminal.network.setFaults(.init(dropRequest: 1))
        let since = log.elapsed()
        let worker = workers[terminal.index]
        let log = self.log
        let number = planned.number
        let members = cards.count
        @Sendable func sell(_ count: Int) {
            let member = (planned.member + count * 7) % members
            worker.inject(
                .init(
                    member: member, saleId: "FULL-\(number)-\(count)", amount: 50_000, card: nil, label: "sale while cut off",
                    then: { _ in
                        let refused = await log.refusals(terminal: terminal.index, code: "journal-full", since: since)
                        if refused == 0 && count < 2000 {
                            sell(count + 1)
                            return
                        }
                        terminal.network.setFaults(.init())
                        await log.noteEffect(
                            fault: number,
                            refused > 0
                                ? String(
                                    format:
                                        "journal full after %d sales offline (%.1f s): the next sale refused journal-full; network back",
                                    count, log.elapsed() - since)
                                : "the journal did not fill in 2000 sales; network back")
                    }))
        }
        sell(1)
    }

    private func copiedCard(_ planned: PlannedFault) async throws {
        let member = planned.member
        await cards.take(member)
        let copy: MemberCardApplication
        do { copy = try await cards.copy(member, name: "copy-\(planned.number)") } catch {
            await cards.give(member)
            throw error
        }
        await cards.give(member)
        caught.withLock { _ = $0.copied.insert(member) }
        let first = planned.terminals.0
        let second = planned.secondTerminal(of: terminals.count)
        workers[first].inject(
            .init(member: member, saleId: "COPY-\(planned.number)-A", amount: 150_000, card: nil, label: "sale with the original card"))
        workers[second].inject(
            .init(member: member, saleId: "COPY-\(planned.number)-B", amount: 250_000, card: copy, label: "sale with the copied card"))
        await note(planned, "card copied; original used at \(terminals[first].name), copy at \(terminals[second].name)")
    }

    private func rolledBackCard(_ planned: PlannedFault) async throws {
        let member = planned.member
        await cards.take(member)
        let saved: Data
        do { saved = try await cards.save(member) } catch {
            await cards.give(member)
            throw error
        }
        await cards.give(member)
        caught.withLock { _ = $0.rolledBack.insert(member) }
        let first = planned.terminals.0
        let second = planned.secondTerminal(of: max(2, terminals.count)) % terminals.count
        let cards = self.cards
        let workers = self.workers
        let log = self.log
        let number = planned.number
        workers[first].inject(
            .init(
                member: member, saleId: "ROLLBACK-\(number)-A", amount: 300_000, card: nil, label: "sale before the rollback",
                then: { _ in
                    await cards.take(member)
                    try? await cards.restore(member, from: saved)
                    await cards.give(member)
                    await log.noteEffect(fault: number, "card storage written back to its state before ROLLBACK-\(number)-A")
                    workers[second].inject(
                        .init(
                            member: member, saleId: "ROLLBACK-\(number)-B", amount: 200_000, card: nil,
                            label: "sale with the rolled-back card"))
                }))
        await note(
            planned,
            "card storage saved; a sale at \(terminals[first].name), then the old storage back and a sale at \(terminals[second].name)")
    }
}
