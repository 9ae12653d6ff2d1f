import BackOfficeConsole
import BackOfficeStorage
import Foundation
import SyncProtocol

/// The console's acts as `serve` does them: signed with its document key when it has one, each
/// recorded in the audit log with the console user and their reason.
struct ServeConsoleActions: ConsoleActions {
    let store: any LedgerStore
    let key: DocumentSigningKey?

    func blockCard(_ card: String, actor: String, reason: String) async throws -> String {
        guard let key else {
            throw BackOfficeFailure("this server has no document key (serve --document-key): block the card with 'card lost'")
        }
        return try await AuditTrail.$current.withValue(AuditTrail(actor: actor, reason: reason)) {
            try await CardLife.block(card, key: key, store: store)
        }
    }

    func revokeTerminal(_ id: UInt32, actor: String, reason: String) async throws -> String {
        try await AuditTrail.$current.withValue(AuditTrail(actor: actor, reason: reason)) {
            try await store.revoke(terminal: id, at: nowMilliseconds(), reason: reason)
            try await AuditTrail.record("terminal.revoke", subject: "terminal \(id)", store: store)
            guard let key else {
                return "terminal \(id) revoked; revoked-terminals not published (this server has no document key)"
            }
            let published = try await publishRevokedTerminals(store, key: key)
            return "terminal \(id) revoked; revoked-terminals version \(published.version)"
        }
    }

    func eraseMember(_ member: String, actor: String, reason: String) async throws -> String {
        try await AuditTrail.$current.withValue(AuditTrail(actor: actor, reason: reason)) {
            try await MemberPrivacy.erase(
                member, reason: reason, by: "console user \(actor)", key: key, store: store, at: nowMilliseconds())
        }
    }
}
