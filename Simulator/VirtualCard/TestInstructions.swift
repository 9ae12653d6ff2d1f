import Foundation
import Synchronization

/// Diagnostic commands of the simulated card (class `80`), for testing the driver layer
/// through the real `pcscd`. Real member cards do not have them.
///
/// | command | answer |
/// | --- | --- |
/// | `80 10 00 00 Lc data` | echo: `data 9000` |
/// | `80 12 P1 P2` | `N = P1P2` bytes `00 01 02 ...` given out with `61xx` and GET RESPONSE |
/// | `80 14 00 00 Le` | 32 bytes when `Le` is 32 (or 0), otherwise `6C20` |
/// | `80 16 P1 P2` | waits `P1P2` milliseconds, then `9000` |
/// | `80 18 P1 P2` | `N = P1P2` bytes in one answer (extended length) |
public final class TestInstructions: Sendable {
    private let pending = Mutex<[UInt8]>([])

    public init() {}

    /// Session state ends at power-on or reset.
    public func reset() { pending.withLock { $0 = [] } }

    public func process(_ command: [UInt8]) -> [UInt8] {
        guard command.count >= 4 else { return CardStatus.wrongLength }
        let p1p2 = Int(command[2]) << 8 | Int(command[3])
        switch (command[0], command[1]) {
        case (0x80, 0x10):
            guard command.count >= 5, command.count >= 5 + Int(command[4]) else { return CardStatus.wrongLength }
            return Array(command[5..<(5 + Int(command[4]))]) + CardStatus.success
        case (0x80, 0x12):
            let all = (0..<p1p2).map { UInt8(truncatingIfNeeded: $0) }
            let first = Array(all.prefix(64))
            return first + remainder(Array(all.dropFirst(64)))
        case (0x00, 0xC0):
            let le = command.count >= 5 && command[4] != 0 ? Int(command[4]) : 256
            let chunk: [UInt8] = pending.withLock { bytes in
                defer { bytes.removeFirst(min(le, bytes.count)) }
                return Array(bytes.prefix(le))
            }
            return chunk + remainder(nil)
        case (0x80, 0x14):
            let le = command.count == 5 ? Int(command[4]) : -1
            guard le == 32 || le == 0 else { return [0x6C, 0x20] }
            return (0..<32).map { UInt8($0) } + CardStatus.success
        case (0x80, 0x16):
            Thread.sleep(forTimeInterval: Double(p1p2) / 1000)
            return CardStatus.success
        case (0x80, 0x18):
            return (0..<p1p2).map { UInt8(truncatingIfNeeded: $0) } + CardStatus.success
        default:
            return CardStatus.insNotSupported
        }
    }

    /// Stores `rest` (when given) and answers `61xx` while bytes wait, `9000` when none do.
    private func remainder(_ rest: [UInt8]?) -> [UInt8] {
        let waiting = pending.withLock { bytes in
            if let rest { bytes = rest }
            return bytes.count
        }
        if waiting == 0 { return CardStatus.success }
        return [0x61, waiting >= 256 ? 0x00 : UInt8(waiting)]
    }
}
