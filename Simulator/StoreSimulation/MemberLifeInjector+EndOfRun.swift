import Foundation

extension MemberLifeInjector {
    /// After the traffic, every terminal online and synced: the back office settles what is
    /// due (`card settle`); once every terminal holds the newest block list, replacement
    /// notices and adjustments, each member concerned taps their card once more (pending
    /// adjustments are applied), and each lost card is tapped at every terminal, where it must
    /// be refused.
    func endOfRun() async throws {
        let replaced = replacements.withLock { $0 }
        let settled = try await backOffice.settle()
        let published = settled.split(separator: "\n").last.map(String.init) ?? ""
        // What the terminals must hold before the last taps: every adjustment the ledger says is due.
        let entries = StoreChecks.entries(try await backOffice.pullAll())
        let ledger = CardLifeLedger(ledger: StoreChecks.SettledLedger(entries: entries), replacements: replaced)
        // And every adjustment this settlement published (the corrections of refunds at several tills too).
        let due = Set(ledger.due().keys).union(StoreBackOffice.adjustments(in: settled).map(\.reference))
        let lost = Set(replaced.values.map(\.lostCard))
        let renewed = Set(replaced.values.map(\.newCard))
        let started = log.elapsed()
        while !terminals.allSatisfy({ holds($0, adjustments: due, blocked: lost, notices: renewed) }) {
            guard log.elapsed() - started < 60 else {
                await log.record(event: "after 60 s some terminal still lacks an adjustment, a block or a notice: the last taps go ahead")
                break
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        // The members a correction of refunds at several tills is for tap too: it reaches their card.
        let corrected =
            terminals.first?.heldDocument("adjustments").map(StoreChecks.Adjustment.list)?
            .filter { $0.reference.hasPrefix(StoreChecks.Refunds.excessPrefix) }.map(\.member) ?? []
        let members = Set(replaced.keys).union(
            (Array(ledger.ledger.cardless.keys) + corrected).compactMap { id in Int(id.dropFirst(2)).map { $0 - 1 } })
        // The sampler stopped with the traffic: what the terminals hold now is seen now.
        for terminal in terminals {
            if let cards = terminal.heldDocument("block-list")?["cards"] as? [String] {
                await log.record(blockedCards: cards, terminal: terminal.index, at: log.elapsed())
            }
        }
        await log.record(
            memberLifeNote: String(
                format: "the settlement at the end (%@) reached every terminal in %.1f s: %d adjustments due; a last tap of %d members, "
                    + "each lost card at each terminal", published, log.elapsed() - started, due.count, members.count))
        for member in members.sorted() {
            workers[member % workers.count].inject(
                .init(
                    member: member, saleId: "END-\(member)", amount: 0, card: nil, label: "last tap after the settlement", balanceOnly: true
                ))
        }
        for replacement in replaced.values.sorted(by: { $0.member < $1.member }) {
            guard let old = await cards.lostCard(replacement.member) else { continue }
            for worker in workers {
                worker.inject(
                    .init(
                        member: replacement.member,
                        saleId: "\(StoreChecks.endOfRunLostCardTap)\(replacement.event)-\(worker.terminal.id)", amount: 50_000,
                        card: old, label: "the lost card after the end", cardName: "lost"))
            }
        }
        await withTaskGroup(of: Void.self) { group in
            for worker in workers { group.addTask { await worker.runInjected() } }
        }
    }

    /// Whether `terminal` holds every adjustment of `references`, every card of `blocked` on its
    /// block list and a replacement notice for every card of `notices`.
    private func holds(_ terminal: StoreTerminal, adjustments references: Set<String>, blocked: Set<String>, notices: Set<String>) -> Bool {
        let adjustments = Set(terminal.heldDocument("adjustments").map(StoreChecks.Adjustment.list)?.map(\.reference) ?? [])
        let cards = Set(terminal.heldDocument("block-list")?["cards"] as? [String] ?? [])
        let renewed = Set(
            (terminal.heldDocument("replacements")?["notices"] as? [[String: Any]] ?? []).compactMap { $0["card"] as? String })
        return references.isSubset(of: adjustments) && blocked.isSubset(of: cards) && notices.isSubset(of: renewed)
    }

    /// The `adjustments` document each terminal holds, by terminal index (read once they are
    /// stopped: what they hold at the end).
    func heldAdjustments() -> [Int: [StoreChecks.Adjustment]] {
        var held: [Int: [StoreChecks.Adjustment]] = [:]
        for terminal in terminals {
            if let document = terminal.heldDocument("adjustments") { held[terminal.index] = StoreChecks.Adjustment.list(document) }
        }
        return held
    }
}
