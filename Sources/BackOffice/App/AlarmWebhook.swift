import AsyncHTTPClient
import BackOfficeStorage
import Foundation
import Logging
import Metrics
import NIOCore
import ServiceLifecycle

/// Posts alarms as JSON to a URL (`serve --alarm-webhook`): each with a timeout, tried again
/// after a failure (no answer, or not 2xx) with a doubling wait, up to `attempts` times. A
/// failure is logged and counted (`backoffice_alarm_webhook_deliveries_total` by `outcome`:
/// `delivered`, `failed`; `backoffice_alarm_webhook_retries_total`), never thrown.
struct AlarmWebhook: Sendable {
    /// The body: the alarm's fields.
    struct Body: Codable, Equatable {
        var at: Int64
        var kind: String
        var terminal: UInt32?
        var sequence: UInt64?
        var detail: String
    }

    let url: String
    var client: HTTPClient = .shared
    var timeout: Duration = .seconds(5)
    var attempts = 4
    var firstWait: Duration = .milliseconds(500)
    let logger: Logger

    /// Posts `alarm`; true when the receiver answered 2xx.
    @discardableResult
    func deliver(_ alarm: Alarm, clock: any Clock<Duration> = ContinuousClock()) async -> Bool {
        let body = Body(at: alarm.at, kind: alarm.kind, terminal: alarm.terminal, sequence: alarm.sequence, detail: alarm.detail)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let bytes = try? encoder.encode(body) else { return false }
        var wait = firstWait
        for attempt in 1...max(1, attempts) {
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "loyalty-backoffice")
            request.body = .bytes(ByteBuffer(bytes: bytes))
            var problem: String
            do {
                let response = try await client.execute(request, timeout: .milliseconds(timeout.milliseconds))
                _ = try? await response.body.collect(upTo: 64 << 10)
                if (200..<300).contains(response.status.code) {
                    Counter(label: "backoffice_alarm_webhook_deliveries_total", dimensions: [("outcome", "delivered")]).increment()
                    return true
                }
                problem = "HTTP \(response.status.code)"
            } catch {
                problem = "\(error)"
            }
            guard attempt < attempts, !Task.isCancelled else {
                Counter(label: "backoffice_alarm_webhook_deliveries_total", dimensions: [("outcome", "failed")]).increment()
                logger.error(
                    "the alarm webhook failed; the alarm stays in the back office's list",
                    metadata: ["kind": "\(alarm.kind)", "attempts": "\(attempt)", "problem": "\(problem)"])
                return false
            }
            Counter(label: "backoffice_alarm_webhook_retries_total").increment()
            logger.warning("the alarm webhook failed; trying again", metadata: ["attempt": "\(attempt)", "problem": "\(problem)"])
            try? await clock.sleep(for: wait)
            wait *= 2
        }
        return false
    }
}

extension Duration {
    fileprivate var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}

/// Watches the store's alarms and posts each new one to the webhook, oldest first, off every
/// request's path: alarms raised anywhere (an upload, a check, another server sharing the
/// database) are found by looking at the list every `interval`. Those already there when the
/// server starts are not sent.
struct AlarmWebhookService: Service {
    let store: any LedgerStore
    let webhook: AlarmWebhook
    var interval: Duration = .seconds(2)
    var clock: any Clock<Duration> = ContinuousClock()
    let logger: Logger

    /// The newest alarm time seen, and the alarms seen at that time.
    struct Cursor: Equatable {
        var at: Int64 = .min
        var seen: Set<String> = []

        static func key(_ alarm: Alarm) -> String {
            "\(alarm.at)|\(alarm.kind)|\(alarm.terminal.map(String.init) ?? "")|\(alarm.sequence.map(String.init) ?? "")|\(alarm.detail)"
        }

        /// The alarms of `newestFirst` not seen yet, oldest first; moves the cursor past them.
        mutating func take(_ newestFirst: [Alarm]) -> [Alarm] {
            let fresh = newestFirst.reversed().filter { $0.at > at || ($0.at == at && !seen.contains(Self.key($0))) }
            for alarm in fresh {
                if alarm.at > at {
                    at = alarm.at
                    seen = []
                }
                seen.insert(Self.key(alarm))
            }
            return fresh
        }
    }

    static let window = 1000

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var cursor = Cursor()
            var started = false
            while !Task.isCancelled {
                do {
                    let fresh = cursor.take(try await store.alarms(limit: Self.window))
                    if started {
                        for alarm in fresh {
                            guard !Task.isCancelled else { return }
                            await webhook.deliver(alarm, clock: clock)
                        }
                    }
                    started = true
                } catch {
                    logger.warning("the alarm webhook cannot read the alarms: \(error)")
                }
                try? await clock.sleep(for: interval)
            }
        }
    }
}
