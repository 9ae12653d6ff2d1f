import Testing

@testable import PCSC

/// `apply`: turning one `SCardGetStatusChange` outcome into card events.
@Suite("ReaderTracker apply")
struct ReaderTrackerApplyTests {
    static let first = "ACS ACR122U PICC Interface 00 00"
    static let second = "Virtual PCD 00 00"

    /// A tracker that knows both readers, both empty, event counts at 0.
    static func trackerWithEmptyReaders() -> ReaderTracker {
        var tracker = ReaderTracker()
        _ = tracker.setReaders([report(first, StateFlag.empty), report(second, StateFlag.empty)])
        return tracker
    }

    @Test("a card tapped on one reader is reported inserted with its ATR")
    func insert() {
        var tracker = Self.trackerWithEmptyReaders()
        let outcome = tracker.apply([
            plugAndPlay(changed: false),
            report(Self.first, StateFlag.empty),
            report(Self.second, StateFlag.present | StateFlag.changed, count: 1, atr: ATR.mifare),
        ])
        #expect(outcome.events == [.cardInserted(reader: Self.second, atr: ATR.mifare)])
        #expect(!outcome.readersChanged)
    }

    @Test("then taking it away is reported removed")
    func insertThenRemove() {
        var tracker = Self.trackerWithEmptyReaders()
        _ = tracker.apply([
            plugAndPlay(changed: false),
            report(Self.first, StateFlag.empty),
            report(Self.second, StateFlag.present | StateFlag.changed, count: 1, atr: ATR.mifare),
        ])
        let outcome = tracker.apply([
            plugAndPlay(changed: false),
            report(Self.first, StateFlag.empty),
            report(Self.second, StateFlag.empty | StateFlag.changed, count: 2),
        ])
        #expect(outcome.events == [.cardRemoved(reader: Self.second)])
        #expect(!outcome.readersChanged)
    }

    @Test("an unchanged report gives no events")
    func noChange() {
        var tracker = Self.trackerWithEmptyReaders()
        let outcome = tracker.apply([
            plugAndPlay(changed: false), report(Self.first, StateFlag.empty), report(Self.second, StateFlag.empty),
        ])
        #expect(outcome.events.isEmpty)
        #expect(!outcome.readersChanged)
    }

    @Test("the next wait starts from the reported state, without CHANGED")
    func recordsFollowReports() {
        var tracker = Self.trackerWithEmptyReaders()
        _ = tracker.apply([
            plugAndPlay(changed: false),
            report(Self.first, StateFlag.present | StateFlag.changed, count: 5, atr: ATR.desfire),
            report(Self.second, StateFlag.empty),
        ])
        let record = tracker.records[1]
        #expect(record.reader == Self.first)
        #expect(record.currentState == (5 << 16 | StateFlag.present))
        #expect(record.atr == ATR.desfire)
    }

    @Test("both readers changing in one report give both events")
    func twoReaders() {
        var tracker = Self.trackerWithEmptyReaders()
        let outcome = tracker.apply([
            plugAndPlay(changed: false),
            report(Self.first, StateFlag.present | StateFlag.changed, count: 1, atr: ATR.desfire),
            report(Self.second, StateFlag.present | StateFlag.changed, count: 1, atr: ATR.mifare),
        ])
        #expect(
            outcome.events == [
                .cardInserted(reader: Self.first, atr: ATR.desfire),
                .cardInserted(reader: Self.second, atr: ATR.mifare),
            ])
    }

    @Test("present then present with the event count 2 higher is a card swap")
    func swap() {
        var tracker = ReaderTracker()
        _ = tracker.setReaders([report(Self.second, StateFlag.present, count: 1, atr: ATR.mifare)])
        let outcome = tracker.apply([
            plugAndPlay(changed: false),
            report(Self.second, StateFlag.present | StateFlag.changed, count: 3, atr: ATR.desfire),
        ])
        #expect(outcome.events == [.cardRemoved(reader: Self.second), .cardInserted(reader: Self.second, atr: ATR.desfire)])
    }

    @Test("the swap is seen across the 16-bit event counter's wrap-around")
    func swapAcrossWrap() {
        var tracker = ReaderTracker()
        _ = tracker.setReaders([report(Self.second, StateFlag.present, count: 0xFFFF, atr: ATR.mifare)])
        let outcome = tracker.apply([
            plugAndPlay(changed: false),
            report(Self.second, StateFlag.present | StateFlag.changed, count: 0x0001, atr: ATR.desfire),
        ])
        #expect(outcome.events == [.cardRemoved(reader: Self.second), .cardInserted(reader: Self.second, atr: ATR.desfire)])
    }

    @Test("present then present with the same event count is no event")
    func sameCardStays() {
        var tracker = ReaderTracker()
        _ = tracker.setReaders([report(Self.second, StateFlag.present, count: 1, atr: ATR.mifare)])
        let outcome = tracker.apply([
            plugAndPlay(changed: false),
            report(Self.second, StateFlag.present | StateFlag.inUse | StateFlag.changed, count: 1, atr: ATR.mifare),
        ])
        #expect(outcome.events.isEmpty)
    }

    @Test("a card going mute counts as removed")
    func cardGoesMute() {
        var tracker = ReaderTracker()
        _ = tracker.setReaders([report(Self.second, StateFlag.present, count: 1, atr: ATR.mifare)])
        let outcome = tracker.apply([
            plugAndPlay(changed: false),
            report(Self.second, StateFlag.present | StateFlag.mute | StateFlag.changed, count: 1),
        ])
        #expect(outcome.events == [.cardRemoved(reader: Self.second)])
    }

    @Test("the PnP pseudo reader's CHANGED asks for the reader list again")
    func plugAndPlayChanged() {
        var tracker = Self.trackerWithEmptyReaders()
        let outcome = tracker.apply([
            plugAndPlay(changed: true, count: 1),
            report(Self.first, StateFlag.empty),
            report(Self.second, StateFlag.present | StateFlag.changed, count: 1, atr: ATR.mifare),
        ])
        #expect(outcome.readersChanged)
        // The readers' own events are still reported.
        #expect(outcome.events == [.cardInserted(reader: Self.second, atr: ATR.mifare)])
        #expect(tracker.records[0].currentState & StateFlag.changed == 0)
    }

    @Test("a reader reported UNKNOWN (unplugged) asks for the reader list again")
    func readerUnknown() {
        var tracker = Self.trackerWithEmptyReaders()
        let outcome = tracker.apply([
            plugAndPlay(changed: false),
            report(Self.first, StateFlag.unknown | StateFlag.changed),
            report(Self.second, StateFlag.empty),
        ])
        #expect(outcome.readersChanged)
    }

    @Test("a report with the wrong number of states asks for the reader list again", arguments: [0, 1, 2, 4])
    func wrongCount(count: Int) {
        var tracker = Self.trackerWithEmptyReaders()
        let states = (0..<count).map { index in
            index == 0 ? plugAndPlay(changed: false) : report(Self.first, StateFlag.present | StateFlag.changed, count: 1, atr: ATR.mifare)
        }
        let outcome = tracker.apply(states)
        #expect(outcome.readersChanged)
        #expect(outcome.events.isEmpty)
        // Nothing was taken from the malformed report.
        #expect(tracker.records.dropFirst().allSatisfy { $0.currentState & StateFlag.present == 0 })
    }

    @Test("with no readers, only the PnP pseudo reader is expected")
    func noReaders() {
        var tracker = ReaderTracker()
        #expect(tracker.records.count == 1)
        let quiet = tracker.apply([plugAndPlay(changed: false)])
        #expect(quiet.events.isEmpty)
        #expect(!quiet.readersChanged)
        #expect(tracker.apply([plugAndPlay(changed: true, count: 1)]).readersChanged)
    }
}
