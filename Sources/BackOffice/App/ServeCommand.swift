import ArgumentParser
import BackOffice
import BackOfficeConsole
import BackOfficePostgres
import BackOfficeReports
import BackOfficeStorage
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import Metrics
import NIOSSL
import Prometheus
import ServiceLifecycle
import TLSAuthority
import Timekeeping

/// `loyalty-backoffice serve`: the back office's HTTP server, until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the back office API (docs/backoffice-api.yaml) until SIGTERM or SIGINT.",
        discussion: """
            When listening, one line is printed on standard output: \
            loyalty-backoffice: serving on https://HOST:PORT (database D). Logs go to standard error. \
            Several servers may share one PostgreSQL database (and then one TLS authority: copy the first \
            server's ca.pem and ca-key.pem into the others' --tls-directory).

            HTTPS by default: with no --tls-certificate, the back office makes its own certificate authority \
            and a server certificate for --host, localhost, 127.0.0.1 and every --tls-name in --tls-directory \
            on first start; later starts reuse them and renew the server certificate when its names change or \
            its end is within 30 days. 'terminal enrol' hands terminals the authority to trust. Plain HTTP only \
            with --unsafe-plain-http.
            """)

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port; 0 takes a free one (the ready line says which).") var port = 8090
    @Option(help: "Largest upload body in bytes.") var maximumBatchBytes = 8 << 20
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel = "info"
    @Option(help: "Serve HTTPS with this certificate chain (PEM) instead of the back office's own; needs --tls-key.")
    var tlsCertificate: String?
    @Option(help: "The private key (PEM) of --tls-certificate.") var tlsKey: String?
    @Option(help: "Another name (host name or IP address) terminals reach the server under; repeatable.") var tlsName: [String] = []
    @OptionGroup var tls: TLSOptions
    @Flag(help: "Serve plain HTTP, without TLS: requests and answers can be read and changed on the way. Labs only.")
    var unsafePlainHTTP = false
    @Option(help: "Seconds between two runs of the card chain check, which raises its findings as alarms (0: never).")
    var cardCheckSeconds = 3600
    @Option(help: "Hours after which the card check reports a transaction left unresolved and still unsettled.")
    var unresolvedAfter = 24
    @Option(help: "Seconds between two settlements of replaced cards (with a document key; 0: never).")
    var settleInterval = 60
    @OptionGroup var fleet: FleetOptions
    @OptionGroup var documentKey: DocumentKeyOptions
    @Option(help: .hidden) var faultExitAfterStorePercent: Double = 0
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var limits: ServerLimitOptions

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown log level \(logLevel)") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535") }
        guard (1024...(256 << 20)).contains(maximumBatchBytes) else {
            throw ValidationError("--maximum-batch-bytes must be 1024...268435456")
        }
        guard (0...86_400).contains(settleInterval) else { throw ValidationError("--settle-interval must be 0...86400 seconds") }
        guard (0...100).contains(faultExitAfterStorePercent) else {
            throw ValidationError("--fault-exit-after-store-percent must be 0...100")
        }
        guard (tlsCertificate == nil) == (tlsKey == nil) else { throw ValidationError("--tls-certificate and --tls-key go together") }
        if unsafePlainHTTP {
            guard tlsCertificate == nil, tlsName.isEmpty else {
                throw ValidationError("--unsafe-plain-http serves without TLS: it takes no --tls-certificate, --tls-key or --tls-name")
            }
        } else if tlsCertificate != nil, !tlsName.isEmpty {
            throw ValidationError("--tls-name is for the back office's own certificate, not with --tls-certificate")
        }
        for name in tlsName where name.isEmpty || name.contains(where: { $0.isWhitespace || $0 == "/" }) {
            throw ValidationError("--tls-name \"\(name)\" is not a host name or IP address")
        }
        guard (0...604_800).contains(cardCheckSeconds) else { throw ValidationError("--card-check-seconds must be 0...604800") }
        guard (0...87_600).contains(unresolvedAfter) else { throw ValidationError("--unresolved-after must be 0 ... 87600 hours") }
        try fleet.validate()
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel)!
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "loyalty-backoffice")
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let wallTime = processWallTime(environment: ProcessInfo.processInfo.environment)
        if let simulated = wallTime as? SimulatedWallTime {
            logger.warning("simulated store clock in force", metadata: ["file": "\(simulated.file.path)"])
        }
        let clock = ContinuousClock()
        // TLS first: a certificate that cannot be used stops the start before the database is opened.
        let builder = try serverBuilder(logger: logger)
        // The database's connection pool is a service of the group (PostgreSQL); the schema is
        // brought up to date before the API listens.
        let store = try await database.connect(logger: logger, runsPool: false)
        let percent = faultExitAfterStorePercent
        var options = BackOfficeOptions(maximumBatchBytes: maximumBatchBytes)
        options.clock = { Int64(wallTime.millisecondsSinceEpoch()) }
        if percent > 0 {
            logger.critical("fault injection: exits after storing \(percent)% of batches, before answering")
            options.afterStore = {
                if Double.random(in: 0..<100) < percent {
                    FileHandle.standardError.write(Data("loyalty-backoffice: fault injection: exiting after a store\n".utf8))
                    _exit(86)
                }
            }
        }
        let redacted = database.redacted
        let host = host
        let signer = try documentKey.signingKeyIfGiven()
        let router = BackOfficeServer.router(
            store: store, options: options, cards: signer.map { SignedCardOperations(key: $0, store: store) }, logger: logger)
        // The console, under /console: the same server, the same store.
        var consoleOptions = ConsoleOptions(secureCookies: !unsafePlainHTTP, clock: options.clock)
        consoleOptions.fleetThresholds = fleet.thresholds
        consoleOptions.actions = ServeConsoleActions(store: store, key: signer)
        try Console.register(on: router, store: store, options: consoleOptions, logger: logger)
        router.get("/metrics") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        let scheme = unsafePlainHTTP ? "http" : "https"
        let server = Application(
            router: router,
            server: builder,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "loyalty-backoffice"),
            onServerRunning: { channel in
                let line = "loyalty-backoffice: serving on \(scheme)://\(host):\(channel.localAddress?.port ?? 0) (database \(redacted))\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            },
            logger: logger)
        // A group stops its services last to first: the API first, the database last.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let pooled = store as? PostgresLedgerStore {
            services.append(.init(service: pooled, serviceName: "database"))
        }
        services.append(
            .init(
                service: PeriodicService.purge(store: store, wallTime: wallTime, clock: clock, logger: logger), serviceName: "nonce-purge"))
        if cardCheckSeconds > 0 {
            let check = PeriodicService.cardCheck(
                store: store, interval: .seconds(cardCheckSeconds), unresolvedLimit: Int64(unresolvedAfter) * 3600,
                wallTime: wallTime, clock: clock, logger: logger)
            services.append(.init(service: check, serviceName: "card-check"))
        }
        if settleInterval > 0, let key = signer {
            let settlement = PeriodicService.settlement(
                store: store, key: key, interval: .seconds(settleInterval), clock: clock, logger: logger)
            services.append(.init(service: settlement, serviceName: "settlement"))
        }
        if fleet.fleetCheckSeconds > 0 {
            let check = PeriodicService.fleetCheck(
                FleetCheck(store: store, thresholds: fleet.thresholds), interval: .seconds(fleet.fleetCheckSeconds), wallTime: wallTime,
                clock: clock, logger: logger)
            services.append(.init(service: check, serviceName: "fleet-check"))
        }
        if let url = fleet.alarmWebhook {
            let webhook = AlarmWebhook(url: url, logger: logger)
            services.append(
                .init(service: AlarmWebhookService(store: store, webhook: webhook, logger: logger), serviceName: "alarm-webhook"))
        }
        let database = self.database
        services.append(.init(service: AfterMigration(store: store, database: database, server: server), serviceName: "api"))
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services,
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        do {
            try await group.run()
        } catch {
            try? await store.close()
            throw BackOfficeFailure("the back office stopped: \(error)")
        }
        try await store.close()
    }
}

extension ServeCommand {
    /// HTTP/1.1 over TLS (the certificate given, or the back office's own), or plain with
    /// `--unsafe-plain-http`.
    func serverBuilder(logger: Logger) throws -> HTTPServerBuilder {
        if unsafePlainHTTP {
            logger.warning("serving plain HTTP (--unsafe-plain-http): anyone on the network can read and change the traffic; labs only")
            return limits.http1()
        }
        let certificateFile: String
        let keyFile: String
        if let tlsCertificate, let tlsKey {
            try SecretFileCheck.require(tlsKey, holding: "the TLS private key (--tls-key)")
            (certificateFile, keyFile) = (tlsCertificate, tlsKey)
        } else {
            let folder = tls.folder(for: database)
            let prepared:
                (authority: CertificateAuthority, authorityMade: Bool, server: ServerIdentity, change: TLSFolder.ServerCertificateChange)
            do {
                prepared = try folder.prepare(names: ServerNames([host] + tlsName))
            } catch {
                throw BackOfficeFailure("the TLS folder \(folder.path) cannot be used: \(error)")
            }
            if prepared.authorityMade {
                logger.notice(
                    "made the back office's certificate authority \(folder.authorityCertificatePath): terminal enrol hands it to terminals")
            }
            switch prepared.change {
            case .made: logger.notice("made the server certificate \(folder.serverCertificatePath)")
            case .renewed(let reason): logger.notice("renewed the server certificate \(folder.serverCertificatePath): \(reason)")
            case .reused: logger.info("using the server certificate \(folder.serverCertificatePath)")
            }
            (certificateFile, keyFile) = (folder.serverCertificatePath, folder.serverKeyPath)
        }
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(certificateFile).map { NIOSSLCertificateSource.certificate($0) }
            let key = try NIOSSLPrivateKey(file: keyFile, format: .pem)
            return try .tls(
                limits.http1(), tlsConfiguration: .makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key)))
        } catch {
            throw BackOfficeFailure("the TLS certificate \(certificateFile) or key \(keyFile) cannot be used: \(error)")
        }
    }
}

extension PeriodicService {
    /// Forgets request nonces once their time is out of the window (they can no longer be
    /// replayed), and console sessions once they have ended (a session's own request also ends
    /// it), every minute.
    static func purge(store: any LedgerStore, wallTime: any WallTime, clock: any Clock<Duration>, logger: Logger) -> PeriodicService {
        PeriodicService(name: "purge of old nonces and console sessions", interval: .seconds(60), clock: clock, logger: logger) {
            try await store.purgeNonces(expiredBefore: nowMilliseconds(wallTime))
            try await store.purgeSessions(now: nowMilliseconds(wallTime), idleLimit: ConsoleOptions().idleLimit)
        }
    }
}

/// The API, listening once the store's schema is up to date (a PostgreSQL store's statements
/// wait for its pool, which runs as a service of the same group).
struct AfterMigration<Server: Service>: Service {
    let store: any LedgerStore
    let database: DatabaseOptions
    let server: Server

    func run() async throws {
        try await database.migrate(store)
        try await server.run()
    }
}
