/// A command APDU as the simulated member card parses it (ISO 7816-4 cases 1-4, short and
/// extended lengths). Any other shape is `nil`, answered with `6700`.
struct MemberCardCommand {
    var cla: UInt8
    var ins: UInt8
    var p1: UInt8
    var p2: UInt8
    var data: [UInt8]
    /// Le, with 0 already turned into 256 (short) or 65 536 (extended); `nil` when absent.
    var expectedLength: Int?
    var isExtended: Bool

    init?(_ bytes: [UInt8]) {
        guard bytes.count >= 4 else { return nil }
        cla = bytes[0]
        ins = bytes[1]
        p1 = bytes[2]
        p2 = bytes[3]
        data = []
        expectedLength = nil
        isExtended = false
        let n = bytes.count
        if n == 4 { return }
        let b4 = Int(bytes[4])
        if n == 5 {
            expectedLength = b4 == 0 ? 256 : b4
            return
        }
        if b4 != 0 {
            guard n == 5 + b4 || n == 6 + b4 else { return nil }
            data = Array(bytes[5..<(5 + b4)])
            if n == 6 + b4 { expectedLength = bytes[n - 1] == 0 ? 256 : Int(bytes[n - 1]) }
            return
        }
        isExtended = true
        guard n >= 7 else { return nil }
        let word = Int(bytes[5]) << 8 | Int(bytes[6])
        if n == 7 {
            expectedLength = word == 0 ? 65_536 : word
            return
        }
        guard word > 0, n == 7 + word || n == 9 + word else { return nil }
        data = Array(bytes[7..<(7 + word)])
        if n == 9 + word {
            let le = Int(bytes[n - 2]) << 8 | Int(bytes[n - 1])
            expectedLength = le == 0 ? 65_536 : le
        }
    }
}
