/// A result code from the PC/SC API (`SCARD_E_*`, `SCARD_W_*`, `SCARD_F_*`, `SCARD_P_*`).
///
/// Every code libpcsclite defines has a named constant (see `SCardError+Codes.swift`) whose
/// doc comment keeps the C name, so `catch SCardError.noService` reads like the C code it
/// replaces. Unknown codes are kept as they are and still print readably.
public struct SCardError: Error, RawRepresentable, Hashable, Sendable {
    /// The 32-bit code as libpcsclite returns it (`LONG`, which is 64 bits wide on Linux).
    public let rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// Builds the error from a raw `LONG` returned by a C call.
    init(code: Int) {
        self.init(rawValue: UInt32(truncatingIfNeeded: code))
    }

    /// The C name, for example `SCARD_E_NO_SERVICE`, or a hex code when unknown.
    public var cName: String {
        Self.catalogue[rawValue]?.cName ?? "SCARD_0x" + String(rawValue, radix: 16, uppercase: true)
    }

    /// The readable meaning of the code, from the PC/SC documentation.
    public var meaning: String {
        Self.catalogue[rawValue]?.meaning ?? "Unknown PC/SC result code."
    }

    /// True when the resource manager went away (`pcscd` stopped or restarted) and a new
    /// context must be established before anything else can work.
    public var meansServiceLost: Bool {
        Self.serviceLostCodes.contains(self)
    }

    /// True when the card left the reader or lost power during the operation.
    public var meansCardGone: Bool {
        Self.cardGoneCodes.contains(self)
    }

    private static let serviceLostCodes: Set<SCardError> = [.noService, .serviceStopped, .invalidHandle, .commError]
    private static let cardGoneCodes: Set<SCardError> = [
        .removedCard, .noSmartcard, .unpoweredCard, .resetCard, .unresponsiveCard, .readerUnavailable,
        // pcsc-lite's answer when the driver lost the card during SCardTransmit.
        .notTransacted,
    ]
}

extension SCardError: CustomStringConvertible {
    public var description: String { "\(cName): \(meaning)" }
}
