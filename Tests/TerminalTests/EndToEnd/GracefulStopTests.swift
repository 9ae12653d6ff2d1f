import Foundation
import StoreProcesses
import TestSupport
import Testing

/// Every executable ends gracefully on SIGTERM and on SIGINT (its services in one
/// `ServiceGroup`): status 0, its last words said (the terminal's checkpoint journaled, the
/// simulated card taken out), within seconds.
@Suite("Graceful stop of every executable", .serialized)
struct GracefulStopTests {
    @Test("loyalty-terminal run: a sale, then the signal: status 0 and the checkpoint journaled", arguments: [SIGTERM, SIGINT])
    func terminal(signal: Int32) async throws {
        try await CheckoutEndToEndTests.withTerminal { terminal in
            try await terminal.insertCard()
            let sale = try await terminal.post("/v1/sales", CheckoutEndToEndTests.sale("S-1", 85_000))
            #expect(sale.status == 200)
            #expect(try await terminal.stop(signal: signal) == 0)
            #expect(try terminal.journalKinds() == ["sale", "checkpoint"])
            #expect(terminal.log.contains("services stopped"))
        }
    }

    @Test("loyalty-backoffice serve: status 0", arguments: [SIGTERM, SIGINT])
    func backOffice(signal: Int32) async throws {
        let directory = NSTemporaryDirectory() + "graceful-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = BackOfficeProcess(database: "sqlite:\(directory)/backoffice.sqlite", logPath: directory + "/backoffice.log")
        try await server.start()
        let started = ContinuousClock.now
        #expect(try await server.stop(signal: signal) == 0)
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test("loyalty-sim card: the card is taken out, status 0", arguments: [SIGTERM, SIGINT])
    func simulatedCard(signal: Int32) async throws {
        let process = Process()
        process.executableURL = BuiltProducts.executable("loyalty-sim")
        // A port no vpcd listens on: the card waits for its reader, as on a machine without pcscd.
        process.arguments = ["card", "--uid", "04A1B2C3D4E5F6", "--port", "35989"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let lines = LineCollector(output.fileHandleForReading)
        try await lines.waitFor("presented")
        kill(process.processIdentifier, signal)
        try await lines.waitFor("card removed")
        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning { process.terminate() }
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
    }
}

/// What a child process printed so far, read in the background.
private final class LineCollector: Sendable {
    private let text: PipeText

    init(_ handle: FileHandle) { text = PipeText(handle) }

    func waitFor(_ needle: String, timeout: Duration = .seconds(10)) async throws {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while !text.value.contains(needle) {
            guard ContinuousClock.now < deadline else {
                throw HarnessError("\"\(needle)\" not printed in \(timeout): \(text.value)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
