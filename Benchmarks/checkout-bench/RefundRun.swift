import AsyncHTTPClient
import CardProfile
import Checkout
import Foundation
import MemberCard
import NIOCore
import PointsEngine
import StoreProcesses
import VirtualCard

/// `checkout-bench --refunds N`: a refund at another till online against a local refund, in the
/// same run on the same card. Till 1 makes 2N sales and syncs them to a real back office; then,
/// alternately, till 1 refunds one of its own sales (found in its journal; online it still asks
/// the back office to hold the refund) and till 2 refunds another by its receipt reference
/// (found and held at the back office). Both go over the POS API with the card on the reader.
/// Also the cost of verifying a receipt reference offline against one P-256 verification.
enum RefundRun {
    static func run(refunds: Int, reader: String, folder: String, issuer: Issuer) async throws -> [String: Double] {
        let server = BackOfficeProcess(
            database: "sqlite:\(folder)/refunds.sqlite", logPath: folder + "/refunds-backoffice.log", arguments: ["--log-level", "error"])
        try TerminalCredentialFile(issuer.enrolTerminal(id: 2), test: true).save(folder + "/credential-2.json")
        for credential in ["credential.json", "credential-2.json"] {
            let enrolled = try await server.command([
                "terminal", "enrol", "--credential-file", folder + "/" + credential, "--issuer-file", folder + "/issuer.json",
            ])
            guard enrolled.status == 0 else { throw BenchFailure("enrol: \(enrolled.standardError)") }
        }
        try await server.start()
        defer { Task { try? await server.stop() } }
        let ports = (Int.random(in: 40_000..<45_000), Int.random(in: 45_000..<50_000))
        let tills = [
            try start(
                number: 1, port: ports.0, credential: "credential.json", reader: reader, folder: folder, issuer: issuer, url: server.url),
            try start(
                number: 2, port: ports.1, credential: "credential-2.json", reader: reader, folder: folder, issuer: issuer, url: server.url),
        ]
        defer {
            for till in tills {
                till.terminate()
                till.waitUntilExit()
            }
        }
        try await MemoryRun.waitForHealth(port: ports.0)
        try await MemoryRun.waitForHealth(port: ports.1)

        log("checkout-bench: \(2 * refunds) sales at till 1, synced; then \(refunds) local and \(refunds) other-till refunds, alternately")
        var receipts: [String] = []
        for sale in 0..<(2 * refunds) {
            let (status, data) = try await post(ports.0, "/v1/sales", #"{"saleId":"RS-\#(sale)","amount":200000,"currency":"VND"}"#)
            guard status == 200, let answer = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                let receipt = answer["receipt"] as? String
            else { throw BenchFailure("sale \(sale): HTTP \(status) \(String(decoding: data, as: UTF8.self))") }
            receipts.append(receipt)
        }
        for _ in 0..<300 {
            let health = try JSONSerialization.jsonObject(with: try await MemoryRun.get(ports.0, "/health").1) as? [String: Any]
            if health?["journalWaitingRecords"] as? Int == 0 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        var local: [Double] = []
        var remote: [Double] = []
        for round in 0..<refunds {
            for (till, sale) in [(0, 2 * round), (1, 2 * round + 1)] {
                let body =
                    till == 0
                    ? #"{"refundId":"RL-\#(round)","saleId":"RS-\#(sale)","amount":100000}"#
                    : #"{"refundId":"RR-\#(round)","saleId":"RS-\#(sale)","amount":100000,"receipt":"\#(receipts[sale])"}"#
                let start = ContinuousClock.now
                let (status, data) = try await post(till == 0 ? ports.0 : ports.1, "/v1/refunds", body)
                let took = micros(ContinuousClock.now - start)
                guard status == 200 else {
                    throw BenchFailure("refund \(round) at till \(till + 1): HTTP \(status) \(String(decoding: data, as: UTF8.self))")
                }
                guard let answer = try JSONSerialization.jsonObject(with: data) as? [String: Any], answer["fallback"] == nil else {
                    throw BenchFailure("refund \(round) at till \(till + 1) went on without the back office")
                }
                if till == 0 { local.append(took) } else { remote.append(took) }
            }
        }
        let verification = try receiptVerification(receipts[0], issuer: issuer)
        return [
            "refunds": Double(refunds),
            "refundLocalMedianMicroseconds": percentile(local, 0.5),
            "refundLocalP99Microseconds": percentile(local, 0.99),
            "refundOtherTillMedianMicroseconds": percentile(remote, 0.5),
            "refundOtherTillP99Microseconds": percentile(remote, 0.99),
            "refundOtherTillMedianOverLocalMedian": percentile(remote, 0.5) / percentile(local, 0.5),
            "refundOtherTillP99OverLocalP99": percentile(remote, 0.99) / percentile(local, 0.99),
            "receiptVerifyMedianMicroseconds": verification.receipt,
            "p256VerifyMedianMicroseconds": verification.signature,
            "receiptVerifyOverP256Verify": verification.receipt / verification.signature,
        ]
    }

    private static func start(
        number: Int, port: Int, credential: String, reader: String, folder: String, issuer: Issuer, url: String
    ) throws -> Process {
        // Each till its own folder: a terminal keeps files beside its journal (its last sync).
        let tillFolder = folder + "/till-\(number)"
        try FileManager.default.createDirectory(atPath: tillFolder, withIntermediateDirectories: true)
        let path = tillFolder + "/terminal.json"
        try """
        { "reader": "\(reader)", "journal": { "path": "\(tillFolder)/terminal.journal", "size": "16M" },
          "programme": "embedded-demo",
          "trust": { "issuerFile": "\(folder)/issuer.json", "programmeID": \(issuer.programmeID), "acceptTestCards": true },
          "terminalCredentialFile": "\(folder)/\(credential)", "backOffice": { "url": "\(url)" },
          "posAPI": { "host": "127.0.0.1", "port": \(port) }, "logLevel": "warning" }
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let terminal = Process()
        terminal.executableURL = BuiltProducts.executable("loyalty-terminal")
        terminal.arguments = ["run", "--config", path]
        terminal.standardOutput = FileHandle.nullDevice
        try terminal.run()
        return terminal
    }

    /// Medians over 2,000 rounds of verifying `receipt` (parse, certificate, signature) and, in
    /// the same rounds, of one P-256 signature verification, the reference it is measured against.
    private static func receiptVerification(_ receipt: String, issuer: Issuer) throws -> (receipt: Double, signature: Double) {
        let policy = TrustPolicy(issuerKey: issuer.publicKey, programmeID: issuer.programmeID, acceptTestCards: true)
        let credential = issuer.enrolTerminal(id: 1)
        let message = Array(repeating: UInt8(7), count: 160)
        let signature = ProfileKeys.sign(message, with: credential.privateKey)
        var receiptTimes: [Double] = []
        var signatureTimes: [Double] = []
        for _ in 0..<2_000 {
            var start = ContinuousClock.now
            guard (try? ReceiptReference(verifying: receipt, policy: policy)) != nil else {
                throw BenchFailure("the receipt did not verify")
            }
            receiptTimes.append(micros(ContinuousClock.now - start))
            start = ContinuousClock.now
            guard ProfileKeys.verify(signature, of: message, by: credential.privateKey.publicKey) else { throw BenchFailure("verify") }
            signatureTimes.append(micros(ContinuousClock.now - start))
        }
        return (percentile(receiptTimes, 0.5), percentile(signatureTimes, 0.5))
    }
}
