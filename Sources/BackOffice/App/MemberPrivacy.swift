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

    /// The member named by `text`: a member id, a card (key id or `uid:HEX`) or a phone number.
    static func find(_ text: String, store: any LedgerStore) async throws -> String? {
        let query = text.trimmingCharacters(in: .whitespaces)
        guard !query.isEmpty else { return nil }
        if try await known(query, store: store) { return query }
        if let card = CardKeyID.normalised(query) ?? (query.lowercased().hasPrefix("uid:") ? query : nil) {
            if let member = try await store.memberIDs(card: card).first { return member }
            let notices = try await MemberRecord.whole(.replacements, store: store).flatMap { try? ReplacementNoticesDocument.decode($0) }
            if let notice = notices?.notices.first(where: { $0.card == card || $0.replaces == card }) { return notice.member }
        }
        if let phone = PhoneNumber.normalised(query), let member = try await store.member(phone: phone) { return member.member }
        return nil
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
        return "member \(member): consent \(code) withdrawn (\(how))"
    }

    /// The member's export, or a failure when the back office knows nothing of them.
    static func export(_ member: String, store: any LedgerStore, at now: Int64) async throws -> MemberExport {
        try await catchUp(store)
        guard let export = try await MemberExport.make(member, store: store, at: now) else {
            throw BackOfficeFailure("the back office knows no member \(member)")
        }
        return export
    }
}
