import LoyaltyJournal
import Testing

/// Power cuts after every write and every sync of an operation, with the writes not yet synced
/// kept, dropped or turned to garbage per 512-byte sector: the journal must reopen to exactly the
/// state before or after the operation (after, if the operation returned), never anything else.
@Suite struct PowerCutTests {
    static let policies: [SimulatedDisk.CrashPolicy] =
        [.keepAll, .dropAll, .garbageAll] + (1...9).map { .random(seed: $0) }

    /// One scenario: a journal prepared by `setup`, then `operation` under every cut.
    struct Scenario: Sendable, CustomTestStringConvertible {
        var name: String
        var slots: Int
        var setup: @Sendable (Journal, inout Model) throws -> Void
        var operation: @Sendable (Journal, inout Model) throws -> Void
        var testDescription: String { name }
    }

    static let scenarios: [Scenario] = [
        Scenario(name: "first append, one record", slots: 32, setup: { _, _ in }, operation: { j, m in try m.append(j, records: 1) }),
        Scenario(
            name: "append of 3 records mid-ring", slots: 32,
            setup: { j, m in for r in [1, 2, 3, 1] { try m.append(j, records: r) } },
            operation: { j, m in try m.append(j, records: 3) }),
        Scenario(
            name: "append of 3 records wrapping the ring end over history", slots: 32,
            setup: { j, m in
                for r in [4, 4, 4, 4, 4, 4, 4, 2] { try m.append(j, records: r) }  // head at slot 30
                try m.markSynced(j, through: 7)
            },
            operation: { j, m in try m.append(j, records: 3) }),
        Scenario(
            name: "append at slot 0 of the second lap", slots: 32,
            setup: { j, m in
                for _ in 0..<8 { try m.append(j, records: 4) }
                try m.markSynced(j, through: 4)
            },
            operation: { j, m in try m.append(j, records: 2) }),
        Scenario(
            name: "append filling the ring exactly", slots: 32,
            setup: { j, m in
                for _ in 0..<8 { try m.append(j, records: 4) }
                try m.markSynced(j, through: 1)
            },
            operation: { j, m in try m.append(j, records: 4) }),
        Scenario(
            name: "sync mark move", slots: 32,
            setup: { j, m in for r in [1, 2, 3, 4] { try m.append(j, records: r) } },
            operation: { j, m in try m.markSynced(j, through: 3) }),
        Scenario(
            name: "second sync mark move (other superblock copy)", slots: 32,
            setup: { j, m in
                for r in [1, 2, 3, 4, 1] { try m.append(j, records: r) }
                try m.markSynced(j, through: 2)
            },
            operation: { j, m in try m.markSynced(j, through: 5) }),
    ]

    @Test(arguments: scenarios)
    func everyCutPoint(_ scenario: Scenario) throws {
        // The state before, on a fully synced medium.
        let base = SimulatedDisk(size: Fixture.size(slots: scenario.slots))
        var model = Model()
        do {
            let journal = try Journal.create(on: base, layout: Fixture.layout(), options: Fixture.options())
            try scenario.setup(journal, &model)
        }
        let beforeModel = model
        let image = base.durableImage

        // How many writes and syncs the operation makes.
        let probe = SimulatedDisk(image: image)
        let probeJournal = try Journal.reopen(probe)
        let (writes0, syncs0) = (probe.writeCount, probe.syncCount)
        var afterModel = beforeModel
        try scenario.operation(probeJournal, &afterModel)
        let writes = probe.writeCount - writes0
        let syncs = probe.syncCount - syncs0
        #expect(writes >= 1 && syncs == 1)

        var counts = (crashes: 0, before: 0, after: 0, second: 0)
        let faults =
            (1...writes).map { SimulatedDisk.Fault.powerCutAfterWrite($0) }
            + (1...syncs).map { SimulatedDisk.Fault.powerCutAfterSync($0) }
        for (faultIndex, fault) in faults.enumerated() {
            for (policyIndex, policy) in Self.policies.enumerated() {
                let disk = SimulatedDisk(image: image)
                let journal = try Journal.reopen(disk)
                disk.inject(fault)
                var scratch = beforeModel
                let acknowledged = (try? scenario.operation(journal, &scratch)) != nil
                disk.restorePower(policy)
                let state = try recover(disk, before: beforeModel, after: afterModel, acknowledged: acknowledged)
                counts.crashes += 1
                if state == .before { counts.before += 1 } else { counts.after += 1 }

                // A second append cut after its write lands on whatever the first cut left in
                // the tail: the journal reopens to the recovered state or that plus the append.
                let recovered = state == .before ? beforeModel : afterModel
                let extended = recovered.appending(records: 1 + (faultIndex + policyIndex) % 3)
                let next = try Journal.reopen(disk)
                disk.inject(.powerCutAfterWrite(1))
                #expect(throws: JournalError.self) { try next.append(extended.payloads[extended.last]!) }
                disk.restorePower(Self.policies[(policyIndex + 4) % Self.policies.count])
                _ = try recover(disk, before: recovered, after: extended, acknowledged: false)
                counts.second += 1
            }
        }
        print(
            "power-cut test [\(scenario.name)]: \(writes) writes + \(syncs) syncs × \(Self.policies.count) policies = "
                + "\(counts.crashes) crashes (+\(counts.second) cut appends onto the recovered tail); \(counts.before) reopened as before, "
                + "\(counts.after) as after, 0 otherwise")
    }

    enum Outcome { case before, after }

    /// Reopens `disk` and checks it holds exactly `before` or `after` (`after` if acknowledged).
    private func recover(
        _ disk: SimulatedDisk, before: Model, after: Model, acknowledged: Bool
    ) throws -> Outcome {
        let journal = try Journal.reopen(disk)
        let snapshot = try Snapshot(journal)
        try journal.close()
        try disk.reopen()
        #expect(try Journal.verify(on: disk).corruption.liveCount == 0)
        // History (already synced) may lose slots to a torn write, but what it holds is right.
        for (sequence, payload) in snapshot.transactions {
            #expect(payload == after.payloads[sequence], "transaction \(sequence) differs from the model")
        }
        if snapshot.matches(after) { return .after }
        #expect(!acknowledged, "an acknowledged operation was lost: \(snapshot)")
        #expect(snapshot.matches(before), "state is neither before (\(before)) nor after (\(after)): \(snapshot)")
        return .before
    }
}

/// What the journal should hold: every transaction appended and the sync mark.
struct Model: Sendable {
    var payloads: [UInt64: [UInt8]] = [:]
    var recordCounts: [UInt64: Int] = [:]
    var last: UInt64 = 0
    var synced: UInt64 = 0

    mutating func append(_ journal: Journal, records: Int) throws {
        let payload = Fixture.payload(last + 1, records: records)
        let sequence = try journal.append(payload)
        #expect(sequence == last + 1)
        last = sequence
        payloads[sequence] = payload
        recordCounts[sequence] = records
    }

    /// This model with one more transaction of `records` records, not yet appended anywhere.
    func appending(records: Int) -> Model {
        var model = self
        model.last += 1
        model.payloads[model.last] = Fixture.payload(model.last, records: records)
        model.recordCounts[model.last] = records
        return model
    }

    mutating func markSynced(_ journal: Journal, through sequence: UInt64) throws {
        try journal.markSynced(through: sequence)
        synced = max(synced, sequence)
    }

    /// Records waiting for sync.
    var waitingRecords: Int { ((synced + 1)...max(synced + 1, last)).reduce(0) { $0 + (recordCounts[$1] ?? 0) } }
}

extension Snapshot {
    /// Whether the acknowledged part (positions and every live transaction) equals `model`.
    func matches(_ model: Model) -> Bool {
        guard lastSequence == model.last, syncedSequence == model.synced else { return false }
        return live == model.payloads.filter { $0.key > model.synced }
    }
}

extension Model: CustomStringConvertible {
    var description: String { "model(last \(last), synced \(synced))" }
}
