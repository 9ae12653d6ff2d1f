import LedgerFormat
import PointsEngine

extension CheckoutService {
    /// A sale or balance enquiry for a member named without their card (`member`: phone or
    /// member id). No tap: online, the back office finds the member and its state prices the
    /// sale; offline, a member id earns on a new member's state and the back office settles the
    /// points; a phone, or points to spend, need the back office. A sale is journaled (`trust`
    /// `no-card`, no card state) and its points reach the card as an adjustment
    /// (`docs/checkout.md`, "Members without their card").
    func runCardless(_ work: CheckoutWork, member reference: MemberReference) async -> CheckoutAnswer {
        if let answer = answerFromJournal(work) { return answer }
        let online = state.withLock { $0.online }
        let lookup = memberLookup.withLock { $0 }?.lookup
        var found: FoundMember?
        if online, let lookup {
            switch await lookup.find(reference) {
            case .found(let member): found = member
            case .unknown:
                return .refused(
                    work.kind, work.requestId, .unknownMember, "the back office knows no member with \(Self.describe(reference))")
            case .unreachable(let why):
                logger.info("the back office could not be asked for a member without a card: \(why)")
            }
        }
        guard let member = found?.member ?? reference.memberId else {
            return .refused(
                work.kind, work.requestId, .backOfficeNeeded,
                "finding a member by phone needs the back office, out of reach now: ask for the member id (the code on the member's app)")
        }
        if case .balance = work {
            guard let found else {
                return .refused(
                    work.kind, work.requestId, .backOfficeNeeded, "the balance without the card needs the back office, out of reach now")
            }
            var answer = CheckoutAnswer(outcome: .completed, kind: .balance, requestId: nil)
            answer.memberId = member
            answer.trust = CardlessPurchase.trust
            answer.balance = (found.state?.balance ?? 0) + found.pending.reduce(0) { $0 + $1.points }
            answer.tier = found.state?.tierId ?? engine.programme.tiers.levels[0].id
            answer.lines = [ExplanationLine(rule: .ledger, text: "Balance held by the back office (without your card)", points: 0)]
            return answer
        }
        guard case .sale(let request) = work else {
            return .refused(work.kind, work.requestId, .invalidRequest, "only sales and balance enquiries can name a member without a card")
        }
        if request.redemption != .none, found == nil {
            return .refused(
                work.kind, work.requestId, .backOfficeNeeded, "spending points without the card needs the back office, out of reach now")
        }
        return await cardlessSale(request, member: member, found: found, lookup: lookup)
    }

    private func cardlessSale(_ request: SaleRequest, member: String, found: FoundMember?, lookup: (any MemberLookup)?) async
        -> CheckoutAnswer
    {
        let now = self.now()
        let link = connectivity(at: now)
        // No grants or adjustments: they belong to the card's state, which this is not.
        let context = TerminalContext(online: link.online, lastSync: link.lastSync, cardClass: .memberCard)
        let engine = self.engine
        let result: EvaluationResult
        do {
            let base = try cardlessBase(found, now: now, context: context)
            result = try engine.evaluate(.sale(request.sale), member: base, now: now, context: context)
        } catch {
            return .refused(.sale, request.saleId, .programmeRefused, error.description)
        }
        if result.redeemedPoints > 0 {
            switch await lookup?.reserve(points: result.redeemedPoints, of: member, for: request.saleId) ?? .unreachable("no back office") {
            case .granted: break
            case .insufficient(let why):
                return .refused(.sale, request.saleId, .redemptionRefused, "without the card: \(why)")
            case .unknownMember:
                return .refused(.sale, request.saleId, .unknownMember, "the back office knows no member \(member)")
            case .unreachable(let why):
                return .refused(.sale, request.saleId, .backOfficeNeeded, "the points could not be held at the back office: \(why)")
            }
        }
        var answer = CheckoutAnswer(outcome: .completed, kind: .sale, requestId: request.saleId)
        answer.memberId = member
        answer.trust = CardlessPurchase.trust
        answer.apply(result, billAmount: request.amount)
        if found != nil {
            answer.lines.insert(
                ExplanationLine(rule: .ledger, text: "Without your card: these points reach your card at its next tap", points: 0), at: 0)
        } else {
            answer.balance = nil
            answer.lines.insert(
                ExplanationLine(
                    rule: .ledger, text: "Without your card, offline: the back office adds these points to your balance", points: 0),
                at: 0)
        }
        answer.receipt = receiptReference(for: result, member: member, card: nil, saleId: request.saleId)
        var entry = LedgerEntry(kind: .sale, terminalId: configuration.terminalID, time: now.secondsSinceEpoch)
        entry.requestId = request.saleId
        entry.sale = request.sale
        return journalCardless(&entry, member: member, result: result, answer: answer)
    }

    /// The state a transaction without the card is priced on: the back office's, with the
    /// adjustments it holds that the card has not applied yet (they count as the member's points
    /// here, and reach the card on their own); a new member's when it was not found.
    func cardlessBase(_ found: FoundMember?, now: Timestamp, context: TerminalContext) throws(EngineError) -> MemberState {
        let base = found?.state ?? MemberState.newMember(of: engine.programme)
        guard let pending = found?.pending, !pending.isEmpty else { return base }
        var withPending = context
        withPending.pendingAdjustments = pending
        return try engine.evaluate(.inquiry, member: base, now: now, context: withPending).state
    }

    private static func describe(_ reference: MemberReference) -> String {
        if let phone = reference.phone { return "phone \(PhoneNumber.normalised(phone) ?? phone)" }
        return "member id \(reference.memberId ?? "")"
    }
}
