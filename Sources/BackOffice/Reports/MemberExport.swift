import BackOfficeStorage
import Foundation
import LedgerFormat

/// Everything the chain holds about one member, as one JSON document (a privacy request's
/// export, `docs/privacy.md`): the member record (details, consents with their history, cards,
/// transactions as rows, adjustments, referrals) and every ledger entry of theirs as the
/// terminals journaled it. After an erasure the details are gone from both: the enrolment
/// entries lose what the shop collected.
public struct MemberExport: Sendable, Equatable, Codable {
    /// The export's format (1).
    public var format: Int
    /// When it was made, ms since the epoch.
    public var exportedAt: Int64
    public var record: MemberRecord
    /// The member's ledger entries, oldest first, each with where it is stored.
    public var ledger: [Entry]

    public struct Entry: Sendable, Equatable, Codable {
        public var terminal: UInt32
        public var sequence: UInt64
        /// When the back office stored it, ms since the epoch.
        public var receivedAt: Int64
        public var entry: LedgerEntry
    }

    /// The export of `id`, or nil when the back office knows nothing of them (bring the
    /// projection up to date first).
    public static func make(_ id: String, store: any LedgerStore, at now: Int64) async throws -> MemberExport? {
        guard let record = try await MemberRecord.load(id, store: store) else { return nil }
        var ledger: [Entry] = []
        for stored in try await store.transactions(of: id) {
            guard var entry = LedgerEntry.decode(stored.payload), entry.member == id else { continue }
            if record.erasure != nil { entry.enrolment = nil }
            ledger.append(Entry(terminal: stored.terminal, sequence: stored.sequence, receivedAt: stored.receivedAt, entry: entry))
        }
        return MemberExport(format: 1, exportedAt: now, record: record, ledger: ledger)
    }

    /// The JSON document, keys sorted, indented.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
