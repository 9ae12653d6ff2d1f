import BackOfficeStorage
import Logging
import ServiceLifecycle
import SyncProtocol
import Timekeeping

/// Runs `card settle` every `interval` while the server runs with a document key: what a
/// replacement card does not carry reaches the member as a signed points adjustment without
/// anyone asking (`docs/backoffice.md`, "Lost cards and replacements").
struct SettlementService: Service {
    let store: any LedgerStore
    let key: DocumentSigningKey
    let interval: Duration
    let clock: any Clock<Duration>
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await clock.sleep(for: interval)
                guard !Task.isCancelled else { return }
                do {
                    let added = try await AuditTrail.$current.withValue(
                        AuditTrail(actor: "server:settlement", reason: "what replaced cards do not carry")
                    ) { try await CardLife.settle(key: key, store: store) }
                    if !added.isEmpty {
                        logger.notice(
                            "settlement: \(added.count) points adjustment(s) published",
                            metadata: ["members": "\(Set(added.map(\.member)).count)"])
                    }
                } catch {
                    logger.warning("the settlement failed: \(error)")
                }
            }
        }
    }
}
