/// A document sent to terminals as deltas: the changes from one version to the next, applied on
/// the terminal's copy. A new kind (replacements, campaigns, coupons) conforms, names its change,
/// and is listed in ``DocumentKind/deltaType``.
public protocol DeltaDocument: PublishedDocumentBody {
    /// What one version changes.
    associatedtype Change: PublishedDocumentBody

    /// The document with nothing in it (what a terminal holds before its first version).
    static var empty: Self { get }
    /// The same document in its one canonical form (sorted, no repeats): what is encoded, and
    /// hashed into a ``SignedDocument``'s `state`.
    var canonical: Self { get }
    /// The change from `old` to `new`; thrown when the kind cannot go that way (a bonus withdrawn).
    static func change(from old: Self, to new: Self) throws(PublishedDocumentError) -> Change
    /// This document (canonical) with `change` applied, canonical.
    func applying(_ change: Change) -> Self
    /// Says what the change does, for the log.
    static func summary(of change: Change) -> String
}

extension DocumentKind {
    /// The kind's document type when it is sent as deltas; nil for the programme (always whole).
    public var deltaType: (any DeltaDocument.Type)? {
        switch self {
        case .programme: nil
        case .blockList: BlockListDocument.self
        case .revokedTerminals: RevokedTerminalsDocument.self
        case .bonuses: BonusGrantsDocument.self
        case .replacements: ReplacementNoticesDocument.self
        case .adjustments: PointsAdjustmentsDocument.self
        case .managers: ManagersDocument.self
        }
    }

    /// A whole document checked and in canonical form.
    public func canonical(_ body: [UInt8]) throws(PublishedDocumentError) -> [UInt8] {
        guard let type = deltaType else { return body }
        return try Self.canonical(type, body)
    }

    /// The change from the whole document `old` (nil: none yet) to `new`, encoded.
    public func change(from old: [UInt8]?, to new: [UInt8]) throws(PublishedDocumentError) -> [UInt8] {
        guard let type = deltaType else { throw PublishedDocumentError(problems: ["\(rawValue) is always sent whole"]) }
        return try Self.change(type, from: old, to: new)
    }

    /// The whole document `state` with the encoded `change` applied, in canonical form.
    public func apply(change: [UInt8], to state: [UInt8]?) throws(PublishedDocumentError) -> [UInt8] {
        guard let type = deltaType else { throw PublishedDocumentError(problems: ["\(rawValue) is always sent whole"]) }
        return try Self.apply(type, change: change, to: state)
    }

    /// What an encoded change does, for the log.
    public func summary(ofChange change: [UInt8]) -> String {
        guard let type = deltaType else { return "\(change.count) bytes" }
        return Self.summary(type, change)
    }

    private static func canonical<D: DeltaDocument>(_: D.Type, _ body: [UInt8]) throws(PublishedDocumentError) -> [UInt8] {
        try encode(D.decode(body).canonical)
    }

    private static func change<D: DeltaDocument>(_: D.Type, from old: [UInt8]?, to new: [UInt8]) throws(PublishedDocumentError)
        -> [UInt8]
    {
        let before = try old.map { (bytes) throws(PublishedDocumentError) in try D.decode(bytes).canonical } ?? D.empty
        return try encode(D.change(from: before, to: try D.decode(new).canonical))
    }

    private static func apply<D: DeltaDocument>(_: D.Type, change: [UInt8], to state: [UInt8]?) throws(PublishedDocumentError)
        -> [UInt8]
    {
        // The state held is canonical (its digest was signed): applied as it is, without sorting it again.
        let before = try state.map { (bytes) throws(PublishedDocumentError) in try D.decode(bytes) } ?? D.empty
        return try encode(before.applying(try D.Change.decode(change)))
    }

    private static func summary<D: DeltaDocument>(_: D.Type, _ change: [UInt8]) -> String {
        (try? D.Change.decode(change)).map(D.summary(of:)) ?? "\(change.count) bytes"
    }

    private static func encode(_ body: some PublishedDocumentBody) throws(PublishedDocumentError) -> [UInt8] {
        do {
            return try body.encoded()
        } catch {
            throw PublishedDocumentError(problems: ["cannot be encoded: \(error)"])
        }
    }
}

/// `block-list`'s change: members and cards blocked and unblocked, members erased (and, should
/// it ever be needed, no longer). `cardsAdded`, `cardsRemoved`, `erasedAdded` and
/// `erasedRemoved` are absent when empty.
public struct BlockListChange: PublishedDocumentBody {
    public var added: [String]
    public var removed: [String]
    public var cardsAdded: [String]
    public var cardsRemoved: [String]
    public var erasedAdded: [String]
    public var erasedRemoved: [String]

    public init(
        added: some Sequence<String>, removed: some Sequence<String>,
        cardsAdded: some Sequence<String> = [String](), cardsRemoved: some Sequence<String> = [String](),
        erasedAdded: some Sequence<String> = [String](), erasedRemoved: some Sequence<String> = [String]()
    ) {
        self.added = Set(added).sorted()
        self.removed = Set(removed).sorted()
        self.cardsAdded = Set(cardsAdded).sorted()
        self.cardsRemoved = Set(cardsRemoved).sorted()
        self.erasedAdded = Set(erasedAdded).sorted()
        self.erasedRemoved = Set(erasedRemoved).sorted()
    }

    public var problems: [String] {
        var problems: [String] = []
        if (added + removed).contains(where: \.isEmpty) { problems.append("an empty member id") }
        if !Set(added).isDisjoint(with: removed) { problems.append("a member both added and removed") }
        if !Set(cardsAdded).isDisjoint(with: cardsRemoved) { problems.append("a card both added and removed") }
        if (erasedAdded + erasedRemoved).contains(where: \.isEmpty) { problems.append("an empty erased member id") }
        if !Set(erasedAdded).isDisjoint(with: erasedRemoved) { problems.append("a member both erased and not") }
        for card in cardsAdded + cardsRemoved where !CardKeyID.isValid(card) {
            problems.append("\(card) is not a card key id (16 upper-case hex digits)")
        }
        return problems
    }

    private enum CodingKeys: String, CodingKey { case added, removed, cardsAdded, cardsRemoved, erasedAdded, erasedRemoved }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        added = try container.decode([String].self, forKey: .added)
        removed = try container.decode([String].self, forKey: .removed)
        cardsAdded = try container.decodeIfPresent([String].self, forKey: .cardsAdded) ?? []
        cardsRemoved = try container.decodeIfPresent([String].self, forKey: .cardsRemoved) ?? []
        erasedAdded = try container.decodeIfPresent([String].self, forKey: .erasedAdded) ?? []
        erasedRemoved = try container.decodeIfPresent([String].self, forKey: .erasedRemoved) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(added, forKey: .added)
        try container.encode(removed, forKey: .removed)
        if !cardsAdded.isEmpty { try container.encode(cardsAdded, forKey: .cardsAdded) }
        if !cardsRemoved.isEmpty { try container.encode(cardsRemoved, forKey: .cardsRemoved) }
        if !erasedAdded.isEmpty { try container.encode(erasedAdded, forKey: .erasedAdded) }
        if !erasedRemoved.isEmpty { try container.encode(erasedRemoved, forKey: .erasedRemoved) }
    }
}

extension BlockListDocument: DeltaDocument {
    public static var empty: BlockListDocument { BlockListDocument(blocked: []) }
    public var canonical: BlockListDocument { BlockListDocument(blocked: blocked, cards: cards, erased: erased) }

    public static func change(from old: Self, to new: Self) -> BlockListChange {
        let before = Set(old.blocked)
        let after = Set(new.blocked)
        let cardsBefore = Set(old.cards)
        let cardsAfter = Set(new.cards)
        return BlockListChange(
            added: after.subtracting(before), removed: before.subtracting(after),
            cardsAdded: cardsAfter.subtracting(cardsBefore), cardsRemoved: cardsBefore.subtracting(cardsAfter),
            erasedAdded: Set(new.erased).subtracting(old.erased), erasedRemoved: Set(old.erased).subtracting(new.erased))
    }

    public func applying(_ change: BlockListChange) -> Self {
        var applied = self
        applied.blocked = SortedMerge.applying(added: change.added, removed: change.removed, to: blocked)
        applied.cards = SortedMerge.applying(added: change.cardsAdded, removed: change.cardsRemoved, to: cards)
        applied.erased = SortedMerge.applying(added: change.erasedAdded, removed: change.erasedRemoved, to: erased)
        return applied
    }

    public static func summary(of change: BlockListChange) -> String {
        var text = "\(change.added.count) members blocked, \(change.removed.count) unblocked"
        if !change.cardsAdded.isEmpty || !change.cardsRemoved.isEmpty {
            text += "; \(change.cardsAdded.count) cards blocked, \(change.cardsRemoved.count) unblocked"
        }
        if !change.erasedAdded.isEmpty || !change.erasedRemoved.isEmpty {
            text += "; \(change.erasedAdded.count) members erased"
        }
        return text
    }
}

/// `revoked-terminals`' change: terminals revoked, and revocations lifted (a terminal enrolled
/// anew); `enrolmentsHonoured`, the honoured enrolment numbers set or changed; `honouredCleared`,
/// the terminals, still revoked, whose honoured number is withdrawn (none honoured from then on).
/// A terminal reinstated loses its number with its revocation. Both are optional: a change
/// without them is encoded as before they existed.
public struct RevokedTerminalsChange: PublishedDocumentBody {
    public var added: [UInt32]
    public var removed: [UInt32]
    public var enrolmentsHonoured: [String: UInt32]?
    public var honouredCleared: [UInt32]?

    public init(
        added: some Sequence<UInt32>, removed: some Sequence<UInt32>, enrolmentsHonoured: [UInt32: UInt32] = [:],
        honouredCleared: some Sequence<UInt32> = [UInt32]()
    ) {
        self.added = Set(added).sorted()
        self.removed = Set(removed).sorted()
        self.enrolmentsHonoured =
            enrolmentsHonoured.isEmpty ? nil : Dictionary(uniqueKeysWithValues: enrolmentsHonoured.map { (String($0.key), $0.value) })
        let cleared = Set(honouredCleared).sorted()
        self.honouredCleared = cleared.isEmpty ? nil : cleared
    }

    public var problems: [String] {
        var problems: [String] = []
        if !Set(added).isDisjoint(with: removed) { problems.append("a terminal both added and removed") }
        let set = (enrolmentsHonoured ?? [:]).keys.map { TerminalIDText.parse($0) }
        if set.contains(nil) { problems.append("enrolmentsHonoured: a key is not a terminal id") }
        if !Set(set.compactMap { $0 }).isDisjoint(with: honouredCleared ?? []) {
            problems.append("a terminal's honoured enrolments both set and cleared")
        }
        return problems
    }
}

extension RevokedTerminalsDocument: DeltaDocument {
    public static var empty: RevokedTerminalsDocument { RevokedTerminalsDocument(revoked: []) }
    public var canonical: RevokedTerminalsDocument { RevokedTerminalsDocument(revoked: revoked, enrolmentsHonoured: honoured) }

    public static func change(from old: Self, to new: Self) -> RevokedTerminalsChange {
        let before = Set(old.revoked)
        let after = Set(new.revoked)
        let oldHonoured = old.honoured
        let newHonoured = new.honoured
        return RevokedTerminalsChange(
            added: after.subtracting(before), removed: before.subtracting(after),
            enrolmentsHonoured: newHonoured.filter { oldHonoured[$0.key] != $0.value },
            honouredCleared: oldHonoured.keys.filter { newHonoured[$0] == nil && after.contains($0) })
    }

    public func applying(_ change: RevokedTerminalsChange) -> Self {
        var applied = self
        applied.revoked = SortedMerge.applying(added: change.added, removed: change.removed, to: revoked)
        guard change.enrolmentsHonoured != nil || change.honouredCleared != nil || !change.removed.isEmpty else { return applied }
        var honoured = self.honoured
        for terminal in change.removed + (change.honouredCleared ?? []) { honoured[terminal] = nil }
        for (key, number) in change.enrolmentsHonoured ?? [:] {
            if let terminal = TerminalIDText.parse(key) { honoured[terminal] = number }
        }
        applied.enrolmentsHonoured =
            honoured.isEmpty ? nil : Dictionary(uniqueKeysWithValues: honoured.map { (String($0.key), $0.value) })
        return applied
    }

    public static func summary(of change: RevokedTerminalsChange) -> String {
        let honoured = change.enrolmentsHonoured.map {
            ", enrolments honoured up to \($0.sorted { $0.key < $1.key }.map { "\($0.value) for \($0.key)" }.joined(separator: ", "))"
        }
        return "\(change.added.count) terminals revoked, \(change.removed.count) reinstated\(honoured ?? "")"
    }
}

/// `bonuses`' change: new grants. A grant once published is never withdrawn (a card may have
/// been paid it already).
public struct BonusGrantsChange: PublishedDocumentBody {
    public var added: [BonusGrantsDocument.Grant]

    public init(added: [BonusGrantsDocument.Grant]) {
        self.added = added.sorted { ($0.member, $0.sequence) < ($1.member, $1.sequence) }
    }

    public var problems: [String] { BonusGrantsDocument(grants: added).problems }
}

extension BonusGrantsDocument: DeltaDocument {
    public static var empty: BonusGrantsDocument { BonusGrantsDocument(grants: []) }
    public var canonical: BonusGrantsDocument { BonusGrantsDocument(grants: Array(Set(grants))) }

    public static func change(from old: Self, to new: Self) throws(PublishedDocumentError) -> BonusGrantsChange {
        let after = Dictionary(new.grants.map { ("\($0.member)\u{0}\($0.sequence)", $0) }, uniquingKeysWith: { first, _ in first })
        var problems: [String] = []
        for grant in old.grants where after["\(grant.member)\u{0}\(grant.sequence)"] != grant {
            problems.append("grant \(grant.sequence) of \(grant.member) was published and cannot be withdrawn or changed")
        }
        guard problems.isEmpty else { throw PublishedDocumentError(problems: problems) }
        return BonusGrantsChange(added: Array(Set(new.grants).subtracting(old.grants)))
    }

    public func applying(_ change: BonusGrantsChange) -> Self {
        // A grant number already held keeps its first kind; the signed state digest catches any difference.
        var held = Set(grants.map { "\($0.member)\u{0}\($0.sequence)" })
        var result = grants
        for grant in change.added where held.insert("\(grant.member)\u{0}\(grant.sequence)").inserted { result.append(grant) }
        return BonusGrantsDocument(grants: result)
    }

    public static func summary(of change: BonusGrantsChange) -> String {
        "\(change.added.count) grants added"
    }
}

/// A change applied to a sorted list without sorting it again: what a terminal does with each
/// delta of a long block list.
enum SortedMerge {
    /// `sorted` (ascending, each once) without `removed` and with `added`, still sorted and each once.
    static func applying<T: Comparable & Hashable>(added: [T], removed: [T], to sorted: [T]) -> [T] {
        let gone = Set(removed)
        var result = gone.isEmpty ? sorted : sorted.filter { !gone.contains($0) }
        for element in added {
            var low = 0
            var high = result.count
            while low < high {
                let middle = (low + high) / 2
                if result[middle] < element { low = middle + 1 } else { high = middle }
            }
            if low == result.count || result[low] != element { result.insert(element, at: low) }
        }
        return result
    }
}
