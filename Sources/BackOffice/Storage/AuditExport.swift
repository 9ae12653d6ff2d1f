import Foundation

/// The audit log as JSON lines: one ``AuditRecord`` a line, keys sorted, oldest first.
public enum AuditExport {
    public static func jsonLines(_ log: any AuditLog, pageSize: Int = 1000) async throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out: [UInt8] = []
        var after: Int64 = 0
        while true {
            let page = try await log.auditRecords(after: after, limit: pageSize)
            for record in page {
                out += Array(try encoder.encode(record))
                out.append(UInt8(ascii: "\n"))
            }
            guard let last = page.last, page.count == pageSize else { return out }
            after = last.sequence
        }
    }
}
