import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL
import SyncProtocol

/// `loyalty-backoffice pull`: synced transactions from a back office over its API, page after
/// page, to standard output or a file, with progress on standard error; resumable by cursor.
struct PullCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Pull synced journal transactions as NDJSON or CSV, resuming from a cursor.",
        discussion: """
            Pages through GET /v1/journal until caught up. The cursor to resume from is printed on standard error at the end \
            (and written to --cursor-file when given, which is also read at the start when --since is not given): a later \
            pull from it gets exactly the transactions stored since, none missed or repeated.
            """)

    @Option(help: "The back office's base URL.") var url = "https://127.0.0.1:8090"
    @Option(
        help: ArgumentHelp(
            "A PEM file of the certificate authorities trusted for the back office (its ca.pem) instead of the system's.",
            discussion: "Default: the back office's own authority, in --tls-directory, when that folder holds one."))
    var caFile: String?
    @OptionGroup var tls: TLSOptions
    @OptionGroup var database: DatabaseOptions
    @Option(help: "A file holding the user's bearer token (from 'user add').") var tokenFile: String
    @Option(help: "Resume after this cursor (default: the start, or --cursor-file's).") var since: String?
    @Option(help: "Read the cursor from, and write the new one to, this file.") var cursorFile: String?
    @Option(help: "Only this terminal.") var terminal: UInt32?
    @Option(help: "Only transactions recorded at or after this time (ms since the epoch).") var from: Int64?
    @Option(help: "Only transactions recorded before this time (ms since the epoch).") var before: Int64?
    @Option(help: "ndjson or csv.") var format = "ndjson"
    @Option(help: "Write here instead of standard output.") var output: String?
    @Option(help: "Transactions per page (1...10000).") var pageSize = 5000

    func validate() throws {
        guard ["ndjson", "csv"].contains(format) else { throw ValidationError("--format must be ndjson or csv") }
        guard (1...10_000).contains(pageSize) else { throw ValidationError("--page-size must be 1...10000") }
    }

    /// The shared client (system roots), or one trusting `--ca-file` or the back office's own
    /// authority alone.
    private func makeClient() throws -> HTTPClient {
        var authorityFile = caFile
        if authorityFile == nil {
            let own = tls.folder(for: database).authorityCertificatePath
            if FileManager.default.fileExists(atPath: own) { authorityFile = own }
        }
        guard let authorityFile, url.lowercased().hasPrefix("https://") else { return .shared }
        var configuration = TLSConfiguration.makeClientConfiguration()
        do {
            configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(authorityFile))
        } catch {
            throw BackOfficeFailure("the certificate authority file \(authorityFile) holds no PEM certificate: \(error)")
        }
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(tlsConfiguration: configuration))
    }

    func run() async throws {
        try SecretFileCheck.require(tokenFile, holding: "the user's token (--token-file)")
        guard let text = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
            throw BackOfficeFailure(
                "the token file \(tokenFile) cannot be read (write it with 'loyalty-backoffice user add NAME --token-file FILE')")
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var cursor = since
        if cursor == nil, let cursorFile, let saved = try? String(contentsOfFile: cursorFile, encoding: .utf8) {
            cursor = saved.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let client = try makeClient()
        do {
            try await pull(with: client, token: token, from: cursor)
        } catch {
            if client !== HTTPClient.shared { try? await client.shutdown() }
            throw error
        }
        if client !== HTTPClient.shared { try await client.shutdown() }
    }

    /// Pages through the journal from `cursor` with `client`.
    private func pull(with client: HTTPClient, token: String, from start: String?) async throws {
        var cursor = start
        let sink: FileHandle
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil) else { throw BackOfficeFailure("cannot write \(output)") }
            sink = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        } else {
            sink = FileHandle.standardOutput
        }
        defer { if output != nil { try? sink.close() } }

        var total = 0
        var pages = 0
        let started = Date()
        while true {
            var query = ["limit=\(pageSize)", "format=\(format)"]
            if let cursor { query.append("after=\(cursor)") }
            if let terminal { query.append("terminal=\(terminal)") }
            if let from { query.append("from=\(from)") }
            if let before { query.append("before=\(before)") }
            var request = HTTPClientRequest(url: url + "/v1/journal?" + query.joined(separator: "&"))
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            let response = try await client.execute(request, timeout: .seconds(120))
            var body = try await response.body.collect(upTo: 512 << 20)
            guard response.status.code == 200 else {
                let problem = try? JSONDecoder().decode(ProblemAnswer.self, from: Data(body.readableBytesView))
                throw BackOfficeFailure(
                    "the back office refused the pull: HTTP \(response.status.code) \(problem.map { "\($0.error): \($0.reason)" } ?? "")")
            }
            guard let next = response.headers.first(name: SyncHeader.nextCursor) else {
                throw BackOfficeFailure("the answer carries no \(SyncHeader.nextCursor): is \(url) a loyalty back office?")
            }
            var bytes = body.readBytes(length: body.readableBytes) ?? []
            var lines = bytes.reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            if format == "csv" {
                // One header line for the whole output.
                lines -= 1
                if pages > 0, let end = bytes.firstIndex(of: UInt8(ascii: "\n")) { bytes.removeSubrange(...end) }
            }
            sink.write(Data(bytes))
            total += lines
            pages += 1
            cursor = next
            if let cursorFile { try next.write(toFile: cursorFile, atomically: true, encoding: .utf8) }
            let seconds = max(Date().timeIntervalSince(started), 0.001)
            FileHandle.standardError.write(
                Data("\rpulled \(total) transactions in \(pages) pages (\(Int(Double(total) / seconds))/s)".utf8))
            if response.headers.first(name: SyncHeader.more) != "true" { break }
        }
        FileHandle.standardError.write(Data("\nnext cursor: \(cursor ?? "c0")\n".utf8))
    }
}
