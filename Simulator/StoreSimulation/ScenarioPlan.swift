import LoyaltyJournal

/// Everything a scenario draws at random, drawn once from its seed: which member comes to
/// which terminal, for what, with which bill; which taps lose their card; which members the
/// card faults hit. The same seed gives the same plan; the run only adds the timing of real
/// processes.
struct ScenarioPlan: Sendable {
    let requests: [PlannedRequest]
    /// The faults in the order they fire, each with the request count that fires it.
    let faults: [PlannedFault]

    init(_ scenario: Scenario) {
        var random = SplitMix64(seed: scenario.seed)
        var sales: [Int: [(id: String, terminal: Int, amount: Int64)]] = [:]
        var requests: [PlannedRequest] = []
        requests.reserveCapacity(scenario.transactions)
        let mix = scenario.mix
        for index in 0..<scenario.transactions {
            let member = Int.random(in: 0..<scenario.members, using: &random)
            var terminal = Int.random(in: 0..<scenario.terminals, using: &random)
            let roll = Int.random(in: 0..<mix.total, using: &random)
            var kind: PlannedRequest.Kind
            if roll < mix.sale + mix.redemption {
                let steps = (scenario.saleAmount.maximum - scenario.saleAmount.minimum) / 1000
                let amount = scenario.saleAmount.minimum + 1000 * Int64.random(in: 0...max(0, steps), using: &random)
                let id = "S-\(index)"
                kind = .sale(id: id, amount: amount, redeem: roll >= mix.sale)
                sales[member, default: []].append((id, terminal, amount))
            } else if roll < mix.sale + mix.redemption + mix.refund, let earlier = sales[member]?.suffix(3).randomElement(using: &random) {
                // A refund is of one of the member's last few sales, made where the sale was: that
                // terminal holds the sale's record (while its journal still retains it).
                terminal = earlier.terminal
                let whole = Bool.random(using: &random)
                kind = .refund(id: "R-\(index)", saleId: earlier.id, amount: whole ? nil : max(1000, earlier.amount / 2000 * 1000))
            } else {
                kind = .balance
            }
            let pulled = Double.random(in: 0..<1, using: &random) < scenario.randomFaults.cardPulled
            requests.append(
                PlannedRequest(
                    index: index, terminal: terminal, member: member, kind: kind,
                    pullAtCommand: pulled ? Int.random(in: 1...3, using: &random) : nil))
        }
        self.requests = requests
        faults = scenario.faults.enumerated().map { number, fault in
            // What the file leaves out, the seed draws.
            var fault = fault
            let at = Double.random(in: 0.05...0.9, using: &random)
            let terminal = Int.random(in: 0..<scenario.terminals, using: &random)
            fault.at = fault.at ?? at
            if fault.kind.hitsTerminal { fault.terminal = fault.terminal ?? terminal }
            return PlannedFault(
                number: number, fault: fault,
                afterRequests: min(scenario.transactions, Int(((fault.at ?? 0) * Double(scenario.transactions)).rounded(.down))),
                member: Int.random(in: 0..<scenario.members, using: &random),
                terminals: (
                    Int.random(in: 0..<scenario.terminals, using: &random),
                    Int.random(in: 0..<max(1, scenario.terminals - 1), using: &random)
                ))
        }.sorted { ($0.afterRequests, $0.number) < ($1.afterRequests, $1.number) }
    }

    /// The requests terminal `terminal` makes, in order.
    func requests(of terminal: Int) -> [PlannedRequest] { requests.filter { $0.terminal == terminal } }
}

/// One POS request of the plan.
struct PlannedRequest: Sendable {
    enum Kind: Sendable {
        case sale(id: String, amount: Int64, redeem: Bool)
        /// `amount` nil: the whole remainder.
        case refund(id: String, saleId: String, amount: Int64?)
        case balance
    }

    let index: Int
    let terminal: Int
    let member: Int
    let kind: Kind
    /// The card leaves during this command of the tap (1: SELECT, 2: AUTHENTICATE, 3: WRITE STATE).
    let pullAtCommand: Int?

    var name: String {
        switch kind {
        case .sale(let id, _, let redeem): redeem ? "redemption \(id)" : "sale \(id)"
        case .refund(let id, let saleId, _): "refund \(id) of \(saleId)"
        case .balance: "balance #\(index)"
        }
    }
}

/// One fault of the scenario, with what the seed chose for it.
struct PlannedFault: Sendable {
    let number: Int
    let fault: Scenario.Fault
    let afterRequests: Int
    /// The member a card fault hits.
    let member: Int
    /// Two terminals a card fault uses (the second drawn among the others).
    let terminals: (Int, Int)

    /// The other terminal for a copied card: never the first.
    func secondTerminal(of count: Int) -> Int { (terminals.0 + 1 + terminals.1) % count }
}
