import CardProfile
import Logging
import MemberCard
import PCSC
import Testing

/// A card that answers each command with the next scripted answer.
struct ScriptedChannel: CardChannel {
    let answers: [[UInt8]]
    let index = Counter()

    final class Counter: @unchecked Sendable {
        var value = 0
    }

    func transmit(_ command: CommandAPDU) async throws -> ResponseAPDU {
        defer { index.value += 1 }
        return try ResponseAPDU(bytes: answers[min(index.value, answers.count - 1)])
    }
}

@Suite("Malformed card answers")
struct MalformedAnswerTests {
    @Test("short, overlong and badly encoded answers are clear errors")
    func malformed() async throws {
        let fixture = try CardFixture()
        defer { fixture.remove() }
        let terminal = MemberCardTerminal(policy: fixture.policy, logger: Logger(label: "test"))
        let select = try SelectAnswer(record: fixture.record, envelopeBytes: nil).bytes
        let ok: [UInt8] = [0x90, 0x00]
        let cases: [(String, [[UInt8]], String)] = [
            ("truncated FCI", [Array(select.prefix(40)) + ok], "malformed-answer"),
            ("FCI with a trailing byte", [select + [0x00] + ok], "malformed-answer"),
            ("non-minimal length", [[0x6F, 0x81, 0x05, 1, 2, 3, 4, 5] + ok], "malformed-answer"),
            ("another application's FCI", [[0x6F, 0x05, 0x84, 0x03, 0xA0, 0x00, 0x01] + ok], "malformed-answer"),
            ("no application, no UID", [[0x6A, 0x82]], "unknown-application"),
            ("authentication answer too short", [select + ok, Array(repeating: 0, count: 50) + ok], "malformed-answer"),
            ("authentication answer too long", [select + ok, Array(repeating: 0, count: 105) + ok], "malformed-answer"),
            ("authentication refused", [select + ok, [0x69, 0x85]], "authentication-failed"),
            ("authentication answer forged", [select + ok, Array(repeating: 7, count: 104) + ok], "authentication-failed"),
        ]
        for (name, answers, code) in cases {
            let reading = await terminal.read(over: ScriptedChannel(answers: answers), today: CardFixture.today)
            #expect(reading.refusal?.code == code, "\(name): \(reading.refusal.map { "\($0)" } ?? "accepted")")
            #expect(reading.trust == .none, "\(name)")
        }
    }
}
