import CPCSCLite

/// The one place where the driver layer calls libpcsclite.
///
/// Every C call goes through a function here, which turns the `LONG` result into a thrown
/// ``SCardError`` and hides the Linux C types (`LONG` is `Int`, `DWORD` is `UInt`).
/// Nothing else in the module imports `CPCSCLite` for calls.
enum PCSCCalls {
    typealias Context = SCARDCONTEXT
    typealias Handle = SCARDHANDLE

    @inline(__always)
    static func check(_ code: LONG) throws(SCardError) {
        if code != 0 { throw SCardError(code: Int(code)) }
    }

    static func establishContext() throws(SCardError) -> Context {
        var context: SCARDCONTEXT = 0
        try check(SCardEstablishContext(DWORD(SCARD_SCOPE_SYSTEM), nil, nil, &context))
        return context
    }

    static func releaseContext(_ context: Context) {
        _ = SCardReleaseContext(context)
    }

    static func isValidContext(_ context: Context) -> Bool {
        SCardIsValidContext(context) == 0
    }

    /// Interrupts a blocking `SCardGetStatusChange` on `context` from another thread.
    static func cancel(_ context: Context) {
        _ = SCardCancel(context)
    }

    /// The names of the readers pcscd knows; an empty list when there are none.
    static func listReaders(_ context: Context) throws(SCardError) -> [String] {
        var length: DWORD = 0
        let first = SCardListReaders(context, nil, nil, &length)
        if SCardError(code: Int(first)) == .noReadersAvailable { return [] }
        try check(first)
        var buffer = [CChar](repeating: 0, count: Int(length))
        let second = SCardListReaders(context, nil, &buffer, &length)
        if SCardError(code: Int(second)) == .noReadersAvailable { return [] }
        try check(second)
        return MultiString.split(buffer)
    }

    /// Waits up to `timeoutMilliseconds` for a change in any of `states`.
    static func getStatusChange(
        _ context: Context,
        timeoutMilliseconds: UInt32,
        states: inout [ReaderStateRecord]
    ) throws(SCardError) {
        try ReaderStateRecord.withCStates(&states) { pointer, count throws(SCardError) in
            try check(SCardGetStatusChange(context, DWORD(timeoutMilliseconds), pointer, DWORD(count)))
        }
    }

    static func connect(
        _ context: Context,
        reader: String,
        share: UInt32,
        protocols: UInt32
    ) throws(SCardError) -> (Handle, UInt32) {
        var handle: SCARDHANDLE = 0
        var active: DWORD = 0
        try check(SCardConnect(context, reader, DWORD(share), DWORD(protocols), &handle, &active))
        return (handle, UInt32(active))
    }

    static func reconnect(
        _ handle: Handle,
        share: UInt32,
        protocols: UInt32,
        initialization: UInt32
    ) throws(SCardError) -> UInt32 {
        var active: DWORD = 0
        try check(SCardReconnect(handle, DWORD(share), DWORD(protocols), DWORD(initialization), &active))
        return UInt32(active)
    }

    static func disconnect(_ handle: Handle, disposition: UInt32) throws(SCardError) {
        try check(SCardDisconnect(handle, DWORD(disposition)))
    }

    static func beginTransaction(_ handle: Handle) throws(SCardError) {
        try check(SCardBeginTransaction(handle))
    }

    static func endTransaction(_ handle: Handle, disposition: UInt32) throws(SCardError) {
        try check(SCardEndTransaction(handle, DWORD(disposition)))
    }

    /// Sends `command` and writes the card's answer into `response`, returning its length.
    static func transmit(
        _ handle: Handle,
        protocol activeProtocol: UInt32,
        command: UnsafeRawBufferPointer,
        response: UnsafeMutableRawBufferPointer
    ) throws(SCardError) -> Int {
        var length = DWORD(response.count)
        // pcsc-lite reads only these two fields of the send PCI; a local one is as good as
        // the library's global g_rgSCardT?Pci and needs no pointer to an imported constant.
        var pci = SCARD_IO_REQUEST(
            dwProtocol: UInt(activeProtocol),
            cbPciLength: UInt(MemoryLayout<SCARD_IO_REQUEST>.size)
        )
        try check(
            SCardTransmit(
                handle, &pci,
                command.baseAddress?.assumingMemoryBound(to: UInt8.self), DWORD(command.count),
                nil,
                response.baseAddress?.assumingMemoryBound(to: UInt8.self), &length
            )
        )
        return Int(length)
    }

    /// Sends `command` to the reader itself (`SCardControl` with `code`, e.g. a vendor escape)
    /// and writes its answer into `response`, returning its length.
    static func control(
        _ handle: Handle,
        code: UInt32,
        command: UnsafeRawBufferPointer,
        response: UnsafeMutableRawBufferPointer
    ) throws(SCardError) -> Int {
        var length: DWORD = 0
        try check(
            SCardControl(
                handle, DWORD(code),
                command.baseAddress, DWORD(command.count),
                response.baseAddress, DWORD(response.count), &length
            )
        )
        return Int(length)
    }

    /// The card's ATR and the reader's state for a connected card.
    static func status(_ handle: Handle) throws(SCardError) -> (atr: [UInt8], state: UInt32, protocol: UInt32) {
        var atr = [UInt8](repeating: 0, count: Int(MAX_ATR_SIZE))
        var atrLength = DWORD(atr.count)
        var state: DWORD = 0
        var activeProtocol: DWORD = 0
        var nameLength = DWORD(0)
        try check(SCardStatus(handle, nil, &nameLength, &state, &activeProtocol, &atr, &atrLength))
        return (Array(atr.prefix(Int(atrLength))), UInt32(state), UInt32(activeProtocol))
    }
}
