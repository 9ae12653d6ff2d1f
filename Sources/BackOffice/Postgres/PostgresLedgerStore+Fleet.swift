import BackOfficeStorage
import Foundation
import PostgresNIO
import SyncProtocol

// Terminal status reports: the latest per terminal, as JSON.
extension PostgresLedgerStore {
    public func recordStatus(_ status: ReceivedTerminalStatus) async throws {
        let report = ByteBuffer(bytes: try JSONEncoder().encode(status.report))
        try await rows(
            """
            INSERT INTO terminal_status (terminal, received_at, report) VALUES (\(Int64(status.terminal)), \(status.receivedAt), \(report))
            ON CONFLICT (terminal) DO UPDATE SET received_at = excluded.received_at, report = excluded.report
            """)
    }

    public func terminalStatuses() async throws -> [ReceivedTerminalStatus] {
        try await rows("SELECT terminal, received_at, report FROM terminal_status ORDER BY terminal").map { row in
            let (terminal, receivedAt, report) = try row.decode((Int64, Int64, ByteBuffer).self)
            guard let id = UInt32(exactly: terminal) else {
                throw PostgresLedgerStoreError.unexpectedValue(column: "terminal_status.terminal")
            }
            return ReceivedTerminalStatus(
                terminal: id, receivedAt: receivedAt,
                report: try JSONDecoder().decode(TerminalStatusReport.self, from: Data(report.readableBytesView)))
        }
    }

    public func lastUpload(terminal: UInt32) async throws -> Int64? {
        try await rows(
            """
            SELECT j.received_at FROM progress AS p JOIN journal AS j ON j.terminal = p.terminal AND j.sequence = p.stored_through
            WHERE p.terminal = \(Int64(terminal))
            """
        ).first?.decode(Int64.self)
    }
}
