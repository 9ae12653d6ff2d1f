import CardProfile
import Testing

/// The member record's optional referrer (tag `8A`, after `88`): written by the issuer, read
/// back, and refused when malformed; a record without it is the record it always was.
@Suite("Card profile: the member record's referrer")
struct MemberRecordReferrerTests {
    static let issuer = Issuer.generateTestIssuer(programmeID: 0x4C4F_5931)

    static func member(referrer: String? = nil) throws -> Issuer.Member {
        Issuer.Member(
            memberID: "M-REFEREE", issued: try CalendarDate(year: 2025, month: 1, day: 15),
            expires: try CalendarDate(year: 2029, month: 12, day: 31), birthdayMonth: 6, birthdayDay: 30, referrer: referrer)
    }

    /// The value of template `71` of a record signed for `member`, with `extra` objects after it.
    static func recordValue(referrer: String? = nil, extra: [TLV] = []) throws -> [UInt8] {
        let record = try #require(issuer.personalise(try member(referrer: referrer), uid: [0x08, 1, 2, 3]).record).record
        return record.tlv.value + extra.flatMap(\.encoded)
    }

    @Test("a record without a referrer is encoded as the nine objects 80 to 88, nothing after, and reads back without one")
    func withoutReferrer() throws {
        let signed = try #require(Self.issuer.personalise(try Self.member(), uid: [0x08, 1, 2, 3]).record)
        let record = signed.record
        #expect(record.referrerID == nil)
        let nine = TLV(
            0x71,
            children: [
                TLV(0x80, [1]), TLV(0x81, [0x4C, 0x4F, 0x59, 0x31]), TLV(0x82, Array("M-REFEREE".utf8)),
                TLV(0x83, record.issued.bytes), TLV(0x84, record.expires.bytes),
                TLV(0x85, [record.birthdayMonth, record.birthdayDay]), TLV(0x86, [record.cardClass.rawValue]),
                TLV(0x87, record.cardPublicKey), TLV(0x88, record.issuerKeyID),
            ])
        #expect(record.tlv.encoded == nine.encoded)
        #expect(signed.signedBytes == nine.encoded)
        let parsed = try MemberRecord(value: nine.value)
        #expect(parsed == record)
        #expect(parsed.referrerID == nil)
        #expect(try SignedMemberRecord(value: signed.tlv.value).isSigned(by: Self.issuer.publicKey))
    }

    @Test(
        "the issuer writes the referrer as 8A after 88, signed with the rest; it reads back",
        arguments: ["M-1", "Bà Ngọc", String(repeating: "R", count: 32)])
    func withReferrer(referrer: String) throws {
        let signed = try #require(Self.issuer.personalise(try Self.member(referrer: referrer), uid: [0x08, 1, 2, 3]).record)
        var reader = TLVReader(signed.record.tlv.value)
        var tags: [UInt8] = []
        while !reader.isAtEnd { tags.append(try reader.next().tag) }
        #expect(tags == [0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x8A])
        #expect(signed.signedBytes.suffix(referrer.utf8.count + 2) == [0x8A, UInt8(referrer.utf8.count)] + Array(referrer.utf8))
        let parsed = try SignedMemberRecord(value: signed.tlv.value)
        #expect(parsed.record.referrerID == referrer)
        #expect(parsed == signed)
        #expect(parsed.isSigned(by: Self.issuer.publicKey))
        var altered = parsed
        altered.signedBytes[altered.signedBytes.count - 1] ^= 0x01
        #expect(!altered.isSigned(by: Self.issuer.publicKey), "the referrer is under the issuer's signature")
    }

    @Test(
        "a malformed referrer is refused",
        arguments: [
            ([TLV(0x8A, [])], CardProfileError.badLength(tag: 0x8A, length: 0)),
            ([TLV(0x8A, Array(repeating: 0x41, count: 33))], .badLength(tag: 0x8A, length: 33)),
            ([TLV(0x8A, [0x4D, 0xFF, 0xFE])], .invalidValue(tag: 0x8A, reason: "referrer id is not UTF-8")),
            ([TLV(0x8A, [0x4D]), TLV(0x8A, [0x4E])], nil),
            ([TLV(0x89, [0x4D])], nil),
        ])
    func malformed(extra: [TLV], expected: CardProfileError?) throws {
        let value = try Self.recordValue(extra: extra)
        do {
            _ = try MemberRecord(value: value)
            Issue.record("a record with \(extra) was accepted")
        } catch {
            if let expected { #expect(error == expected) }
        }
    }

    @Test("a duplicate referrer, or one before the issuer key id, is refused")
    func misplaced() throws {
        let value = try Self.recordValue(referrer: "M-1", extra: [TLV(0x8A, Array("M-2".utf8))])
        #expect(throws: CardProfileError.trailingBytes(offset: value.count - 5)) { _ = try MemberRecord(value: value) }

        let record = try #require(Self.issuer.personalise(try Self.member(), uid: [0x08, 1, 2, 3]).record).record
        var reader = TLVReader(record.tlv.value)
        var objects: [TLV] = []
        while !reader.isAtEnd { objects.append(try reader.next()) }
        objects.insert(TLV(0x8A, Array("M-1".utf8)), at: objects.count - 1)
        #expect(throws: CardProfileError.unexpectedTag(expected: 0x88, found: 0x8A)) {
            _ = try MemberRecord(value: objects.flatMap(\.encoded))
        }
    }

    @Test("the fuzzing entry point parses a record with a referrer and survives its truncations")
    func fuzzingEntryPoint() throws {
        let signed = try #require(Self.issuer.personalise(try Self.member(referrer: "M-REFERRER"), uid: [0x08, 1, 2, 3]).record)
        let input: [UInt8] = [5] + signed.tlv.value
        #expect(ParserFuzzing.exercise(input))
        for cut in 1..<input.count { _ = ParserFuzzing.exercise(Array(input.prefix(cut))) }
    }
}
