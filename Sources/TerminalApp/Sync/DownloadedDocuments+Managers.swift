import Checkout
import SyncProtocol

extension DownloadedDocuments {
    /// The checkout's managers list from the back office's `managers` document: each manager's
    /// cards, and the check of their PIN against its salted hash.
    static func roster(_ document: ManagersDocument) -> ManagerRoster {
        ManagerRoster(
            managers: document.managers.map { manager in
                var matches: (@Sendable (String) -> Bool)?
                if let pin = manager.pin {
                    matches = { candidate in pin.matches(candidate) }
                }
                return ManagerRoster.Manager(id: manager.id, name: manager.name, cards: Set(manager.cards), pinMatches: matches)
            })
    }
}
