import BackOfficeStorage
import Foundation
import SQLiteNIO
import SyncProtocol

// Terminal status reports: the latest per terminal, as JSON.
extension SQLiteLedgerStore {
    public func recordStatus(_ status: ReceivedTerminalStatus) async throws {
        let report = try JSONEncoder().encode(status.report)
        try await write { db in
            _ = try await db.query(
                """
                INSERT INTO terminal_status (terminal, received_at, report) VALUES (?1, ?2, ?3)
                ON CONFLICT (terminal) DO UPDATE SET received_at = excluded.received_at, report = excluded.report
                """,
                [.integer(.init(status.terminal)), .integer(.init(status.receivedAt)), .blob(ByteBuffer(bytes: report))])
        }
    }

    public func terminalStatuses() async throws -> [ReceivedTerminalStatus] {
        let rows = try await read { db in
            try await db.query("SELECT terminal, received_at, report FROM terminal_status ORDER BY terminal")
        }
        return try rows.map { row in
            let columns = row.columns
            return ReceivedTerminalStatus(
                terminal: try Self.uint32(columns[0].data, "terminal_status.terminal"),
                receivedAt: try Self.int64(columns[1].data, "terminal_status.received_at"),
                report: try JSONDecoder().decode(
                    TerminalStatusReport.self, from: Data(try Self.bytes(columns[2].data, "terminal_status.report"))))
        }
    }

    public func lastUpload(terminal: UInt32) async throws -> Int64? {
        let rows = try await read { db in
            try await db.query(
                """
                SELECT j.received_at FROM progress AS p JOIN journal AS j ON j.terminal = p.terminal AND j.sequence = p.stored_through
                WHERE p.terminal = ?1
                """, [.integer(.init(terminal))])
        }
        return try rows.first.map { try Self.int64($0.columns[0].data, "journal.received_at") }
    }
}
