import BackOfficeStorage
import Foundation
import Logging

/// What a page's builder receives: the store, the signed-in user, the request's query, path
/// parameters and form fields, the clock, and helpers to record an audit row and show a time.
public struct ConsoleRequest: Sendable {
    /// Everything the back office keeps.
    public let store: any LedgerStore
    /// Who is signed in (their role is at least the page's).
    public let user: BackOfficeUser
    /// The session's CSRF token (the layout puts it in scope as `{{csrf}}`).
    public let csrfToken: String
    /// The query's parameters (the last of a repeated one).
    public let query: [String: String]
    /// The path's parameters (`:member` in the page's path: `parameters["member"]`).
    public let parameters: [String: String]
    /// A POST's form fields, every value of each (empty for a GET).
    public let form: [String: [String]]
    /// When the request arrived, ms since the Unix epoch.
    public let now: Int64
    public let options: ConsoleOptions
    public let logger: Logger

    /// The path parameter `name`.
    public func parameter(_ name: String) -> String? { parameters[name] }

    /// The form field `name` (its first value).
    public func field(_ name: String) -> String? { form[name]?.first }

    /// Records an administrative act in the audit log, by the signed-in user.
    public func audit(action: String, subject: String, reason: String = "", detail: [String: String] = [:]) async throws {
        try await store.appendAudit(
            AuditEvent(at: now, actor: user.name, action: action, subject: subject, reason: reason, detail: detail))
    }

    /// `ms` as a readable local time: `2026-12-07 14:05:09`.
    public func time(_ ms: Int64) -> String { ConsoleTime.text(ms, timeZone: options.timeZone) }
}

/// Times as the console shows them.
public enum ConsoleTime {
    /// `ms` since the Unix epoch as `yyyy-MM-dd HH:mm:ss` in `timeZone`.
    public static func text(_ ms: Int64, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: Double(ms) / 1000))
        func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : String($0) } ?? "00" }
        return "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))"
    }
}
