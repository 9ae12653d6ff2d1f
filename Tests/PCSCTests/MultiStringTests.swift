import Testing

@testable import PCSC

/// The NUL-separated, double-NUL-terminated reader list of `SCardListReaders`.
@Suite("MultiString")
struct MultiStringTests {
    /// The buffer pcsc-lite fills: each name then NUL, then one more NUL.
    static func buffer(_ names: [String]) -> [CChar] {
        var bytes: [UInt8] = []
        for name in names { bytes += Array(name.utf8) + [0] }
        bytes.append(0)
        return bytes.map { CChar(bitPattern: $0) }
    }

    @Test("a double-NUL list gives each name")
    func twoReaders() {
        let names = ["ACS ACR122U PICC Interface 00 00", "Virtual PCD 00 00"]
        #expect(MultiString.split(Self.buffer(names)) == names)
    }

    @Test("one name")
    func oneReader() {
        #expect(MultiString.split(Self.buffer(["Virtual PCD 00 01"])) == ["Virtual PCD 00 01"])
    }

    @Test("an empty list gives no names", arguments: [[CChar](), [0], [0, 0]])
    func emptyList(buffer: [CChar]) {
        #expect(MultiString.split(buffer).isEmpty)
    }

    @Test("whatever follows the double NUL is ignored")
    func stopsAtEmptyName() {
        let buffer = Self.buffer(["Reader A"]) + Array("garbage".utf8).map { CChar(bitPattern: $0) } + [0, 0]
        #expect(MultiString.split(buffer) == ["Reader A"])
    }

    @Test("a missing final terminator still gives the last name")
    func unterminated() {
        let buffer = Array("A\u{0}B".utf8).map { CChar(bitPattern: $0) }
        #expect(MultiString.split(buffer) == ["A", "B"])
    }

    @Test("non-ASCII names survive as UTF-8")
    func utf8Names() {
        let names = ["Lecteur sans contact é", "Leser ü 00 00"]
        #expect(MultiString.split(Self.buffer(names)) == names)
    }
}
