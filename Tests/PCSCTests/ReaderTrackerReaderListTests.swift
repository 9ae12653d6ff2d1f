import Testing

@testable import PCSC

/// `setReaders` and `removeAll`: readers appearing and disappearing, with their cards.
@Suite("ReaderTracker reader list")
struct ReaderTrackerReaderListTests {
    static let acr = "ACS ACR122U PICC Interface 00 00"
    static let vpcd = "Virtual PCD 00 00"

    @Test("new readers are added, and a card already present is reported inserted with its ATR")
    func addReaders() {
        var tracker = ReaderTracker()
        let events = tracker.setReaders([
            report(Self.acr, StateFlag.empty | StateFlag.changed),
            report(Self.vpcd, StateFlag.present | StateFlag.changed, count: 1, atr: ATR.mifare),
        ])
        #expect(
            events == [
                .readerAdded(Self.acr),
                .readerAdded(Self.vpcd),
                .cardInserted(reader: Self.vpcd, atr: ATR.mifare),
            ])
        #expect(tracker.readerNames == [Self.acr, Self.vpcd])
    }

    @Test("the records to wait on are the PnP pseudo reader first, then the readers, without CHANGED")
    func recordsAfterSetReaders() {
        var tracker = ReaderTracker()
        _ = tracker.setReaders([report(Self.vpcd, StateFlag.present | StateFlag.changed, count: 3, atr: ATR.mifare)])
        let records = tracker.records
        #expect(records.map(\.reader) == [ReaderStateRecord.plugAndPlayReader, Self.vpcd])
        // Waiting again with CHANGED still set would return at once, forever.
        #expect(records[1].currentState & StateFlag.changed == 0)
        #expect(records[1].currentState & StateFlag.present != 0)
        #expect(records[1].currentState >> 16 == 3)
    }

    @Test("a mute card is not reported as inserted")
    func muteCardOnAdd() {
        var tracker = ReaderTracker()
        let events = tracker.setReaders([report(Self.vpcd, StateFlag.present | StateFlag.mute)])
        #expect(events == [.readerAdded(Self.vpcd)])
    }

    @Test("a removed reader with a card gives cardRemoved then readerRemoved")
    func removeReaderWithCard() {
        var tracker = ReaderTracker()
        _ = tracker.setReaders([
            report(Self.acr, StateFlag.present, count: 1, atr: ATR.mifare),
            report(Self.vpcd, StateFlag.empty),
        ])
        let events = tracker.setReaders([report(Self.vpcd, StateFlag.empty)])
        #expect(events == [.cardRemoved(reader: Self.acr), .readerRemoved(Self.acr)])
        #expect(tracker.readerNames == [Self.vpcd])
        #expect(tracker.records.count == 2)
    }

    @Test("a removed empty reader gives readerRemoved alone")
    func removeEmptyReader() {
        var tracker = ReaderTracker()
        _ = tracker.setReaders([report(Self.acr, StateFlag.empty)])
        #expect(tracker.setReaders([]) == [.readerRemoved(Self.acr)])
        #expect(tracker.readerNames.isEmpty)
    }

    @Test("a reader kept in the list is not added again, but its card change is reported")
    func keptReader() {
        var tracker = ReaderTracker()
        _ = tracker.setReaders([report(Self.vpcd, StateFlag.empty)])
        let events = tracker.setReaders([
            report(Self.vpcd, StateFlag.present | StateFlag.changed, count: 1, atr: ATR.desfire),
            report(Self.acr, StateFlag.empty),
        ])
        #expect(events == [.cardInserted(reader: Self.vpcd, atr: ATR.desfire), .readerAdded(Self.acr)])
    }

    @Test("the same list again gives no events")
    func sameListAgain() {
        var tracker = ReaderTracker()
        let list = [report(Self.acr, StateFlag.empty), report(Self.vpcd, StateFlag.present, count: 1, atr: ATR.mifare)]
        _ = tracker.setReaders(list)
        #expect(tracker.setReaders(list).isEmpty)
    }

    @Test("removeAll removes every reader and the cards in them")
    func removeAll() throws {
        var tracker = ReaderTracker()
        _ = tracker.setReaders([
            report(Self.acr, StateFlag.present, count: 1, atr: ATR.mifare),
            report(Self.vpcd, StateFlag.empty),
        ])
        let events = tracker.removeAll()
        #expect(Set(events) == [.cardRemoved(reader: Self.acr), .readerRemoved(Self.acr), .readerRemoved(Self.vpcd)])
        #expect(events.count == 3)
        let cardGone = try #require(events.firstIndex(of: .cardRemoved(reader: Self.acr)))
        let readerGone = try #require(events.firstIndex(of: .readerRemoved(Self.acr)))
        #expect(cardGone < readerGone)
        #expect(tracker.readerNames.isEmpty)
        #expect(tracker.records.map(\.reader) == [ReaderStateRecord.plugAndPlayReader])
        #expect(tracker.removeAll().isEmpty)
    }

    @Test("after removeAll the PnP pseudo reader is waited on from scratch")
    func removeAllResetsPlugAndPlay() {
        var tracker = ReaderTracker()
        _ = tracker.apply([plugAndPlay(changed: true, count: 4)])
        #expect(tracker.records[0].currentState != 0)
        _ = tracker.removeAll()
        #expect(tracker.records[0].currentState == 0)
    }

    @Test("readers come back after removeAll as added")
    func readdAfterRemoveAll() {
        var tracker = ReaderTracker()
        _ = tracker.setReaders([report(Self.vpcd, StateFlag.present, count: 1, atr: ATR.mifare)])
        _ = tracker.removeAll()
        let events = tracker.setReaders([report(Self.vpcd, StateFlag.present, count: 1, atr: ATR.mifare)])
        #expect(events == [.readerAdded(Self.vpcd), .cardInserted(reader: Self.vpcd, atr: ATR.mifare)])
    }
}
