import Foundation

/// The checks at the end of a run: nothing lost, nothing counted twice, every balance agrees,
/// every copied or rolled-back card caught, no blocked card accepted. Each check says what it
/// compared; a failed one lists what broke it.
struct StoreChecks {
    struct Check: Sendable, Codable {
        var name: String
        var passed: Bool
        var detail: String
        var failures: [String]
    }

    /// A terminal's journal as `loyalty-terminal journal export` prints it.
    struct ExportedTransaction: Decodable {
        var sequence: UInt64
        var payloadBase64: String
    }

    let pulled: [PulledTransaction]
    let journals: [UInt32: [ExportedTransaction]]
    let requests: [RequestRecord]
    let terminalIDs: [Int: UInt32]
    let copied: Set<Int>
    let rolledBack: Set<Int>
    let blocked: [Int: Double]
    /// Members the back office's card check reports, with the kind of report.
    let flaggedMembers: [String: String]
    /// When each terminal (by index) was first seen in `GET /health` holding a block list of
    /// each size: from then on it must refuse every member of that list.
    let blockListSeen: [Int: [Int: Double]]
    /// The members whose card is UID-only (the ledger names them by their UID).
    var uidOnly: Set<Int> = []
    /// Lost cards replaced and sales without the card (``Scenario/memberLife``): their checks
    /// run when it is set.
    var cardLife: CardLife?
    /// Refunds of any sale at any till (``Scenario/refunds``): their checks run when it is set.
    var refunds: Refunds?

    func run() -> [Check] {
        [exactlyOnce(), journalsInBackOffice(), acknowledgedStored(), balances(), cardsCaught(), blockedRefused()]
            + (cardLife.map(cardLifeChecks) ?? []) + (refunds.map(refundChecks) ?? [])
    }

    // MARK: The checks

    private func exactlyOnce() -> Check {
        var failures: [String] = []
        var byTerminal: [UInt32: [UInt64]] = [:]
        for transaction in pulled { byTerminal[transaction.terminal, default: []].append(transaction.sequence) }
        for (terminal, sequences) in byTerminal.sorted(by: { $0.key < $1.key }) {
            let sorted = sequences.sorted()
            let unique = Set(sorted)
            if unique.count != sorted.count {
                failures.append("terminal \(terminal): \(sorted.count - unique.count) transactions stored twice")
            }
            if let last = sorted.last, unique.count != Int(last) {
                failures.append("terminal \(terminal): sequences 1...\(last) but \(unique.count) stored (gaps)")
            }
            if let journalLast = journals[terminal]?.last?.sequence, journalLast != sorted.last {
                failures.append("terminal \(terminal): its journal ends at \(journalLast), the back office at \(sorted.last ?? 0)")
            }
        }
        for (terminal, journal) in journals where byTerminal[terminal] == nil && !journal.isEmpty {
            failures.append("terminal \(terminal): nothing in the back office, \(journal.count) transactions in its journal")
        }
        return Check(
            name: "every transaction is in the back office exactly once", passed: failures.isEmpty,
            detail: "\(pulled.count) stored for \(byTerminal.count) terminals, each 1...last without a gap or a repeat", failures: failures)
    }

    private func journalsInBackOffice() -> Check {
        var stored: [Pair: [UInt8]] = [:]
        for transaction in pulled { stored[Pair(terminal: transaction.terminal, sequence: transaction.sequence)] = transaction.payload }
        var failures: [String] = []
        var compared = 0
        for (terminal, journal) in journals {
            for transaction in journal {
                compared += 1
                guard let payload = stored[Pair(terminal: terminal, sequence: transaction.sequence)] else {
                    failures.append("terminal \(terminal) sequence \(transaction.sequence): in its journal, not in the back office")
                    continue
                }
                if Data(base64Encoded: transaction.payloadBase64).map(Array.init) != payload {
                    failures.append("terminal \(terminal) sequence \(transaction.sequence): the back office holds other content")
                }
            }
        }
        return Check(
            name: "the back office ledger equals the terminals' journals", passed: failures.isEmpty,
            detail: "\(compared) transactions still in the terminals' journals compared byte for byte", failures: Array(failures.prefix(20))
        )
    }

    private func acknowledgedStored() -> Check {
        let entries = entriesByPair()
        var failures: [String] = []
        var acknowledged = 0
        for request in requests where request.outcome == "completed" || request.outcome == "incomplete" {
            guard let sequence = request.journalSequence, let terminal = terminalIDs[request.terminal] else { continue }
            acknowledged += 1
            guard let entry = entries[Pair(terminal: terminal, sequence: sequence)] else {
                failures.append("\(request.kind) answered at terminal \(terminal) as sequence \(sequence): not in the back office")
                continue
            }
            if let id = request.requestId, entry.requestId != id, entry.kind != "void" {
                failures.append("\(request.kind): sequence \(sequence) of terminal \(terminal) holds \(entry.requestId ?? "no request id")")
            }
        }
        return Check(
            name: "every transaction acknowledged to the POS reached the back office", passed: failures.isEmpty,
            detail: "\(acknowledged) acknowledged answers found with their request ids", failures: Array(failures.prefix(20)))
    }

    private func balances() -> Check {
        let entries = entriesByPair()
        let ledger = SettledLedger(entries: entries)
        let replaced = Set(cardLife?.replacements.keys.map { $0 } ?? [])
        let excluded = Set((copied.union(rolledBack).union(replaced)).map(MemberCards.memberID))
        var lastAnswer: [String: Int64] = [:]
        for request in requests.sorted(by: { $0.finishedAt < $1.finishedAt })
        where request.outcome == "completed" && request.card == nil {
            if let balance = request.balance { lastAnswer[MemberCards.ledgerID(request.member, uidOnly: uidOnly)] = balance }
        }
        var failures: [String] = []
        for (member, list) in ledger.counted.sorted(by: { $0.key < $1.key }) where !excluded.contains(member) {
            let problems = ledger.chainProblems(of: member)
            guard problems.isEmpty else {
                failures += problems.map { "\(member): \($0)" }
                continue
            }
            guard let balance = ledger.tip(of: member)?.balance else { continue }
            let points = list.reduce(Int64(0)) { $0 + $1.1.points }
            if points != balance {
                failures.append(
                    "\(member): balance \(balance) in the back office, but the programme's points of the member's transactions add up to \(points)"
                )
            }
            if let answered = lastAnswer[member], answered != balance {
                failures.append("\(member): the last answer at a till said \(answered), the back office says \(balance)")
            }
        }
        var detail =
            "\(ledger.counted.count - excluded.intersection(ledger.counted.keys).count) members checked "
            + "(the \(excluded.count - replaced.count) with a copied or rolled-back card are checked below"
            + (replaced.isEmpty ? ")" : ", and the \(replaced.count) whose card was replaced)")
        if !ledger.cardless.isEmpty {
            detail += "; sales without the card count once they reach the card as adjustments"
        }
        if ledger.unresolvedCount > 0 {
            detail +=
                "; \(ledger.unresolvedCount) transactions left unresolved by their terminals, "
                + "\(ledger.neverLanded.count) of them settled as never on the card"
        }
        return Check(
            name: "every member's balance equals the points the programme gave for the member's transactions", passed: failures.isEmpty,
            detail: detail, failures: Array(failures.prefix(20)))
    }

    private func cardsCaught() -> Check {
        var failures: [String] = []
        let refusedAtTill = Set(requests.filter { $0.refusal != nil && $0.refusal != "card-removed" && !$0.planned }.map(\.member))
        for member in copied.union(rolledBack).sorted() {
            let id = MemberCards.memberID(member)
            if flaggedMembers[id] == nil && !refusedAtTill.contains(member) {
                failures.append(
                    "\(id): \(copied.contains(member) ? "copied" : "rolled back") but neither refused at a till nor reported by the back office"
                )
            }
        }
        return Check(
            name: "every copied or rolled-back card was caught", passed: failures.isEmpty,
            detail: "\(copied.count) copied, \(rolledBack.count) rolled back; the back office reports "
                + (flaggedMembers.isEmpty
                    ? "none" : flaggedMembers.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", ")),
            failures: failures)
    }

    /// A terminal cut off from the back office keeps selling to a member blocked meanwhile (it
    /// cannot know); what must hold is that no terminal accepts the member once it was seen
    /// holding the list that blocks them.
    private func blockedRefused() -> Check {
        var failures: [String] = []
        for (member, at) in blocked.sorted(by: { $0.key < $1.key }) {
            let id = MemberCards.memberID(member)
            let listSize = blocked.values.filter { $0 <= at }.count
            let heldSince = blockListSeen.compactMapValues { $0[listSize] }
            if heldSince.isEmpty {
                failures.append("\(id): blocked at \(seconds(at)) s, but no terminal was seen holding the list")
            }
            // A refund without the card is a debit the terminal journals without a tap: the block
            // list, which refuses the card's taps, does not stop it.
            for request in requests where request.member == member && request.outcome == "completed" && request.refund?.withoutCard != true
            {
                if let since = heldSince[request.terminal], request.startedAt > since {
                    failures.append(
                        "\(id): \(request.kind) completed at \(terminalName(request.terminal)) at \(seconds(request.startedAt)) s, "
                            + "which held the block list since \(seconds(since)) s")
                }
            }
        }
        let refused = requests.filter { blocked[$0.member] != nil && $0.refusal == "card-blocked" }.count
        let reached = terminalIDs.keys.sorted().map { index in
            let since = blockListSeen[index]?[blocked.count]
            return "\(terminalName(index)) \(since.map { "at \(seconds($0)) s" } ?? "not seen")"
        }
        return Check(
            name: "no blocked card was accepted once the block list had reached the terminal", passed: failures.isEmpty,
            detail: "\(blocked.count) blocked, \(refused) taps refused card-blocked"
                + (blocked.isEmpty ? "" : "; the whole list seen in force at " + reached.joined(separator: ", ")),
            failures: failures)
    }

    func terminalName(_ index: Int) -> String {
        terminalIDs[index].map { "terminal \($0)" } ?? "terminal #\(index)"
    }

    func seconds(_ value: Double) -> String { String(format: "%.1f", value) }

    // MARK: Entries

    struct Pair: Hashable {
        var terminal: UInt32
        var sequence: UInt64
    }

    /// What the checks read of a ledger entry.
    struct Entry {
        var kind: String
        var requestId: String?
        var member: String?
        /// The card's key id (`uid:HEX` for a UID-only card); nil for a sale without the card.
        var card: String?
        /// `member-card`, `uid-only`, or `no-card` (a sale without the card).
        var trust: String?
        /// A replacement card's first transaction: the lost card it replaces.
        var replaces: String?
        var previousWrite: Pair?
        var carriedForward: [UInt64]
        var confirmed: [UInt64]
        var unresolved: [UInt64]
        var voided: UInt64?
        var balance: Int64?
        var points: Int64
        /// The answer's net points (the balance's change).
        var net: Int64 = 0
        /// The points of its `adjustment` lines: what the back office settled outside the card.
        var adjustmentPoints: Int64 = 0
        /// A referred member's first sale: who referred them and the points the referrer is owed.
        var referrerReward: (referrer: String, points: Int64)? = nil

        /// Whether it is a sale without the card, whose points reach the card as an adjustment.
        var isCardless: Bool { trust == "no-card" }
    }

    func entriesByPair() -> [Pair: Entry] { Self.entries(pulled) }

    /// The entries of the pulled transactions, by terminal and sequence.
    static func entries(_ pulled: [PulledTransaction]) -> [Pair: Entry] {
        var entries: [Pair: Entry] = [:]
        for transaction in pulled {
            guard let object = try? JSONSerialization.jsonObject(with: Data(transaction.payload)) as? [String: Any] else { continue }
            let answer = object["answer"] as? [String: Any]
            let lines = answer?["lines"] as? [[String: Any]] ?? []
            let previous = object["previousWrite"] as? [String: Any]
            entries[Pair(terminal: transaction.terminal, sequence: transaction.sequence)] = Entry(
                kind: object["kind"] as? String ?? "",
                requestId: object["requestId"] as? String,
                member: object["member"] as? String,
                card: object["card"] as? String,
                trust: object["trust"] as? String,
                replaces: object["replaces"] as? String,
                previousWrite: previous.flatMap { p in
                    guard let t = p["terminalId"] as? Int, let s = p["sequence"] as? Int else { return nil }
                    return Pair(terminal: UInt32(t), sequence: UInt64(s))
                },
                carriedForward: (object["carriedForward"] as? [Int] ?? []).map(UInt64.init),
                confirmed: (object["confirmed"] as? [Int] ?? []).map(UInt64.init),
                unresolved: (object["unresolved"] as? [Int] ?? []).map(UInt64.init),
                voided: (object["voided"] as? Int).map(UInt64.init),
                balance: (answer?["balance"] as? Int).map(Int64.init),
                points: lines.reduce(Int64(0)) { $0 + Int64($1["points"] as? Int ?? 0) },
                net: Int64((answer?["points"] as? [String: Any])?["net"] as? Int ?? 0),
                adjustmentPoints: lines.filter { $0["rule"] as? String == "adjustment" }.reduce(Int64(0)) {
                    $0 + Int64($1["points"] as? Int ?? 0)
                },
                referrerReward: (object["referrerReward"] as? [String: Any]).flatMap { reward in
                    guard let referrer = reward["referrerId"] as? String, let points = reward["points"] as? Int else { return nil }
                    return (referrer, Int64(points))
                })
        }
        return entries
    }
}
