@testable import PCSC

/// A fake transport for ``APDUExchange``: answers from a script and records every command sent.
final class ScriptedCard {
    private var answers: [[UInt8]]
    private let fallback: (([UInt8]) throws -> [UInt8])?
    private(set) var sent: [[UInt8]] = []

    /// Answers with `answers` in order; running out is a test failure (reported as an error).
    init(_ answers: [[UInt8]]) {
        self.answers = answers
        fallback = nil
    }

    /// Answers every command with `respond`.
    init(respond: @escaping ([UInt8]) throws -> [UInt8]) {
        answers = []
        fallback = respond
    }

    struct ScriptExhausted: Error {}

    func transmit(_ command: [UInt8]) throws -> [UInt8] {
        sent.append(command)
        if let fallback { return try fallback(command) }
        guard !answers.isEmpty else { throw ScriptExhausted() }
        return answers.removeFirst()
    }
}

/// Bytes from hex text such as `"00 C0 00 00 10"`, for readable scripts. Parsed here rather
/// than with `Hex.decode`, so the fixtures do not depend on the code under test.
func hex(_ text: String) -> [UInt8] {
    let digits = text.filter { !$0.isWhitespace }
    precondition(digits.count % 2 == 0, "bad hex literal in a test: \(text)")
    var bytes: [UInt8] = []
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        guard let byte = UInt8(digits[index..<next], radix: 16) else { preconditionFailure("bad hex literal in a test: \(text)") }
        bytes.append(byte)
        index = next
    }
    return bytes
}
