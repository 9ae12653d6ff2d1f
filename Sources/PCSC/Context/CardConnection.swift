import Synchronization

/// A connection to the card in one reader (`SCardConnect`), for exchanging APDUs.
///
/// ``transmit(_:)`` handles `61xx` and `6Cxx` by itself and returns the whole answer. Calls run
/// on the owning context's serial queue; the `Sync` variants block the calling thread instead,
/// for code that already runs on a thread of its own.
public final class CardConnection: Sendable {
    /// The context this connection was made from; it stays alive as long as the connection.
    public let context: PCSCContext
    /// The reader the card is in.
    public let reader: String
    /// The protocol pcscd negotiated (`SCARD_PROTOCOL_T0`/`T1`/`RAW`).
    public let activeProtocol: UInt32
    let handle: PCSCCalls.Handle
    private let isDisconnected = Mutex(false)
    private let transmitted = Atomic(0)
    private let receiveBuffer: ReceiveBuffer

    init(context: PCSCContext, handle: PCSCCalls.Handle, reader: String, activeProtocol: UInt32) {
        self.context = context
        self.handle = handle
        self.reader = reader
        self.activeProtocol = activeProtocol
        receiveBuffer = ReceiveBuffer()
    }

    deinit {
        if !isDisconnected.withLock({ $0 }) {
            try? PCSCCalls.disconnect(handle, disposition: CardDisposition.leave.rawValue)
        }
    }

    /// Sends `command` and returns the card's complete answer.
    ///
    /// Throws ``SCardError`` when the card or the reader fails (``SCardError/removedCard`` when
    /// the card is pulled mid-command), and ``APDUError`` when the answer is malformed.
    public func transmit(_ command: CommandAPDU) async throws -> ResponseAPDU {
        try await context.executor.run { try self.exchange(command) }
    }

    /// Sends raw bytes and returns the raw answer, with no chaining. Bytes shorter than a
    /// command's 4-byte header are refused unsent (``APDUError/commandTooShort(_:)``).
    public func transmit(raw bytes: [UInt8]) async throws -> [UInt8] {
        guard bytes.count >= 4 else { throw APDUError.commandTooShort(bytes.count) }
        return try await context.executor.run { try self.send(bytes) }
    }

    /// ``transmit(_:)`` for callers on a thread of their own: blocks until the card answers.
    public func transmitSync(_ command: CommandAPDU) throws -> ResponseAPDU {
        try context.executor.runBlocking { try exchange(command) }
    }

    /// How many APDUs this connection has sent through `SCardTransmit`: every piece of a chain
    /// and every GET RESPONSE or resend counts.
    public var transmitCount: Int { transmitted.load(ordering: .relaxed) }

    /// Sends `command` to the reader itself (`SCardControl`), not to the card: a vendor's escape
    /// command, under a code such as ``ControlCode/scard(_:)`` of the vendor's function. Returns
    /// the reader's answer.
    public func control(_ code: UInt32, _ command: [UInt8]) async throws -> [UInt8] {
        try await context.executor.run { try self.sendControl(code, command) }
    }

    /// ``control(_:_:)`` for callers on a thread of their own: blocks until the reader answers.
    public func controlSync(_ code: UInt32, _ command: [UInt8]) throws -> [UInt8] {
        try context.executor.runBlocking { try sendControl(code, command) }
    }

    /// Starts an exclusive transaction (`SCardBeginTransaction`): no other application can
    /// talk to the card until ``endTransaction(_:)``.
    public func beginTransaction() async throws {
        let handle = handle
        try await context.executor.run { try PCSCCalls.beginTransaction(handle) }
    }

    /// Ends the transaction (`SCardEndTransaction`), leaving or resetting the card.
    public func endTransaction(_ disposition: CardDisposition = .leave) async throws {
        let handle = handle
        try await context.executor.run { try PCSCCalls.endTransaction(handle, disposition: disposition.rawValue) }
    }

    /// Runs `body` inside a transaction and always ends it.
    public func withTransaction<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await beginTransaction()
        do {
            let result = try await body()
            try await endTransaction()
            return result
        } catch {
            try? await endTransaction()
            throw error
        }
    }

    /// The card's ATR as the reader reports it now (`SCardStatus`).
    public func atr() async throws -> [UInt8] {
        let handle = handle
        return try await context.executor.run { try PCSCCalls.status(handle).atr }
    }

    /// Disconnects (`SCardDisconnect`); the connection cannot be used afterwards.
    public func disconnect(_ disposition: CardDisposition = .leave) async throws {
        let first = isDisconnected.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        let handle = handle
        try await context.executor.run { try PCSCCalls.disconnect(handle, disposition: disposition.rawValue) }
    }

    // Runs under the context executor's lock.
    private func exchange(_ command: CommandAPDU) throws -> ResponseAPDU {
        try APDUExchange.run(command) { try send($0) }
    }

    // Runs under the context executor's lock, which serialises use of the receive buffer.
    private func send(_ bytes: [UInt8]) throws -> [UInt8] {
        let handle = handle
        let activeProtocol = activeProtocol
        transmitted.add(1, ordering: .relaxed)
        return try receiveBuffer.use { buffer in
            let count = try bytes.withUnsafeBytes { command in
                try PCSCCalls.transmit(handle, protocol: activeProtocol, command: command, response: buffer)
            }
            guard count > 0 else { throw cardSilence() }
            return Array(buffer.prefix(count))
        }
    }

    // Runs under the context executor's lock, which serialises use of the receive buffer.
    private func sendControl(_ code: UInt32, _ command: [UInt8]) throws -> [UInt8] {
        let handle = handle
        return try receiveBuffer.use { buffer in
            let count = try command.withUnsafeBytes { bytes in
                try PCSCCalls.control(handle, code: code, command: bytes, response: buffer)
            }
            return Array(buffer.prefix(count))
        }
    }

    /// A card always answers at least a status word; a reader that hands back nothing lost
    /// the card mid-command (a contactless card pulled out of the field). Reports the reader's
    /// own error when it has one, ``SCardError/removedCard`` otherwise.
    private func cardSilence() -> SCardError {
        do throws(SCardError) {
            _ = try PCSCCalls.status(handle)
            return .removedCard
        } catch {
            return error
        }
    }
}

/// The answer buffer of a connection, big enough for an extended APDU answer, allocated once.
private final class ReceiveBuffer: @unchecked Sendable {
    // Only touched under the owning context executor's lock.
    private let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: 65_536 + 2 + 16, alignment: 8)

    deinit { storage.deallocate() }

    func use<T>(_ body: (UnsafeMutableRawBufferPointer) throws -> T) rethrows -> T {
        try body(storage)
    }
}
