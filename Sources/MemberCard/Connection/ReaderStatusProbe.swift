import PCSC
import Synchronization

/// Tells whether the reader is there and a card is on it, without waiting behind a tap.
///
/// A PC/SC context runs one call at a time, and a tap waiting for a card holds its context in
/// a blocking `SCardGetStatusChange` for as long as the POS lets it wait. The health endpoint
/// asks on a context of its own, so it answers at once while a sale waits for a card. The
/// context is established on first use and again after a call on it failed (`pcscd` stopped).
final class ReaderStatusProbe: Sendable {
    private let requestedReader: String?
    private let context = Mutex<PCSCContext?>(nil)

    init(reader: String?) {
        requestedReader = reader
    }

    func presence() async -> ReaderPresence {
        let absent = ReaderPresence(reader: requestedReader, readerPresent: false, cardPresent: false)
        guard let context = currentContext() else { return absent }
        do {
            let listed = requestedReader == nil ? try await context.readers().first : requestedReader
            guard let reader = listed else { return absent }
            let state = try await context.state(of: reader)
            return ReaderPresence(reader: reader, readerPresent: !state.isUnavailable, cardPresent: state.isCardPresent)
        } catch {
            // A reader that is not there fails too; a new context next time costs one connect.
            drop(context)
            return absent
        }
    }

    /// The context kept, or a new one (nil when `pcscd` is not running). Established under the
    /// lock (one local socket connect), so two callers never make two.
    private func currentContext() -> PCSCContext? {
        context.withLock { kept in
            if kept == nil { kept = try? PCSCContext() }
            return kept
        }
    }

    private func drop(_ failed: PCSCContext) {
        let dropped = context.withLock { kept -> Bool in
            guard kept === failed else { return false }
            kept = nil
            return true
        }
        if dropped { failed.release() }
    }
}
