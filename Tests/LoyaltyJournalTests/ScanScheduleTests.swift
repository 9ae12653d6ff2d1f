import Testing

@testable import LoyaltyJournal

/// The open scan gives the same result however it is cut into reads and whether a helper thread
/// fills some of them: runs of one slot, taken record by record, are the reference; longer runs
/// are taken whole as pieces of the chain when they can be.
@Suite struct ScanScheduleTests {
    /// (bytes per read in slots, helper thread) for each way of scanning compared.
    static let schedules: [(slots: Int, helper: Bool)] = [(1, false), (3, true), (7, false), (16, true), (512, true)]

    @Test(arguments: 0..<60)
    func everyScheduleFindsTheSame(seed: UInt64) throws {
        var random = SplitMix64(seed: seed &* 0x9E37_79B9 &+ 11)
        let slots = 40 + Int(random.next() % 60)
        let (disk, journal) = try Fixture.make(slots: slots, maxParts: 4, checks: false)
        var sequence: UInt64 = 0
        let appends = Int(random.next() % UInt64(slots * 3))
        for _ in 0..<appends {
            let records = 1 + Int(random.next() % 3)
            do {
                try journal.append(Fixture.payload(sequence + 1, records: records))
                sequence += 1
            } catch JournalError.journalFull {
                try journal.markSynced(through: sequence - min(sequence, random.next() % 3))
            }
            if random.next() % 9 == 0 { try journal.markSynced(through: sequence - min(sequence, random.next() % 4)) }
        }
        try journal.close()
        var image = disk.durableImage
        damage(&image, slots: slots, random: &random)

        let results = try Self.schedules.map { schedule in try scan(image, schedule) }
        for (schedule, result) in zip(Self.schedules.dropFirst(), results.dropFirst()) {
            #expect(result == results[0], "runs of \(schedule.slots) slots, helper \(schedule.helper): \(result) vs \(results[0])")
        }
    }

    @Test func runsCoverThePassInRingOrder() {
        let geometry = JournalGeometry(
            fileSize: Fixture.size(slots: 10), recordSize: 512, slotCount: 10, journalID: 1,
            maxRecordsPerTransaction: 4, createdAt: 0)
        for first: UInt64 in [0, 3, 9, 10, 27] {
            for count: Int64 in [1, 4, 9, 10] {
                for perRun: Int64 in [1, 3, 4, 10] {
                    let runs = SlotRuns(geometry: geometry, first: first, count: count, slotsPerRun: perRun)
                    var next = first
                    for index in 0..<runs.count {
                        let run = runs.run(index)
                        #expect(run.firstRecord == next)
                        #expect(run.firstSlot == Int64(run.firstRecord % 10))
                        #expect(run.count >= 1 && run.count <= Int(perRun) && run.firstSlot + Int64(run.count) <= 10)
                        next += UInt64(run.count)
                    }
                    #expect(next == first + UInt64(count), "first \(first) count \(count) per run \(perRun)")
                }
            }
        }
    }

    /// A few kinds of damage at random places, or none: bit flips, zeroed slots, a record
    /// copied into another slot, garbage over a sector, a torn last record.
    private func damage(_ image: inout [UInt8], slots: Int, random: inout SplitMix64) {
        func slotOffset(_ slot: Int) -> Int { 8192 + slot * 512 }
        for _ in 0..<Int(random.next() % 3) {
            let slot = Int(random.next() % UInt64(slots))
            switch random.next() % 5 {
            case 0: image[slotOffset(slot) + Int(random.next() % 512)] ^= 1 << UInt8(random.next() % 8)
            case 1: for i in 0..<512 { image[slotOffset(slot) + i] = 0 }
            case 2:
                let source = Int(random.next() % UInt64(slots))
                for i in 0..<512 { image[slotOffset(slot) + i] = image[slotOffset(source) + i] }
            case 3: for i in 0..<512 { image[slotOffset(slot) + i] = UInt8(truncatingIfNeeded: random.next()) }
            default: for i in 256..<512 { image[slotOffset(slot) + i] = 0xA5 }
            }
        }
    }

    private func scan(_ image: [UInt8], _ schedule: (slots: Int, helper: Bool)) throws -> ScanResult {
        let disk = SimulatedDisk(image: image)
        let superblock = try Journal.readSuperblocks(disk, path: nil).inForce
        let reader = SlotReader(
            storage: disk, geometry: superblock.geometry, chunkBytes: schedule.slots * 512, helper: schedule.helper)
        return try RingScanner.scan(reader, syncRecord: superblock.syncRecord, syncSequence: superblock.syncSequence)
    }
}
