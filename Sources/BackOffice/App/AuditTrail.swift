import ArgumentParser
import BackOfficeStorage
import Foundation

/// Who is acting and why, for the audit rows the back office's acts record: a command's
/// `cli:<unix user>` and `--reason`, the server's own services, an API user. Task-local, so an
/// act deep in a command (a publication) records who started it.
struct AuditTrail: Sendable {
    var actor: String
    var reason: String

    @TaskLocal static var current = AuditTrail(actor: AuditTrail.commandLineActor(), reason: "")

    /// `cli:` and the Unix user running the command.
    static func commandLineActor() -> String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
            return "cli:" + String(cString: name)
        }
        return "cli:" + (ProcessInfo.processInfo.environment["USER"] ?? "uid \(geteuid())")
    }

    /// Records `action` on `subject` in the audit log, by the current actor, with their reason.
    static func record(_ action: String, subject: String, detail: [String: String] = [:], store: any LedgerStore) async throws {
        let trail = current
        try await store.appendAudit(
            AuditEvent(at: nowMilliseconds(), actor: trail.actor, action: action, subject: subject, reason: trail.reason, detail: detail))
    }
}

/// `--reason`: why, recorded in the audit log with who and when.
struct AuditOptions: ParsableArguments {
    @Option(help: "Why: recorded in the audit log with who and when.") var reason: String = ""

    /// Runs `body` with this command's user and reason as the audit trail.
    func recording<T>(_ body: () async throws -> T) async throws -> T {
        try await AuditTrail.$current.withValue(AuditTrail(actor: AuditTrail.commandLineActor(), reason: reason)) { try await body() }
    }
}
