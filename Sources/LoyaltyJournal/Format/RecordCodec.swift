/// The header fields of one record, as decoded after its checksum matched.
struct RecordHeader: Equatable {
    var recordNumber: UInt64
    var sequence: UInt64
    var timestamp: UInt64
    var part: Int
    var partCount: Int
    var payloadLength: Int
}

/// Why a slot does not hold a valid record of this journal.
public enum RecordDefect: Error, Sendable, Equatable, CustomStringConvertible {
    /// All zero: never written.
    case blank
    /// Not a record of this format (wrong magic or version).
    case notARecord
    /// Magic matches but the CRC-32C does not: torn or damaged.
    case checksumMismatch
    /// A valid record of another journal (a different journal id).
    case foreignJournal
    /// A valid record whose number belongs to another slot.
    case wrongSlot(recordNumber: UInt64)
    /// A valid checksum over impossible field values.
    case badFields

    public var description: String {
        switch self {
        case .blank: "blank slot"
        case .notARecord: "not a journal record (bad magic or version)"
        case .checksumMismatch: "checksum mismatch"
        case .foreignJournal: "record of another journal"
        case .wrongSlot(let number): "record \(number) found in the wrong slot"
        case .badFields: "impossible header fields"
        }
    }
}

/// Encodes and checks records; the only code that knows the record layout.
enum RecordCodec {
    typealias F = JournalFormat.Rec

    /// Writes one complete record (header, payload, zero padding, CRC) into `slot`,
    /// which must be exactly `geometry.recordSize` bytes.
    static func encode(
        _ header: RecordHeader, payload: UnsafeRawBufferPointer, journalID: UInt64,
        into slot: UnsafeMutableRawBufferPointer
    ) {
        precondition(payload.count == header.payloadLength && payload.count <= slot.count - 52)
        slot.setLE(JournalFormat.recordMagic, at: F.magic)
        slot.setLE(JournalFormat.version, at: F.version)
        slot.setLE(UInt16(0), at: F.flags)
        slot.setLE(journalID, at: F.journalID)
        slot.setLE(header.recordNumber, at: F.recordNumber)
        slot.setLE(header.sequence, at: F.sequence)
        slot.setLE(header.timestamp, at: F.timestamp)
        slot.setLE(UInt16(header.part), at: F.part)
        slot.setLE(UInt16(header.partCount), at: F.partCount)
        slot.setLE(UInt16(header.payloadLength), at: F.payloadLength)
        slot.setLE(UInt16(0), at: F.reserved)
        let end = F.payload + payload.count
        if let source = payload.baseAddress, payload.count > 0 {
            slot.baseAddress!.advanced(by: F.payload).copyMemory(from: source, byteCount: payload.count)
        }
        let crcOffset = slot.count - JournalFormat.recordTrailerLength
        if end < crcOffset {
            slot.baseAddress!.advanced(by: end).initializeMemory(as: UInt8.self, repeating: 0, count: crcOffset - end)
        }
        let crc = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: slot[0..<crcOffset]))
        slot.setLE(crc, at: crcOffset)
    }

    /// Checks the record in `slot` (the bytes of slot number `slotIndex`) and returns its header,
    /// or what is wrong with it. A record is valid only when its magic, version, checksum and
    /// journal id match, its number belongs to this slot and its fields are possible.
    static func check(
        _ slot: UnsafeRawBufferPointer, slotIndex: Int64, geometry: JournalGeometry
    ) -> Result<RecordHeader, RecordDefect> {
        let crcOffset = slot.count - JournalFormat.recordTrailerLength
        return check(
            slot, computedChecksum: CRC32C.checksum(UnsafeRawBufferPointer(rebasing: slot[0..<crcOffset])),
            slotIndex: slotIndex, geometry: geometry)
    }

    /// ``check(_:slotIndex:geometry:)`` with the CRC-32C of the slot's bytes but its last 4
    /// already computed (the open scan checksums a batch of records at once, several at a time).
    /// `numberOfSlot`, when given, is a record number that maps to `slotIndex` (the one the
    /// scan expects there): a record carrying it needs no division to be placed.
    @inline(__always)
    static func check(
        _ slot: UnsafeRawBufferPointer, computedChecksum: UInt32, slotIndex: Int64, geometry: JournalGeometry,
        numberOfSlot: UInt64? = nil
    ) -> Result<RecordHeader, RecordDefect> {
        let magic: UInt32 = slot.le(F.magic)
        guard magic == JournalFormat.recordMagic, slot.le(F.version, as: UInt16.self) == JournalFormat.version else {
            return .failure(magic == 0 && isBlank(slot) ? .blank : .notARecord)
        }
        let crcOffset = slot.count - JournalFormat.recordTrailerLength
        guard computedChecksum == slot.le(crcOffset, as: UInt32.self) else { return .failure(.checksumMismatch) }
        guard slot.le(F.journalID, as: UInt64.self) == geometry.journalID else { return .failure(.foreignJournal) }
        let header = RecordHeader(
            recordNumber: slot.le(F.recordNumber),
            sequence: slot.le(F.sequence),
            timestamp: slot.le(F.timestamp),
            part: Int(slot.le(F.part, as: UInt16.self)),
            partCount: Int(slot.le(F.partCount, as: UInt16.self)),
            payloadLength: Int(slot.le(F.payloadLength, as: UInt16.self)))
        guard header.recordNumber == numberOfSlot || geometry.slot(of: header.recordNumber) == slotIndex else {
            return .failure(.wrongSlot(recordNumber: header.recordNumber))
        }
        guard header.sequence > 0, header.partCount >= 1, header.partCount <= geometry.maxRecordsPerTransaction,
            header.part < header.partCount, header.payloadLength <= geometry.payloadCapacity,
            header.recordNumber >= UInt64(header.part),
            slot.le(F.flags, as: UInt16.self) == 0, slot.le(F.reserved, as: UInt16.self) == 0
        else { return .failure(.badFields) }
        return .success(header)
    }

    /// The payload bytes of a record already checked valid.
    static func payload(of slot: UnsafeRawBufferPointer, _ header: RecordHeader) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: slot[F.payload..<(F.payload + header.payloadLength)])
    }

    private static func isBlank(_ slot: UnsafeRawBufferPointer) -> Bool {
        for byte in slot where byte != 0 { return false }
        return true
    }
}
