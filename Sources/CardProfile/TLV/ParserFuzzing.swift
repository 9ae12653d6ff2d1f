/// One entry point that feeds bytes to every parser of the profile, for the libFuzzer target
/// (`Fuzz/card-profile`) and the bounded fuzz run of the tests.
///
/// The first byte picks the parser, so one corpus reaches all of them; the rest is the input.
/// A parser may refuse the bytes (that is the point); it must never trap.
public enum ParserFuzzing {
    /// Parses `input` with the parser its first byte selects; returns true when it parsed.
    @discardableResult
    public static func exercise(_ input: [UInt8]) -> Bool {
        guard let selector = input.first else { return false }
        let bytes = Array(input.dropFirst())
        switch selector % 8 {
        case 0:
            var reader = TLVReader(bytes)
            while !reader.isAtEnd {
                guard (try? reader.next()) != nil else { return false }
            }
            return true
        case 1: return (try? SelectAnswer(bytes: bytes)) != nil
        case 2: return (try? AuthenticationAnswer(bytes: bytes)) != nil
        case 3: return (try? StateEnvelope(encoded: bytes)) != nil
        case 4: return (try? CardImage(bytes: bytes)) != nil
        case 5: return (try? SignedMemberRecord(value: bytes)) != nil
        case 6: return (try? TerminalCertificate(value: bytes)) != nil
        default: return (try? PointsState(value: bytes)) != nil
        }
    }
}
