import CPCSCLite

/// What the watcher believes of each reader, and the events that a new report implies.
///
/// Pure state: no PC/SC calls, so the diffing is unit-tested on its own.
struct ReaderTracker {
    private var plugAndPlay = ReaderStateRecord(reader: ReaderStateRecord.plugAndPlayReader, currentState: 0)
    private var readers: [ReaderStateRecord] = []

    /// The records to pass to `SCardGetStatusChange`: the plug-and-play pseudo reader first.
    var records: [ReaderStateRecord] { [plugAndPlay] + readers }

    var readerNames: [String] { readers.map(\.reader) }

    /// Takes the outcome of `SCardGetStatusChange` on ``records`` and returns the events;
    /// `readersChanged` says the reader list must be fetched again.
    mutating func apply(_ states: [ReaderStateRecord]) -> (events: [ReaderEvent], readersChanged: Bool) {
        guard states.count == readers.count + 1 else { return ([], true) }
        var events: [ReaderEvent] = []
        var readersChanged = false
        let pnp = states[0]
        if pnp.eventState & UInt32(SCARD_STATE_CHANGED) != 0 { readersChanged = true }
        plugAndPlay.currentState = pnp.eventState & ~UInt32(SCARD_STATE_CHANGED)
        for index in readers.indices {
            let reported = states[index + 1]
            if reported.eventState & UInt32(SCARD_STATE_UNKNOWN) != 0 { readersChanged = true }
            events += transition(from: readers[index], to: reported)
            readers[index].currentState = reported.eventState & ~UInt32(SCARD_STATE_CHANGED)
            readers[index].atr = reported.atr
        }
        return (events, readersChanged)
    }

    /// Replaces the reader list with `probed` (each with its current state) and returns the
    /// added and removed readers and the cards that came or went with them.
    mutating func setReaders(_ probed: [ReaderStateRecord]) -> [ReaderEvent] {
        var events: [ReaderEvent] = []
        let newNames = Set(probed.map(\.reader))
        for old in readers where !newNames.contains(old.reader) {
            if Self.isPresent(old.currentState) { events.append(.cardRemoved(reader: old.reader)) }
            events.append(.readerRemoved(old.reader))
        }
        var next: [ReaderStateRecord] = []
        for reported in probed {
            var record = ReaderStateRecord(reader: reported.reader, currentState: 0)
            if let old = readers.first(where: { $0.reader == reported.reader }) {
                events += transition(from: old, to: reported)
            } else {
                events.append(.readerAdded(reported.reader))
                if Self.isPresent(reported.eventState) {
                    events.append(.cardInserted(reader: reported.reader, atr: reported.atr))
                }
            }
            record.currentState = reported.eventState & ~UInt32(SCARD_STATE_CHANGED)
            record.atr = reported.atr
            next.append(record)
        }
        readers = next
        return events
    }

    /// Forgets every reader (the service went away) and returns their removal events.
    mutating func removeAll() -> [ReaderEvent] {
        let events = setReaders([])
        plugAndPlay.currentState = 0
        return events
    }

    private func transition(from old: ReaderStateRecord, to new: ReaderStateRecord) -> [ReaderEvent] {
        let wasPresent = Self.isPresent(old.currentState)
        let isPresent = Self.isPresent(new.eventState)
        // pcscd counts every insertion and removal in the high 16 bits.
        let eventsSince = UInt16(truncatingIfNeeded: new.eventState >> 16) &- UInt16(truncatingIfNeeded: old.currentState >> 16)
        switch (wasPresent, isPresent) {
        case (false, true):
            return [.cardInserted(reader: new.reader, atr: new.atr)]
        case (true, false):
            return [.cardRemoved(reader: new.reader)]
        case (true, true) where eventsSince >= 2:
            // Another card was tapped between two waits.
            return [.cardRemoved(reader: new.reader), .cardInserted(reader: new.reader, atr: new.atr)]
        default:
            return []
        }
    }

    static func isPresent(_ flags: UInt32) -> Bool {
        flags & UInt32(SCARD_STATE_PRESENT) != 0 && flags & UInt32(SCARD_STATE_MUTE) == 0
    }
}
