import Foundation

/// `replacements`: the cards issued to replace lost ones, each with the member state the back
/// office held for the member when the replacement was issued (balance, tier, qualifying spend,
/// everything the engine carries), so that the first tap of the new card at any terminal starts
/// from it instead of from nothing (`docs/sync-protocol.md`, "Replacement notices").
///
/// A notice once published is never withdrawn or changed (a card may already carry its state).
public struct ReplacementNoticesDocument: PublishedDocumentBody {
    /// One replacement card.
    public struct Notice: Codable, Sendable, Hashable {
        /// The new card's key id (16 upper-case hex digits).
        public var card: String
        /// The member both cards belong to.
        public var member: String
        /// The card it replaces, blocked by the same act.
        public var replaces: String
        /// The member state the new card starts from: the compact encoding (`docs/programme.md`,
        /// "Member state"), base64.
        public var state: String
        /// The old card's transaction the state was taken from (`nil`: the old card had none).
        public var basedOn: Write?
        /// When the replacement was issued, ms since the epoch.
        public var issuedAt: Int64

        public init(card: String, member: String, replaces: String, state: String, basedOn: Write?, issuedAt: Int64) {
            self.card = card
            self.member = member
            self.replaces = replaces
            self.state = state
            self.basedOn = basedOn
            self.issuedAt = issuedAt
        }
    }

    /// A terminal's journal transaction: terminal id and sequence.
    public struct Write: Codable, Sendable, Hashable {
        public var terminalId: UInt32
        public var sequence: UInt64

        public init(terminalId: UInt32, sequence: UInt64) {
            self.terminalId = terminalId
            self.sequence = sequence
        }
    }

    public var notices: [Notice]

    /// The notices, by new card (the order the canonical form keeps).
    public init(notices: [Notice]) {
        self.notices = notices.sorted { $0.card < $1.card }
    }

    public var problems: [String] {
        var problems: [String] = []
        var seen = Set<String>()
        for notice in notices {
            if !CardKeyID.isValid(notice.card) { problems.append("\(notice.card) is not a card key id") }
            if !CardKeyID.isValid(notice.replaces) { problems.append("\(notice.replaces) is not a card key id") }
            if notice.card == notice.replaces { problems.append("card \(notice.card) cannot replace itself") }
            if notice.member.isEmpty { problems.append("the notice of card \(notice.card) names no member") }
            if Data(base64Encoded: notice.state) == nil { problems.append("the state of card \(notice.card) is not base64") }
            if !seen.insert(notice.card).inserted { problems.append("card \(notice.card) is listed twice") }
        }
        return problems
    }

    /// The notices by new card.
    public var byCard: [String: Notice] {
        Dictionary(notices.map { ($0.card, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

/// `replacements`' change: new notices.
public struct ReplacementNoticesChange: PublishedDocumentBody {
    public var added: [ReplacementNoticesDocument.Notice]

    public init(added: [ReplacementNoticesDocument.Notice]) {
        self.added = added.sorted { $0.card < $1.card }
    }

    public var problems: [String] { ReplacementNoticesDocument(notices: added).problems }
}

extension ReplacementNoticesDocument: DeltaDocument {
    public static var empty: ReplacementNoticesDocument { ReplacementNoticesDocument(notices: []) }
    public var canonical: ReplacementNoticesDocument { ReplacementNoticesDocument(notices: Array(Set(notices))) }

    public static func change(from old: Self, to new: Self) throws(PublishedDocumentError) -> ReplacementNoticesChange {
        let after = new.byCard
        var problems: [String] = []
        for notice in old.notices where after[notice.card] != notice {
            problems.append("the notice of card \(notice.card) was published and cannot be withdrawn or changed")
        }
        guard problems.isEmpty else { throw PublishedDocumentError(problems: problems) }
        return ReplacementNoticesChange(added: Array(Set(new.notices).subtracting(old.notices)))
    }

    public func applying(_ change: ReplacementNoticesChange) -> Self {
        var held = Set(notices.map(\.card))
        var result = notices
        for notice in change.added where held.insert(notice.card).inserted { result.append(notice) }
        return ReplacementNoticesDocument(notices: result)
    }

    public static func summary(of change: ReplacementNoticesChange) -> String {
        "\(change.added.count) replacement cards"
    }
}
