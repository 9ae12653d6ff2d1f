import Foundation

extension StoreChecks {
    /// What the card-life checks read besides the ledger and the requests.
    struct CardLife {
        /// Each replaced member's replacement, by member index.
        var replacements: [Int: CardReplacement]
        /// The `adjustments` document each terminal (by index) held at the end; a terminal
        /// that held none is absent.
        var adjustments: [Int: [Adjustment]]
        /// When each terminal (by index) was first seen holding a block list that lists each card.
        var blockedCardsSeen: [Int: [String: Double]]
        /// The members enrolled at the tills, by event.
        var enrolments: [Enrolment] = []

        /// The points of the `refund-excess:` corrections of each member (refunds at several
        /// tills settled once, ``StoreChecks/Refunds``), from the adjustments every terminal holds.
        var refundCorrections: [String: Int64] {
            let held = adjustments.values.max { $0.count < $1.count } ?? []
            return held.filter { $0.reference.hasPrefix(Refunds.excessPrefix) }.reduce(into: [:]) { $0[$1.member, default: 0] += $1.points }
        }
    }

    /// One adjustment of the signed `adjustments` document.
    struct Adjustment: Sendable, Equatable {
        var member: String
        var sequence: Int
        var points: Int64
        var reference: String

        /// The adjustments of a whole `adjustments` document (`{"adjustments": [...]}`).
        static func list(_ document: [String: Any]) -> [Adjustment] {
            (document["adjustments"] as? [[String: Any]] ?? []).map {
                Adjustment(
                    member: $0["member"] as? String ?? "", sequence: $0["sequence"] as? Int ?? 0, points: Int64($0["points"] as? Int ?? 0),
                    reference: $0["reference"] as? String ?? "")
            }
        }
    }

    /// The request ids of the end-of-run taps of the lost cards, which must be refused.
    static let endOfRunLostCardTap = "END-LOST-"

    func cardLifeChecks(_ life: CardLife) -> [Check] {
        let ledger = CardLifeLedger(ledger: SettledLedger(entries: entriesByPair()), replacements: life.replacements)
        return [memberCardBalances(ledger, life), lostCardsRefused(life), settledOnce(ledger, life)]
            + (life.enrolments.isEmpty ? [] : [enrolledOnce(life)])
    }

    // MARK: Enrolments

    /// Every member enrolled at a till is in the back office once (one enrolment entry, not
    /// voided), and a referred one's first sale names the referrer (whose reward the settlement
    /// check counts once).
    private func enrolledOnce(_ life: CardLife) -> Check {
        let entries = entriesByPair()
        let voided = Set(entries.compactMap { pair, entry in entry.voided.map { Pair(terminal: pair.terminal, sequence: $0) } })
        let enrolled = Dictionary(
            grouping: entries.filter { $0.value.kind == "enrolment" && !voided.contains($0.key) }.compactMap(\.value.member), by: { $0 })
        var failures: [String] = []
        var referred = 0
        for enrolment in life.enrolments.sorted(by: { $0.event < $1.event }) {
            guard let member = enrolment.member else {
                failures.append("enrolment \(enrolment.enrolmentId) at \(terminalName(enrolment.terminal)) never completed")
                continue
            }
            let count = enrolled[member]?.count ?? 0
            if count != 1 { failures.append("\(member): \(count) enrolments in the back office, not one") }
            guard let referrer = enrolment.referrer, enrolment.firstSale else { continue }
            referred += 1
            let first = entries.values.first { $0.requestId == "\(enrolment.enrolmentId)-FIRST" && $0.kind == "sale" }
            if first?.referrerReward?.referrer != referrer {
                failures.append("\(member): the first sale does not reward the referrer \(referrer)")
            }
        }
        return Check(
            name: "every member enrolled at a till is in the back office once, and each referral names its referrer",
            passed: failures.isEmpty,
            detail: "\(life.enrolments.count) enrolments (\(life.enrolments.filter { $0.member != nil }.count) completed), "
                + "\(referred) referred members' first sales",
            failures: Array(failures.prefix(20)))
    }

    // MARK: Balances

    /// Every replacement card holds the member's balance before the loss plus everything since;
    /// every card of a member who bought without it holds its own points plus those sales'.
    private func memberCardBalances(_ ledger: CardLifeLedger, _ life: CardLife) -> Check {
        let settled = ledger.ledger
        let excluded = Set(copied.union(rolledBack).map(MemberCards.memberID))
        let replaced = Dictionary(uniqueKeysWithValues: ledger.replacements.values.map { (MemberCards.memberID($0.member), $0) })
        var lastAnswer: [String: Int64] = [:]
        for request in requests.sorted(by: { $0.finishedAt < $1.finishedAt }) where request.outcome == "completed" && request.card == nil {
            if let balance = request.balance { lastAnswer[MemberCards.memberID(request.member)] = balance }
        }
        var failures: [String] = []
        let members = Set(replaced.keys).union(settled.cardless.keys).subtracting(excluded)
        for member in members.sorted() {
            var problems: [String]
            let balance: Int64?
            let corrected = life.refundCorrections[member] ?? 0
            if let replacement = replaced[member] {
                (problems, balance) = replacementBalance(member, replacement, ledger, corrected: corrected)
            } else {
                (problems, balance) = cardBalance(member, settled, corrected: corrected)
            }
            if problems.isEmpty, let balance, let answered = lastAnswer[member], answered != balance {
                problems.append("\(member): the last answer at a till said \(answered), the card's newest state says \(balance)")
            }
            failures += problems
        }
        let cardlessMembers = Set(settled.cardless.keys).subtracting(excluded)
        return Check(
            name:
                "every replacement card holds the balance before the loss plus everything since, and every sale without the card reached the card",
            passed: failures.isEmpty,
            detail: "\(Set(replaced.keys).subtracting(excluded).count) replaced members and \(cardlessMembers.count) members who bought "
                + "without their card, recomputed from the ledger after the settlement and a last tap of each",
            failures: Array(failures.prefix(20)))
    }

    /// A replaced member: the new card's newest state against the state the notice carried, the
    /// lost card's taps it did not carry, the new card's own points, the sales and refunds
    /// without the card and the `corrected` points of refunds at several tills.
    private func replacementBalance(_ member: String, _ replacement: CardReplacement, _ ledger: CardLifeLedger, corrected: Int64) -> (
        [String], Int64?
    ) {
        let settled = ledger.ledger
        var problems: [String] = []
        for card in [replacement.lostCard, replacement.newCard] {
            problems += settled.chainProblems(ofCard: card).map { "\(member), card \(card): \($0)" }
        }
        let others = Set((settled.counted[member] ?? []).compactMap(\.1.card)).subtracting([replacement.lostCard, replacement.newCard])
        if !others.isEmpty { problems.append("\(member): transactions with cards neither lost nor the replacement: \(others.sorted())") }
        guard problems.isEmpty else { return (problems, nil) }
        guard let basedOn = replacement.basedOn, let before = settled.entries[basedOn] else {
            return (["\(member): the lost card's state the replacement notice carries is not in the ledger"], nil)
        }
        let beforeBalance = before.balance ?? 0
        if beforeBalance != replacement.carried {
            problems.append(
                "\(member): card replace carried \(replacement.carried) points, but the state it names (\(settled.describe(basedOn))) holds \(beforeBalance)"
            )
        }
        guard let tip = settled.tip(ofCard: replacement.newCard), let balance = tip.1.balance else {
            return (problems + ["\(member): the replacement card \(replacement.newCard) has no newest state in the ledger"], nil)
        }
        let adjustedBefore = ledger.adjustedBefore(replacement)
        let notCarried = ledger.notCarried(replacement)
        let newCard = settled.transactions(ofCard: replacement.newCard)
        let cardless = settled.cardless[member] ?? []
        let cardlessSince = cardless.reduce(Int64(0)) { $0 + $1.1.net } + corrected - adjustedBefore
        let expected = beforeBalance + CardLifeLedger.ownPoints(notCarried) + CardLifeLedger.ownPoints(newCard) + cardlessSince
        if balance != expected {
            problems.append(
                "\(member): the replacement card \(replacement.newCard)'s newest state (\(settled.describe(tip.0))) says \(balance), "
                    + "but before the loss \(beforeBalance) (\(settled.describe(basedOn))), the lost card's \(notCarried.count) taps "
                    + "not carried \(Self.signed(CardLifeLedger.ownPoints(notCarried))), the new card's own \(Self.signed(CardLifeLedger.ownPoints(newCard))) "
                    + "in \(newCard.count) transactions and the sales without the card \(Self.signed(cardlessSince)) (\(cardless.count) in all, "
                    + "\(adjustedBefore) of their points on the lost card before the loss; refund corrections \(Self.signed(corrected))) "
                    + "make \(expected)")
        }
        return (problems, balance)
    }

    /// A member who bought without the card, card never replaced: the card's own points, the
    /// sales and refunds without it and the `corrected` points of refunds at several tills
    /// against the card's newest state.
    private func cardBalance(_ member: String, _ settled: SettledLedger, corrected: Int64) -> ([String], Int64?) {
        let list = settled.counted[member] ?? []
        let problems = settled.chainProblems(of: member)
        guard problems.isEmpty else { return (problems.map { "\(member): \($0)" }, nil) }
        guard let balance = settled.tip(of: member)?.balance else {
            return (["\(member): bought without the card, but the card has no newest state in the ledger"], nil)
        }
        let own = CardLifeLedger.ownPoints(list)
        let cardless = settled.cardless[member] ?? []
        let cardlessPoints = cardless.reduce(Int64(0)) { $0 + $1.1.net }
        // The friends this member referred: the back office pays each reward as an adjustment.
        let referrals = settled.entries.filter { !settled.voided.contains($0.key) && $0.value.referrerReward?.referrer == member }
            .reduce(Int64(0)) { $0 + ($1.value.referrerReward?.points ?? 0) }
        guard own + cardlessPoints + referrals + corrected != balance else { return ([], balance) }
        let applied = list.reduce(Int64(0)) { $0 + $1.1.adjustmentPoints }
        return (
            [
                "\(member): the card's newest state says \(balance), but its own points \(Self.signed(own)), its \(cardless.count) sales "
                    + "without the card \(Self.signed(cardlessPoints)), its referrals \(Self.signed(referrals)) and its refund "
                    + "corrections \(Self.signed(corrected)) make \(own + cardlessPoints + referrals + corrected) "
                    + "(adjustments applied: \(Self.signed(applied)))"
            ], balance
        )
    }

    // MARK: Lost cards

    /// No lost card completed a tap at a terminal already seen holding its block, and each was
    /// refused at every terminal after the end-of-run sync.
    private func lostCardsRefused(_ life: CardLife) -> Check {
        var failures: [String] = []
        var (accepted, refused, endTaps, endRefused) = (0, 0, 0, 0)
        for replacement in life.replacements.values.sorted(by: { $0.member < $1.member }) {
            let id = MemberCards.memberID(replacement.member)
            let lost = replacement.lostCard
            for request in requests where request.member == replacement.member && request.card == "lost" {
                if request.requestId?.hasPrefix(Self.endOfRunLostCardTap) == true {
                    endTaps += 1
                    if request.refusal == "card-blocked" {
                        endRefused += 1
                    } else {
                        failures.append(
                            "\(id): the lost card \(lost) tapped at \(terminalName(request.terminal)) after the end-of-run sync: "
                                + "\(request.outcome) \(request.refusal ?? ""), not refused card-blocked")
                    }
                } else if request.outcome == "completed" {
                    accepted += 1
                    if let since = life.blockedCardsSeen[request.terminal]?[lost], request.startedAt > since {
                        failures.append(
                            "\(id): \(request.kind) with the lost card \(lost) completed at \(terminalName(request.terminal)) at "
                                + "\(seconds(request.startedAt)) s, which held its block since \(seconds(since)) s")
                    }
                } else if request.refusal == "card-blocked" {
                    refused += 1
                }
            }
            for index in terminalIDs.keys.sorted() where life.blockedCardsSeen[index]?[lost] == nil {
                failures.append("\(id): \(terminalName(index)) was never seen holding the block of the lost card \(lost)")
            }
        }
        let expectedEndTaps = life.replacements.count * terminalIDs.count
        if endTaps != expectedEndTaps {
            failures.append(
                "\(endTaps) taps of lost cards after the end-of-run sync, not \(expectedEndTaps) (each lost card at each terminal)")
        }
        return Check(
            name: "no lost card was accepted once its block had reached the terminal",
            passed: failures.isEmpty,
            detail: "\(life.replacements.count) lost cards; during the run \(accepted) taps of a lost card completed (at terminals "
                + "not yet holding its block) and \(refused) were refused card-blocked; after the end-of-run sync "
                + "\(endRefused) of \(endTaps) taps of a lost card at each terminal refused card-blocked",
            failures: Array(failures.prefix(20)))
    }

    // MARK: Adjustments

    /// One adjustment per sale without the card, per lost card's tap not carried and per
    /// replacement first used without its notice: none missing, none twice, none extra.
    private func settledOnce(_ ledger: CardLifeLedger, _ life: CardLife) -> Check {
        let due = ledger.due()
        var failures: [String] = []
        let held = life.adjustments.values.max { $0.count < $1.count } ?? []
        for index in terminalIDs.keys.sorted() {
            let count = life.adjustments[index]?.count
            if count != held.count {
                failures.append(
                    "\(terminalName(index)) holds \(count.map(String.init) ?? "no") adjustments, another terminal \(held.count): "
                        + "the newest version did not reach it")
            }
        }
        let byReference = Dictionary(grouping: held, by: \.reference)
        for (reference, list) in byReference.sorted(by: { $0.key < $1.key }) where list.count > 1 {
            failures.append("\(list[0].member): \(reference) settled \(list.count) times (adjustments \(list.map { "#\($0.sequence)" }))")
        }
        for (reference, owed) in due.sorted(by: { $0.key < $1.key }) {
            guard let adjustment = byReference[reference]?.first else {
                failures.append(
                    "\(owed.member): \(owed.what) (\(reference), \(Self.signed(owed.points)) points) was never settled: no adjustment names it"
                )
                continue
            }
            if adjustment.member != owed.member || adjustment.points != owed.points {
                failures.append(
                    "\(owed.member): \(reference) (\(owed.what)) is settled as \(Self.signed(adjustment.points)) points for "
                        + "\(adjustment.member), but the ledger says \(Self.signed(owed.points)) for \(owed.member)")
            }
        }
        // The corrections of refunds at several tills are checked with the refunds.
        for (reference, list) in byReference.sorted(by: { $0.key < $1.key })
        where due[reference] == nil && !reference.hasPrefix(Refunds.excessPrefix) {
            failures.append(
                "\(list[0].member): adjustment #\(list[0].sequence) (\(reference), \(Self.signed(list[0].points)) points) settles nothing the ledger shows"
            )
        }
        let cardless = ledger.ledger.cardless.values.reduce(0) { $0 + $1.count }
        let notCarried = ledger.replacements.values.reduce(0) { $0 + ledger.notCarried($1).count }
        let unnoticed = due.keys.filter { $0.hasPrefix("replacement:") }.count
        let referrals = due.keys.filter { $0.hasPrefix("referral:") }.count
        return Check(
            name:
                "every sale without the card, every lost card's tap the replacement did not carry and every referral was settled exactly once",
            passed: failures.isEmpty,
            detail:
                "\(cardless) sales and refunds without the card, \(notCarried) taps of lost cards not carried, \(unnoticed) replacements first "
                + "used where their notice had not arrived, \(referrals) referrals: \(due.count) adjustments due (a transaction of no net "
                + "points owes none), "
                + "\(held.count) held by every terminal",
            failures: Array(failures.prefix(20)))
    }

    static func signed(_ points: Int64) -> String { points >= 0 ? "+\(points)" : "\(points)" }
}
