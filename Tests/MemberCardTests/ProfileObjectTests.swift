import CardProfile
import Crypto
import Foundation
import Testing

@Suite("Card profile objects")
struct ProfileObjectTests {
    @Test("a signed record round-trips and verifies; any altered byte breaks it")
    func recordSignature() throws {
        let fixture = try CardFixture()
        defer { fixture.remove() }
        let signed = fixture.record
        let parsed = try SignedMemberRecord(value: signed.tlv.value)
        #expect(parsed == signed)
        #expect(parsed.isSigned(by: fixture.issuer.publicKey))
        #expect(!parsed.isSigned(by: Issuer.generateTestIssuer(programmeID: 1).publicKey))
        var altered = signed
        for index in [2, 10, signed.signedBytes.count - 1] {
            altered.signedBytes = signed.signedBytes
            altered.signedBytes[index] ^= 0x01
            #expect(!altered.isSigned(by: fixture.issuer.publicKey))
        }
        #expect(signed.record.cardClass == .test)
    }

    @Test("a state envelope round-trips; its signatures check against the issuer")
    func envelope() throws {
        let fixture = try CardFixture()
        defer { fixture.remove() }
        var state = CardFixture.newState(balance: 1234, sequence: 9)
        state.cardKeyID = fixture.record.record.cardKeyID
        state.terminalID = 7
        let envelope = try StateEnvelope(
            state: state, terminalKey: fixture.credential.privateKey, certificate: fixture.credential.certificate)
        let parsed = try StateEnvelope(encoded: envelope.tlv.encoded)
        #expect(parsed == envelope)
        #expect(parsed.state.balance == 1234)
        #expect(parsed.signatureProblem(issuer: fixture.issuer.publicKey, programmeID: CardFixture.programmeID) == nil)
        let other = Issuer.generateTestIssuer(programmeID: CardFixture.programmeID)
        #expect(parsed.signatureProblem(issuer: other.publicKey, programmeID: CardFixture.programmeID) != nil)
        var forged = parsed
        forged.signedBytes[20] ^= 1
        #expect(forged.signatureProblem(issuer: fixture.issuer.publicKey, programmeID: CardFixture.programmeID) != nil)
    }

    @Test("the authentication answer signs challenge, counter, state counter and state hash")
    func authentication() throws {
        let key = P256.Signing.PrivateKey()
        let challenge = [UInt8](repeating: 7, count: 16)
        let hash = AuthenticationAnswer.stateHash(of: nil)
        let message = AuthenticationAnswer.signedBytes(challenge: challenge, counter: 5, stateCounter: 4, stateHash: hash)
        #expect(message.count == 64)
        let answer = AuthenticationAnswer(counter: 5, stateCounter: 4, stateHash: hash, signature: ProfileKeys.sign(message, with: key))
        let parsed = try AuthenticationAnswer(bytes: answer.bytes)
        #expect(parsed.isValid(for: challenge, cardKey: key.publicKey))
        #expect(!parsed.isValid(for: [UInt8](repeating: 8, count: 16), cardKey: key.publicKey))
        #expect(throws: CardProfileError.self) { _ = try AuthenticationAnswer(bytes: Array(answer.bytes.dropLast())) }
    }

    @Test("a card image write torn at any step leaves the old image whole", arguments: CardImageFile.WriteStep.allCases)
    func tornImageWrite(step: CardImageFile.WriteStep) throws {
        let fixture = try CardFixture()
        defer { fixture.remove() }
        let file = CardImageFile(path: fixture.imagePath)
        var newer = fixture.image
        newer.counter = 42
        #expect(throws: CardImageFile.Failure.tornAt(step)) { try file.write(newer) { $0 != step } }
        let after = try file.read()
        // Torn before the rename: old image; torn after it (directory sync): new image. Never a mix.
        #expect(after == (step == .syncDirectory ? newer : fixture.image))
    }

    @Test("mutated SELECT answers never crash the parsers (in-process smoke)")
    func mutationSmoke() throws {
        let fixture = try CardFixture()
        defer { fixture.remove() }
        var state = CardFixture.newState(balance: 1, sequence: 1)
        state.cardKeyID = fixture.record.record.cardKeyID
        let envelope = try StateEnvelope(
            state: state, terminalKey: fixture.credential.privateKey, certificate: fixture.credential.certificate)
        let valid = try SelectAnswer(record: fixture.record, envelopeBytes: envelope.tlv.encoded).bytes
        var generator = SystemRandomNumberGenerator()
        var parsed = 0
        let rounds = 20_000
        for _ in 0..<rounds {
            var bytes = valid
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            case 1: bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &generator)))
            case 2: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: Int.random(in: 0...bytes.count, using: &generator))
            default: bytes[Int.random(in: 0..<min(8, bytes.count), using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            if (try? SelectAnswer(bytes: bytes)) != nil { parsed += 1 }
            _ = try? AuthenticationAnswer(bytes: Array(bytes.prefix(104)))
            _ = try? CardImage(bytes: bytes)
        }
        print("parser smoke: \(rounds) mutated answers, \(parsed) still parsed (value-only changes)")
    }
}
