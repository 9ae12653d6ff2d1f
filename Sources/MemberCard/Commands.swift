import CardProfile
import PCSC

/// The command APDUs of the profile, as the terminal sends them.
enum Commands {
    /// `00 A4 04 00 Lc AID Le` with extended Le, so the whole FCI comes in one answer.
    static let select = try! CommandAPDU(
        cla: 0x00, ins: MemberCardProfile.Instruction.select, p1: 0x04, p2: 0x00,
        data: MemberCardProfile.aid, expectedLength: 65_536)

    /// `80 88 00 00 10 challenge 00`.
    static func authenticate(_ challenge: [UInt8]) throws -> CommandAPDU {
        try CommandAPDU(
            cla: MemberCardProfile.proprietaryClass, ins: MemberCardProfile.Instruction.authenticate,
            p1: 0, p2: 0, data: challenge, expectedLength: 256)
    }

    /// `80 D2 00 00 00 Lc1 Lc2 E2...` (extended Lc, no Le).
    static func writeState(_ envelope: [UInt8]) throws -> CommandAPDU {
        try CommandAPDU(
            cla: MemberCardProfile.proprietaryClass, ins: MemberCardProfile.Instruction.writeState,
            p1: 0, p2: 0, data: envelope)
    }

    /// `80 E0 00 00 00 Lc1 Lc2 E1...` (extended Lc, no Le).
    static func personalise(_ record: [UInt8]) throws -> CommandAPDU {
        try CommandAPDU(
            cla: MemberCardProfile.proprietaryClass, ins: MemberCardProfile.Instruction.personalise,
            p1: 0, p2: 0, data: record)
    }

    /// 16 bytes from the system's cryptographic random source.
    static func freshChallenge() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<MemberCardProfile.challengeLength).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}
