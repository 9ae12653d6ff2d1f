import Crypto
import Testing

@testable import PointsEngine

@Suite("Signed programmes and the last good programme")
struct SigningTests {
    let trusted = TrustedKeys.demo

    func signed(_ programme: Programme, key: P256.Signing.PrivateKey = TestKeys.demoPrivate, keyId: String = "demo-test-key-1") throws
        -> SignedProgramme
    {
        try SignedProgramme.sign(programme, with: key, keyId: keyId)
    }

    func bumped(_ version: Int) -> Programme { Fixture.programme { $0.version = version } }

    @Test("a programme signed by a trusted key verifies and decodes to itself")
    func roundTrip() throws {
        let envelope = try signed(bumped(2))
        #expect(try envelope.verify(trustedKeys: trusted) == bumped(2))
        // Through the JSON envelope too.
        let again = try SignedProgramme.decode(envelope: envelope.encodedEnvelope())
        #expect(try again.verify(trustedKeys: trusted) == bumped(2))
    }

    @Test("the embedded demo verifies, and matches docs/examples byte for byte")
    func demoFiles() throws {
        #expect(try SignedProgramme.demo.verify(trustedKeys: trusted).programmeId == "saigon-coffee-friends")
        #expect(try RepositoryFiles.bytes("docs/examples/programme.json") == Array(Programme.demoDocument.utf8))
        let onDisk = try SignedProgramme.decode(envelope: RepositoryFiles.bytes("docs/examples/programme.signed.json"))
        #expect(onDisk == SignedProgramme.demo)
        #expect(try onDisk.verify(trustedKeys: trusted) == Programme.demo)
    }

    @Test("the test key file holds the key that signs the demo")
    func testKeyFile() throws {
        let text = String(decoding: try RepositoryFiles.bytes("docs/examples/test-keys/TEST-ONLY-demo-programme-key.txt"), as: UTF8.self)
        #expect(text.contains("TEST KEY"))
        #expect(text.contains(Hex.encode(TestKeys.demoPrivate.rawRepresentation)))
        #expect(text.contains(Hex.encode(TestKeys.demoPrivate.publicKey.x963Representation)))
    }

    @Test("one changed byte breaks the signature")
    func tampered() throws {
        var envelope = try signed(bumped(2))
        let index = try #require(envelope.programme.firstIndex(of: UInt8(ascii: "2")))
        envelope.programme[index] = UInt8(ascii: "9")
        #expect(throws: ProgrammeLoadError.badSignature(keyId: "demo-test-key-1")) { try envelope.verify(trustedKeys: trusted) }
    }

    @Test("a signature by an untrusted key under a trusted id is refused")
    func wrongKey() throws {
        let envelope = try signed(bumped(2), key: TestKeys.untrusted)
        #expect(throws: ProgrammeLoadError.badSignature(keyId: "demo-test-key-1")) { try envelope.verify(trustedKeys: trusted) }
    }

    @Test("an unknown key id is refused")
    func unknownKey() throws {
        let envelope = try signed(bumped(2), key: TestKeys.untrusted, keyId: "someone-else")
        #expect(throws: ProgrammeLoadError.unknownKey(keyId: "someone-else")) { try envelope.verify(trustedKeys: trusted) }
    }

    @Test("an unsigned programme is refused")
    func unsigned() throws {
        let envelope = SignedProgramme(keyId: "demo-test-key-1", programme: bumped(2).encoded(), signature: [])
        #expect(throws: ProgrammeLoadError.unsigned) { try envelope.verify(trustedKeys: trusted) }
    }

    @Test("a signed but invalid programme is refused with the field")
    func signedInvalid() throws {
        let envelope = try signed(
            Fixture.programme {
                $0.version = 2
                $0.currency = "ABC"
            })
        do {
            _ = try envelope.verify(trustedKeys: trusted)
            Issue.record("accepted an invalid programme")
        } catch {
            guard case .invalid(let issues) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(issues.names("currency"))
        }
    }

    @Test("the store keeps the last good programme when a candidate fails")
    func storeKeepsLastGood() throws {
        let store = try ProgrammeStore(verified: .demo, trustedKeys: trusted)
        #expect(store.current?.version == 1)

        var bad = try signed(bumped(2))
        bad.signature[0] ^= 1
        let (afterBad, badOutcome) = store.offer(bad, trustedKeys: trusted)
        #expect(badOutcome == .refused(.badSignature(keyId: "demo-test-key-1")))
        #expect(afterBad.current == Programme.demo)

        let (afterGarbage, garbageOutcome) = afterBad.offer(envelope: Array("not json".utf8), trustedKeys: trusted)
        guard case .refused(.malformed) = garbageOutcome else {
            Issue.record("\(garbageOutcome)")
            return
        }
        #expect(afterGarbage.current == Programme.demo)

        let (afterGood, goodOutcome) = afterGarbage.offer(try signed(bumped(2)), trustedKeys: trusted)
        #expect(goodOutcome == .accepted(version: 2))
        #expect(afterGood.current?.version == 2)

        let (afterOld, oldOutcome) = afterGood.offer(.demo, trustedKeys: trusted)
        #expect(oldOutcome == .refused(.notNewer(current: 2, candidate: 1)))
        #expect(afterOld.current?.version == 2)

        let other = try signed(
            Fixture.programme {
                $0.version = 3
                $0.programmeId = "other-shop"
            })
        let (afterOther, otherOutcome) = afterOld.offer(other, trustedKeys: trusted)
        #expect(otherOutcome == .refused(.differentProgramme(current: "saigon-coffee-friends", candidate: "other-shop")))
        #expect(afterOther.current?.version == 2)
    }

    @Test("an empty store accepts the first good programme")
    func emptyStore() throws {
        let (store, outcome) = ProgrammeStore().offer(.demo, trustedKeys: trusted)
        #expect(outcome == .accepted(version: 1))
        #expect(store.currentEnvelope == .demo)
    }
}
