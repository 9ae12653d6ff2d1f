import LoyaltyJournal

/// One member-life event of the plan, with what the seed chose for it.
struct PlannedEvent: Sendable {
    let number: Int
    /// The event as the file gives it, its moment filled in.
    let event: MemberLife.Event
    /// Fires once this many planned requests have finished.
    let afterRequests: Int
    /// The member it happens to.
    let member: Int
}

extension ScenarioPlan {
    /// The member-life events of `scenario`, in the order they fire, drawn from `random` (the
    /// member-life stream). Each event has a member of its own, never one a card fault hits nor
    /// one with a UID-only card, and preferably one who tapped a card at least twenty requests
    /// before: the back office then knows the card to replace.
    static func plannedEvents(
        _ scenario: Scenario, requests: [PlannedRequest], faults: [PlannedFault], uidOnly: Set<Int>, using random: inout SplitMix64
    ) -> [PlannedEvent] {
        guard let life = scenario.memberLife, !life.events.isEmpty else { return [] }
        let cardFaults: Set<Scenario.FaultKind> = [.blockedCard, .copiedCard, .rolledBackCard]
        var taken = Set(faults.filter { cardFaults.contains($0.fault.kind) }.map(\.member)).union(uidOnly)
        var firstTap: [Int: Int] = [:]
        for request in requests where !request.cardless && firstTap[request.member] == nil { firstTap[request.member] = request.index }
        var events: [PlannedEvent] = []
        for (number, event) in life.events.enumerated() {
            var event = event
            let at = Double.random(in: 0.1...0.85, using: &random)
            event.at = event.at ?? at
            let after = min(scenario.transactions, Int(((event.at ?? 0) * Double(scenario.transactions)).rounded(.down)))
            let free = (0..<scenario.members).filter { !taken.contains($0) }
            let known = free.filter { (firstTap[$0] ?? .max) < after - 20 }
            let member = (known.isEmpty ? free : known).randomElement(using: &random) ?? 0
            taken.insert(member)
            events.append(PlannedEvent(number: number, event: event, afterRequests: after, member: member))
        }
        return events.sorted { ($0.afterRequests, $0.number) < ($1.afterRequests, $1.number) }
    }
}
