import ArgumentParser

/// A failure a technician can act on: printed as `Error: <message>`, exit status 1.
struct TerminalFailure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
