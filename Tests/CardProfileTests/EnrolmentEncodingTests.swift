import CardProfile
import Foundation
import Testing

/// The encodings of offline enrolment: blank cards (image and FCI), the enrolment certificate
/// (`E4`), a record signed by an enrolment key (`E1` with `E4`), enrolled member ids, and the
/// terminal credential file with its optional enrolment key.
@Suite("Card profile: blank cards and enrolment certificates")
struct EnrolmentEncodingTests {
    static let programmeID: UInt32 = 0x4C4F_5931
    static let issuer = Issuer.generateTestIssuer(programmeID: programmeID)

    static func day(_ year: UInt16, _ month: UInt8, _ day: UInt8) throws -> CalendarDate {
        try CalendarDate(year: year, month: month, day: day)
    }

    static func terms(limit: UInt32 = 500) throws -> EnrolmentCertificate.Terms {
        EnrolmentCertificate.Terms(terminalID: 7, highestEnrolment: limit, firstDay: try day(2026, 1, 1), lastDay: try day(2026, 12, 31))
    }

    static func enrolment() throws -> EnrolmentCredential {
        try #require(issuer.enrolTerminal(id: 7, enrolment: try terms()).enrolment)
    }

    @Test("a blank image has no E1, counters at zero, no state, and reads back blank; one with a counter or a state is malformed")
    func blankImage() throws {
        let blank = CardImage.blank(uid: [0x08, 1, 2, 3])
        #expect(blank.isBlank)
        var reader = TLVReader(try TLVReader.single(0xE0, in: blank.bytes, length: 1...1000))
        var tags: [UInt8] = []
        while !reader.isAtEnd { tags.append(try reader.next().tag) }
        #expect(tags == [0x80, 0x81, 0x82, 0x83, 0x84])
        let parsed = try CardImage(bytes: blank.bytes)
        #expect(parsed == blank)
        #expect(parsed.record == nil && parsed.counter == 0 && parsed.stateCounter == 0 && parsed.envelope == nil)
        var counted = blank
        counted.counter = 1
        #expect(throws: CardProfileError.self) { try CardImage(bytes: counted.bytes) }
        var stated = blank
        stated.envelope = TLV(0xE2, [0x72, 0x00]).encoded
        #expect(throws: CardProfileError.self) { try CardImage(bytes: stated.bytes) }
    }

    @Test("a blank card's FCI is 6F { 84 AID, A5 { 80 01 01, 8B 41 public key } } and parses as blank")
    func blankFCI() throws {
        let key = try CardImage.blank(uid: [1, 2, 3, 4]).publicKey()
        let answer = try SelectAnswer(blankCardKey: key)
        let expected: [UInt8] =
            [0x6F, 0x53, 0x84, 0x09] + MemberCardProfile.aid + [0xA5, 0x46, 0x80, 0x01, 0x01, 0x8B, 0x41] + key
        #expect(answer.bytes == expected)
        let parsed = try SelectAnswer(bytes: expected)
        #expect(parsed.isBlank)
        #expect(parsed.blankCardKey == key)
        #expect(parsed.record == nil && parsed.envelope == nil)
        // A key of another length, a key that is no point, or anything after it is refused.
        for inner in [
            [0x80, 0x01, 0x01, 0x8B, 0x40] + key.dropLast(), [0x80, 0x01, 0x01, 0x8B, 0x41, 0x04] + [UInt8](repeating: 0xEE, count: 64),
            [0x80, 0x01, 0x01, 0x8B, 0x41] + key + [0xE2, 0x01, 0x00],
        ] {
            let bytes = TLV(0x6F, children: [TLV(0x84, MemberCardProfile.aid), TLV(0xA5, inner)]).encoded
            #expect(throws: CardProfileError.self) { try SelectAnswer(bytes: bytes) }
        }
    }

    @Test("the enrolment certificate is E4 { 76 { 80 .. 88 }, 9E }, signed by the issuer, and reads back")
    func certificate() throws {
        let enrolment = try Self.enrolment()
        let certificate = enrolment.certificate
        let encoded = certificate.tlv.encoded
        #expect(encoded.first == 0xE4)
        let parsed = try EnrolmentCertificate(encoded: encoded)
        #expect(parsed == certificate)
        #expect(parsed.isSigned(by: Self.issuer.publicKey))
        #expect(!parsed.isSigned(by: Issuer.generateTestIssuer(programmeID: Self.programmeID).publicKey))
        #expect(parsed.terminalID == 7 && parsed.highestEnrolment == 500 && parsed.programmeID == Self.programmeID)
        let (first, last) = (try Self.day(2026, 1, 1), try Self.day(2026, 12, 31))
        #expect(parsed.firstDay == first && parsed.lastDay == last)
        #expect(parsed.cardClass == .test, "a test issuer certifies test cards, as it signs only those")
        #expect(parsed.issuerKeyID == Self.issuer.keyID)
        var body = TLVReader(try TLVReader.single(0x76, in: parsed.signedBytes, length: 1...255))
        var tags: [UInt8] = []
        while !body.isAtEnd { tags.append(try body.next().tag) }
        #expect(tags == [0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88])
    }

    @Test("a certificate allowing no number, or whose last day is before its first, is malformed")
    func malformedCertificate() throws {
        let key = Issuer.generateTestIssuer(programmeID: 1).publicKey
        for terms in [
            try Self.terms(limit: 0),
            EnrolmentCertificate.Terms(
                terminalID: 7, highestEnrolment: 5, firstDay: try Self.day(2026, 2, 1), lastDay: try Self.day(2026, 1, 31)),
        ] {
            let certificate = Self.issuer.certifyEnrolmentKey(key, terms: terms)
            #expect(throws: CardProfileError.self) { try EnrolmentCertificate(encoded: certificate.tlv.encoded) }
        }
    }

    @Test("a record an enrolment key signed is E1 { 71, 9E, E4 }: 88 the enrolment key's id, member id E7-n; it reads back")
    func enrolledRecord() throws {
        let enrolment = try Self.enrolment()
        let cardKey = try CardImage.blank(uid: [1, 2, 3, 4]).publicKey()
        let member = EnrolmentCredential.Member(
            number: 42, issued: try Self.day(2026, 3, 1), expires: try Self.day(2028, 2, 29), birthdayMonth: 5, birthdayDay: 17,
            referrer: "M-7")
        let signed = enrolment.signRecord(for: member, cardPublicKey: cardKey)
        #expect(signed.record.memberID == "E7-42")
        #expect(signed.record.issuerKeyID == enrolment.certificate.enrolmentKeyID)
        #expect(signed.record.cardPublicKey == cardKey)
        #expect(signed.record.cardClass == enrolment.certificate.cardClass)
        #expect(signed.record.programmeID == Self.programmeID)
        let encoded = signed.tlv.encoded
        #expect(encoded.suffix(enrolment.certificate.tlv.encoded.count) == enrolment.certificate.tlv.encoded[...])
        let parsed = try SignedMemberRecord(encoded: encoded)
        #expect(parsed == signed)
        #expect(parsed.enrolmentCertificate == enrolment.certificate)
        #expect(parsed.isSigned(by: try ProfileKeys.publicKey(enrolment.certificate.enrolmentPublicKey)))
        #expect(!parsed.isSigned(by: Self.issuer.publicKey))
        // The certificate is the last object: anything after it, or a second one, is refused.
        #expect(throws: CardProfileError.self) { try SignedMemberRecord(value: signed.tlv.value + [0x90, 0x00]) }
        #expect(throws: CardProfileError.self) {
            try SignedMemberRecord(value: signed.tlv.value + enrolment.certificate.tlv.encoded)
        }
    }

    @Test("a record the issuer signed has no E4 and is byte for byte what it always was: 71 then 9E")
    func issuerRecordUnchanged() throws {
        let member = Issuer.Member(
            memberID: "M-1", issued: try Self.day(2026, 1, 1), expires: try Self.day(2027, 1, 1), birthdayMonth: 1, birthdayDay: 2)
        let signed = try #require(Self.issuer.personalise(member, uid: [1, 2, 3, 4]).record)
        #expect(signed.enrolmentCertificate == nil)
        #expect(signed.tlv.encoded == TLV(0xE1, signed.signedBytes + TLV(0x9E, signed.signature).encoded).encoded)
    }

    @Test(
        "enrolled member ids are E<terminal>-<number> in canonical decimal",
        arguments: [
            ("E7-42", true), ("E4294967295-4294967295", true), ("E0-1", true), ("E7-042", false), ("E07-42", false), ("E7-0", false),
            ("E7-", false), ("E-4", false), ("e7-4", false), ("E7-+4", false), ("E7- 4", false), ("E7-4294967296", false),
            ("E7-4-1", false), ("M-000123", false), ("E٣-4", false),
        ])
    func memberIDs(id: String, valid: Bool) {
        let parsed = EnrolledMemberID.parse(id)
        #expect((parsed != nil) == valid, "\(id)")
        if let parsed { #expect(EnrolledMemberID.make(terminalID: parsed.terminalID, number: parsed.number) == id) }
    }

    @Test("the credential file keeps the enrolment key and certificate; a file without them reads as before; half of them is refused")
    func credentialFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("enrol-credential-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/terminal.json"
        let credential = Self.issuer.enrolTerminal(id: 7, enrolment: try Self.terms())
        try TerminalCredentialFile(credential, test: true).save(path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let read = try TerminalCredentialFile.load(path).credential()
        #expect(read.enrolment?.certificate == credential.enrolment?.certificate)
        #expect(
            read.enrolment.map { Array($0.privateKey.rawRepresentation) }
                == credential.enrolment.map { Array($0.privateKey.rawRepresentation) })

        let plain = Self.issuer.enrolTerminal(id: 8)
        let old = TerminalCredentialFile(plain, test: true)
        let json = #"{"certificate":"\#(old.certificate)","privateKey":"\#(old.privateKey)","terminalID":8,"test":true}"#
        let decoded = try JSONDecoder().decode(TerminalCredentialFile.self, from: Data(json.utf8))
        #expect(try decoded.credential().enrolment == nil)
        #expect(try decoded.credential().terminalID == 8)

        var half = TerminalCredentialFile(credential, test: true)
        half.enrolmentCertificate = nil
        #expect(throws: CardProfileError.self) { try half.credential() }
        var foreign = TerminalCredentialFile(credential, test: true)
        foreign.enrolmentCertificate =
            TerminalCredentialFile(Self.issuer.enrolTerminal(id: 7, enrolment: try Self.terms()), test: true)
            .enrolmentCertificate
        #expect(throws: CardProfileError.self) { try foreign.credential() }
    }
}
