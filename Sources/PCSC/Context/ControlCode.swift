/// Control codes for ``CardConnection/control(_:_:)`` (`SCardControl`).
public enum ControlCode {
    /// pcsc-lite's `SCARD_CTL_CODE(function)`: `0x42000000 + function`. A reader vendor's escape
    /// command is usually function 3500 (`SCARD_CTL_CODE(3500)`, the CCID driver's escape).
    public static func scard(_ function: UInt32) -> UInt32 {
        0x4200_0000 &+ function
    }
}
