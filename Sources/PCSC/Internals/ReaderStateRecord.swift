import CPCSCLite
import Glibc

/// A Swift copy of `SCARD_READERSTATE`: what the caller knows of a reader, and what changed.
struct ReaderStateRecord: Sendable {
    /// The reader's name, or ``ReaderStateRecord/plugAndPlayReader`` to hear of readers
    /// being added and removed.
    var reader: String
    /// What the caller believes (`SCARD_STATE_*` flags, with the event count in the high 16 bits).
    var currentState: UInt32
    /// What pcscd reports after the call.
    var eventState: UInt32 = 0
    var atr: [UInt8] = []

    /// The pseudo reader whose state changes when a reader is plugged in or removed.
    static let plugAndPlayReader = "\\\\?PnP?\\Notification"

    init(reader: String, currentState: UInt32) {
        self.reader = reader
        self.currentState = currentState
    }

    /// Calls `body` with a C array for `states`, then copies the results back.
    static func withCStates(
        _ states: inout [ReaderStateRecord],
        _ body: (UnsafeMutablePointer<SCARD_READERSTATE>, Int) throws(SCardError) -> Void
    ) throws(SCardError) {
        let names = states.map { strdup($0.reader)! }
        defer { names.forEach { free($0) } }
        var cStates = states.indices.map { index in
            var state = SCARD_READERSTATE()
            state.szReader = UnsafePointer(names[index])
            state.dwCurrentState = DWORD(states[index].currentState)
            return state
        }
        let outcome: SCardError? = cStates.withUnsafeMutableBufferPointer { buffer in
            do throws(SCardError) {
                try body(buffer.baseAddress!, buffer.count)
                return nil
            } catch {
                return error
            }
        }
        for index in states.indices {
            states[index].eventState = UInt32(cStates[index].dwEventState)
            let count = min(Int(cStates[index].cbAtr), Int(MAX_ATR_SIZE))
            states[index].atr = withUnsafeBytes(of: cStates[index].rgbAtr) { Array($0.prefix(count)) }
        }
        if let outcome { throw outcome }
    }
}
