import ArgumentParser
import BackOfficeStorage
import Foundation

/// `loyalty-backoffice audit list|verify|export`: the audit log of administrative acts
/// (docs/console.md, "Audit log").
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Read, verify and export the audit log (who did what, when and why).",
        subcommands: [List.self, Verify.self, Export.self])

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The newest rows, newest first.")
        @Option(help: "How many.") var limit = 50
        @Option(help: "text (one row a line) or json (one JSON object a line, with the hashes).") var format: Format = .text
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let rows = try await withStore(database) { try await $0.auditRecords(before: nil, limit: limit) }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            for row in rows {
                switch format {
                case .json: print(String(decoding: try encoder.encode(row), as: UTF8.self))
                case .text:
                    let when = Date(timeIntervalSince1970: Double(row.at) / 1000)
                    let why = row.reason.isEmpty ? "" : " (\(row.reason))"
                    let detail = row.detail == "{}" ? "" : " \(row.detail)"
                    print("#\(row.sequence) \(when) \(row.actor) \(row.action) \(row.subject)\(why)\(detail)")
                }
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Walk the hash chain: exit 0 when every row holds, else 1 naming the first bad row.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let verification = try await withStore(database) { try await $0.verifyAuditChain() }
            if let problem = verification.problem {
                throw BackOfficeFailure("the audit log is broken at row \(problem.sequence): \(problem.reason)")
            }
            print("the audit log verifies: \(verification.verified) rows")
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write every row as JSON lines with the hashes, oldest first, for an outside reader to verify.")
        @Option(help: "The file to write.") var output: String
        @OptionGroup var audit: AuditOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws { try await audit.recording { try await act() } }

        func act() async throws {
            let lines = try await withStore(database) { store in
                try await AuditTrail.record("audit.export", subject: "audit log", detail: ["file": output], store: store)
                return try await AuditExport.jsonLines(store)
            }
            do {
                try Data(lines).write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                throw BackOfficeFailure("\(output) cannot be written: \(error)")
            }
            print("\(lines.filter { $0 == UInt8(ascii: "\n") }.count) rows written to \(output)")
        }
    }
}
