import ArgumentParser
import Foundation
import Logging
import Testing

@testable import BackOfficeApp

/// `loyalty-backoffice serve`: the options it checks before it opens anything.
@Suite("loyalty-backoffice serve: option checks")
struct ServeOptionTests {
    @Test("defaults: loopback, port 8090, 8 MiB batches, the card check hourly")
    func defaults() throws {
        let serve = try #require(try parse(["serve", "--database", "sqlite:x.sqlite"], as: ServeCommand.self))
        #expect(serve.host == "127.0.0.1")
        #expect(serve.port == 8090)
        #expect(serve.maximumBatchBytes == 8 << 20)
        #expect(serve.cardCheckSeconds == 3600)
        #expect(serve.unresolvedAfter == 24)
        #expect(serve.tlsCertificate == nil && serve.tlsKey == nil)
        #expect(!serve.unsafePlainHTTP && serve.tlsName.isEmpty)
        #expect(serve.database.database == "sqlite:x.sqlite")
    }

    @Test(
        "each bad option is refused with a message that names it",
        arguments: [
            (["--port", "65536"], "--port must be 0...65535"),
            (["--port=-1"], "--port must be 0...65535"),
            (["--log-level", "loud"], "unknown log level loud"),
            (["--maximum-batch-bytes", "1000"], "--maximum-batch-bytes must be 1024...268435456"),
            (["--tls-certificate", "cert.pem"], "--tls-certificate and --tls-key go together"),
            (["--tls-key", "key.pem"], "--tls-certificate and --tls-key go together"),
            (["--card-check-seconds", "604801"], "--card-check-seconds must be 0...604800"),
            (["--unresolved-after", "87601"], "--unresolved-after must be 0 ... 87600 hours"),
            (["--fault-exit-after-store-percent", "101"], "--fault-exit-after-store-percent must be 0...100"),
            (["--unsafe-plain-http", "--tls-certificate", "c.pem", "--tls-key", "k.pem"], "--unsafe-plain-http serves without TLS"),
            (["--unsafe-plain-http", "--tls-name", "bo.example"], "--unsafe-plain-http serves without TLS"),
            (["--tls-name", "bo.example", "--tls-certificate", "c.pem", "--tls-key", "k.pem"], "--tls-name is for the back office's own"),
            (["--tls-name", "two words"], "is not a host name or IP address"),
        ])
    func refused(options: [String], expected: String) throws {
        let message = try #require(refusal(["serve"] + options))
        #expect(message.contains(expected), "\(message)")
    }

    @Test("the limits themselves are taken")
    func bounds() throws {
        let serve = try #require(
            try parse(
                [
                    "serve", "--port", "0", "--maximum-batch-bytes", "1024", "--card-check-seconds", "0", "--unresolved-after", "87600",
                    "--log-level", "trace", "--tls-certificate", "c.pem", "--tls-key", "k.pem",
                ], as: ServeCommand.self))
        #expect(serve.port == 0 && serve.maximumBatchBytes == 1024 && serve.cardCheckSeconds == 0 && serve.unresolvedAfter == 87600)
    }

    @Test("a certificate file that does not exist is a failure that names both files")
    func missingCertificate() throws {
        let serve = try #require(
            try parse(
                ["serve", "--tls-certificate", "/nonexistent/c.pem", "--tls-key", "/nonexistent/k.pem"], as: ServeCommand.self))
        let failure = #expect(throws: BackOfficeFailure.self) { _ = try serve.serverBuilder(logger: Logger(label: "test")) }
        #expect(failure?.description.contains("/nonexistent/c.pem") == true)
        #expect(failure?.description.contains("/nonexistent/k.pem") == true)
    }

    @Test("the TLS folder: the one given, else tls/ beside a SQLite file, else the PostgreSQL default")
    func tlsFolder() throws {
        let beside = try #require(try parse(["serve", "--database", "sqlite:/srv/bo/backoffice.sqlite"], as: ServeCommand.self))
        #expect(beside.tls.folder(for: beside.database).path == "/srv/bo/tls")
        let given = try #require(
            try parse(["serve", "--database", "sqlite:/srv/bo/backoffice.sqlite", "--tls-directory", "/etc/bo-tls"], as: ServeCommand.self))
        #expect(given.tls.folder(for: given.database).path == "/etc/bo-tls")
        let postgres = try #require(try parse(["serve", "--database", "postgres://u:p@h:5432/d"], as: ServeCommand.self))
        if ProcessInfo.processInfo.environment["LOYALTY_BACKOFFICE_TLS_DIRECTORY"] == nil {
            #expect(postgres.tls.folder(for: postgres.database).path == TLSOptions.postgresDefault)
        }
    }
}
