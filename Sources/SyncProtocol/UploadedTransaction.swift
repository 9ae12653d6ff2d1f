/// One journal transaction as it travels to the back office: identified by the terminal that
/// journaled it and its journal sequence, with the bytes the terminal journaled.
public struct UploadedTransaction: Sendable, Equatable {
    /// The journal sequence (1, 2, 3, ... per terminal, gapless).
    public var sequence: UInt64
    /// When the terminal journaled it, in milliseconds since the Unix epoch (the terminal's clock).
    public var recordedAt: Int64
    /// The journal payload, verbatim (for the checkout, a ledger entry in JSON).
    public var payload: [UInt8]

    public init(sequence: UInt64, recordedAt: Int64, payload: [UInt8]) {
        self.sequence = sequence
        self.recordedAt = recordedAt
        self.payload = payload
    }
}
