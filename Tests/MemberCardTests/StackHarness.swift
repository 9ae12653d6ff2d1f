import Foundation
import Logging
import PCSC
import TestSupport
import VirtualCard

/// Puts a simulated card on the SECOND virtual reader (`Virtual PCD 00 01`, port 35964), so
/// these tests never meet the driver tests, which use the first one.
enum StackHarness {
    static let reader = PCSCDaemon.secondVirtualReader
    static let port: UInt16 = VirtualCardHost.defaultPort + 1

    /// The card behind the second virtual reader; `shortAPDUsOnly`: a reader that refuses extended APDUs.
    static func host(_ application: any CardApplication, shortAPDUsOnly: Bool = false) -> VirtualCardHost {
        VirtualCardHost(application: application, port: port, shortAPDUsOnly: shortAPDUsOnly, logger: Logger(label: "test.member-card"))
    }

    /// Runs `attempt` again (up to three times) when `pcscd` was stopped or restarted while it
    /// ran: other test targets (the driver's recovery tests) restart the daemon, and Swift
    /// Testing may run their suites beside this one. Each attempt starts from fresh fixtures
    /// and returns what it observed; the test checks the last one.
    static func stable<T: Sendable>(_ attempt: () async throws -> T) async throws -> T {
        // Tests that stop or restart pcscd take RealStack exclusively, so none runs during an
        // attempt; the retry stays for a pcscd restarted from outside the test process.
        try await RealStack.withReader(reader) {
            var lastError: (any Error)?
            for _ in 1...3 {
                try await PCSCDaemon.ensureRunning()
                let before = Set(PCSCDaemon.runningProcessIDs())
                do {
                    let result = try await attempt()
                    if Set(PCSCDaemon.runningProcessIDs()) == before { return result }
                } catch {
                    if Set(PCSCDaemon.runningProcessIDs()) == before, !isServiceLoss(error) { throw error }
                    lastError = error
                }
                try await Task.sleep(for: .milliseconds(500))
            }
            throw lastError ?? HarnessFailure(description: "pcscd restarted during every attempt")
        }
    }

    static func isServiceLoss(_ error: any Error) -> Bool {
        (error as? SCardError)?.meansServiceLost ?? false
    }

    /// Inserts `host`'s card, connects, runs `body`, and takes the card out again. pcscd
    /// notices a card leaving only when it next polls the driver (about every 400 ms), so
    /// this waits until the reader is empty before and after.
    static func withCard<T>(
        _ host: VirtualCardHost,
        _ body: (CardConnection) async throws -> T
    ) async throws -> T {
        try await PCSCDaemon.ensureRunning()
        let context = try PCSCContext()
        defer { context.release() }
        try await context.waitForCardRemoval(from: reader, timeout: .seconds(5))
        host.insert()
        let result: T
        do {
            _ = try await context.waitForCard(in: reader, timeout: .seconds(5))
            let connection = try await context.connect(to: reader)
            result = try await body(connection)
            try? await connection.disconnect()
        } catch {
            host.remove()
            try? await context.waitForCardRemoval(from: reader, timeout: .seconds(5))
            throw error
        }
        host.remove()
        try await context.waitForCardRemoval(from: reader, timeout: .seconds(5))
        return result
    }
}

/// A test set-up that could not be completed.
struct HarnessFailure: Error, CustomStringConvertible {
    let description: String
}
