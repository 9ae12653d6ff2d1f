extension StoreReport {
    /// What the members did besides tapping: each member event with what it caused, how many
    /// of each kind fired, and how the sales without the card and the lost cards' taps ended.
    struct MemberLifeSummary: Sendable, Codable {
        /// The events as fired, in the faults' form.
        var events: [FaultRecord]
        /// Events fired, by kind (`card-replacement`: cards the back office replaced).
        var counts: [String: Int]
        /// Sales without the card by how they ended: `online` (completed, the back office's
        /// balance in the answer), `offline` (completed, earning only), or the refusal code.
        var cardlessSales: [String: Int]
        /// Taps of a lost card after its replacement, by how they ended (`completed` or the
        /// refusal code), the end-of-run ones included.
        var lostCardTaps: [String: Int]
        /// What the end of the run did: the settlement, the last taps.
        var notes: [String]

        init(requests: [RequestRecord], events: [FaultRecord], replacements: Int, notes: [String]) {
            self.events = events
            self.notes = notes
            var counts = Dictionary(grouping: events, by: \.kind).mapValues(\.count)
            counts[MemberLife.Kind.cardReplacement.rawValue] = replacements
            self.counts = counts
            var cardless: [String: Int] = [:]
            var lost: [String: Int] = [:]
            for request in requests {
                let ended = request.outcome == "completed" ? "completed" : request.refusal ?? request.outcome
                if request.card == "none", request.refund == nil {
                    cardless[ended == "completed" ? (request.balance == nil ? "offline" : "online") : ended, default: 0] += 1
                } else if request.card == "lost" {
                    lost[ended, default: 0] += 1
                }
            }
            cardlessSales = cardless
            lostCardTaps = lost
        }

        /// The report's lines.
        var lines: [String] {
            func list(_ counts: [String: Int]) -> String {
                counts.isEmpty ? "none" : counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            }
            var lines = [
                "",
                "member life: \(list(counts)) done",
                "  sales without the card: \(cardlessSales.values.reduce(0, +)) (\(list(cardlessSales)))",
                "  taps of a lost card after its replacement: \(lostCardTaps.values.reduce(0, +)) (\(list(lostCardTaps)))",
            ]
            for event in events {
                lines.append(
                    "  #\(event.number) \(event.kind) at request \(event.afterRequests) (\(String(format: "%.1f", event.at)) s), \(event.target)"
                )
                for effect in event.effects { lines.append("      \(effect)") }
            }
            lines += notes.map { "  end of run, \($0)" }
            return lines
        }
    }
}
