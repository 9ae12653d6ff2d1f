import PCSC

/// One reader as `loyalty-terminal readers` reports it.
struct ReaderReport: Codable, Equatable, Sendable {
    var name: String
    var profile: String
    var cardPresent: Bool
    /// The ATR in hex, or `nil` when no card is present.
    var atr: String?
    /// The UID read with the profile's UID command, or `nil` when there is no card or it has none.
    var uid: String?
    /// Why the UID could not be read, when a card is present but gave none.
    var uidError: String?

    private enum CodingKeys: String, CodingKey {
        case name, profile, cardPresent, atr, uid, uidError
    }

    // Absent values are written as `null`, so every object has every key.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(profile, forKey: .profile)
        try container.encode(cardPresent, forKey: .cardPresent)
        try container.encode(atr, forKey: .atr)
        try container.encode(uid, forKey: .uid)
        try container.encode(uidError, forKey: .uidError)
    }
}

/// Surveys every reader: its state, its profile, and the UID of a card on it.
enum ReaderSurvey {
    static func run(catalog: ReaderProfileCatalog) async throws -> [ReaderReport] {
        let context = try PCSCContext()
        defer { context.release() }
        var reports: [ReaderReport] = []
        for name in try await context.readers() {
            let profile = catalog.profile(forReader: name)
            let state = try await context.state(of: name)
            var report = ReaderReport(
                name: name, profile: profile.id, cardPresent: state.isCardPresent,
                atr: state.isCardPresent ? Hex.encode(state.atr) : nil, uid: nil, uidError: nil
            )
            if state.isCardPresent {
                do {
                    let card = try await context.connect(to: name)
                    let answer = try await card.transmit(profile.uidCommand)
                    try? await card.disconnect()
                    if answer.status == .success, !answer.data.isEmpty {
                        report.uid = Hex.encode(answer.data)
                    } else {
                        report.uidError = "card answered \(answer.status)"
                    }
                } catch {
                    report.uidError = "\(error)"
                }
            }
            reports.append(report)
        }
        return reports
    }
}
