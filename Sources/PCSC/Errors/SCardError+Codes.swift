// Every result code of the PC/SC API, named as in libpcsclite's <pcsclite.h>.
// Generated once from the header; the C name stays in each doc comment.

extension SCardError {
    /// `SCARD_F_INTERNAL_ERROR` (0x80100001): An internal consistency check failed.
    public static let internalError = SCardError(rawValue: 0x80100001)
    /// `SCARD_E_CANCELLED` (0x80100002): The action was cancelled by an SCardCancel request.
    public static let cancelled = SCardError(rawValue: 0x80100002)
    /// `SCARD_E_INVALID_HANDLE` (0x80100003): The supplied handle was invalid.
    public static let invalidHandle = SCardError(rawValue: 0x80100003)
    /// `SCARD_E_INVALID_PARAMETER` (0x80100004): One or more of the supplied parameters could not be properly interpreted.
    public static let invalidParameter = SCardError(rawValue: 0x80100004)
    /// `SCARD_E_INVALID_TARGET` (0x80100005): Registry startup information is missing or invalid.
    public static let invalidTarget = SCardError(rawValue: 0x80100005)
    /// `SCARD_E_NO_MEMORY` (0x80100006): Not enough memory available to complete this command.
    public static let noMemory = SCardError(rawValue: 0x80100006)
    /// `SCARD_F_WAITED_TOO_LONG` (0x80100007): An internal consistency timer has expired.
    public static let waitedTooLong = SCardError(rawValue: 0x80100007)
    /// `SCARD_E_INSUFFICIENT_BUFFER` (0x80100008): The data buffer to receive returned data is too small for the returned data.
    public static let insufficientBuffer = SCardError(rawValue: 0x80100008)
    /// `SCARD_E_UNKNOWN_READER` (0x80100009): The specified reader name is not recognized.
    public static let unknownReader = SCardError(rawValue: 0x80100009)
    /// `SCARD_E_TIMEOUT` (0x8010000A): The user-specified timeout value has expired.
    public static let timeout = SCardError(rawValue: 0x8010000A)
    /// `SCARD_E_SHARING_VIOLATION` (0x8010000B): The smart card cannot be accessed because of other connections outstanding.
    public static let sharingViolation = SCardError(rawValue: 0x8010000B)
    /// `SCARD_E_NO_SMARTCARD` (0x8010000C): The operation requires a Smart Card, but no Smart Card is currently in the device.
    public static let noSmartcard = SCardError(rawValue: 0x8010000C)
    /// `SCARD_E_UNKNOWN_CARD` (0x8010000D): The specified smart card name is not recognized.
    public static let unknownCard = SCardError(rawValue: 0x8010000D)
    /// `SCARD_E_CANT_DISPOSE` (0x8010000E): The system could not dispose of the media in the requested manner.
    public static let cantDispose = SCardError(rawValue: 0x8010000E)
    /// `SCARD_E_PROTO_MISMATCH` (0x8010000F): The requested protocols are incompatible with the protocol currently in use with the smart card.
    public static let protoMismatch = SCardError(rawValue: 0x8010000F)
    /// `SCARD_E_NOT_READY` (0x80100010): The reader or smart card is not ready to accept commands.
    public static let notReady = SCardError(rawValue: 0x80100010)
    /// `SCARD_E_INVALID_VALUE` (0x80100011): One or more of the supplied parameters values could not be properly interpreted.
    public static let invalidValue = SCardError(rawValue: 0x80100011)
    /// `SCARD_E_SYSTEM_CANCELLED` (0x80100012): The action was cancelled by the system, presumably to log off or shut down.
    public static let systemCancelled = SCardError(rawValue: 0x80100012)
    /// `SCARD_F_COMM_ERROR` (0x80100013): An internal communications error has been detected.
    public static let commError = SCardError(rawValue: 0x80100013)
    /// `SCARD_F_UNKNOWN_ERROR` (0x80100014): An internal error has been detected, but the source is unknown.
    public static let unknownError = SCardError(rawValue: 0x80100014)
    /// `SCARD_E_INVALID_ATR` (0x80100015): An ATR obtained from the registry is not a valid ATR string.
    public static let invalidAtr = SCardError(rawValue: 0x80100015)
    /// `SCARD_E_NOT_TRANSACTED` (0x80100016): An attempt was made to end a non-existent transaction.
    public static let notTransacted = SCardError(rawValue: 0x80100016)
    /// `SCARD_E_READER_UNAVAILABLE` (0x80100017): The specified reader is not currently available for use.
    public static let readerUnavailable = SCardError(rawValue: 0x80100017)
    /// `SCARD_P_SHUTDOWN` (0x80100018): The operation has been aborted to allow the server application to exit.
    public static let shutdown = SCardError(rawValue: 0x80100018)
    /// `SCARD_E_PCI_TOO_SMALL` (0x80100019): The PCI Receive buffer was too small.
    public static let pciTooSmall = SCardError(rawValue: 0x80100019)
    /// `SCARD_E_READER_UNSUPPORTED` (0x8010001A): The reader driver does not meet minimal requirements for support.
    public static let readerUnsupported = SCardError(rawValue: 0x8010001A)
    /// `SCARD_E_DUPLICATE_READER` (0x8010001B): The reader driver did not produce a unique reader name.
    public static let duplicateReader = SCardError(rawValue: 0x8010001B)
    /// `SCARD_E_CARD_UNSUPPORTED` (0x8010001C): The smart card does not meet minimal requirements for support.
    public static let cardUnsupported = SCardError(rawValue: 0x8010001C)
    /// `SCARD_E_NO_SERVICE` (0x8010001D): The Smart card resource manager is not running.
    public static let noService = SCardError(rawValue: 0x8010001D)
    /// `SCARD_E_SERVICE_STOPPED` (0x8010001E): The Smart card resource manager has shut down.
    public static let serviceStopped = SCardError(rawValue: 0x8010001E)
    /// `SCARD_E_UNEXPECTED` (0x8010001F): An unexpected card error has occurred.
    public static let unexpected = SCardError(rawValue: 0x8010001F)
    /// `SCARD_E_UNSUPPORTED_FEATURE` (0x8010001F): This smart card does not support the requested feature.
    /// pcsc-lite gives it the same value as `SCARD_E_UNEXPECTED`.
    public static let unsupportedFeature = SCardError(rawValue: 0x8010001F)
    /// `SCARD_E_ICC_INSTALLATION` (0x80100020): No primary provider can be found for the smart card.
    public static let iccInstallation = SCardError(rawValue: 0x80100020)
    /// `SCARD_E_ICC_CREATEORDER` (0x80100021): The requested order of object creation is not supported.
    public static let iccCreateorder = SCardError(rawValue: 0x80100021)
    /// `SCARD_E_DIR_NOT_FOUND` (0x80100023): The identified directory does not exist in the smart card.
    public static let dirNotFound = SCardError(rawValue: 0x80100023)
    /// `SCARD_E_FILE_NOT_FOUND` (0x80100024): The identified file does not exist in the smart card.
    public static let fileNotFound = SCardError(rawValue: 0x80100024)
    /// `SCARD_E_NO_DIR` (0x80100025): The supplied path does not represent a smart card directory.
    public static let noDir = SCardError(rawValue: 0x80100025)
    /// `SCARD_E_NO_FILE` (0x80100026): The supplied path does not represent a smart card file.
    public static let noFile = SCardError(rawValue: 0x80100026)
    /// `SCARD_E_NO_ACCESS` (0x80100027): Access is denied to this file.
    public static let noAccess = SCardError(rawValue: 0x80100027)
    /// `SCARD_E_WRITE_TOO_MANY` (0x80100028): The smart card does not have enough memory to store the information.
    public static let writeTooMany = SCardError(rawValue: 0x80100028)
    /// `SCARD_E_BAD_SEEK` (0x80100029): There was an error trying to set the smart card file object pointer.
    public static let badSeek = SCardError(rawValue: 0x80100029)
    /// `SCARD_E_INVALID_CHV` (0x8010002A): The supplied PIN is incorrect.
    public static let invalidChv = SCardError(rawValue: 0x8010002A)
    /// `SCARD_E_UNKNOWN_RES_MNG` (0x8010002B): An unrecognized error code was returned from a layered component.
    public static let unknownResMng = SCardError(rawValue: 0x8010002B)
    /// `SCARD_E_NO_SUCH_CERTIFICATE` (0x8010002C): The requested certificate does not exist.
    public static let noSuchCertificate = SCardError(rawValue: 0x8010002C)
    /// `SCARD_E_CERTIFICATE_UNAVAILABLE` (0x8010002D): The requested certificate could not be obtained.
    public static let certificateUnavailable = SCardError(rawValue: 0x8010002D)
    /// `SCARD_E_NO_READERS_AVAILABLE` (0x8010002E): Cannot find a smart card reader.
    public static let noReadersAvailable = SCardError(rawValue: 0x8010002E)
    /// `SCARD_E_COMM_DATA_LOST` (0x8010002F): A communications error with the smart card has been detected. Retry the operation.
    public static let commDataLost = SCardError(rawValue: 0x8010002F)
    /// `SCARD_E_NO_KEY_CONTAINER` (0x80100030): The requested key container does not exist on the smart card.
    public static let noKeyContainer = SCardError(rawValue: 0x80100030)
    /// `SCARD_E_SERVER_TOO_BUSY` (0x80100031): The Smart Card Resource Manager is too busy to complete this operation.
    public static let serverTooBusy = SCardError(rawValue: 0x80100031)
    /// `SCARD_W_UNSUPPORTED_CARD` (0x80100065): The reader cannot communicate with the card, due to ATR string configuration conflicts.
    public static let unsupportedCard = SCardError(rawValue: 0x80100065)
    /// `SCARD_W_UNRESPONSIVE_CARD` (0x80100066): The smart card is not responding to a reset.
    public static let unresponsiveCard = SCardError(rawValue: 0x80100066)
    /// `SCARD_W_UNPOWERED_CARD` (0x80100067): Power has been removed from the smart card, so that further communication is not possible.
    public static let unpoweredCard = SCardError(rawValue: 0x80100067)
    /// `SCARD_W_RESET_CARD` (0x80100068): The smart card has been reset, so any shared state information is invalid.
    public static let resetCard = SCardError(rawValue: 0x80100068)
    /// `SCARD_W_REMOVED_CARD` (0x80100069): The smart card has been removed, so further communication is not possible.
    public static let removedCard = SCardError(rawValue: 0x80100069)
    /// `SCARD_W_SECURITY_VIOLATION` (0x8010006A): Access was denied because of a security violation.
    public static let securityViolation = SCardError(rawValue: 0x8010006A)
    /// `SCARD_W_WRONG_CHV` (0x8010006B): The card cannot be accessed because the wrong PIN was presented.
    public static let wrongChv = SCardError(rawValue: 0x8010006B)
    /// `SCARD_W_CHV_BLOCKED` (0x8010006C): The card cannot be accessed because the maximum number of PIN entry attempts has been reached.
    public static let chvBlocked = SCardError(rawValue: 0x8010006C)
    /// `SCARD_W_EOF` (0x8010006D): The end of the smart card file has been reached.
    public static let eof = SCardError(rawValue: 0x8010006D)
    /// `SCARD_W_CANCELLED_BY_USER` (0x8010006E): The user pressed "Cancel" on a Smart Card Selection Dialog.
    public static let cancelledByUser = SCardError(rawValue: 0x8010006E)
    /// `SCARD_W_CARD_NOT_AUTHENTICATED` (0x8010006F): No PIN was presented to the smart card.
    public static let cardNotAuthenticated = SCardError(rawValue: 0x8010006F)
}

extension SCardError {
    /// The C name, the Swift name and the readable meaning of each known code.
    static let catalogue: [UInt32: (cName: String, meaning: String)] = [
        0x80100001: ("SCARD_F_INTERNAL_ERROR", "An internal consistency check failed."),
        0x80100002: ("SCARD_E_CANCELLED", "The action was cancelled by an SCardCancel request."),
        0x80100003: ("SCARD_E_INVALID_HANDLE", "The supplied handle was invalid."),
        0x80100004: ("SCARD_E_INVALID_PARAMETER", "One or more of the supplied parameters could not be properly interpreted."),
        0x80100005: ("SCARD_E_INVALID_TARGET", "Registry startup information is missing or invalid."),
        0x80100006: ("SCARD_E_NO_MEMORY", "Not enough memory available to complete this command."),
        0x80100007: ("SCARD_F_WAITED_TOO_LONG", "An internal consistency timer has expired."),
        0x80100008: ("SCARD_E_INSUFFICIENT_BUFFER", "The data buffer to receive returned data is too small for the returned data."),
        0x80100009: ("SCARD_E_UNKNOWN_READER", "The specified reader name is not recognized."),
        0x8010000A: ("SCARD_E_TIMEOUT", "The user-specified timeout value has expired."),
        0x8010000B: ("SCARD_E_SHARING_VIOLATION", "The smart card cannot be accessed because of other connections outstanding."),
        0x8010000C: ("SCARD_E_NO_SMARTCARD", "The operation requires a Smart Card, but no Smart Card is currently in the device."),
        0x8010000D: ("SCARD_E_UNKNOWN_CARD", "The specified smart card name is not recognized."),
        0x8010000E: ("SCARD_E_CANT_DISPOSE", "The system could not dispose of the media in the requested manner."),
        0x8010000F: (
            "SCARD_E_PROTO_MISMATCH", "The requested protocols are incompatible with the protocol currently in use with the smart card."
        ),
        0x80100010: ("SCARD_E_NOT_READY", "The reader or smart card is not ready to accept commands."),
        0x80100011: ("SCARD_E_INVALID_VALUE", "One or more of the supplied parameters values could not be properly interpreted."),
        0x80100012: ("SCARD_E_SYSTEM_CANCELLED", "The action was cancelled by the system, presumably to log off or shut down."),
        0x80100013: ("SCARD_F_COMM_ERROR", "An internal communications error has been detected."),
        0x80100014: ("SCARD_F_UNKNOWN_ERROR", "An internal error has been detected, but the source is unknown."),
        0x80100015: ("SCARD_E_INVALID_ATR", "An ATR obtained from the registry is not a valid ATR string."),
        0x80100016: ("SCARD_E_NOT_TRANSACTED", "An attempt was made to end a non-existent transaction."),
        0x80100017: ("SCARD_E_READER_UNAVAILABLE", "The specified reader is not currently available for use."),
        0x80100018: ("SCARD_P_SHUTDOWN", "The operation has been aborted to allow the server application to exit."),
        0x80100019: ("SCARD_E_PCI_TOO_SMALL", "The PCI Receive buffer was too small."),
        0x8010001A: ("SCARD_E_READER_UNSUPPORTED", "The reader driver does not meet minimal requirements for support."),
        0x8010001B: ("SCARD_E_DUPLICATE_READER", "The reader driver did not produce a unique reader name."),
        0x8010001C: ("SCARD_E_CARD_UNSUPPORTED", "The smart card does not meet minimal requirements for support."),
        0x8010001D: ("SCARD_E_NO_SERVICE", "The Smart card resource manager is not running."),
        0x8010001E: ("SCARD_E_SERVICE_STOPPED", "The Smart card resource manager has shut down."),
        0x8010001F: ("SCARD_E_UNEXPECTED", "An unexpected card error has occurred."),
        0x80100020: ("SCARD_E_ICC_INSTALLATION", "No primary provider can be found for the smart card."),
        0x80100021: ("SCARD_E_ICC_CREATEORDER", "The requested order of object creation is not supported."),
        0x80100023: ("SCARD_E_DIR_NOT_FOUND", "The identified directory does not exist in the smart card."),
        0x80100024: ("SCARD_E_FILE_NOT_FOUND", "The identified file does not exist in the smart card."),
        0x80100025: ("SCARD_E_NO_DIR", "The supplied path does not represent a smart card directory."),
        0x80100026: ("SCARD_E_NO_FILE", "The supplied path does not represent a smart card file."),
        0x80100027: ("SCARD_E_NO_ACCESS", "Access is denied to this file."),
        0x80100028: ("SCARD_E_WRITE_TOO_MANY", "The smart card does not have enough memory to store the information."),
        0x80100029: ("SCARD_E_BAD_SEEK", "There was an error trying to set the smart card file object pointer."),
        0x8010002A: ("SCARD_E_INVALID_CHV", "The supplied PIN is incorrect."),
        0x8010002B: ("SCARD_E_UNKNOWN_RES_MNG", "An unrecognized error code was returned from a layered component."),
        0x8010002C: ("SCARD_E_NO_SUCH_CERTIFICATE", "The requested certificate does not exist."),
        0x8010002D: ("SCARD_E_CERTIFICATE_UNAVAILABLE", "The requested certificate could not be obtained."),
        0x8010002E: ("SCARD_E_NO_READERS_AVAILABLE", "Cannot find a smart card reader."),
        0x8010002F: ("SCARD_E_COMM_DATA_LOST", "A communications error with the smart card has been detected. Retry the operation."),
        0x80100030: ("SCARD_E_NO_KEY_CONTAINER", "The requested key container does not exist on the smart card."),
        0x80100031: ("SCARD_E_SERVER_TOO_BUSY", "The Smart Card Resource Manager is too busy to complete this operation."),
        0x80100065: ("SCARD_W_UNSUPPORTED_CARD", "The reader cannot communicate with the card, due to ATR string configuration conflicts."),
        0x80100066: ("SCARD_W_UNRESPONSIVE_CARD", "The smart card is not responding to a reset."),
        0x80100067: (
            "SCARD_W_UNPOWERED_CARD", "Power has been removed from the smart card, so that further communication is not possible."
        ),
        0x80100068: ("SCARD_W_RESET_CARD", "The smart card has been reset, so any shared state information is invalid."),
        0x80100069: ("SCARD_W_REMOVED_CARD", "The smart card has been removed, so further communication is not possible."),
        0x8010006A: ("SCARD_W_SECURITY_VIOLATION", "Access was denied because of a security violation."),
        0x8010006B: ("SCARD_W_WRONG_CHV", "The card cannot be accessed because the wrong PIN was presented."),
        0x8010006C: (
            "SCARD_W_CHV_BLOCKED", "The card cannot be accessed because the maximum number of PIN entry attempts has been reached."
        ),
        0x8010006D: ("SCARD_W_EOF", "The end of the smart card file has been reached."),
        0x8010006E: ("SCARD_W_CANCELLED_BY_USER", "The user pressed \"Cancel\" on a Smart Card Selection Dialog."),
        0x8010006F: ("SCARD_W_CARD_NOT_AUTHENTICATED", "No PIN was presented to the smart card."),
    ]
}
