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

    static func host(_ application: any CardApplication) -> VirtualCardHost {
        VirtualCardHost(application: application, port: port, logger: Logger(label: "test.member-card"))
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
