import BackOfficeStorage
import Logging
import SyncProtocol

extension PeriodicService {
    /// `card settle` every `interval` while the server runs with a document key: what a
    /// replacement card does not carry reaches the member as a signed points adjustment without
    /// anyone asking (`docs/backoffice.md`, "Lost cards and replacements").
    static func settlement(
        store: any LedgerStore, key: DocumentSigningKey, interval: Duration, clock: any Clock<Duration>, logger: Logger
    ) -> PeriodicService {
        PeriodicService(name: "settlement", interval: interval, clock: clock, logger: logger) {
            let added = try await AuditTrail.$current.withValue(
                AuditTrail(actor: "server:settlement", reason: "what replaced cards do not carry")
            ) { try await CardLife.settle(key: key, store: store) }
            if !added.isEmpty {
                logger.notice(
                    "settlement: \(added.count) points adjustment(s) published", metadata: ["members": "\(Set(added.map(\.member)).count)"])
            }
        }
    }
}
