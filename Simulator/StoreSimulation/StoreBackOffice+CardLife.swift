import Foundation

/// Lost cards and replacements as the store's staff handle them: `loyalty-backoffice card ...`
/// on the store's database, signed with its document key (`docs/backoffice.md`, "Lost cards
/// and replacements").
extension StoreBackOffice {
    /// What `card replace` said it carried over to the new card.
    struct Replaced: Sendable {
        /// The lost card's balance carried to the new one.
        var carried: Int64
        /// The lost card's transaction whose state the notice carries (`basedOn`).
        var basedOn: StoreChecks.Pair?
        /// The command's output.
        var output: String
    }

    /// A card's life as `card status --card` prints it (JSON), or nil when it printed none.
    func cardStatus(_ card: String) async throws -> [String: Any]? {
        let output = try await command(["card", "status", "--card", card])
        return try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
    }

    /// Reports `lost` lost and issues `newCard` as its replacement.
    func replace(lost: String, with newCard: String) async throws -> Replaced {
        let output = try await command(["card", "replace", "--lost", lost, "--new-card", newCard, "--document-key", documentKeyPath])
        return Replaced(carried: Self.number(after: "carrying ", in: output) ?? 0, basedOn: Self.basedOn(output), output: output)
    }

    /// Runs `card settle`: every adjustment due is numbered and published. The server settles
    /// too, every few seconds, and two publications of one version at once refuse one of them:
    /// a refused settlement is tried again.
    @discardableResult
    func settle() async throws -> String {
        var attempt = 1
        while true {
            do {
                return try await command(["card", "settle", "--document-key", documentKeyPath])
            } catch  where attempt < 5 {
                attempt += 1
                try await Task.sleep(for: .milliseconds(300))
            }
        }
    }

    /// `(the state of terminal 102's transaction 33)` in `card replace`'s output.
    private static func basedOn(_ output: String) -> StoreChecks.Pair? {
        guard let terminal = number(after: "the state of terminal ", in: output),
            let sequence = number(after: "'s transaction ", in: output)
        else { return nil }
        return StoreChecks.Pair(terminal: UInt32(terminal), sequence: UInt64(sequence))
    }

    /// The integer right after `prefix` in `text`.
    private static func number(after prefix: String, in text: String) -> Int64? {
        guard let range = text.range(of: prefix) else { return nil }
        return Int64(text[range.upperBound...].prefix { $0.isNumber || $0 == "-" })
    }
}
