import BackOfficeSQLite
import BackOfficeStorage
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization
import Testing

@testable import BackOfficeApp

/// `serve --alarm-webhook`: alarms posted as JSON to a real loopback HTTP receiver, tried again
/// after a failure, given up on a dead receiver within a bounded time, only new ones sent.
@Suite("Alarm webhook", .timeLimit(.minutes(1)))
struct AlarmWebhookTests {
    /// An HTTP receiver on a free loopback port that fails the first `failures` posts with 503
    /// and keeps the bodies it took.
    final class Receiver: Sendable {
        let bodies = Mutex<[AlarmWebhook.Body]>([])
        let requests = Mutex(0)
        let port = Mutex<Int?>(nil)
        let failures: Int

        init(failures: Int = 0) { self.failures = failures }

        func run<T>(_ body: (String) async throws -> T) async throws -> T {
            let router = Router()
            router.post("/hook") { request, _ -> HTTPResponse.Status in
                let count = self.requests.withLock { count in
                    count += 1
                    return count
                }
                let data = try await request.body.collect(upTo: 1 << 16)
                guard count > self.failures else { return .serviceUnavailable }
                let decoded = try JSONDecoder().decode(AlarmWebhook.Body.self, from: Data(data.readableBytesView))
                self.bodies.withLock { $0.append(decoded) }
                return .noContent
            }
            let application = Application(
                router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: { channel in self.port.withLock { $0 = channel.localAddress?.port } }, logger: AlarmWebhookTests.logger)
            let task = Task { try await application.runService() }
            defer { task.cancel() }
            var waited = 0
            while port.withLock({ $0 }) == nil {
                try await Task.sleep(for: .milliseconds(20))
                waited += 1
                guard waited < 250 else { throw CancellationError() }
            }
            return try await body("http://127.0.0.1:\(port.withLock { $0 }!)/hook")
        }
    }

    static let logger: Logger = {
        var logger = Logger(label: "alarm-webhook-tests")
        logger.logLevel = .critical
        return logger
    }()

    static let alarm = Alarm(at: 1_765_000_000_000, kind: "fleet-clock-drift", terminal: 7, sequence: 42, detail: "clock 300 s ahead")

    @Test("a receiver failing twice gets the alarm on the third try, as JSON")
    func retries() async throws {
        let receiver = Receiver(failures: 2)
        let delivered = try await receiver.run { url in
            await AlarmWebhook(url: url, firstWait: .milliseconds(20), logger: Self.logger).deliver(Self.alarm)
        }
        #expect(delivered)
        #expect(receiver.requests.withLock { $0 } == 3)
        #expect(
            receiver.bodies.withLock { $0 }
                == [.init(at: Self.alarm.at, kind: Self.alarm.kind, terminal: 7, sequence: 42, detail: Self.alarm.detail)])
    }

    @Test("a receiver that keeps failing is given up after the set tries; a dead one within the timeouts")
    func givesUp() async throws {
        let receiver = Receiver(failures: 100)
        let delivered = try await receiver.run { url in
            await AlarmWebhook(url: url, attempts: 3, firstWait: .milliseconds(10), logger: Self.logger).deliver(Self.alarm)
        }
        #expect(!delivered && receiver.requests.withLock { $0 } == 3)

        // Nothing listens on port 1: refused at once, each try, and given up.
        let closed = "http://127.0.0.1:1/hook"
        let started = ContinuousClock.now
        let dead = await AlarmWebhook(url: closed, timeout: .seconds(1), attempts: 3, firstWait: .milliseconds(10), logger: Self.logger)
            .deliver(Self.alarm)
        #expect(!dead)
        // Bounded by the tries' timeouts and waits (3 × 1 s + 30 ms), with room for a loaded machine;
        // an endless retry or a wait on the connection pool would miss it.
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    @Test("the service posts alarms raised after it started, oldest first, and none from before")
    func onlyNewAlarms() async throws {
        let store = try await SQLiteLedgerStore.open(path: ":memory:", logger: Self.logger)
        try await store.migrate()
        try await store.raise(Alarm(at: 1, kind: "conflict", detail: "before the server started"))
        let receiver = Receiver()
        try await receiver.run { url in
            let service = AlarmWebhookService(
                store: store, webhook: AlarmWebhook(url: url, logger: Self.logger), interval: .milliseconds(50), logger: Self.logger)
            let group = ServiceGroup(services: [service], logger: Self.logger)
            let running = Task { try await group.run() }
            try await Task.sleep(for: .milliseconds(200))
            try await store.raise(Alarm(at: 10, kind: "replayed", terminal: 7, detail: "first"))
            try await store.raise(Alarm(at: 11, kind: "fleet-not-synced", terminal: 8, sequence: 5, detail: "second"))
            var waited = 0
            while receiver.bodies.withLock({ $0.count }) < 2, waited < 100 {
                try await Task.sleep(for: .milliseconds(50))
                waited += 1
            }
            await group.triggerGracefulShutdown()
            try await running.value
        }
        #expect(receiver.bodies.withLock { $0.map(\.detail) } == ["first", "second"])
        try await store.close()
    }
}
