import Foundation
import Synchronization
import VirtualCard

/// Plays the scenario's member-life events when the store has made their share of the
/// requests, as the store's staff and members would: a lost card reported and replaced with a
/// card the issuer personalises for the same member id, the lost card tapped once more where
/// the news has not arrived. Notes what each did, and keeps what the checks need.
final class MemberLifeInjector: Sendable {
    let plan: ScenarioPlan
    let terminals: [StoreTerminal]
    let workers: [TerminalWorker]
    let backOffice: StoreBackOffice
    let cards: MemberCards
    let log: RunLog
    /// Each replaced member's replacement, by member index.
    let replacements = Mutex<[Int: CardReplacement]>([:])
    /// Each enrolment made, by event number.
    let enrolments = Mutex<[Int: Enrolment]>([:])

    init(
        plan: ScenarioPlan, terminals: [StoreTerminal], workers: [TerminalWorker], backOffice: StoreBackOffice, cards: MemberCards,
        log: RunLog
    ) {
        self.plan = plan
        self.terminals = terminals
        self.workers = workers
        self.backOffice = backOffice
        self.cards = cards
        self.log = log
    }

    /// Fires each event once the planned requests finished reach its share; returns when all
    /// have fired (or `isDone` says the traffic ended: the rest fire at once).
    func run(isDone: @Sendable () async -> Bool) async {
        for event in plan.events {
            await log.waitUntilFinished(event.afterRequests, unless: isDone)
            await fire(event)
        }
    }

    private func fire(_ planned: PlannedEvent) async {
        await log.record(
            memberEvent: FaultRecord(
                number: planned.number, kind: planned.event.kind.rawValue, afterRequests: planned.afterRequests, at: log.elapsed(),
                target: "member \(MemberCards.memberID(planned.member))", effects: []))
        do {
            switch planned.event.kind {
            case .cardReplacement: try await replaceCard(planned)
            case .enrolment: try enrol(planned)
            }
        } catch {
            await note(planned, "could not be played: \(error)")
        }
    }

    func note(_ planned: PlannedEvent, _ effect: String) async {
        await log.noteEffect(memberEvent: planned.number, effect)
    }

    /// The member reports the card lost; the issuer personalises a new card for the same member
    /// id, and the back office replaces the lost one with it (`card replace`, signed with the
    /// store's document key). From then on the member taps the new card.
    private func replaceCard(_ planned: PlannedEvent) async throws {
        let member = planned.member
        let lost = try await cards.cardKeyID(member)
        // The back office replaces a card it has seen: wait until a tap of it is synced.
        let waited = log.elapsed()
        while (try? await backOffice.cardStatus(lost))?["transactions"] as? Int ?? 0 == 0 {
            guard log.elapsed() - waited < 120 else {
                throw StoreError("the back office has no synced transaction of card \(lost) after 120 s: it cannot replace it")
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        let fresh = try await cards.personaliseReplacement(member)
        // Nobody taps the card while it is replaced: the member is at the service desk.
        await cards.take(member)
        let replaced: StoreBackOffice.Replaced
        do {
            replaced = try await backOffice.replace(lost: lost, with: fresh.keyID)
            try await cards.swapInReplacement(member, path: fresh.path)
        } catch {
            await cards.give(member)
            throw error
        }
        await cards.give(member)
        let at = log.elapsed()
        replacements.withLock {
            $0[member] = CardReplacement(
                event: planned.number, member: member, lostCard: lost, newCard: fresh.keyID, carried: replaced.carried,
                basedOn: replaced.basedOn, at: at)
        }
        let cutOff = terminals.filter(\.isCutOff).map(\.name)
        await note(
            planned,
            "card \(lost) reported lost; card \(fresh.keyID) issued carrying \(replaced.carried) points"
                + (replaced.basedOn.map { " (the state of terminal \($0.terminal)'s transaction \($0.sequence))" } ?? "")
                + (log.elapsed() - waited > 1 ? String(format: " after waiting %.1f s for the lost card's taps to sync", at - waited) : "")
                + (cutOff.isEmpty ? "" : "; cut off from the back office then: " + cutOff.joined(separator: ", ")))
        if let index = planned.event.oldCardTap, let old = await cards.lostCard(member) {
            let terminal = terminals[index]
            workers[index].inject(
                .init(
                    member: member, saleId: "LOST-\(planned.number)-OLD", amount: 180_000, card: old, label: "sale with the lost card",
                    then: { [self] record in
                        await note(
                            planned,
                            "the lost card tapped at \(terminal.name)\(terminal.isCutOff ? " (cut off)" : ""): \(Self.outcome(record))")
                    }, cardName: "lost"))
        }
        if let index = planned.event.newCardTap {
            let terminal = terminals[index]
            workers[index].inject(
                .init(
                    member: member, saleId: "LOST-\(planned.number)-NEW", amount: 120_000, card: nil,
                    label: "first sale with the replacement card",
                    then: { [self] record in
                        await note(
                            planned,
                            "the new card used at \(terminal.name)\(terminal.isCutOff ? " (cut off)" : ""): \(Self.outcome(record))")
                    }))
        }
    }

    /// `completed, balance 1520` or `refused card-blocked`.
    static func outcome(_ record: RequestRecord) -> String {
        if record.outcome == "completed" { return "completed" + (record.balance.map { ", balance \($0)" } ?? "") }
        return "\(record.outcome) \(record.refusal ?? "")"
    }
}
