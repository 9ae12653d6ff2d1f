import SyncProtocol

/// The latest status each terminal reported (`POST /v1/terminal-status`): what the fleet page
/// shows beside what the journals and the registry tell.
///
/// Part of ``LedgerStore``; every method is atomic.
public protocol TerminalStatusStore: Sendable {
    /// Keeps `status` as its terminal's latest (replacing the one before).
    func recordStatus(_ status: ReceivedTerminalStatus) async throws
    /// The latest report of every terminal that sent one.
    func terminalStatuses() async throws -> [ReceivedTerminalStatus]
    /// When the back office stored `terminal`'s transaction at its stored-through sequence (the
    /// last upload that moved it), ms since the epoch; nil when it holds none.
    func lastUpload(terminal: UInt32) async throws -> Int64?
}

/// A terminal's status report and when the back office received it.
public struct ReceivedTerminalStatus: Sendable, Equatable {
    public var terminal: UInt32
    /// The back office's clock at receipt, ms since the epoch.
    public var receivedAt: Int64
    public var report: TerminalStatusReport

    public init(terminal: UInt32, receivedAt: Int64, report: TerminalStatusReport) {
        self.terminal = terminal
        self.receivedAt = receivedAt
        self.report = report
    }

    /// The terminal's clock less the back office's at receipt, ms (the time on the way is
    /// counted in it: well under the alarm's threshold).
    public var clockDrift: Int64 { report.clock - receivedAt }
}
