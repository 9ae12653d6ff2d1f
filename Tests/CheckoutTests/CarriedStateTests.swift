import Checkout
import PointsEngine
import Testing

/// The engine state the terminals carry on the card (`docs/checkout.md`, "The engine state on
/// the card"): its encoding, the list of writers, and the format-1 states still read.
@Suite("Carried state: the card's list of writers")
struct CarriedStateTests {
    typealias Write = CarriedState.Write

    static var member: MemberState {
        var member = MemberState(tierId: "member")
        member.lots = [PointLot(month: Month(year: 2026, month: 11), points: 420)]
        return member
    }

    @Test("a write moves its terminal to the front with its sequence, which never goes down; the bytes round-trip")
    func writtenAndEncoded() throws {
        var state = CarriedState.blank(member: Self.member)
        #expect(state.isComplete && state.writers.isEmpty)
        state = state.written(by: Write(terminalID: 7, sequence: 10), member: Self.member)
        state = state.written(by: Write(terminalID: 8, sequence: 3), member: Self.member)
        state = state.written(by: Write(terminalID: 7, sequence: 12), member: Self.member)
        state = state.written(by: Write(terminalID: 8, sequence: 2), member: Self.member)  // a roll-forward of an older one
        #expect(state.writers == [Write(terminalID: 8, sequence: 3), Write(terminalID: 7, sequence: 12)])
        #expect(state.highestSequence(of: 7) == 12 && state.highestSequence(of: 9) == nil)
        #expect(state.knowsEveryWrite(of: 9), "a complete list proves terminal 9 never wrote the card")
        let bytes = state.encoded()
        #expect(bytes.prefix(3) == [2, 1, 2])
        #expect(bytes.count == 3 + 24 + Self.member.compactEncoded().count)
        #expect(try CarriedState(bytes: bytes) == state)
    }

    @Test("the list keeps what fits in 1024 bytes; dropping a writer makes it incomplete")
    func bounded() throws {
        var state = CarriedState.blank(member: Self.member)
        for terminal in UInt32(1)...200 {
            state = state.written(by: Write(terminalID: terminal, sequence: UInt64(terminal) * 5), member: Self.member)
        }
        let room = (1024 - 3 - Self.member.compactEncoded().count) / 12
        #expect(state.writers.count == room)
        #expect(state.encoded().count <= 1024)
        #expect(!state.isComplete)
        #expect(state.writers.first == Write(terminalID: 200, sequence: 1000))
        #expect(state.highestSequence(of: 1) == nil && !state.knowsEveryWrite(of: 1))
        #expect(state.knowsEveryWrite(of: 200))
        #expect(try CarriedState(bytes: state.encoded()) == state)
    }

    @Test("a format-1 state is read: each terminal's first write is its highest; fewer than four writes are the whole history")
    func formatOne() throws {
        func encoded(_ writes: [Write]) -> [UInt8] {
            var bytes: [UInt8] = [1, UInt8(writes.count)]
            for write in writes {
                bytes += withUnsafeBytes(of: write.terminalID.bigEndian, Array.init)
                bytes += withUnsafeBytes(of: write.sequence.bigEndian, Array.init)
            }
            return bytes + Self.member.compactEncoded()
        }
        let full = try CarriedState(
            bytes: encoded([
                Write(terminalID: 8, sequence: 9), Write(terminalID: 7, sequence: 4), Write(terminalID: 8, sequence: 5),
                Write(terminalID: 9, sequence: 1),
            ]))
        #expect(full.writers == [Write(terminalID: 8, sequence: 9), Write(terminalID: 7, sequence: 4), Write(terminalID: 9, sequence: 1)])
        #expect(!full.isComplete)
        #expect(full.recentWrites.count == 4)
        #expect(full.member == Self.member)
        let short = try CarriedState(bytes: encoded([Write(terminalID: 8, sequence: 9)]))
        #expect(short.isComplete)
        let next = full.written(by: Write(terminalID: 10, sequence: 1), member: Self.member)
        #expect(next.recentWrites.isEmpty && !next.isComplete)
        #expect(next.encoded().first == 2)
    }

    @Test(
        "damaged bytes are refused",
        arguments: [
            ([UInt8](), CarriedStateError.truncated),
            ([3, 0, 0], .unknownFormat),
            ([2, 2, 0], .unknownFlags(2)),
            ([2, 1, 1, 0, 0, 0], .truncated),
            ([1, 5], .truncated),
        ])
    func damaged(bytes: [UInt8], error: CarriedStateError) {
        #expect(throws: error) { try CarriedState(bytes: bytes) }
    }

    @Test("a terminal named twice is refused")
    func repeatedWriter() {
        let write: [UInt8] = [0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 1]
        let bytes: [UInt8] = [2, 1, 2] + write + write + Self.member.compactEncoded()
        #expect(throws: CarriedStateError.repeatedWriter) { try CarriedState(bytes: bytes) }
    }
}
