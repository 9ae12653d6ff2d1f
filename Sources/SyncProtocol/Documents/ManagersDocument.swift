import Foundation

/// `managers`: who may approve operations at the till (a till adjustment over the programme's
/// threshold, a reversal, a redemption over a limit, a refund without a receipt), and how they
/// prove it: a manager card (a member card whose card key id is listed, proved by the same
/// authentication as any member card) or a PIN, published only as its salted slow hash
/// (``ManagerPIN``). Terminals keep it, so an approval is checked offline too
/// (`docs/sync-protocol.md`, "Managers").
///
/// JSON: `{"managers": [{"id": "M-1", "name": "Lan", "cards": ["0123456789ABCDEF"], "pin": {...}}]}`.
public struct ManagersDocument: PublishedDocumentBody {
    /// One manager.
    public struct Manager: Codable, Sendable, Hashable {
        /// The manager's id, journaled with every approval (1 to 64 bytes).
        public var id: String
        /// The name shown in reports.
        public var name: String
        /// Card key ids (16 upper-case hex digits) of the manager's cards, sorted.
        public var cards: [String]
        /// The PIN's hash; `nil`: this manager approves by card only.
        public var pin: ManagerPIN?

        public init(id: String, name: String, cards: [String] = [], pin: ManagerPIN? = nil) {
            self.id = id
            self.name = name
            self.cards = Set(cards).sorted()
            self.pin = pin
        }
    }

    public var managers: [Manager]

    /// The managers, by id (the order the canonical form keeps).
    public init(managers: [Manager]) {
        self.managers = managers.sorted { $0.id < $1.id }
    }

    public var problems: [String] {
        var problems: [String] = []
        var ids = Set<String>()
        var cards = Set<String>()
        for manager in managers {
            if manager.id.isEmpty || manager.id.utf8.count > 64 { problems.append("a manager id must be 1 to 64 bytes") }
            if !ids.insert(manager.id).inserted { problems.append("manager \(manager.id) is listed twice") }
            if manager.name.utf8.count > 120 { problems.append("manager \(manager.id): the name is over 120 bytes") }
            if manager.cards.isEmpty && manager.pin == nil { problems.append("manager \(manager.id) has neither a card nor a PIN") }
            for card in manager.cards {
                if !CardKeyID.isValid(card) { problems.append("manager \(manager.id): \(card) is not a card key id") }
                if !cards.insert(card).inserted { problems.append("card \(card) is listed for two managers") }
            }
            for problem in manager.pin?.problems ?? [] { problems.append("manager \(manager.id): \(problem)") }
        }
        return problems
    }

    /// The manager with this id.
    public func manager(id: String) -> Manager? { managers.first { $0.id == id } }

    /// The manager whose card has this key id.
    public func manager(card: String) -> Manager? { managers.first { $0.cards.contains(card) } }
}

/// `managers`' change: managers added or changed (whole), and managers removed.
public struct ManagersChange: PublishedDocumentBody {
    public var set: [ManagersDocument.Manager]
    public var removed: [String]

    public init(set: [ManagersDocument.Manager], removed: [String]) {
        self.set = set.sorted { $0.id < $1.id }
        self.removed = Set(removed).sorted()
    }

    public var problems: [String] { ManagersDocument(managers: set).problems }
}

extension ManagersDocument: DeltaDocument {
    public static var empty: ManagersDocument { ManagersDocument(managers: []) }
    public var canonical: ManagersDocument {
        ManagersDocument(managers: managers.map { ManagersDocument.Manager(id: $0.id, name: $0.name, cards: $0.cards, pin: $0.pin) })
    }

    public static func change(from old: Self, to new: Self) throws(PublishedDocumentError) -> ManagersChange {
        let before = Dictionary(old.managers.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let after = Set(new.managers.map(\.id))
        return ManagersChange(
            set: new.managers.filter { before[$0.id] != $0 }, removed: old.managers.map(\.id).filter { !after.contains($0) })
    }

    public func applying(_ change: ManagersChange) -> Self {
        let replaced = Set(change.set.map(\.id)).union(change.removed)
        return ManagersDocument(managers: managers.filter { !replaced.contains($0.id) } + change.set)
    }

    public static func summary(of change: ManagersChange) -> String {
        "\(change.set.count) managers added or changed, \(change.removed.count) removed"
    }
}
