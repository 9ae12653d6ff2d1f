import CardProfile
import Foundation
import LoyaltyJournal
import PointsEngine
import Testing
import Timekeeping

@testable import TerminalApp

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The checks of `diagnose` that need no card reader, on real files and real HTTP on loopback.
@Suite("Diagnose")
struct DiagnoseTests {
    // MARK: Journal

    /// A journal of `size` bytes with `transactions` one-record transactions, closed.
    func makeJournal(in folder: ConfigurationFolder, size: Int64 = 1 << 20, transactions: Int, clock: ManualWallTime) throws -> String {
        let path = folder.path("terminal.journal")
        let journal = try Journal.create(path: path, size: size, options: JournalOptions(clock: clock))
        for index in 0..<transactions {
            _ = try journal.append(Array("sale \(index)".utf8))
            clock.advance(byMilliseconds: 1000)
        }
        try journal.close()
        return path
    }

    @Test("a healthy journal passes, with its capacity, fill and oldest unsynced age")
    func journalFine() throws {
        let folder = try ConfigurationFolder()
        defer { folder.remove() }
        let clock = ManualWallTime()
        let path = try makeJournal(in: folder, transactions: 3, clock: clock)
        clock.advance(byMilliseconds: 60_000)
        let check = Diagnosis.journal(TerminalConfiguration.JournalSettings(path: path), clock: clock)
        #expect(check.status == .passed, "\(check)")
        #expect(check.detail.contains("3 records"))
        #expect(check.detail.contains("3 transactions"))
        #expect(check.detail.contains("oldest unsynced 63 s"))
        #expect(check.detail.contains("verify clean"))
        #expect(check.fix == nil)
    }

    @Test("a missing journal warns: run creates it")
    func journalMissing() {
        let check = Diagnosis.journal(TerminalConfiguration.JournalSettings(path: "/nonexistent/terminal.journal"))
        #expect(check.status == .warned)
        #expect(check.detail.contains("does not exist yet"))
    }

    @Test("a damaged record before the head fails with the fix")
    func journalCorrupt() throws {
        let folder = try ConfigurationFolder()
        defer { folder.remove() }
        let clock = ManualWallTime()
        let path = try makeJournal(in: folder, transactions: 5, clock: clock)
        // The first record slot starts at 8192 (docs/journal-format.md): spoil its payload.
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: 8192 + 100)
        try handle.write(contentsOf: Data(repeating: 0xEE, count: 64))
        try handle.close()
        let check = Diagnosis.journal(TerminalConfiguration.JournalSettings(path: path), clock: clock)
        #expect(check.status == .failed, "\(check)")
        #expect(check.detail.contains("damaged"))
        #expect(check.fix?.contains("journal verify --path \(path)") == true)
    }

    @Test("a file that is not a journal fails")
    func notAJournal() throws {
        let folder = try ConfigurationFolder()
        defer { folder.remove() }
        let path = try folder.write("terminal.journal", String(repeating: "not a journal ", count: 5000))
        let check = Diagnosis.journal(TerminalConfiguration.JournalSettings(path: path))
        #expect(check.status == .failed)
        #expect(check.detail.contains("cannot be read as a journal"))
    }

    @Test("a journal filling up warns, a full one fails")
    func journalFilling() throws {
        let folder = try ConfigurationFolder()
        defer { folder.remove() }
        let clock = ManualWallTime()
        // 64 KiB: (65536 - 8192) / 512 = 112 records.
        let path = try makeJournal(in: folder, size: 64 << 10, transactions: 90, clock: clock)
        let warned = Diagnosis.journal(TerminalConfiguration.JournalSettings(path: path), clock: clock)
        #expect(warned.status == .warned, "\(warned)")
        #expect(warned.detail.contains("80.4% waiting for sync"))

        let journal = try Journal.open(path: path, options: JournalOptions(clock: clock))
        for _ in 0..<17 { _ = try journal.append([1, 2, 3]) }
        try journal.close()
        let failed = Diagnosis.journal(TerminalConfiguration.JournalSettings(path: path), clock: clock)
        #expect(failed.status == .failed, "\(failed)")
        #expect(failed.fix?.contains("sync") == true)
    }

    // MARK: Programme

    func configuration(in folder: ConfigurationFolder, _ extra: String = "") throws -> TerminalConfiguration {
        try TerminalConfiguration.parse(
            Data(
                """
                {"trust": {"issuerFile": "issuer.json"}, "terminalCredentialFile": "credential.json"\(extra)}
                """.utf8), file: folder.path("terminal.json"))
    }

    static let demoKey =
        "044c65efec8361161a6f05877263d2da66aa7b6aea342ff090e08d3184284a61b2adcbd23d50e8f7e1cd145b585eb977e2eb46a7fb12a13b741695faf6db257400"

    @Test("a programme whose signature does not verify fails; a good one passes; the demo warns")
    func programmeSignature() throws {
        let folder = try ConfigurationFolder()
        defer { folder.remove() }
        try folder.writeIssuerAndCredential()
        var tampered = SignedProgramme.demo
        tampered.signature[10] ^= 0x01
        try Data(tampered.encodedEnvelope()).write(to: folder.url.appendingPathComponent("bad.json"))
        try Data(SignedProgramme.demo.encodedEnvelope()).write(to: folder.url.appendingPathComponent("good.json"))

        let bad = Diagnosis.programme(
            try configuration(in: folder, #", "programme": {"file": "bad.json", "trustedKeys": {"demo-test-key-1": "\#(Self.demoKey)"}}"#))
        #expect(bad.status == .failed)
        #expect(bad.detail.contains("signature does not verify"), "\(bad.detail)")
        #expect(bad.fix != nil)

        let good = Diagnosis.programme(
            try configuration(in: folder, #", "programme": {"file": "good.json", "trustedKeys": {"demo-test-key-1": "\#(Self.demoKey)"}}"#))
        #expect(good.status == .passed, "\(good)")
        #expect(good.detail.contains("\(Programme.demo.programmeId) version \(Programme.demo.version)"))

        let demo = Diagnosis.programme(try configuration(in: folder))
        #expect(demo.status == .warned)
        #expect(demo.fix?.contains("TEST key") == true)
    }

    // MARK: Identity

    @Test("the credential's certificate must verify against the configured issuer")
    func identity() throws {
        let folder = try ConfigurationFolder()
        defer { folder.remove() }
        try folder.writeIssuerAndCredential(programmeID: 9, terminalID: 12)
        let matching = Diagnosis.identity(try configuration(in: folder))
        // A TEST credential warns, but its certificate verified.
        #expect(matching.status == .warned, "\(matching)")
        #expect(matching.detail.contains("terminal 12, programme 9, certificate verified"))

        // Another issuer of the same programme did not sign this certificate.
        let other = Issuer.generateTestIssuer(programmeID: 9)
        try IssuerFile(other, includePrivateKey: false).save(folder.path("issuer.json"))
        let foreign = Diagnosis.identity(try configuration(in: folder))
        #expect(foreign.status == .failed)
        #expect(foreign.detail.contains("not signed by the configured issuer key"))

        let missing = Diagnosis.identity(
            try TerminalConfiguration.parse(
                Data(
                    """
                    {"trust": {"issuerFile": "issuer.json"}, "terminalCredentialFile": "none.json"}
                    """.utf8), file: folder.path("terminal.json")))
        #expect(missing.status == .failed)
        #expect(missing.detail.contains("none.json"))
    }

    // MARK: Back office

    @Test("no back office configured warns")
    func backOfficeNotConfigured() async {
        let checks = await Diagnosis.backOffice(nil)
        #expect(checks.count == 1)
        #expect(checks[0].status == .warned)
        #expect(checks[0].detail == "not configured")
    }

    @Test("an unreachable back office fails with the fix")
    func backOfficeUnreachable() async throws {
        let port = try TimeServer.unusedPort()
        let settings = TerminalConfiguration.BackOfficeSettings(url: "http://127.0.0.1:\(port)", timeoutSeconds: 3)
        let checks = await Diagnosis.backOffice(settings)
        #expect(checks.count == 1)
        #expect(checks[0].name == "back-office")
        #expect(checks[0].status == .failed)
        #expect(checks[0].detail.contains("/v1/time failed"))
        #expect(checks[0].fix?.contains("network") == true)
    }

    @Test("clock skew against a local back office: close passes, off warns, far off fails")
    func clockSkew() async throws {
        let server = try TimeServer(body: #"{"serverTime": 1000000000}"#)
        defer { server.stop() }
        let settings = TerminalConfiguration.BackOfficeSettings(url: "http://127.0.0.1:\(server.port)", maximumClockSkewSeconds: 30)

        let close = await Diagnosis.backOffice(settings, now: { 1_000_010 })
        #expect(close.map(\.status) == [.passed, .passed], "\(close)")
        #expect(close[1].name == "clock")
        #expect(close[1].detail.contains("-10.0 s"))

        let off = await Diagnosis.backOffice(settings, now: { 1_000_100 })
        #expect(off.map(\.status) == [.passed, .warned], "\(off)")
        #expect(off[1].fix?.contains("timedatectl") == true)

        let far = await Diagnosis.backOffice(settings, now: { 999_000 })
        #expect(far.map(\.status) == [.passed, .failed], "\(far)")
        #expect(far[1].detail.contains("+1000.0 s"))
        #expect(server.requests.allSatisfy { $0.hasPrefix("GET /v1/time HTTP/1.1") })
    }

    @Test("a back office answering something else fails")
    func backOfficeWrongAnswer() async throws {
        let html = try TimeServer(body: "<html>captive portal</html>")
        defer { html.stop() }
        let notTime = await Diagnosis.backOffice(TerminalConfiguration.BackOfficeSettings(url: "http://127.0.0.1:\(html.port)"))
        #expect(notTime.map(\.status) == [.failed])
        #expect(notTime[0].detail.contains("not with {\"serverTime\""))

        let broken = try TimeServer(status: "500 Internal Server Error", body: "{}")
        defer { broken.stop() }
        let error = await Diagnosis.backOffice(TerminalConfiguration.BackOfficeSettings(url: "http://127.0.0.1:\(broken.port)"))
        #expect(error.map(\.status) == [.failed])
        #expect(error[0].detail.contains("HTTP 500"))
    }

    // MARK: Report

    @Test("the report counts, renders a table with the fixes, and is not ok when a check failed")
    func report() throws {
        let report = DiagnosisReport(
            configuration: "/etc/t.json",
            checks: [
                .passed("pcscd", "reachable"),
                .warned("back-office", "not configured", fix: "set backOffice.url"),
                .failed("journal", "damaged", fix: "copy it aside"),
            ])
        #expect(report.passed == 1 && report.warned == 1 && report.failed == 1)
        #expect(!report.ok)
        let table = report.table
        #expect(table.contains("pcscd        PASSED  reachable"))
        #expect(table.contains("fix: copy it aside"))
        #expect(table.hasSuffix("1 passed, 1 warned, 1 failed (configuration /etc/t.json)"))
        let json = JournalCLI.json(report)
        let decoded = try JSONDecoder().decode(DiagnosisReport.self, from: Data(json.utf8))
        #expect(decoded == report)
        #expect(DiagnosisReport(configuration: "x", checks: [.warned("a", "b", fix: "c")]).ok)
    }

    @Test("a configuration that does not load fails the diagnosis and skips what needs it")
    func badConfiguration() async {
        let report = await Diagnosis.run(configurationPath: "/nonexistent/terminal.json", logger: .init(label: "test"))
        #expect(report.check("configuration")?.status == .failed)
        #expect(report.check("journal") == nil)
        #expect(!report.ok)
    }
}

/// A one-route HTTP server on loopback for the clock check: answers every request with a
/// fixed status and body, and remembers the request lines.
final class TimeServer: @unchecked Sendable {
    let port: Int
    private let socket: Int32
    private let log: RequestLog
    private let thread: Thread

    var requests: [String] { log.lines }

    final class RequestLog: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [String] = []
        var lines: [String] { lock.withLock { stored } }
        func append(_ line: String) { lock.withLock { stored.append(line) } }
    }

    init(status: String = "200 OK", body: String) throws {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 8) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        port = try Self.port(of: fd)
        socket = fd
        let response =
            "HTTP/1.1 \(status)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        let log = RequestLog()
        self.log = log
        thread = Thread {
            while true {
                let client = accept(fd, nil, nil)
                guard client >= 0 else { return }
                var buffer = [UInt8](repeating: 0, count: 4096)
                var received: [UInt8] = []
                while !received.containsHeaderEnd {
                    let n = read(client, &buffer, buffer.count)
                    if n <= 0 { break }
                    received += buffer[0..<n]
                }
                let request = String(decoding: received, as: UTF8.self)
                log.append(request.components(separatedBy: "\r\n").first ?? "")
                let bytes = Array(response.utf8)
                _ = bytes.withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
                close(client)
            }
        }
        thread.start()
    }

    func stop() {
        shutdown(socket, Int32(SHUT_RDWR))
        close(socket)
    }

    private static func port(of fd: Int32) throws -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard result == 0 else { throw POSIXError(.EIO) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// A loopback port nobody listens on (bound, then released).
    static func unusedPort() throws -> Int {
        let server = try TimeServer(body: "")
        let port = server.port
        server.stop()
        return port
    }
}

extension [UInt8] {
    fileprivate var containsHeaderEnd: Bool {
        guard count >= 4 else { return false }
        for index in 0...(count - 4) where self[index] == 13 && self[index + 1] == 10 && self[index + 2] == 13 && self[index + 3] == 10 {
            return true
        }
        return false
    }
}
