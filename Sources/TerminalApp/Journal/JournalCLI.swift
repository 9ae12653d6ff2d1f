import ArgumentParser
import Foundation
import LoyaltyJournal

/// Helpers shared by the journal subcommands.
enum JournalCLI {
    /// Runs `body`, turning a journal error into a readable message on standard error and exit
    /// status 1.
    static func run<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as ExitCode {
            throw error
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// "16777216", "16M", "256K", "1G" to bytes.
    static func parseSize(_ text: String) -> Int64? {
        let units: [Character: Int64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        if let last = text.uppercased().last, let unit = units[last] {
            return Int64(text.dropLast()).map { $0 * unit }
        }
        return Int64(text)
    }

    /// Pretty, key-sorted JSON of `value`.
    static func json<T: Encodable>(_ value: T, pretty: Bool = true) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Writes `line` and a newline straight to standard output (no buffering), so that what is
    /// printed is out of the process as soon as the call returns.
    static func writeLineUnbuffered(_ line: String) {
        var bytes = Array((line + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(1, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 {
                if errno == EINTR { continue }
                return
            }
            offset += n
        }
        bytes.removeAll()
    }

    /// "3 s", "2 min", "5 h", "2 d".
    static func describeAge(milliseconds: UInt64) -> String {
        let seconds = milliseconds / 1000
        if seconds < 120 { return "\(seconds) s" }
        if seconds < 7200 { return "\(seconds / 60) min" }
        if seconds < 172_800 { return "\(seconds / 3600) h" }
        return "\(seconds / 86400) d"
    }
}
