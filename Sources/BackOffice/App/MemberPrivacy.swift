import BackOfficeReports
import BackOfficeStorage
import Foundation
import LedgerFormat
import SyncProtocol

/// Privacy requests as the back office serves them, from the command line and the console
/// (`docs/privacy.md`): a member's export, the erasure of their personal details, a consent
/// withdrawn.
enum MemberPrivacy {
    /// Brings the member projection (and its index) up to date with everything stored.
    static func catchUp(_ store: any LedgerStore) async throws {
        try await MemberProjection(store: store).catchUp()
    }

    /// Whether the back office holds `member` (a member row, or transactions of theirs).
    static func known(_ member: String, store: any LedgerStore) async throws -> Bool {
        if try await store.member(member) != nil { return true }
        return try await !store.transactions(of: member).isEmpty
    }

    /// Erases `member`'s personal details and, with a document key, publishes the block list
    /// with the member among the erased (their cards are refused `member-erased`). Answers what
    /// was done, in words.
    static func erase(_ member: String, reason: String, by: String, key: DocumentSigningKey?, store: any LedgerStore, at now: Int64)
        async throws -> String
    {
        try await catchUp(store)
        guard try await known(member, store: store) else {
            throw BackOfficeFailure("the back office knows no member \(member)")
        }
        let erased = try await store.erase(MemberErasure(member: member, at: now, by: by, reason: reason))
        if erased { try await AuditTrail.record("member.erase", subject: "member \(member)", store: store) }
        var text = erased ? "member \(member): personal details erased" : "member \(member) was erased already"
        if let key {
            let list = try await CardLife.blockList(store: store)
            if !list.erased.contains(member) {
                let updated = BlockListDocument(blocked: list.blocked, cards: list.cards, erased: try await store.erasedMembers())
                let published = try await publishSigned(.blockList, whole: try updated.encoded(), key: key, store: store)
                text += "; block list version \(published.version) refuses their cards (member-erased)"
            }
        } else {
            text += "; no document key: their cards are refused once the block list is next published"
        }
        return text
    }

    /// Records `code` withdrawn by `member`.
    static func withdrawConsent(_ code: String, of member: String, reason: String, how: String, store: any LedgerStore, at now: Int64)
        async throws -> String
    {
        guard EnrolmentDetails.consentCodes.contains(code) else {
            throw BackOfficeFailure(
                "\(code) is not a consent code (\(EnrolmentDetails.consentCodes.sorted().joined(separator: ", ")))")
        }
        try await catchUp(store)
        guard try await known(member, store: store) else {
            throw BackOfficeFailure("the back office knows no member \(member)")
        }
        try await store.recordConsent(ConsentEvent(member: member, code: code, given: false, at: now, how: how, reason: reason))
        try await AuditTrail.record("member.consent.withdraw", subject: "member \(member)", detail: ["code": code], store: store)
        return "member \(member): consent \(code) withdrawn (\(how))"
    }

    /// The member's export, or a failure when the back office knows nothing of them.
    static func export(_ member: String, store: any LedgerStore, at now: Int64) async throws -> MemberExport {
        try await catchUp(store)
        guard let export = try await MemberExport.make(member, store: store, at: now) else {
            throw BackOfficeFailure("the back office knows no member \(member)")
        }
        try await AuditTrail.record(
            "member.export", subject: "member \(member)", detail: ["form": "json", "entries": String(export.ledger.count)], store: store)
        return export
    }
}
