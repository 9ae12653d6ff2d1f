import ArgumentParser
import Foundation

@testable import BackOfficeApp

/// Parses `arguments` as `loyalty-backoffice` does and returns the command as `T`; nil when it is another.
func parse<T: ParsableCommand>(_ arguments: [String], as _: T.Type = T.self) throws -> T? {
    try LoyaltyBackOfficeCommand.parseAsRoot(arguments) as? T
}

/// The message `loyalty-backoffice` prints for `arguments`, which must not parse (nil when they do).
func refusal(_ arguments: [String]) -> String? {
    do {
        _ = try LoyaltyBackOfficeCommand.parseAsRoot(arguments)
        return nil
    } catch {
        return LoyaltyBackOfficeCommand.message(for: error)
    }
}

/// Runs `body` with a new empty folder, removed afterwards.
func inFolder(_ body: (String) async throws -> Void) async throws {
    let folder = NSTemporaryDirectory() + "loyalty-backoffice-app-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try await body(folder)
}
