import BackOffice
import BackOfficeStorage
import Foundation
import SyncProtocol

/// The server's card acts (``CardOperations``), signed with the document key it was given.
struct SignedCardOperations: CardOperations {
    let key: DocumentSigningKey
    let store: any LedgerStore

    func reportLost(card: String, actor: String) async throws -> String {
        try await AuditTrail.$current.withValue(AuditTrail(actor: actor, reason: "")) {
            try await CardLife.block(card, key: key, store: store)
        }
    }

    func replace(lost: String, with newCard: String, actor: String) async throws -> String {
        guard lost != newCard else { throw BackOfficeFailure("the new card must be another card than the lost one") }
        return try await AuditTrail.$current.withValue(AuditTrail(actor: actor, reason: "")) {
            try await CardLife.replace(lost, with: newCard, key: key, store: store, at: nowMilliseconds())
        }
    }
}
