import Foundation
import Synchronization
import VirtualCard

/// A cashier at one terminal: makes the terminal's planned requests in order, each with the
/// member's card in front of the reader (or, for a sale without the card, the member named by
/// member id), and the extra taps the card faults and member events ask for first.
/// Like a POS, it sends the same request again when the card left mid-tap (the member taps
/// again) or the terminal did not answer (it was restarting), until a final answer.
final class TerminalWorker: Sendable {
    /// An extra tap a card fault asks for.
    struct InjectedTap: Sendable {
        var member: Int
        var saleId: String
        var amount: Int64
        /// The card used: nil for the member's own (held like any tap), else a copy or a lost card.
        var card: MemberCardApplication?
        var label: String
        /// Runs when the tap has its answer.
        var then: (@Sendable (RequestRecord) async -> Void)?
        /// What the report calls `card` (``RequestRecord/card``): `copy` unless told.
        var cardName: String?
        /// A balance enquiry instead of a sale (`saleId` only names it).
        var balanceOnly = false
        /// Another request than a sale (an enrolment): its path and body.
        var request: (path: String, body: String)? = nil
    }

    let terminal: StoreTerminal
    let cards: MemberCards
    let log: RunLog
    /// With ``Scenario/refunds``: the sales' answers of every till, and the tills, for refunds
    /// of sales made elsewhere.
    let refunds: RefundContext?
    private let injected = Mutex<[InjectedTap]>([])

    init(terminal: StoreTerminal, cards: MemberCards, log: RunLog, refunds: RefundContext? = nil) {
        self.terminal = terminal
        self.cards = cards
        self.log = log
        self.refunds = refunds
    }

    func inject(_ tap: InjectedTap) { injected.withLock { $0.append(tap) } }

    /// Makes `requests` (this terminal's share of the plan), then any taps still injected. Over
    /// shop time, each request waits for its day on `calendar` first.
    func run(_ requests: [PlannedRequest], calendar: ShopCalendar? = nil) async {
        for request in requests {
            await runInjected()
            if let calendar, let moment = request.shopTime { await calendar.reach(moment, terminal: terminal.index) }
            await perform(request)
        }
        await calendar?.finished(terminal: terminal.index)
        await runInjected()
    }

    func runInjected() async {
        while let tap = injected.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) {
            let body = #"{"saleId":"\#(tap.saleId)","amount":\#(tap.amount),"currency":"VND","waitSeconds":10}"#
            var record = await tapCard(
                member: tap.member, card: tap.card, pullAt: nil,
                path: tap.request?.path ?? (tap.balanceOnly ? "/v1/balance" : "/v1/sales"),
                body: tap.request?.body ?? (tap.balanceOnly ? #"{"waitSeconds":10}"# : body))
            record.index = -1
            record.planned = false
            record.kind = tap.label
            record.requestId = tap.balanceOnly ? nil : tap.saleId
            record.card = tap.card == nil ? nil : tap.cardName ?? "copy"
            await log.record(record)
            await tap.then?(record)
        }
    }

    private func perform(_ request: PlannedRequest) async {
        if case .refund(_, let saleId, _) = request.kind, let refunds, let saleTerminal = request.saleTerminal {
            await performRefund(request, of: saleId, madeAt: saleTerminal, refunds)
            return
        }
        let (path, body, id) = Self.http(request)
        var record = await send(request, path: path, body: body, id: id)
        if case .sale(let saleId, _, _) = request.kind, let refunds {
            await refunds.sales.record(
                saleId,
                SaleAnswers.Answer(
                    terminal: terminal.index, completed: record.outcome == "completed",
                    ended: record.outcome == "completed" ? "completed" : record.refusal ?? record.outcome, receipt: record.receipt,
                    journalSequence: record.journalSequence))
        }
        record.receipt = nil
        await log.record(record)
    }

    /// Sends a planned request (with the member's card, or without it for a sale or refund
    /// without the card) until its final answer: the record, not logged yet.
    func send(_ request: PlannedRequest, path: String, body: String, id: String?, trace: RefundTrace? = nil) async -> RequestRecord {
        var record: RequestRecord
        if request.cardless {
            // No tap: the cashier types the member id (or scans the member's app).
            record = newRecord(member: request.member)
            record.refund = trace
            await ask(path, body, &record, tapping: false)
            record.finishedAt = log.elapsed()
            record.seconds = record.finishedAt - record.startedAt
            record.card = "none"
        } else {
            record = await tapCard(member: request.member, card: nil, pullAt: request.pullAtCommand, path: path, body: body, trace: trace)
        }
        record.index = request.index
        record.kind = request.name
        record.requestId = id
        return record
    }

    static func http(_ request: PlannedRequest) -> (path: String, body: String, id: String?) {
        switch request.kind {
        case .sale(let id, let amount, let redeem):
            let points = request.extras.redeemPoints.map(String.init) ?? #""maximum""#
            let redemption = redeem ? #","redemption":\#(points)"# : ""
            let tax = request.extras.tax.map { #","excluded":[{"kind":"tax","amount":\#($0)}]"# } ?? ""
            let member = request.cardless ? #","member":{"memberId":"\#(MemberCards.memberID(request.member))"}"# : ""
            return (
                "/v1/sales", #"{"saleId":"\#(id)","amount":\#(amount),"currency":"VND","waitSeconds":10\#(redemption)\#(tax)\#(member)}"#,
                id
            )
        case .refund(let id, let saleId, let amount):
            let part = amount.map { #","amount":\#($0)"# } ?? ""
            return ("/v1/refunds", #"{"refundId":"\#(id)","saleId":"\#(saleId)","waitSeconds":10\#(part)}"#, id)
        case .balance:
            return ("/v1/balance", #"{"waitSeconds":10}"#, nil)
        }
    }

    /// One request with a card in front of the reader, tried until a final answer (at most 8 tries).
    private func tapCard(
        member: Int, card copy: MemberCardApplication?, pullAt: Int?, path: String, body: String, trace: RefundTrace? = nil
    ) async -> RequestRecord {
        if copy == nil { await cards.take(member) }
        var record = newRecord(member: member)
        record.refund = trace
        do {
            let card: any CardApplication
            if let copy { card = copy } else { card = try await cards.card(member) }
            terminal.card.exchange(for: card)
            // A member whose card slipped away taps again a moment later, while the POS still waits.
            var tapAgain: Task<Void, Never>?
            defer { tapAgain?.cancel() }
            if let pullAt {
                terminal.host.pullDuringCommand(number: terminal.host.commandCount + pullAt)
                tapAgain = Task { [host = terminal.host] in
                    while host.isInserted, !Task.isCancelled { try? await Task.sleep(for: .milliseconds(50)) }
                    try? await Task.sleep(for: .milliseconds(700))
                    if !Task.isCancelled, !host.isInserted { host.insert() }
                }
            }
            await ask(path, body, &record, tapping: true)
        } catch {
            record.outcome = "error"
            record.refusal = "\(error)"
        }
        terminal.card.exchange(for: nil)
        if copy == nil { await cards.give(member) }
        record.finishedAt = log.elapsed()
        record.seconds = record.finishedAt - record.startedAt
        return record
    }

    func newRecord(member: Int) -> RequestRecord {
        let started = log.elapsed()
        return RequestRecord(
            index: 0, planned: true, terminal: terminal.index, member: member, kind: "", outcome: "error", attempts: 0,
            seconds: 0, lastTrySeconds: 0, startedAt: started, finishedAt: started)
    }

    /// Sends the request until a final answer (at most 8 tries), noting each answer in
    /// `record`; `tapping`: with the card in front of the reader, put back when it left.
    private func ask(_ path: String, _ body: String, _ record: inout RequestRecord, tapping: Bool) async {
        while record.attempts < 8 {
            record.attempts += 1
            if tapping, !terminal.host.isInserted {
                // The member takes the card back to the reader; pcscd sees it at its next poll.
                terminal.host.insert()
                try? await Task.sleep(for: .milliseconds(500))
            }
            let tryStarted = log.elapsed()
            guard let reply = try? await terminal.post(path, body) else {
                // No answer: the terminal is restarting (power cut) or busy; ask again when it answers.
                record.retriedBecause.append(String(format: "no answer (%.1f s)", log.elapsed() - tryStarted))
                await waitUntilAnswering()
                continue
            }
            record.lastTrySeconds = log.elapsed() - tryStarted
            let answer = reply.body
            record.outcome = answer["outcome"] as? String ?? "error"
            record.refusal = (answer["refusal"] as? [String: Any])?["code"] as? String
            record.journalSequence = (answer["journalSequence"] as? Int).map(UInt64.init)
            record.balance = (answer["balance"] as? Int).map(Int64.init)
            record.memberId = answer["memberId"] as? String
            record.receipt = answer["receipt"] as? String
            if record.refund != nil {
                record.refund?.refundedAmount = (answer["refundedAmount"] as? Int).map(Int64.init)
                record.refund?.fallback = answer["fallback"] as? String
            }
            if reply.status >= 500 || record.outcome == "incomplete" || record.outcome == "timed-out"
                || record.refusal == "card-removed" || record.refusal == "busy"
            {
                record.retriedBecause.append(
                    String(format: "%@ (%.1f s)", record.refusal ?? record.outcome, record.lastTrySeconds))
                continue
            }
            break
        }
    }

    private func waitUntilAnswering() async {
        for _ in 0..<600 {
            if await terminal.waitingRecords() != nil { return }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }
}
