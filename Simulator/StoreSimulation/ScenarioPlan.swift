import LoyaltyJournal

/// Everything a scenario draws at random, drawn once from its seed: which member comes to
/// which terminal, for what, with which bill; which taps lose their card; which members the
/// card faults hit. The same seed gives the same plan; the run only adds the timing of real
/// processes.
struct ScenarioPlan: Sendable {
    let requests: [PlannedRequest]
    /// The faults in the order they fire, each with the request count that fires it.
    let faults: [PlannedFault]

    /// When each request happens in shop time (seconds since the epoch, nondecreasing), for a
    /// scenario over ``Scenario/shopTime``; empty otherwise.
    let times: [Int64]
    /// Event bonuses the back office grants, in shop time order.
    let grants: [PlannedGrant]
    /// The member who referred each referred member (by index).
    let referrers: [Int: Int]
    /// The members whose card is UID-only; each shops at one till (member mod terminals).
    let uidOnly: Set<Int>
    /// The member-life events in the order they fire (``Scenario/memberLife``).
    let events: [PlannedEvent]

    init(_ scenario: Scenario) {
        var random = SplitMix64(seed: scenario.seed)
        // Refunds at any till draw from a stream of their own too (``Scenario/refunds``).
        var refundRandom = SplitMix64(seed: scenario.seed ^ 0x2EF0_4D5A_11A7_7111)
        // Shop time is drawn from its own stream: the requests of a scenario without it stay as they were.
        var shopRandom = SplitMix64(seed: scenario.seed ^ 0x5EED_0F_5409_7111)
        let regulars = scenario.shopTime?.regulars.map { RegularVisits($0, members: scenario.members) }
        if let shopTime = scenario.shopTime {
            times = Self.times(count: scenario.transactions, shopTime: shopTime, using: &shopRandom)
            grants = Self.grants(shopTime: shopTime, members: scenario.members, using: &shopRandom)
            referrers = Self.referrers(share: shopTime.referredShare, members: scenario.members, using: &shopRandom)
            // Never all: the card faults need a member card.
            uidOnly = Set((0..<scenario.members).filter { _ in Double.random(in: 0..<1, using: &shopRandom) < shopTime.uidOnlyShare })
                .subtracting([0])
        } else {
            (times, grants, referrers, uidOnly) = ([], [], [:], [])
        }
        // Member life is drawn from a stream of its own too: a scenario without it plans as before.
        var lifeRandom = SplitMix64(seed: scenario.seed ^ 0x11FE_CA2D_0F_5EED)
        // Members seen at a till with their card: the back office may know them, so a sale
        // without the card can find them online.
        var tapped: Set<Int> = []
        var sales: [Int: [(id: String, terminal: Int, amount: Int64, cardless: Bool)]] = [:]
        var requests: [PlannedRequest] = []
        requests.reserveCapacity(scenario.transactions)
        let mix = scenario.mix
        for index in 0..<scenario.transactions {
            let member = regulars?.draw(using: &random) ?? Int.random(in: 0..<scenario.members, using: &random)
            var terminal = Int.random(in: 0..<scenario.terminals, using: &random)
            if uidOnly.contains(member) { terminal = member % scenario.terminals }
            let roll = Int.random(in: 0..<mix.total, using: &random)
            var kind: PlannedRequest.Kind
            var cardless = false
            var refundOf: RefundDraw?
            if roll < mix.sale + mix.redemption {
                let steps = (scenario.saleAmount.maximum - scenario.saleAmount.minimum) / 1000
                let amount = scenario.saleAmount.minimum + 1000 * Int64.random(in: 0...max(0, steps), using: &random)
                let id = "S-\(index)"
                kind = .sale(id: id, amount: amount, redeem: roll >= mix.sale)
                if let life = scenario.memberLife {
                    cardless =
                        Double.random(in: 0..<1, using: &lifeRandom) < life.cardless && tapped.contains(member) && !uidOnly.contains(member)
                }
                sales[member, default: []].append((id, terminal, amount, cardless))
            } else if roll < mix.sale + mix.redemption + mix.refund, let earlier = sales[member]?.suffix(3).randomElement(using: &random) {
                // A refund is of one of the member's last few sales, made where the sale was: that
                // terminal holds the sale's record (while its journal still retains it).
                let whole = Bool.random(using: &random)
                if let draws = scenario.refunds {
                    // Of any earlier sale, at any till: drawn from the refunds' own stream, so the
                    // main stream (members, tills, bills, faults) draws as without it.
                    let refund = RefundDraw(
                        draws, sales: sales[member] ?? [], terminal: terminal, uidOnly: uidOnly.contains(member), using: &refundRandom)
                    terminal = refund.terminal
                    kind = .refund(id: "R-\(index)", saleId: refund.sale.id, amount: refund.amount)
                    refundOf = refund
                } else if earlier.cardless {
                    // A refund is a tap: a sale made without the card is not refunded here, and
                    // the member asks for the balance instead.
                    kind = .balance
                } else {
                    terminal = earlier.terminal
                    kind = .refund(id: "R-\(index)", saleId: earlier.id, amount: whole ? nil : max(1000, earlier.amount / 2000 * 1000))
                }
            } else {
                kind = .balance
            }
            // A refund without the card is no tap either.
            if refundOf?.withoutCard == true { cardless = true }
            if !cardless { tapped.insert(member) }
            let pulled = Double.random(in: 0..<1, using: &random) < scenario.randomFaults.cardPulled
            let pullAt = pulled ? Int.random(in: 1...3, using: &random) : nil
            // Over shop time, a till also sees taxed bills and redemptions of a number of points.
            var extras = SaleExtras()
            if scenario.shopTime != nil, case .sale(_, let amount, let redeem) = kind {
                if Int.random(in: 0..<5, using: &shopRandom) == 0 { extras.tax = amount / 11 }
                if redeem, Bool.random(using: &shopRandom) { extras.redeemPoints = 10 * Int64.random(in: 3...40, using: &shopRandom) }
            }
            requests.append(
                PlannedRequest(
                    index: index, terminal: terminal, member: member, kind: kind,
                    pullAtCommand: cardless ? nil : pullAt,
                    shopTime: times.isEmpty ? nil : times[index], extras: extras, cardless: cardless,
                    receipt: refundOf?.withReceipt ?? false, saleTerminal: refundOf?.sale.terminal))
        }
        self.requests = requests
        let uidOnlyMembers = uidOnly
        let faults = scenario.faults.enumerated().map { number, fault in
            // What the file leaves out, the seed draws.
            var fault = fault
            let at = Double.random(in: 0.05...0.9, using: &random)
            let terminal = Int.random(in: 0..<scenario.terminals, using: &random)
            fault.at = fault.at ?? at
            if fault.kind.hitsTerminal { fault.terminal = fault.terminal ?? terminal }
            return PlannedFault(
                number: number, fault: fault,
                afterRequests: min(scenario.transactions, Int(((fault.at ?? 0) * Double(scenario.transactions)).rounded(.down))),
                member: Self.memberCardHolder(Int.random(in: 0..<scenario.members, using: &random), uidOnly: uidOnlyMembers),
                terminals: (
                    Int.random(in: 0..<scenario.terminals, using: &random),
                    Int.random(in: 0..<max(1, scenario.terminals - 1), using: &random)
                ))
        }.sorted { ($0.afterRequests, $0.number) < ($1.afterRequests, $1.number) }
        self.faults = faults
        events = Self.plannedEvents(scenario, requests: requests, faults: faults, uidOnly: uidOnly, using: &lifeRandom)
    }

    /// `count` moments in opening hours over the span, each day taking its weekday's share, in order.
    private static func times(count: Int, shopTime: ShopTime, using random: inout SplitMix64) -> [Int64] {
        let weights = (1...shopTime.days).map { shopTime.weight(ofDay: $0) }
        let total = weights.reduce(0, +)
        guard total > 0, let hours = shopTime.openingHours else { return [] }
        var moments: [Int64] = []
        moments.reserveCapacity(count)
        for _ in 0..<count {
            var roll = Int.random(in: 0..<total, using: &random)
            var day = 0
            while roll >= weights[day] {
                roll -= weights[day]
                day += 1
            }
            moments.append(shopTime.midnight(ofDay: day + 1) + Int64(Int.random(in: hours, using: &random)))
        }
        return moments.sorted()
    }

    /// `member`, or the next member with a member card when `member`'s card is UID-only (a
    /// card fault copies or rolls back a member card).
    private static func memberCardHolder(_ member: Int, uidOnly: Set<Int>) -> Int {
        var holder = member
        while uidOnly.contains(holder) { holder -= 1 }
        return max(0, holder)
    }

    /// ``ShopTime/eventGrants`` grants, spread evenly over the span, each to a member drawn at random.
    private static func grants(shopTime: ShopTime, members: Int, using random: inout SplitMix64) -> [PlannedGrant] {
        let kinds = ["newsletter", "review", "share"]
        guard shopTime.eventGrants > 0 else { return [] }
        return (0..<shopTime.eventGrants).map { index in
            PlannedGrant(
                day: 1 + index * shopTime.days / shopTime.eventGrants, member: Int.random(in: 0..<members, using: &random),
                kind: kinds.randomElement(using: &random)!)
        }
    }

    /// Which members a friend referred, and who: `share` of them, each by another member.
    private static func referrers(share: Double, members: Int, using random: inout SplitMix64) -> [Int: Int] {
        guard members > 1 else { return [:] }
        var referrers: [Int: Int] = [:]
        for member in 0..<members where Double.random(in: 0..<1, using: &random) < share {
            referrers[member] = (member + Int.random(in: 1..<members, using: &random)) % members
        }
        return referrers
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
    /// When it happens in shop time (seconds since the epoch), for a scenario over shop time.
    let shopTime: Int64?
    /// A sale's tax line and a redemption of a number of points (else the maximum).
    var extras = SaleExtras()
    /// A sale made without the card: the member named by member id (``MemberLife/cardless``);
    /// a refund made without the card (`withoutCard`, ``RefundDraws/withoutCard``).
    var cardless = false
    /// A refund: the cashier scans the sale's receipt reference (``RefundDraws/withReceipt``).
    var receipt = false
    /// A refund: the terminal that made the sale, when ``Scenario/refunds`` drew it (it may be
    /// another one: the refund then waits for the sale's answer).
    var saleTerminal: Int?

    var name: String {
        switch kind {
        case .sale(let id, _, let redeem): (redeem ? "redemption \(id)" : "sale \(id)") + (cardless ? " without the card" : "")
        case .refund(let id, let saleId, _): "refund \(id) of \(saleId)" + (cardless ? " without the card" : "")
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

/// An event bonus the back office grants a member on a shop day.
struct PlannedGrant: Sendable {
    let day: Int
    let member: Int
    let kind: String
}

/// Draws members so that a share of them (the regulars, the first ones) make a share of the visits.
struct RegularVisits: Sendable {
    let members: Int
    let regulars: Int
    let visits: Double

    init(_ share: ShopTime.Regulars, members: Int) {
        self.members = members
        regulars = max(1, min(members - 1, Int((Double(members) * share.members).rounded())))
        visits = share.visits
    }

    func draw(using random: inout SplitMix64) -> Int {
        guard members > 1 else { return 0 }
        return Double.random(in: 0..<1, using: &random) < visits
            ? Int.random(in: 0..<regulars, using: &random) : Int.random(in: regulars..<members, using: &random)
    }
}

/// What a sale may carry besides its amount.
struct SaleExtras: Sendable {
    /// An excluded `tax` line of this amount.
    var tax: Int64?
    /// Points to redeem (a redemption sale); nil: as many as the programme allows.
    var redeemPoints: Int64?
}
