import Foundation

/// One line of `loyalty-terminal diagnose`: what was checked, how it went, what was seen, and
/// what to try when it did not pass.
struct DiagnosticCheck: Codable, Equatable, Sendable {
    enum Status: String, Codable, Sendable, Comparable {
        case passed, warned, failed

        private var rank: Int {
            switch self {
            case .passed: 0
            case .warned: 1
            case .failed: 2
            }
        }

        static func < (a: Status, b: Status) -> Bool { a.rank < b.rank }
    }

    /// The check's stable name (`pcscd`, `readers`, `test-read`, `journal`, ...).
    var name: String
    var status: Status
    /// What was seen, in one line.
    var detail: String
    /// What to try, when the check did not pass.
    var fix: String?

    static func passed(_ name: String, _ detail: String) -> DiagnosticCheck {
        DiagnosticCheck(name: name, status: .passed, detail: detail, fix: nil)
    }

    static func warned(_ name: String, _ detail: String, fix: String) -> DiagnosticCheck {
        DiagnosticCheck(name: name, status: .warned, detail: detail, fix: fix)
    }

    static func failed(_ name: String, _ detail: String, fix: String) -> DiagnosticCheck {
        DiagnosticCheck(name: name, status: .failed, detail: detail, fix: fix)
    }
}

/// Every check of one diagnosis, as printed.
struct DiagnosisReport: Codable, Equatable, Sendable {
    var configuration: String
    var checks: [DiagnosticCheck]
    var passed: Int
    var warned: Int
    var failed: Int
    /// True when nothing failed (warnings allowed).
    var ok: Bool

    init(configuration: String, checks: [DiagnosticCheck]) {
        self.configuration = configuration
        self.checks = checks
        passed = checks.count { $0.status == .passed }
        warned = checks.count { $0.status == .warned }
        failed = checks.count { $0.status == .failed }
        ok = failed == 0
    }

    /// The check named `name`, if it ran.
    func check(_ name: String) -> DiagnosticCheck? { checks.first { $0.name == name } }

    /// The readable table: one row per check, the fix under any row that did not pass.
    var table: String {
        let nameWidth = max(5, checks.map(\.name.count).max() ?? 0)
        var lines = ["\("CHECK".padding(toLength: nameWidth, withPad: " ", startingAt: 0))  STATUS  DETAIL"]
        for check in checks {
            let status = check.status.rawValue.uppercased().padding(toLength: 6, withPad: " ", startingAt: 0)
            lines.append("\(check.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0))  \(status)  \(check.detail)")
            if let fix = check.fix, check.status != .passed {
                lines.append("\(String(repeating: " ", count: nameWidth + 10))fix: \(fix)")
            }
        }
        lines.append("")
        lines.append("\(passed) passed, \(warned) warned, \(failed) failed (configuration \(configuration))")
        return lines.joined(separator: "\n")
    }
}
