import CardProfile
import Testing

@Suite("TLV: canonical subset, strict bounds")
struct TLVTests {
    @Test("lengths round-trip in their shortest form", arguments: [0, 1, 127, 128, 255, 256, 1000, 65_535])
    func roundTrip(length: Int) throws {
        let object = TLV(0x81, Array(repeating: 0x5A, count: length))
        var reader = TLVReader(object.encoded)
        #expect(try reader.next() == object)
        try reader.finish()
        let header = object.encoded.count - length
        #expect(header == (length < 128 ? 2 : length < 256 ? 3 : 4))
    }

    @Test(
        "malformed encodings are errors",
        arguments: [
            ([] as [UInt8], CardProfileError.truncated(offset: 0)),
            ([0x81], .truncated(offset: 0)),
            ([0x81, 0x02, 0x00], .truncated(offset: 0)),
            ([0x81, 0x81, 0x05], .nonMinimalLength(offset: 0)),
            ([0x81, 0x82, 0x00, 0x10], .nonMinimalLength(offset: 0)),
            ([0x81, 0x80], .unsupportedLengthForm(offset: 0)),
            ([0x81, 0x83, 0x00, 0x00, 0x01], .unsupportedLengthForm(offset: 0)),
            ([0x9F, 0x01, 0x00], .unsupportedTag(0x9F, offset: 0)),
            ([0x00, 0x00], .unsupportedTag(0x00, offset: 0)),
            ([0x81, 0x82, 0xFF, 0xFF, 0x00], .truncated(offset: 0)),
        ])
    func malformed(bytes: [UInt8], expected: CardProfileError) {
        var reader = TLVReader(bytes)
        #expect(throws: expected) { _ = try reader.next() }
    }

    @Test("templates refuse wrong, missing, badly sized and trailing objects")
    func templates() throws {
        let bytes = TLV(0x80, [1]).encoded + TLV(0x81, [1, 2]).encoded
        var r1 = TLVReader(bytes)
        #expect(throws: CardProfileError.unexpectedTag(expected: 0x81, found: 0x80)) { _ = try r1.read(0x81, count: 1) }
        var r2 = TLVReader(bytes)
        _ = try r2.read(0x80, count: 1)
        #expect(throws: CardProfileError.badLength(tag: 0x81, length: 2)) { _ = try r2.read(0x81, count: 4) }
        var r3 = TLVReader(bytes)
        _ = try r3.read(0x80, count: 1)
        #expect(throws: CardProfileError.trailingBytes(offset: 3)) { try r3.finish() }
        var r4 = TLVReader(TLV(0x80, [1]).encoded)
        _ = try r4.read(0x80, count: 1)
        #expect(throws: CardProfileError.missingTag(0x81)) { _ = try r4.read(0x81, count: 2) }
    }
}
