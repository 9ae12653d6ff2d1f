import ArgumentParser

@testable import SimulatorApp

/// Parses `arguments` as `loyalty-sim` does and returns the command as `T`; nil when it is another.
func parse<T: ParsableCommand>(_ arguments: [String], as _: T.Type = T.self) throws -> T? {
    try LoyaltySimCommand.parseAsRoot(arguments) as? T
}

/// The message `loyalty-sim` prints for `arguments`, which must not parse (nil when they do).
func refusal(_ arguments: [String]) -> String? {
    do {
        _ = try LoyaltySimCommand.parseAsRoot(arguments)
        return nil
    } catch {
        return LoyaltySimCommand.message(for: error)
    }
}
