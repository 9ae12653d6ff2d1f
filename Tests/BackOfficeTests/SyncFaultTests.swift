import Foundation
import Logging
import LoyaltyJournal
import StoreProcesses
import SyncProtocol
import Synchronization
import TerminalSync
import Testing
import Timekeeping

/// The sync service against a real back office through a proxy that drops, delays, duplicates
/// and reorders requests and responses, while the server exits after storing some batches and
/// before answering them, over thousands of transactions on a journal small enough to wrap
/// several times (so it must free records, and may only free acknowledged ones).
@Suite("Sync under network and server faults", .serialized)
struct SyncFaultTests {
    static let transactions = 3000

    @Test(
        "every record stored exactly once, only acknowledged records freed, acknowledgements never backwards",
        arguments: BackOfficeFixture.Backend.allCases)
    func faults(backend: BackOfficeFixture.Backend) async throws {
        // The proxy's faults act on HTTP messages, so it must read them: plain HTTP here (the
        // store simulator tunnels TLS through the same proxy, with network cuts only).
        try await BackOfficeFixture.run(
            terminals: [7], serveArguments: ["--fault-exit-after-store-percent", "4", "--unsafe-plain-http"], backend: backend
        ) {
            fixture in
            let server = fixture.server
            let proxy = try FaultProxy(
                upstreamPort: { server.port },
                faults: FaultProxy.Faults(
                    dropRequest: 0.05, dropResponse: 0.05, delay: 0.2, maximumDelay: .milliseconds(100), duplicate: 0.05, reorder: 0.05),
                seed: 20_261_123)
            defer { proxy.stop() }
            // 1024 slots of 512 bytes: the 3000 transactions wrap the ring about three times.
            let journal = try Journal.create(
                path: fixture.directory + "/terminal.journal", size: 1024 * 512 + 8192, layout: JournalLayout(recordSize: 512),
                options: JournalOptions(clock: SystemWallTime()))
            defer { try? journal.close() }
            let sync = SyncService(
                journal: journal, credential: try fixture.credential(7),
                settings: SyncSettings(
                    url: proxy.url, timeout: .seconds(2), maximumBatchTransactions: 12, idleInterval: .milliseconds(50),
                    initialBackoff: .milliseconds(20), maximumBackoff: .milliseconds(200)),
                logger: Self.quietLogger, wallTime: SystemWallTime())

            let watch = Watch()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await sync.run() }
                // The supervisor: a server that exited (after storing, before answering) is restarted.
                group.addTask {
                    while !watch.finished.load(ordering: .relaxed) {
                        if !server.isRunning {
                            try await server.stop()
                            try await server.start()
                            watch.restarts.add(1, ordering: .relaxed)
                        }
                        try await Task.sleep(for: .milliseconds(20))
                    }
                }
                // The monitor: the journal never frees what the back office does not hold.
                group.addTask {
                    while !watch.finished.load(ordering: .relaxed) {
                        let mark = try journal.statistics().syncedSequence
                        if let stored = try? await Self.storedThrough(fixture), stored < mark {
                            watch.violations.withLock { $0.append("sync mark \(mark) above the back office's \(stored)") }
                        }
                        try await Task.sleep(for: .milliseconds(100))
                    }
                }
                // The checkout: appends, waiting while the ring is full of unsynced records.
                var full = 0
                var payloads: [UInt64: String] = [:]
                for index in 1...Self.transactions {
                    let payload = #"{"kind":"sale","requestId":"F-\#(index)","amount":\#(index * 1000)}"#
                    while true {
                        do {
                            let sequence = try journal.append(Array(payload.utf8))
                            payloads[sequence] = payload
                            sync.journalAppended()
                            break
                        } catch let error as JournalError {
                            guard case .journalFull = error else { throw error }
                            full += 1
                            try await Task.sleep(for: .milliseconds(20))
                        }
                    }
                }
                // Faults off: the service must catch up by itself.
                proxy.setFaults(FaultProxy.Faults())
                let deadline = ContinuousClock.now.advanced(by: .seconds(120))
                while try journal.statistics().syncedSequence < UInt64(Self.transactions) {
                    guard ContinuousClock.now < deadline else { throw BackOfficeTestError("not caught up: \(try journal.statistics())") }
                    try await Task.sleep(for: .milliseconds(50))
                }
                watch.finished.store(true, ordering: .relaxed)
                group.cancelAll()
                try? await group.waitForAll()

                let tally = proxy.tally
                let stored = try await fixture.pullAll(pageSize: 997)
                print(
                    """
                    sync fault test (\(backend.rawValue)): \(Self.transactions) transactions, journal full \(full) times, \(tally.requests) requests through the proxy: \
                    \(tally.droppedRequests) requests dropped, \(tally.droppedResponses) responses dropped, \(tally.delayed) delayed, \
                    \(tally.duplicated) duplicated, \(tally.reordered) reordered, \(tally.upstreamFailures) with the server down; \
                    server exited after storing and before answering \(watch.restarts.load(ordering: .relaxed)) times; \
                    \(tally.acknowledgements.count) acknowledgements received; store holds \(stored.count) transactions
                    """)
                #expect(watch.violations.withLock { $0 }.isEmpty, "\(watch.violations.withLock { $0 }.prefix(5))")
                #expect(stored.count == Self.transactions, "each transaction exactly once")
                #expect(stored.map(\.sequence).sorted() == (1...UInt64(Self.transactions)).map { $0 })
                let mismatched = stored.filter { stored in
                    let expected = try? JSONSerialization.jsonObject(with: Data(payloads[stored.sequence]!.utf8))
                    let got = try? JSONSerialization.jsonObject(with: Data(stored.entry.utf8))
                    return !(expected as? NSDictionary == got as? NSDictionary)
                }
                #expect(mismatched.isEmpty, "stored content differs for \(mismatched.prefix(3).map(\.sequence))")
                #expect(
                    zip(tally.acknowledgements, tally.acknowledgements.dropFirst()).allSatisfy { $0 <= $1 },
                    "acknowledgements moved backwards")
                #expect(full > 0, "the ring never filled: the test did not exercise freeing")
                #expect(watch.restarts.load(ordering: .relaxed) > 0 && tally.droppedRequests > 0 && tally.droppedResponses > 0)
                #expect(tally.duplicated > 0 && tally.reordered > 0 && tally.delayed > 0)
            }
        }
    }

    /// The service's own log (a warning per injected fault) would drown the test's output.
    static let quietLogger: Logger = {
        var logger = Logger(label: "test.sync.faults")
        logger.logLevel = .critical
        return logger
    }()

    /// What the supervising tasks share.
    final class Watch: Sendable {
        let restarts = Atomic<Int>(0)
        let finished = Atomic<Bool>(false)
        let violations = Mutex<[String]>([])
    }

    /// What the back office says it holds for terminal 7 (`GET /v1/terminals`).
    static func storedThrough(_ fixture: BackOfficeFixture) async throws -> UInt64? {
        let reply = try await fixture.send("GET", "/v1/terminals", headers: [("Authorization", "Bearer \(fixture.auditorToken)")])
        guard reply.status == 200, let object = try JSONSerialization.jsonObject(with: Data(reply.data)) as? [String: Any],
            let terminals = object["terminals"] as? [[String: Any]],
            let seven = terminals.first(where: { ($0["id"] as? Int) == 7 })
        else { return nil }
        return (seven["storedThrough"] as? NSNumber)?.uint64Value
    }
}
