import SyncProtocol
import Testing

/// The `revoked-terminals` document's optional `enrolmentsHonoured`: old documents read and
/// encode as before, the field round-trips, and every change between two versions travels as a
/// delta that rebuilds the new version byte for byte.
@Suite("revoked-terminals: the enrolments honoured")
struct RevokedEnrolmentsDocumentTests {
    @Test("a document without the field reads and encodes exactly as before")
    func oldDocument() throws {
        let old = try RevokedTerminalsDocument.decode(Array(#"{"revoked":[3,9]}"#.utf8))
        #expect(old.enrolmentsHonoured == nil)
        #expect(old.honoured.isEmpty)
        #expect(String(decoding: try old.encoded(), as: UTF8.self) == #"{"revoked":[3,9]}"#)
        #expect(String(decoding: try DocumentKind.revokedTerminals.canonical(try old.encoded()), as: UTF8.self) == #"{"revoked":[3,9]}"#)
        let change = try DocumentKind.revokedTerminals.change(from: Array(#"{"revoked":[3]}"#.utf8), to: try old.encoded())
        #expect(String(decoding: change, as: UTF8.self) == #"{"added":[9],"removed":[]}"#)
    }

    @Test("the honoured numbers round-trip by terminal id")
    func roundTrip() throws {
        let document = RevokedTerminalsDocument(revoked: [7, 12, 3], enrolmentsHonoured: [7: 41, 12: 0])
        let text = String(decoding: try document.encoded(), as: UTF8.self)
        #expect(text == #"{"enrolmentsHonoured":{"12":0,"7":41},"revoked":[3,7,12]}"#)
        let read = try RevokedTerminalsDocument.decode(Array(text.utf8))
        #expect(read.honoured == [7: 41, 12: 0])
        #expect(read == document)
    }

    @Test(
        "an honoured number for a terminal not revoked, or under a key that is not a terminal id, is refused",
        arguments: [
            (#"{"revoked":[3],"enrolmentsHonoured":{"7":41}}"#, "terminal 7 is not revoked"),
            (#"{"revoked":[7],"enrolmentsHonoured":{"07":41}}"#, "07 is not a terminal id"),
            (#"{"revoked":[7],"enrolmentsHonoured":{"x":41}}"#, "x is not a terminal id"),
            (#"{"revoked":[7],"enrolmentsHonoured":{"7":-1}}"#, "not the expected JSON"),
        ])
    func refused(body: String, problem: String) {
        #expect {
            _ = try RevokedTerminalsDocument.decode(Array(body.utf8))
        } throws: { error in
            "\(error)".contains(problem)
        }
    }

    @Test("every step between versions goes as a delta that rebuilds the next version exactly")
    func deltas() throws {
        let versions: [RevokedTerminalsDocument] = [
            RevokedTerminalsDocument(revoked: [3]),
            RevokedTerminalsDocument(revoked: [3, 7], enrolmentsHonoured: [7: 41]),
            RevokedTerminalsDocument(revoked: [3, 7, 9], enrolmentsHonoured: [7: 45, 9: 2]),
            RevokedTerminalsDocument(revoked: [3, 7, 9], enrolmentsHonoured: [9: 2]),
            RevokedTerminalsDocument(revoked: [3, 7], enrolmentsHonoured: [7: 1]),
            RevokedTerminalsDocument(revoked: [3]),
        ]
        var held: [UInt8]? = nil
        var previous: [UInt8]? = nil
        for version in versions {
            let whole = try DocumentKind.revokedTerminals.canonical(try version.encoded())
            let change = try DocumentKind.revokedTerminals.change(from: previous, to: whole)
            held = try DocumentKind.revokedTerminals.apply(change: change, to: held)
            #expect(held == whole, "\(String(decoding: change, as: UTF8.self))")
            previous = whole
        }
        let cleared = try DocumentKind.revokedTerminals.change(
            from: try versions[2].encoded(), to: try versions[3].encoded())
        #expect(String(decoding: cleared, as: UTF8.self) == #"{"added":[],"honouredCleared":[7],"removed":[]}"#)
        let revoking = try DocumentKind.revokedTerminals.change(from: try versions[0].encoded(), to: try versions[1].encoded())
        #expect(
            DocumentKind.revokedTerminals.summary(ofChange: revoking)
                == "1 terminals revoked, 0 reinstated, enrolments honoured up to 41 for 7")
    }
}
