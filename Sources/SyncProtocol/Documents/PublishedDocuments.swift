import CardProfile
import Foundation
import StrictJSON

/// The documents the back office publishes for terminals to download, by their names in
/// `GET /v1/documents/{kind}`.
public enum DocumentKind: String, Sendable, CaseIterable, Codable {
    /// The signed programme envelope.
    case programme
    /// ``BlockListDocument``.
    case blockList = "block-list"
    /// ``RevokedTerminalsDocument``.
    case revokedTerminals = "revoked-terminals"
    /// ``BonusGrantsDocument``.
    case bonuses
    /// ``ReplacementNoticesDocument``.
    case replacements
    /// ``PointsAdjustmentsDocument``.
    case adjustments
    /// ``ManagersDocument``.
    case managers
}

/// The bodies of the documents terminals download (`GET /v1/documents/{kind}`), other than the
/// programme (a signed programme envelope, `docs/programme.md`). Both sides use these types:
/// the back office to publish, the terminal to read; the JSON is described in
/// `docs/sync-protocol.md`.
public protocol PublishedDocumentBody: Codable, Sendable, Equatable {
    /// The problems that make the document unusable; empty when it may be published.
    var problems: [String] { get }
}

extension PublishedDocumentBody {
    /// The JSON body, keys sorted: for the documents sent as deltas, the canonical form whose
    /// SHA-256 a ``SignedDocument`` signs as its `state`.
    public func encoded() throws -> [UInt8] {
        Array(try JSONEncoder.documentEncoder.encode(self))
    }

    /// Reads a body, refusing one that does not decode or breaks its own rules.
    public static func decode(_ body: [UInt8]) throws(PublishedDocumentError) -> Self {
        if let key = DuplicateKeys.first(in: body) {
            throw PublishedDocumentError(problems: ["\(key) appears twice in one object"])
        }
        let document: Self
        do {
            document = try JSONDecoder().decode(Self.self, from: Data(body))
        } catch {
            throw PublishedDocumentError(problems: ["not the expected JSON: \(error)"])
        }
        let problems = document.problems
        guard problems.isEmpty else { throw PublishedDocumentError(problems: problems) }
        return document
    }
}

/// Why a document body was refused.
public struct PublishedDocumentError: Error, Sendable, Equatable, CustomStringConvertible {
    public var problems: [String]

    public init(problems: [String]) { self.problems = problems }

    public var description: String { problems.joined(separator: "; ") }
}

/// `block-list`: the cards refused at every terminal. A card reported lost or stolen is blocked
/// by its card key id (`cards`), so that the member's replacement card still works; `blocked`
/// lists whole members (every card of theirs), as lists made before cards could be blocked did.
///
/// `erased` lists members whose personal details were erased at their request: every card of
/// theirs is refused with `member-erased`.
///
/// JSON: `{"blocked": [member ids], "cards": [card key ids], "erased": [member ids]}`, `cards`
/// and `erased` absent when empty (so a list of members only is byte for byte what it was before).
public struct BlockListDocument: PublishedDocumentBody {
    public var blocked: [String]
    /// Card key ids (16 upper-case hex digits, as the ledger's `card`), sorted.
    public var cards: [String]
    /// Member ids erased (sorted).
    public var erased: [String]

    public init(blocked: some Sequence<String>, cards: some Sequence<String> = [String](), erased: some Sequence<String> = [String]()) {
        self.blocked = Set(blocked).sorted()
        self.cards = Set(cards).sorted()
        self.erased = Set(erased).sorted()
    }

    public var problems: [String] {
        var problems: [String] = []
        if (blocked + erased).contains(where: \.isEmpty) { problems.append("an empty member id") }
        for card in cards where !CardKeyID.isValid(card) {
            problems.append("\(card) is not a card key id (16 upper-case hex digits)")
        }
        return problems
    }

    private enum CodingKeys: String, CodingKey { case blocked, cards, erased }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        blocked = try container.decode([String].self, forKey: .blocked)
        cards = try container.decodeIfPresent([String].self, forKey: .cards) ?? []
        erased = try container.decodeIfPresent([String].self, forKey: .erased) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(blocked, forKey: .blocked)
        if !cards.isEmpty { try container.encode(cards, forKey: .cards) }
        if !erased.isEmpty { try container.encode(erased, forKey: .erased) }
    }
}

/// A card key id as documents and the ledger write it: the first 8 bytes of SHA-256 of the card's
/// public key, 16 upper-case hex digits (`docs/card-profile.md` §2).
public enum CardKeyID {
    /// Whether `text` is 16 upper-case hex digits.
    public static func isValid(_ text: String) -> Bool {
        text.utf8.count == 16 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x46).contains($0) }
    }

    /// `text` in the canonical form (upper case, no separators), or `nil` when it is not a key id.
    public static func normalised(_ text: String) -> String? {
        let upper = text.uppercased().filter { $0 != ":" && $0 != " " }
        return isValid(upper) ? upper : nil
    }
}

/// `revoked-terminals`: terminals whose keys are no longer trusted. Their uploads are refused by
/// the back office, and terminals refuse a card whose state one of them signed.
///
/// `enrolmentsHonoured` (optional, `{"7": 41}`): for a revoked terminal that enrolled members,
/// the last enrolment number still honoured. Members it enrolled up to that number (the back
/// office has them) stay valid; a member numbered above it, or enrolled by a revoked terminal
/// not listed, is refused at every terminal. A document without the field reads as before, and
/// one with nothing in it is encoded without it.
public struct RevokedTerminalsDocument: PublishedDocumentBody {
    public var revoked: [UInt32]
    /// Terminal id (decimal, as JSON keys are strings) to the last enrolment number honoured.
    public var enrolmentsHonoured: [String: UInt32]?

    public init(revoked: some Sequence<UInt32>, enrolmentsHonoured: [UInt32: UInt32] = [:]) {
        self.revoked = Set(revoked).sorted()
        self.enrolmentsHonoured =
            enrolmentsHonoured.isEmpty ? nil : Dictionary(uniqueKeysWithValues: enrolmentsHonoured.map { (String($0.key), $0.value) })
    }

    /// The last enrolment number honoured, by revoked terminal id (entries whose key is not a
    /// terminal id are left out; ``problems`` names them).
    public var honoured: [UInt32: UInt32] {
        Dictionary(
            uniqueKeysWithValues: (enrolmentsHonoured ?? [:]).compactMap { key, value in TerminalIDText.parse(key).map { ($0, value) } })
    }

    public var problems: [String] {
        var problems: [String] = []
        let revokedSet = Set(revoked)
        for key in (enrolmentsHonoured ?? [:]).keys.sorted() {
            guard let terminal = TerminalIDText.parse(key) else {
                problems.append("enrolmentsHonoured: \(key) is not a terminal id")
                continue
            }
            if !revokedSet.contains(terminal) { problems.append("enrolmentsHonoured: terminal \(terminal) is not revoked") }
        }
        return problems
    }
}

/// A terminal id as a JSON object key: decimal digits, no sign, no leading zero, within `UInt32`,
/// so each id has one spelling.
enum TerminalIDText {
    static func parse(_ text: String) -> UInt32? {
        let digits = Array(text.utf8)
        guard !digits.isEmpty, digits.allSatisfy({ (0x30...0x39).contains($0) }), digits.count == 1 || digits[0] != 0x30 else {
            return nil
        }
        return UInt32(text)
    }
}

/// `bonuses`: event bonuses the back office granted to members (a newsletter sign-up, a review,
/// a referral; `docs/programme.md` §3.6). Each member's grants are numbered 1, 2, 3...; the card
/// keeps the highest number applied, so the document may list every grant ever made and each is
/// paid once, at the member's next tap at any terminal.
public struct BonusGrantsDocument: PublishedDocumentBody {
    public struct Grant: Codable, Sendable, Hashable {
        public var member: String
        /// The member's grant number, from 1.
        public var sequence: UInt64
        /// The event kind, one of the programme's `events` (or `referral`).
        public var kind: String

        public init(member: String, sequence: UInt64, kind: String) {
            self.member = member
            self.sequence = sequence
            self.kind = kind
        }
    }

    public var grants: [Grant]

    /// The grants, by member and then number (the order the canonical form keeps).
    public init(grants: [Grant]) {
        self.grants = grants.sorted { ($0.member, $0.sequence) < ($1.member, $1.sequence) }
    }

    public var problems: [String] {
        var problems: [String] = []
        var seen = Set<String>()
        for grant in grants {
            if grant.member.isEmpty { problems.append("a grant without a member") }
            if grant.kind.isEmpty { problems.append("grant \(grant.sequence) of \(grant.member) has no kind") }
            if grant.sequence == 0 { problems.append("grant of \(grant.member): sequences start at 1") }
            if !seen.insert("\(grant.member)\u{0}\(grant.sequence)").inserted {
                problems.append("grant \(grant.sequence) of \(grant.member) is listed twice")
            }
        }
        return problems
    }

    /// The grants by member, in sequence order.
    public var byMember: [String: [Grant]] {
        Dictionary(grouping: grants, by: \.member).mapValues { $0.sorted { $0.sequence < $1.sequence } }
    }
}
