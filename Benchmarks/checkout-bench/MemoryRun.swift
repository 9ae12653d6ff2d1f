import AsyncHTTPClient
import CardProfile
import Foundation
import Logging
import NIOCore
import StoreProcesses
import VirtualCard

/// `checkout-bench --memory-sales N`: the terminal's resident size as its journal grows and
/// wraps. A terminal with a 1 MiB journal syncs to a real back office (so the ring is freed and
/// reused), N sales are made, and the terminal process's VmRSS is sampled along the way.
enum MemoryRun {
    static func run(sales: Int, reader: String, folder: String, issuer: Issuer, host: VirtualCardHost, standalone: Bool = false)
        async throws -> [String: Double]
    {
        let server = BackOfficeProcess(
            database: "sqlite:\(folder)/backoffice.sqlite", logPath: folder + "/backoffice.log", arguments: ["--log-level", "error"])
        let enrolled = try await server.command([
            "terminal", "enrol", "--credential-file", folder + "/credential.json", "--issuer-file", folder + "/issuer.json",
        ])
        guard enrolled.status == 0 else { throw BenchFailure("enrol: \(enrolled.standardError)") }
        if !standalone { try await server.start() }
        defer { Task { try? await server.stop() } }
        // Standalone: no sync, a journal large enough not to fill (to tell the sync's share).
        let journalSize = standalone ? "16M" : "1M"
        let backOffice = standalone ? #""standalone": true"# : #""backOffice": { "url": "\#(server.url)" }"#
        let port = Int.random(in: 40_000..<50_000)
        try """
        { "reader": "\(reader)", "journal": { "path": "\(folder)/memory.journal", "size": "\(journalSize)" },
          "programme": "embedded-demo",
          "trust": { "issuerFile": "\(folder)/issuer.json", "programmeID": \(issuer.programmeID), "acceptTestCards": true },
          "terminalCredentialFile": "\(folder)/credential.json", \(backOffice),
          "posAPI": { "host": "127.0.0.1", "port": \(port) }, "logLevel": "warning" }
        """.write(toFile: folder + "/memory.json", atomically: true, encoding: .utf8)
        let terminal = Process()
        terminal.executableURL = BuiltProducts.executable("loyalty-terminal")
        terminal.arguments = ["run", "--config", folder + "/memory.json"]
        terminal.standardOutput = FileHandle.nullDevice
        try terminal.run()
        defer {
            terminal.terminate()
            terminal.waitUntilExit()
        }
        try await waitForHealth(port: port)

        var samples: [(sales: Int, rssKiB: Int)] = []
        for sale in 1...sales {
            let body = #"{"saleId":"MEM-\#(sale)","amount":\#(85_000 + sale),"currency":"VND"}"#
            let (status, data) = try await post(port, "/v1/sales", body)
            guard status == 200 else { throw BenchFailure("sale \(sale): HTTP \(status) \(String(decoding: data, as: UTF8.self))") }
            if sale % max(1, sales / 20) == 0 || sale == 1 {
                samples.append((sale, try residentKiB(of: terminal.processIdentifier)))
                log("  \(sale) sales: VmRSS \(samples.last!.rssKiB) KiB")
            }
        }
        // The ring must have wrapped, or the figure says nothing about growth.
        let metrics = String(decoding: try await get(port, "/metrics").1, as: UTF8.self)
        let secondHalf = samples.filter { $0.sales > sales / 2 }.map(\.rssKiB)
        return [
            "memorySales": Double(sales),
            "memoryRSSAfterFirstSaleKiB": Double(samples.first!.rssKiB),
            "memoryRSSAtHalfKiB": Double(samples.first { $0.sales >= sales / 2 }!.rssKiB),
            "memoryRSSEndKiB": Double(samples.last!.rssKiB),
            "memoryRSSSecondHalfMaxMinusMinKiB": Double(secondHalf.max()! - secondHalf.min()!),
            "memoryJournalWaitingRecords": metricValue(metrics, "loyalty_journal_waiting_records") ?? -1,
        ]
    }

    static func residentKiB(of pid: Int32) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let value = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { throw BenchFailure("no VmRSS for \(pid)") }
        return value
    }

    static func metricValue(_ text: String, _ name: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    static func waitForHealth(port: Int) async throws {
        for _ in 0..<200 {
            try await Task.sleep(for: .milliseconds(100))
            if (try? await get(port, "/health")) != nil { return }
        }
        throw BenchFailure("the terminal did not start")
    }

    static func get(_ port: Int, _ path: String) async throws -> (Int, Data) {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)"), timeout: .seconds(10))
        return (Int(response.status.code), Data((try await response.body.collect(upTo: 1 << 20)).readableBytesView))
    }
}
