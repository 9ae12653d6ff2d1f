import ArgumentParser
import Foundation

/// `loyalty-backoffice alarms`: what an operator must look at, newest first.
struct AlarmsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alarms",
        abstract: "List alarms: conflicting uploads, forged, replayed or revoked requests, newest first.")
    @Option(help: "How many.") var limit = 50
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        for alarm in try await withStore(database, { try await $0.alarms(limit: limit) }) {
            let when = Date(timeIntervalSince1970: Double(alarm.at) / 1000)
            let terminal = alarm.terminal.map { " terminal \($0)" } ?? ""
            let sequence = alarm.sequence.map { " sequence \($0)" } ?? ""
            print("\(when) \(alarm.kind)\(terminal)\(sequence): \(alarm.detail)")
        }
    }
}

/// `loyalty-backoffice migrate`: create or upgrade the schema (serve does it too).
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Create or upgrade the database schema, then exit.")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await withStore(database) { _ in }
        print("the database \(database.redacted) is at the current schema")
    }
}
