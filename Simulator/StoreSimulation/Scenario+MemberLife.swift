/// What happens to members besides their taps: cards lost and replaced, purchases made without
/// the card (`docs/scenarios.md`, "Member life"). Planned from a random stream of its own, so a
/// scenario without it plans exactly as before.
public struct MemberLife: Codable, Sendable, Equatable {
    /// The share of sales and redemptions (0 ... 1) where the member is named by member id
    /// instead of tapping: online priced on the back office's state, offline earning only.
    public var cardless: Double
    /// Events at given moments, each for a member drawn from the seed.
    public var events: [Event]

    public init(cardless: Double = 0, events: [Event] = []) {
        self.cardless = cardless
        self.events = events
    }

    /// One member event, when the store has made `at` of its requests.
    public struct Event: Codable, Sendable, Equatable {
        public var kind: Kind
        /// When (0 ... 1, a share of the requests made); left out, the seed draws it (0.1 ... 0.85).
        public var at: Double?
        /// `card-replacement`: after the replacement the member taps the lost card once more at
        /// this terminal (0-based; a sale). Cut off from the back office then, the terminal
        /// cannot know of the loss: the sale counts and is settled onto the new card later.
        public var oldCardTap: Int?
        /// `card-replacement`: the terminal of the new card's first use (a sale), right after the
        /// replacement; left out, its first use is the member's next request.
        public var newCardTap: Int?
        /// `enrolment`: the terminal where a new member is enrolled on a blank card (0-based);
        /// left out, the seed draws it.
        public var terminal: Int?
        /// `enrolment`: the new member names the event's member as their referrer.
        public var referred: Bool?

        public init(
            kind: Kind, at: Double? = nil, oldCardTap: Int? = nil, newCardTap: Int? = nil, terminal: Int? = nil, referred: Bool? = nil
        ) {
            self.kind = kind
            self.at = at
            self.oldCardTap = oldCardTap
            self.newCardTap = newCardTap
            self.terminal = terminal
            self.referred = referred
        }
    }

    /// The kinds of member event; each is one case and one way of firing
    /// (``MemberLifeInjector``).
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// The member's card is reported lost; the issuer personalises a new card for the same
        /// member id and the back office issues it as the replacement (`card replace`).
        case cardReplacement = "card-replacement"
        /// A new member is enrolled at a till on a blank card (`POST /v1/enrolments`), referred
        /// by the event's member when `referred`, and buys with it at once.
        case enrolment
    }
}

extension MemberLife {
    private enum CodingKeys: String, CodingKey {
        case cardless, events
    }

    /// Reads member life; fields left out take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        cardless = try c.decodeIfPresent(Double.self, forKey: .cardless) ?? 0
        events = try c.decodeIfPresent([Event].self, forKey: .events) ?? []
    }

    /// Everything wrong with it in a store of `terminals` terminals and `members` members.
    func problems(terminals: Int, members: Int) -> [String] {
        var problems: [String] = []
        if !(0...1).contains(cardless) { problems.append("memberLife.cardless must be 0 ... 1 (a share of the sales)") }
        let replacements = events.filter { $0.kind == .cardReplacement }.count
        if replacements > max(0, members - 1) {
            problems.append("memberLife: \(replacements) card replacements need more than \(members) members (one member each)")
        }
        for (index, event) in events.enumerated() {
            let name = "memberLife.events[\(index)] (\(event.kind.rawValue))"
            if let at = event.at, !(0...1).contains(at) { problems.append("\(name): at must be 0 ... 1 (a share of the requests made)") }
            for (field, terminal) in [("oldCardTap", event.oldCardTap), ("newCardTap", event.newCardTap), ("terminal", event.terminal)] {
                if let terminal, !(0..<terminals).contains(terminal) {
                    problems.append("\(name): \(field) terminal \(terminal) is not 0 ... \(terminals - 1)")
                }
            }
        }
        return problems
    }
}
