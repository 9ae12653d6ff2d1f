import SyncProtocol
import Testing

@Suite("The managers document and PIN hashes")
struct ManagersDocumentTests {
    @Test("a PIN is kept only as its salted PBKDF2 hash: the right PIN matches, a wrong one or another salt does not")
    func pinHash() throws {
        let hash = try ManagerPIN.make(pin: "4821", iterations: 210_000)
        #expect(hash.problems.isEmpty && hash.algorithm == "pbkdf2-sha256")
        #expect(!hash.hash.contains("4821") && !hash.salt.isEmpty)
        #expect(hash.matches("4821"))
        #expect(!hash.matches("4822") && !hash.matches("") && !hash.matches("48210"))
        let again = try ManagerPIN.make(pin: "4821", iterations: 210_000)
        #expect(again.salt != hash.salt && again.hash != hash.hash, "a fresh salt each time")
        var weak = hash
        weak.iterations = 1
        #expect(!weak.problems.isEmpty && !weak.matches("4821"), "too few iterations: refused, never checked")
    }

    @Test("the same PIN, salt and iterations always give the same hash; other iterations another")
    func deterministic() throws {
        let salt = Array("saltsaltsaltsalt".utf8)
        let one = try ManagerPIN.make(pin: "1234", salt: salt, iterations: 210_000)
        let two = try ManagerPIN.make(pin: "1234", salt: salt, iterations: 210_000)
        #expect(one == two)
        #expect(one != (try ManagerPIN.make(pin: "1234", salt: salt, iterations: 210_001)))
    }

    @Test("managers are listed by id; a card twice, a manager without credential or a bad card key id are refused")
    func problems() throws {
        let pin = try ManagerPIN.make(pin: "4821", iterations: 210_000)
        let document = ManagersDocument(managers: [
            .init(id: "M-2", name: "Binh", cards: ["00112233445566AA"]), .init(id: "M-1", name: "Lan", pin: pin),
        ])
        #expect(document.managers.map(\.id) == ["M-1", "M-2"])
        #expect(try ManagersDocument.decode(try document.encoded()) == document)
        #expect(document.manager(card: "00112233445566AA")?.id == "M-2" && document.manager(id: "M-1")?.pin == pin)
        let bad = ManagersDocument(managers: [
            .init(id: "M-1", name: "", cards: ["00112233445566AA"]), .init(id: "M-2", name: "", cards: ["00112233445566AA", "xyz"]),
            .init(id: "M-3", name: ""),
        ])
        let problems = bad.problems.joined(separator: "\n")
        #expect(problems.contains("listed for two managers") && problems.contains("xyz is not a card key id"))
        #expect(problems.contains("neither a card nor a PIN"))
    }

    @Test("managers travel as deltas: added, changed and removed managers, applied to the same whole document")
    func delta() throws {
        let pin = try ManagerPIN.make(pin: "4821", iterations: 210_000)
        let old = ManagersDocument(managers: [
            .init(id: "M-1", name: "Lan", pin: pin), .init(id: "M-2", name: "Binh", cards: ["00112233445566AA"]),
        ])
        let new = ManagersDocument(managers: [
            .init(id: "M-1", name: "Lan", cards: ["00112233445566BB"], pin: pin), .init(id: "M-3", name: "Chi", pin: pin),
        ])
        let change = try DocumentKind.managers.change(from: try old.encoded(), to: try new.encoded())
        let applied = try DocumentKind.managers.apply(change: change, to: try DocumentKind.managers.canonical(try old.encoded()))
        #expect(applied == (try DocumentKind.managers.canonical(try new.encoded())))
        #expect(DocumentKind.managers.summary(ofChange: change) == "2 managers added or changed, 1 removed")
    }
}
