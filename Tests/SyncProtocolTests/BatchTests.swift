import Testing

@testable import SyncProtocol

@Suite("Journal batch wire form")
struct BatchTests {
    let sample = JournalBatch(
        terminal: 7,
        transactions: [
            UploadedTransaction(sequence: 1, recordedAt: 1_763_900_000_123, payload: Array(#"{"kind":"sale"}"#.utf8)),
            UploadedTransaction(sequence: 2, recordedAt: -5, payload: []),
            UploadedTransaction(sequence: UInt64(Int64.max), recordedAt: 0, payload: [0, 255, 10]),
        ])

    @Test("encodes and decodes to the same batch")
    func roundTrip() throws {
        let bytes = sample.encoded()
        #expect(bytes.prefix(4) == Array("LJB1".utf8)[...])
        #expect(bytes.count == 12 + 3 * 20 + 15 + 0 + 3)
        #expect(try JournalBatch(decoding: bytes) == sample)
    }

    @Test("every truncation is refused, never read past the end")
    func truncations() {
        let bytes = sample.encoded()
        for length in 0..<bytes.count {
            #expect(throws: BatchFormatError.self) { try JournalBatch(decoding: bytes.prefix(length)) }
        }
    }

    @Test("malformed batches are refused with the reason")
    func malformed() {
        var bytes = sample.encoded()
        bytes[0] = UInt8(ascii: "X")
        #expect(throws: BatchFormatError.notABatch) { try JournalBatch(decoding: bytes) }
        #expect(throws: BatchFormatError.trailingBytes(1)) { try JournalBatch(decoding: sample.encoded() + [0]) }
        #expect(throws: BatchFormatError.empty) { try JournalBatch(decoding: JournalBatch(terminal: 1, transactions: []).encoded()) }
        let zero = JournalBatch(terminal: 1, transactions: [UploadedTransaction(sequence: 0, recordedAt: 0, payload: [])])
        #expect(throws: BatchFormatError.zeroSequence(index: 0)) { try JournalBatch(decoding: zero.encoded()) }
        let big = JournalBatch(
            terminal: 1,
            transactions: [
                UploadedTransaction(sequence: 1, recordedAt: 0, payload: [UInt8](repeating: 1, count: JournalBatch.maximumPayloadBytes + 1))
            ])
        #expect(throws: BatchFormatError.payloadTooLarge(index: 0, bytes: JournalBatch.maximumPayloadBytes + 1)) {
            try JournalBatch(decoding: big.encoded())
        }
        // A count far above what the bytes hold: refused by the limit, no allocation for it.
        var huge = JournalBatch(terminal: 1, transactions: []).encoded()
        huge.replaceSubrange(8..<12, with: [0xFF, 0xFF, 0xFF, 0x7F])
        #expect(throws: BatchFormatError.tooManyTransactions(0x7FFF_FFFF)) { try JournalBatch(decoding: huge) }
    }

    @Test("random bytes never crash the decoder")
    func fuzz() {
        var generator = SystemRandomNumberGenerator()
        let valid = sample.encoded()
        for _ in 0..<2000 {
            var bytes = valid
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            _ = try? JournalBatch(decoding: bytes)
        }
    }
}
