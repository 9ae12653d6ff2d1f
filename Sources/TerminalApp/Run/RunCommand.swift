import ArgumentParser
import Checkout
import Foundation
import Hummingbird
import Logging
import LoyaltyJournal
import MemberCard
import PCSC
import POSAPI
import PointsEngine
import ServiceLifecycle
import TerminalSync
import Timekeeping

/// `loyalty-terminal run --config FILE`: the terminal's one long-running process.
///
/// One `ServiceGroup` runs the POS API server (with `GET /metrics`), the reader monitor, the
/// journal gauges and, with a back office, the sync service. SIGTERM or SIGINT shuts it down
/// gracefully: the server stops accepting
/// connections and lets the requests in flight finish (a tap under way completes and is
/// answered), the other services stop, then the journal is closed.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the terminal: POS API, checkout, reader monitor, sync and metrics, until SIGTERM or SIGINT.",
        discussion: """
            The configuration file is described in docs/configuration.md. When the POS API is up, one line is \
            printed on standard output: loyalty-terminal: serving POS API on http://HOST:PORT (or unix:PATH) \
            (terminal N, reader R, journal PATH). \
            Logs go to standard error.
            """
    )

    @Option(help: "The configuration file.")
    var config: String = TerminalConfiguration.defaultPath

    @Flag(help: "Print the effective configuration (defaults filled in, paths absolute) as JSON and exit.")
    var printConfig = false

    /// The simulator's "clock that drifts": every clock of the terminal runs this far off.
    @Option(help: .hidden)
    var simulatedClockOffsetSeconds: Int64 = 0

    func run() async throws {
        let configuration: TerminalConfiguration
        do {
            configuration = try TerminalConfiguration.load(path: config)
        } catch {
            throw TerminalFailure("configuration: \(error)")
        }
        if printConfig {
            print(JournalCLI.json(EffectiveConfiguration(configuration)))
            return
        }
        let level = configuration.logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "loyalty-terminal")
        let shopTime = processWallTime(environment: ProcessInfo.processInfo.environment)
        if let simulated = shopTime as? SimulatedWallTime {
            logger.warning("simulated store clock in force", metadata: ["file": "\(simulated.file.path)"])
        }
        if simulatedClockOffsetSeconds != 0 {
            logger.warning("simulated clock offset in force", metadata: ["seconds": "\(simulatedClockOffsetSeconds)"])
        }
        try await TerminalRunner(
            configuration: configuration, logger: logger,
            wallTime: ShiftedWallTime(offsetSeconds: simulatedClockOffsetSeconds, of: shopTime), clock: ContinuousClock()
        ).run()
    }
}

/// Builds the terminal's services from a configuration and runs them until shutdown.
struct TerminalRunner {
    let configuration: TerminalConfiguration
    let logger: Logger
    /// The time of day for every record of the terminal (shifted only in simulations).
    let wallTime: any WallTime
    /// The clock every wait of the terminal runs on.
    let clock: any Clock<Duration>

    func run() async throws {
        let resources: TerminalResources
        do {
            resources = try configuration.loadResources()
        } catch {
            throw TerminalFailure("configuration: \(error)")
        }
        // Before anything creates a metric: a metric made before the bootstrap would go nowhere.
        TerminalMetrics.bootstrap()
        let journal = try JournalOpening.openOrCreate(configuration.journal, clock: wallTime, logger: logger)
        do {
            try await serve(resources: resources, journal: journal)
        } catch {
            try? journal.close()
            throw error
        }
        do {
            try journal.close()
            logger.info("journal closed", metadata: ["path": "\(configuration.journal.path)"])
        } catch {
            throw TerminalFailure("closing the journal \(configuration.journal.path) failed: \(error)")
        }
    }

    private func serve(resources: TerminalResources, journal: Journal) async throws {
        let engine: PointsEngine
        do {
            engine = try PointsEngine(programme: resources.programme)
        } catch {
            throw TerminalFailure("the programme \(resources.programme.programmeId) cannot be used: \(error)")
        }
        let profiles: ReaderProfileCatalog
        do {
            profiles = try ReaderProfileCatalog.locate(explicit: configuration.readerProfiles)
        } catch {
            throw TerminalFailure("the reader profiles cannot be read: \(error)")
        }
        logger.info(
            "reader profiles loaded",
            metadata: [
                "profiles": "\(profiles.profiles.count)", "from": "\(profiles.source?.path ?? "built in")",
            ])
        let checkoutConfiguration = CheckoutConfiguration(
            credential: resources.credential, policy: resources.policy, engine: engine,
            defaultWait: .seconds(configuration.defaultWaitSeconds),
            maximumWaitSeconds: configuration.maximumWaitSeconds, readerProfiles: profiles)
        let connector = PCSCCardConnector(reader: configuration.reader, logger: logger)
        let checkout: CheckoutService
        do {
            checkout = try CheckoutService(
                configuration: checkoutConfiguration, journal: journal, connector: connector,
                wallTime: wallTime, clock: clock, logger: logger)
        } catch {
            throw TerminalFailure("the checkout cannot start: \(error)")
        }
        checkout.keepUIDStates(in: UIDStateFile(journalPath: configuration.journal.path, logger: logger))

        if configuration.standalone {
            // No back office will ever sync: the terminal's own journal is the record.
            checkout.setConnectivity(online: true, lastSync: checkout.now())
            logger.notice("standalone terminal: no back office, the programme's offline limits do not apply")
        }

        let listener = POSAPIListener(settings: configuration.posAPI)
        let router = POSAPI.router(checkout: checkout, options: listener.options(token: resources.token), logger: logger)
        TerminalMetrics.addRoute(to: router)

        let readyLine = ReadyLine(
            listener: listener, terminalID: resources.credential.terminalID,
            reader: configuration.reader ?? "first listed", journal: configuration.journal.path)
        try listener.prepare()
        let server = Application(
            router: router,
            server: listener.limits.http1(logger: logger),
            configuration: ApplicationConfiguration(address: listener.address, serverName: "loyalty-terminal"),
            onServerRunning: { [logger] channel in
                listener.listening(logger: logger)
                JournalCLI.writeLineUnbuffered(readyLine.text(port: channel.localAddress?.port ?? 0))
            },
            logger: logger)

        // A group stops its services last to first: the POS API first (no new request), the
        // checkout last (it journals the card writes confirmed since the last entry, so a
        // restart finds nothing in doubt that was not).
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: OnShutdown { await checkout.shutdown() }, serviceName: "checkout")
        ]
        let backOfficeClient = try BackOfficeClient.make(
            configuration.backOffice, enrolledAuthority: try configuration.loadBackOfficeAuthority())
        if backOfficeClient.owned {
            let client = backOfficeClient.client
            services.append(.init(service: OnShutdown { try? await client.shutdown() }, serviceName: "back-office-client"))
        }
        if let backOffice = configuration.backOffice {
            let documents = try DownloadedDocuments(
                journalPath: configuration.journal.path, resources: resources, checkout: checkout, wallTime: wallTime, logger: logger)
            documents.applyKept()
            documents.showRefusals()
            // The last sync from before a restart: offline, the programme's limits count from it.
            let lastSyncFile = LastSyncFile(journalPath: configuration.journal.path, logger: logger)
            let keptSync = lastSyncFile.load(now: Int64(wallTime.millisecondsSinceEpoch()))
            checkout.setConnectivity(online: false, lastSync: keptSync.map { Timestamp(secondsSinceEpoch: $0 / 1000) })
            logger.info("last sync kept", metadata: ["lastSync": "\(keptSync.map(String.init) ?? "never")"])
            let sync = SyncService(
                journal: journal, credential: resources.credential,
                settings: SyncSettings(
                    url: backOffice.url, timeout: .seconds(backOffice.timeoutSeconds),
                    documentInterval: .seconds(backOffice.documentIntervalSeconds),
                    statusInterval: .seconds(backOffice.statusIntervalSeconds)),
                client: backOfficeClient.client,
                logger: logger, wallTime: wallTime, clock: clock, documentVersions: documents.versions(), lastSync: keptSync,
                onContact: { online, lastSync in
                    lastSyncFile.record(lastSync)
                    checkout.setConnectivity(online: online, lastSync: lastSync.map { Timestamp(secondsSinceEpoch: $0 / 1000) })
                },
                onDocument: { kind, body in documents.take(kind: kind, update: body) },
                takeRefusals: { checkout.takeRefusalCounts() })
            checkout.observeAppends { sync.journalAppended() }
            checkout.setMemberLookup(
                BackOfficeMemberLookup(sync: sync, logger: logger), budget: .milliseconds(backOffice.lookupBudgetMilliseconds))
            services.append(.init(service: sync, serviceName: "sync"))
            services.append(.init(service: ProgrammeStartService(documents: documents, clock: clock), serviceName: "programme-start"))
        }
        var group = ServiceGroupConfiguration(
            services: services + [
                ServiceGroupConfiguration.ServiceConfiguration(
                    service: ReaderMonitorService(reader: configuration.reader, logger: logger), serviceName: "reader-monitor"),
                ServiceGroupConfiguration.ServiceConfiguration(
                    service: JournalMetricsService(
                        journal: journal, wallTime: wallTime, clock: clock, interval: .seconds(configuration.metricsIntervalSeconds),
                        logger: logger),
                    serviceName: "journal-metrics"),
                // Last, so it is the first to shut down: no new request once shutdown begins.
                ServiceGroupConfiguration.ServiceConfiguration(service: server, serviceName: "pos-api"),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        // A request waits at most the longest tap wait; past that (and a margin for the card
        // write), shutdown cancels what is left.
        group.maximumGracefulShutdownDuration = .seconds(configuration.maximumWaitSeconds + 15)
        do {
            try await ServiceGroup(configuration: group).run()
        } catch {
            throw TerminalFailure(Self.explain(error, configuration: configuration))
        }
        logger.info("services stopped")
    }

    /// A technician's reading of a service failure (a port already taken above all).
    static func explain(_ error: any Error, configuration: TerminalConfiguration) -> String {
        let text = "\(error)"
        if text.contains("Address already in use") || text.contains("EADDRINUSE") {
            return "the POS API cannot listen on \(configuration.posAPI.host):\(configuration.posAPI.port): "
                + "the port is taken (another loyalty-terminal running?). Stop it or change posAPI.port. (\(text))"
        }
        return "the terminal stopped: \(text)"
    }
}

/// The one line printed when the POS API is up.
struct ReadyLine: Sendable {
    var listener: POSAPIListener
    var terminalID: UInt32
    var reader: String
    var journal: String

    func text(port: Int) -> String {
        "loyalty-terminal: serving POS API on \(listener.endpoint(port: port)) (terminal \(terminalID), reader \(reader), journal \(journal))"
    }
}

/// Opening the terminal's journal, creating it (and its folder) the first time.
enum JournalOpening {
    static func openOrCreate(
        _ settings: TerminalConfiguration.JournalSettings, clock: any WallTime, logger: Logger
    ) throws -> Journal {
        let options = JournalOptions(clock: clock)
        if FileManager.default.fileExists(atPath: settings.path) {
            do {
                let journal = try Journal.open(path: settings.path, options: options)
                logger.info("journal opened", metadata: ["path": "\(settings.path)"])
                return journal
            } catch {
                throw TerminalFailure(
                    "the journal \(settings.path) cannot be opened: \(error). "
                        + "Run 'loyalty-terminal journal verify --path \(settings.path)' to see the damage; never delete it before its records are synced."
                )
            }
        }
        let folder = URL(fileURLWithPath: settings.path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw TerminalFailure("the journal's folder \(folder) cannot be created: \(TerminalConfiguration.describe(error))")
        }
        do {
            let journal = try Journal.create(
                path: settings.path, size: settings.size, layout: JournalLayout(recordSize: settings.recordSize), options: options)
            logger.notice("journal created", metadata: ["path": "\(settings.path)", "bytes": "\(settings.size)"])
            return journal
        } catch {
            throw TerminalFailure("the journal \(settings.path) cannot be created (\(settings.size) bytes): \(error)")
        }
    }
}
