/// One damaged slot: where it is and what is wrong with it.
public struct CorruptSlot: Sendable, Equatable, CustomStringConvertible {
    /// Where the damage lies.
    public enum Region: String, Sendable {
        /// After the sync mark: records not yet acknowledged by the back office (data loss).
        case live
        /// Before the sync mark: already acknowledged, kept as history until overwritten.
        case history
    }

    public var region: Region
    /// The slot index (0 ..< slotCount).
    public var slot: Int64
    /// The byte offset of the slot in the file.
    public var fileOffset: Int64
    /// The record number that belongs in this slot.
    public var expectedRecordNumber: UInt64
    /// What is wrong.
    public var problem: String

    public var description: String {
        "\(region) slot \(slot) (file offset \(fileOffset), record \(expectedRecordNumber)): \(problem)"
    }
}

/// What a scan found damaged. Memory stays bounded: at most ``limit`` slots are listed; the
/// counts include them all.
public struct CorruptionReport: Sendable, Equatable, CustomStringConvertible {
    public static let limit = 32

    /// The first damaged slots, in ring order from the sync mark.
    public var slots: [CorruptSlot] = []
    /// Damaged slots in the live range.
    public var liveCount: Int64 = 0
    /// Damaged slots in the retained history.
    public var historyCount: Int64 = 0

    public var isEmpty: Bool { liveCount == 0 && historyCount == 0 }

    mutating func add(_ slot: CorruptSlot) {
        if slot.region == .live { liveCount += 1 } else { historyCount += 1 }
        if slots.count < Self.limit { slots.append(slot) }
    }

    public var description: String {
        var text = "\(liveCount) damaged slots after the sync mark, \(historyCount) in history"
        for slot in slots { text += "; \(slot)" }
        if Int64(slots.count) < liveCount + historyCount { text += "; ..." }
        return text
    }
}
