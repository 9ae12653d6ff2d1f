import CardProfile
import Foundation
import SyncProtocol
import Testing

/// The terminal's checks of signed documents (``DocumentAcceptance``), each refusal by its reason.
@Suite("Signed documents: what a terminal accepts")
struct DocumentAcceptanceTests {
    let issuer = Issuer.generateTestIssuer(programmeID: 0x4C4F_5931)
    let now: Int64 = 1_765_000_000_000

    func key(generation: UInt32 = 1, by issuer: Issuer? = nil) throws -> DocumentSigningKey {
        let file = DocumentKeyFile.certified(keyId: "dk-\(generation)", generation: generation, by: issuer ?? self.issuer, now: now)
        return try DocumentSigningKey(privateKey: try file.key(), certificate: try #require(file.certificate))
    }

    var trust: DocumentTrust { DocumentTrust(issuerKey: issuer.publicKey, programmeID: issuer.programmeID) }

    func list(_ members: [String]) throws -> [UInt8] { try BlockListDocument(blocked: members).encoded() }

    /// Versions 1 (whole) and 2 (a delta adding `M-3`) of a block list.
    func twoVersions(_ key: DocumentSigningKey) throws -> (DocumentSigningKey.Publication, DocumentSigningKey.Publication) {
        let first = try key.publication(kind: .blockList, whole: try list(["M-1", "M-2"]), previous: nil, version: 1, issuedAt: now)
        let second = try key.publication(
            kind: .blockList, whole: try list(["M-1", "M-2", "M-3"]), previous: (1, first.state), version: 2, issuedAt: now)
        return (first, second)
    }

    func reason(_ body: () throws -> Void) -> DocumentRefusal.Reason? {
        do {
            try body()
            return nil
        } catch {
            return (error as? DocumentRefusal)?.reason
        }
    }

    @Test("a snapshot then a delta apply; the result is the whole list the back office signed")
    func snapshotThenDelta() throws {
        let (first, second) = try twoVersions(try key())
        #expect(second.step.base == 1 && !second.step.isSnapshot)
        #expect(second.step.bodyBytes == Array(#"{"added":["M-3"],"removed":[]}"#.utf8))
        let held = try DocumentAcceptance.accept(first.step, kind: .blockList, held: nil, trust: trust, now: now)
        let next = try DocumentAcceptance.accept(second.step, kind: .blockList, held: held, trust: trust, now: now)
        #expect(next.state == second.state && next.version == 2)
        try DocumentAcceptance.reverify(next, kind: .blockList, trust: trust)
        // The snapshot of version 2 gives the same.
        #expect(try DocumentAcceptance.accept(second.snapshot, kind: .blockList, held: held, trust: trust, now: now).state == next.state)
    }

    @Test("a changed body, state, version or base breaks the signature; a rewritten kept list fails at restart")
    func forgeries() throws {
        let (first, second) = try twoVersions(try key())
        let held = try DocumentAcceptance.accept(first.step, kind: .blockList, held: nil, trust: trust, now: now)
        var body = second.step
        body.body = Base64Text.encode(Array(#"{"added":[],"removed":["M-1"]}"#.utf8))
        #expect(reason { _ = try DocumentAcceptance.accept(body, kind: .blockList, held: held, trust: trust, now: now) } == .badSignature)
        var version = second.step
        version.version = 3
        version.base = 1
        #expect(
            reason { _ = try DocumentAcceptance.accept(version, kind: .blockList, held: held, trust: trust, now: now) } == .badSignature)
        var kind = second.snapshot
        kind.kind = .revokedTerminals
        #expect(reason { _ = try DocumentAcceptance.accept(kind, kind: .blockList, held: held, trust: trust, now: now) } == .wrongKind)
        var kept = held
        kept.state = try list(["M-2"])
        #expect(reason { try DocumentAcceptance.reverify(kept, kind: .blockList, trust: trust) } == .badContent)
    }

    @Test("an older or the same version is a rollback; a delta on another base is refused")
    func rollbackAndBase() throws {
        let (first, second) = try twoVersions(try key())
        let one = try DocumentAcceptance.accept(first.step, kind: .blockList, held: nil, trust: trust, now: now)
        let two = try DocumentAcceptance.accept(second.step, kind: .blockList, held: one, trust: trust, now: now)
        #expect(reason { _ = try DocumentAcceptance.accept(first.step, kind: .blockList, held: two, trust: trust, now: now) } == .rollback)
        #expect(reason { _ = try DocumentAcceptance.accept(second.step, kind: .blockList, held: two, trust: trust, now: now) } == .rollback)
        #expect(
            reason { _ = try DocumentAcceptance.accept(second.step, kind: .blockList, held: nil, trust: trust, now: now) } == .wrongBase)
    }

    @Test("a key certified by another issuer, revoked by a higher generation, or expired is refused")
    func certificates() throws {
        let stranger = Issuer.generateTestIssuer(programmeID: issuer.programmeID)
        let (foreign, _) = try twoVersions(try key(by: stranger))
        #expect(
            reason { _ = try DocumentAcceptance.accept(foreign.step, kind: .blockList, held: nil, trust: trust, now: now) }
                == .badCertificate)

        let (old, _) = try twoVersions(try key(generation: 1))
        var rotated = trust
        rotated.minimumGeneration = 2
        #expect(
            reason { _ = try DocumentAcceptance.accept(old.step, kind: .blockList, held: nil, trust: rotated, now: now) } == .revokedKey)
        let (new, _) = try twoVersions(try key(generation: 2))
        #expect(throws: Never.self) { try DocumentAcceptance.accept(new.step, kind: .blockList, held: nil, trust: rotated, now: now) }

        let later = now + 400 * 86_400_000
        #expect(
            reason { _ = try DocumentAcceptance.accept(new.step, kind: .blockList, held: nil, trust: trust, now: later) }
                == .certificateExpired)
        // The certificate itself altered (a higher generation claimed).
        var claimed = new.step
        claimed.certificate.generation = 7
        #expect(
            reason { _ = try DocumentAcceptance.accept(claimed, kind: .blockList, held: nil, trust: trust, now: now) } == .badCertificate)
    }

    @Test("a truncated answer or a key twice is malformed")
    func malformed() throws {
        let (first, _) = try twoVersions(try key())
        let whole = try DocumentUpdate(documents: [first.step]).encoded()
        #expect(reason { _ = try DocumentUpdate.decode(Array(whole.dropLast(40))) } == .malformed)
        let twice = Array(#"{"documents":[],"documents":[]}"#.utf8)
        #expect(reason { _ = try DocumentUpdate.decode(twice) } == .malformed)
        #expect(try DocumentUpdate.decode(whole).documents == [first.step])
    }

    @Test("bonuses go as new grants only; a grant published cannot be withdrawn")
    func bonuses() throws {
        let key = try key()
        let grant = BonusGrantsDocument.Grant(member: "M-1", sequence: 1, kind: "review")
        let later = BonusGrantsDocument.Grant(member: "M-1", sequence: 2, kind: "referral")
        let first = try key.publication(
            kind: .bonuses, whole: try BonusGrantsDocument(grants: [grant]).encoded(), previous: nil, version: 1, issuedAt: now)
        let second = try key.publication(
            kind: .bonuses, whole: try BonusGrantsDocument(grants: [later, grant]).encoded(), previous: (1, first.state), version: 2,
            issuedAt: now)
        #expect(try BonusGrantsChange.decode(second.step.bodyBytes).added == [later])
        #expect(throws: PublishedDocumentError.self) {
            _ = try key.publication(
                kind: .bonuses, whole: try BonusGrantsDocument(grants: [later]).encoded(), previous: (2, second.state), version: 3,
                issuedAt: now)
        }
    }

    @Test("one blocked member added to 100,000 is a delta of under 1 KB")
    func smallDelta() throws {
        let key = try key()
        let members = (1...100_000).map { "M-\($0)" }
        let first = try key.publication(kind: .blockList, whole: try list(members), previous: nil, version: 1, issuedAt: now)
        let second = try key.publication(
            kind: .blockList, whole: try list(members + ["M-NEW"]), previous: (1, first.state), version: 2, issuedAt: now)
        let answer = try DocumentUpdate(documents: [second.step]).encoded()
        #expect(answer.count < 1024, "\(answer.count) bytes")
        #expect(try DocumentUpdate(documents: [second.snapshot]).encoded().count > 1_000_000)
    }
}
