import LoyaltyJournal
import Testing

/// Random sequences of append, mark-synced, reopen and power cuts, checked after every step
/// against a simple model (a dictionary of transactions and a sync mark), with the engine's
/// own invariant checks on.
@Suite struct ModelPropertyTests {
    static let slots = 24

    @Test(arguments: UInt64(1)...40)
    func randomOperations(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let disk = SimulatedDisk(size: Fixture.size(slots: Self.slots))
        var journal = try Journal.create(on: disk, layout: Fixture.layout(maxParts: 4), options: Fixture.options())
        var model = Model()
        var counts = (appends: 0, full: 0, marks: 0, reopens: 0, cuts: 0)

        for _ in 0..<150 {
            switch rng.next() % 10 {
            case 0...4:
                let records = Int(rng.next() % 4) + 1
                if model.waitingRecords + records > Self.slots {
                    #expect(throws: JournalError.self) { try journal.append(Fixture.payload(model.last + 1, records: records)) }
                    counts.full += 1
                } else {
                    try model.append(journal, records: records)
                    counts.appends += 1
                }
            case 5, 6:
                guard model.last > model.synced else { continue }
                let through = model.synced + 1 + rng.next() % (model.last - model.synced)
                try model.markSynced(journal, through: through)
                counts.marks += 1
            case 7:
                try journal.close()
                journal = try Journal.reopen(disk)
                counts.reopens += 1
            default:
                // Power cut after the write or after the sync of the next append.
                let records = Int(rng.next() % 4) + 1
                guard model.waitingRecords + records <= Self.slots else { continue }
                let next = model.appending(records: records)
                disk.inject(rng.next() % 2 == 0 ? .powerCutAfterWrite(1) : .powerCutAfterSync(1))
                let acknowledged = (try? journal.append(next.payloads[next.last]!)) != nil
                disk.restorePower(.random(seed: rng.next()))
                journal = try Journal.reopen(disk)
                let snapshot = try Snapshot(journal)
                if snapshot.matches(next) {
                    model = next
                } else {
                    #expect(!acknowledged && snapshot.matches(model), "seed \(seed): \(snapshot) vs \(model)")
                }
                counts.cuts += 1
            }
            let snapshot = try Snapshot(journal)
            #expect(snapshot.matches(model), "seed \(seed): \(snapshot) vs \(model)")
            for (sequence, payload) in snapshot.transactions {
                #expect(model.payloads[sequence] == payload)
            }
        }
        try journal.close()
        try disk.reopen()
        #expect(try Journal.verify(on: disk).corruption.liveCount == 0)
        if seed == 1 || seed == 40 {
            print(
                "property test seed \(seed): \(counts.appends) appends, \(counts.full) refused as full, "
                    + "\(counts.marks) sync-mark moves, \(counts.reopens) reopens, \(counts.cuts) power cuts; model agrees")
        }
    }
}
