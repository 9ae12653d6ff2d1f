/// The managers who may approve operations at this terminal: the back office's `managers`
/// document, delivered by sync (the terminal app turns it into this, with each PIN's check).
public struct ManagerRoster: Sendable {
    /// One manager.
    public struct Manager: Sendable {
        public var id: String
        public var name: String
        /// Card key ids (16 upper-case hex digits) of the manager's cards.
        public var cards: Set<String>
        /// Whether a PIN is this manager's (a check of its salted slow hash); `nil`: no PIN.
        public var pinMatches: (@Sendable (String) -> Bool)?

        public init(id: String, name: String, cards: Set<String>, pinMatches: (@Sendable (String) -> Bool)?) {
            self.id = id
            self.name = name
            self.cards = cards
            self.pinMatches = pinMatches
        }
    }

    public var managers: [Manager]

    public init(managers: [Manager] = []) { self.managers = managers }

    /// The manager with this id.
    public func manager(id: String) -> Manager? { managers.first { $0.id == id } }

    /// The manager one of whose cards has this key id.
    public func manager(card: String) -> Manager? { managers.first { $0.cards.contains(card) } }
}
