import CardProfile
import Crypto
import Logging
import MemberCard
import Testing
import VirtualCard

/// Every terminal's checks of a record a terminal signed with its enrolment key: the chain to
/// the issuer, the certificate's bounds, and revocation with the last number honoured. Each
/// refusal names its reason.
@Suite("Enrolled records: verification at every terminal")
struct EnrolmentVerificationTests {
    let logger = Logger(label: "test.enrolment")

    /// Reads a card holding the record `make` builds for its key, with `policy`.
    func read(
        _ fixture: EnrolmentFixture, policy: TrustPolicy? = nil, today: CalendarDate = EnrolmentFixture.today,
        _ make: (_ cardKey: [UInt8]) throws -> SignedMemberRecord
    ) async throws -> CardReading {
        try CardImageFile(path: fixture.imagePath).write(try fixture.personalisedImage(make))
        let terminal = MemberCardTerminal(policy: policy ?? fixture.policy, logger: logger)
        return await terminal.read(over: InMemoryChannel(card: try fixture.card()), today: today)
    }

    /// A record for `cardKey` with the given fields, signed with `key` and carrying `certificate`.
    static func record(
        _ fixture: EnrolmentFixture, cardKey: [UInt8], memberID: String, issued: CalendarDate = EnrolmentFixture.today,
        cardClass: CardClass = .test, keyID: [UInt8]? = nil, key: P256.Signing.PrivateKey? = nil, certificate: EnrolmentCertificate? = nil
    ) -> SignedMemberRecord {
        let certificate = certificate ?? fixture.enrolment.certificate
        let record = MemberRecord(
            programmeID: EnrolmentFixture.programmeID, memberID: memberID, issued: issued,
            expires: try! CalendarDate(year: 2029, month: 1, day: 1), birthdayMonth: 4, birthdayDay: 9, cardClass: cardClass,
            cardPublicKey: cardKey, issuerKeyID: keyID ?? certificate.enrolmentKeyID)
        return SignedMemberRecord(record: record, enrolmentKey: key ?? fixture.enrolment.privateKey, certificate: certificate)
    }

    @Test("a record signed by a certified enrolment key verifies at any terminal of the programme, with its enrolment step")
    func accepted() async throws {
        let fixture = try EnrolmentFixture()
        defer { fixture.remove() }
        let reading = try await read(fixture) { fixture.enrolment.signRecord(for: EnrolmentFixture.member(42), cardPublicKey: $0) }
        #expect(reading.isVerified, "\(reading.refusal.map { "\($0)" } ?? "")")
        #expect(reading.record?.memberID == "E7-42")
        #expect(
            reading.steps.map(\.name) == [.select, .issuerSignature, .enrolment, .validity, .blockList, .authentication, .stateBinding])
        #expect(reading.steps.allSatisfy { $0.passed })
    }

    @Test("a record signed by another key than the certified one is forged")
    func wrongKey() async throws {
        let fixture = try EnrolmentFixture()
        defer { fixture.remove() }
        let thief = P256.Signing.PrivateKey()
        let reading = try await read(fixture) { Self.record(fixture, cardKey: $0, memberID: "E7-5", key: thief) }
        #expect(reading.refusal == .forgedRecord)
        #expect(reading.steps.last?.detail.contains("not signed by the enrolment key certified for terminal 7") == true)
        // Its own key id in 88 does not help: the key is not the certificate's.
        let named = try await read(fixture) {
            Self.record(fixture, cardKey: $0, memberID: "E7-5", keyID: ProfileKeys.keyID(of: thief.publicKey), key: thief)
        }
        #expect(named.refusal == .forgedRecord)
    }

    @Test("a certificate the issuer did not sign is refused, whatever it allows")
    func certificateNotFromIssuer() async throws {
        let fixture = try EnrolmentFixture()
        defer { fixture.remove() }
        let forger = Issuer.generateTestIssuer(programmeID: EnrolmentFixture.programmeID)
        let key = P256.Signing.PrivateKey()
        let forged = forger.certifyEnrolmentKey(
            key.publicKey,
            terms: .init(terminalID: 7, highestEnrolment: 1_000_000, firstDay: EnrolmentFixture.firstDay, lastDay: EnrolmentFixture.lastDay)
        )
        let reading = try await read(fixture) { Self.record(fixture, cardKey: $0, memberID: "E7-5", key: key, certificate: forged) }
        #expect(reading.refusal == .forgedRecord)
        #expect(reading.steps.last?.detail.contains("enrolment certificate not signed by the issuer") == true)
        // The issuer's certificate bytes altered (a later last day) break its signature the same way.
        var altered = fixture.enrolment.certificate
        altered.signedBytes[altered.signedBytes.count - 16] ^= 0x01
        let tampered = try await read(fixture) { Self.record(fixture, cardKey: $0, memberID: "E7-5", certificate: altered) }
        #expect(tampered.refusal == .forgedRecord)
    }

    @Test("a record altered after signing is forged")
    func alteredRecord() async throws {
        let fixture = try EnrolmentFixture()
        defer { fixture.remove() }
        let reading = try await read(fixture) { cardKey in
            var signed = fixture.enrolment.signRecord(for: EnrolmentFixture.member(5), cardPublicKey: cardKey)
            // The birthday's day (85 02 04 09): 9 becomes 8, and the record re-read from the bytes.
            let index = try #require(signed.signedBytes.indices.first { signed.signedBytes[$0...].starts(with: [0x85, 0x02, 0x04, 0x09]) })
            signed.signedBytes[index + 3] = 0x08
            return try SignedMemberRecord(value: Array(signed.tlv.value))
        }
        #expect(reading.refusal == .forgedRecord)
        #expect(reading.record?.birthdayDay == 8)
    }

    @Test(
        "a record outside its certificate is refused as not certified, with the bound it breaks",
        arguments: [
            ("E8-5", nil, "names terminal 8"),
            ("E7-101", nil, "over the certificate's limit 100"),
            ("E7-042", nil, "is not E<terminal>-<number>"),
            ("M-000123", nil, "is not E<terminal>-<number>"),
            ("E7-5", "2025-12-31", "outside the certificate's days"),
            ("E7-5", "2027-01-01", "outside the certificate's days"),
        ] as [(String, String?, String)])
    func outsideCertificate(memberID: String, issued: String?, reason: String) async throws {
        let fixture = try EnrolmentFixture()
        defer { fixture.remove() }
        let issuedDay = try issued.map { text in
            let parts = text.split(separator: "-").map { Int($0)! }
            return try CalendarDate(year: UInt16(parts[0]), month: UInt8(parts[1]), day: UInt8(parts[2]))
        }
        let reading = try await read(fixture, today: try CalendarDate(year: 2027, month: 6, day: 1)) {
            Self.record(fixture, cardKey: $0, memberID: memberID, issued: issuedDay ?? EnrolmentFixture.today)
        }
        #expect(reading.refusal?.code == "enrolment-not-certified", "\(reading.refusal.map { "\($0)" } ?? "accepted")")
        #expect(reading.steps.last?.name == .enrolment)
        #expect(reading.steps.last?.detail.contains(reason) == true, "\(reading.steps.last?.detail ?? "")")
        #expect(!reading.isVerified)
    }

    @Test("a record of another class than its certificate's is not certified")
    func otherClass() async throws {
        let fixture = try EnrolmentFixture()
        defer { fixture.remove() }
        let reading = try await read(fixture) { Self.record(fixture, cardKey: $0, memberID: "E7-5", cardClass: .premium) }
        #expect(reading.refusal?.code == "enrolment-not-certified")
        #expect(reading.steps.last?.detail.contains("class premium") == true)
    }

    @Test("a certificate of another programme is refused as another programme's")
    func otherProgramme() async throws {
        let fixture = try EnrolmentFixture()
        defer { fixture.remove() }
        let key = P256.Signing.PrivateKey()
        let elsewhere = Issuer(programmeID: 99, privateKey: fixture.issuer.privateKey, isTest: true)
            .certifyEnrolmentKey(
                key.publicKey,
                terms: .init(terminalID: 7, highestEnrolment: 9, firstDay: EnrolmentFixture.firstDay, lastDay: EnrolmentFixture.lastDay))
        let reading = try await read(fixture) { Self.record(fixture, cardKey: $0, memberID: "E7-5", key: key, certificate: elsewhere) }
        #expect(reading.refusal == .wrongProgramme(99))
    }

    @Test("a revoked terminal's members up to the honoured number stay valid; above it, or with none honoured, they are refused")
    func revoked() async throws {
        let fixture = try EnrolmentFixture()
        defer { fixture.remove() }
        var policy = fixture.policy
        policy.revokedTerminals = [7]
        policy.enrolmentsHonoured = [7: 41]
        let honoured = try await read(fixture, policy: policy) {
            fixture.enrolment.signRecord(for: EnrolmentFixture.member(41), cardPublicKey: $0)
        }
        #expect(honoured.isVerified, "\(honoured.refusal.map { "\($0)" } ?? "")")
        let above = try await read(fixture, policy: policy) {
            fixture.enrolment.signRecord(for: EnrolmentFixture.member(42), cardPublicKey: $0)
        }
        #expect(above.refusal == .revokedEnrolment(terminalID: 7, number: 42, honoured: 41))
        #expect(above.refusal?.code == "revoked-enrolment")
        #expect(above.steps.last?.name == .enrolment)
        policy.enrolmentsHonoured = [:]
        let none = try await read(fixture, policy: policy) {
            fixture.enrolment.signRecord(for: EnrolmentFixture.member(1), cardPublicKey: $0)
        }
        #expect(none.refusal == .revokedEnrolment(terminalID: 7, number: 1, honoured: 0))
        policy.revokedTerminals = [3]
        let other = try await read(fixture, policy: policy) {
            fixture.enrolment.signRecord(for: EnrolmentFixture.member(99), cardPublicKey: $0)
        }
        #expect(other.isVerified, "terminal 7 is not revoked")
    }

    @Test("a blank card at a sale is refused as blank, after SELECT alone")
    func blankAtSale() async throws {
        let fixture = try EnrolmentFixture()
        defer { fixture.remove() }
        let reading = await MemberCardTerminal(policy: fixture.policy, logger: logger)
            .read(over: InMemoryChannel(card: try fixture.card()), today: EnrolmentFixture.today)
        #expect(reading.refusal == .blankCard)
        #expect(reading.refusal?.code == "blank-card")
        #expect(reading.commands == 1)
    }
}
