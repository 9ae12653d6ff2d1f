// swift-tools-version: 6.1
import PackageDescription

/// LoyaltyTerminal: the firmware core of a loyalty-card terminal.
///
/// One module per part of the architecture (see README.md):
/// - `CPCSCLite`: the C library libpcsclite, imported by `PCSC` alone.
/// - `PCSC`: the PC/SC driver layer (contexts, readers, events, APDUs).
/// - `Timekeeping`: the wall time records carry and the clock waits run on, passed in.
/// - `LoyaltyJournal`: the fixed-size, crash-safe transaction journal, over `CJournalCRC32C` (its
///   checksum, C) and `CProcessorPlacement` (where its scan's threads run, C).
/// - `DurableFile`: writes that survive a power cut (fsync, directory fsync, atomic replace),
///   the one implementation shared by the journal, the card profile's files and the terminal's
///   last sync.
/// - `PointsEngine`: the loyalty programme, pure and deterministic.
/// - `LedgerFormat`: what a journal transaction records (entry, answer, index); both sides read it.
/// - `Checkout`: the checkout flow as named steps (validate, read, price, reserve, write, commit).
/// - `POSAPI`: the local POS API over HTTP (Hummingbird), thin over `Checkout`.
/// - `HTTPServerLimits`: the bounds both HTTP servers put on clients (headers, idle, slow requests).
/// - `TerminalApp`: the terminal's commands and services; `loyalty-terminal` is thin over it.
/// - `VirtualCard`, `StoreSimulation`, `SimulatorApp`: the simulator; `loyalty-sim` is thin over them.
/// - `StoreProcesses`: the real processes a simulated store runs (back office, terminals,
///   PostgreSQL), the fault-injecting proxy between them, child programs run to their end; the
///   simulator's own, used by tests and benchmarks too.
/// - `TestSupport`: for tests and benchmarks only (no product links it): the machine's `pcscd`
///   under test control, the tests that share it, test cards.
/// - `APIDocumentCheck`: the API documents' response schemas, checked against what tests receive.
/// - `CardProfile`, `MemberCard`, `SyncProtocol`, `TerminalSync`, `StrictJSON`, `BackOffice*`, `TLSAuthority`:
///   see docs/architecture.md, whose module graph is made from this file.
let package = Package(
    name: "LoyaltyTerminal",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "loyalty-terminal", targets: ["loyalty-terminal"]),
        .executable(name: "loyalty-sim", targets: ["loyalty-sim"]),
        .executable(name: "loyalty-backoffice", targets: ["loyalty-backoffice"]),
        .executable(name: "apdu-bench", targets: ["apdu-bench"]),
        .executable(name: "apdu-bench-c", targets: ["apdu-bench-c"]),
        .executable(name: "journal-bench", targets: ["journal-bench"]),
        .executable(name: "engine-bench", targets: ["engine-bench"]),
        .executable(name: "checkout-bench", targets: ["checkout-bench"]),
        .executable(name: "sync-bench", targets: ["sync-bench"]),
        .executable(name: "document-bench", targets: ["document-bench"]),
        .executable(name: "backoffice-bench", targets: ["backoffice-bench"]),
        .library(name: "PCSC", targets: ["PCSC"]),
        .library(name: "LoyaltyJournal", targets: ["LoyaltyJournal"]),
        .library(name: "PointsEngine", targets: ["PointsEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        // MARK: PC/SC driver layer
        .systemLibrary(
            name: "CPCSCLite",
            pkgConfig: "libpcsclite",
            providers: [.apt(["libpcsclite-dev"])]
        ),
        .target(
            name: "PCSC",
            dependencies: [
                "CPCSCLite",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),

        // MARK: Time (the wall time records carry, the clock waits run on; passed in)
        .target(name: "Timekeeping"),

        // MARK: Journal
        .target(
            name: "LoyaltyJournal",
            dependencies: [
                "CJournalCRC32C", "CProcessorPlacement", "DurableFile", "Timekeeping",
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        // The journal's checksum, CRC-32C, with the CPU's instructions (crc32, carry-less and
        // AVX-512 folding), and the checks of CPU and system that choose among them. Only the
        // checksum: C, as Swift cannot reach those instructions.
        .target(name: "CJournalCRC32C"),
        // Where the journal scan's two threads run: the current processor, the thread's affinity
        // (kept off a processor, then put back) and the spin-wait hint. C, for glibc's `CPU_*`
        // macros and the `pause`/`yield` instructions.
        .target(name: "CProcessorPlacement"),

        // MARK: Durable files (the journal's and the card profile's careful writes, in one place)
        .target(
            name: "DurableFile",
            dependencies: [.product(name: "SystemPackage", package: "swift-system")]
        ),

        // MARK: Points engine
        .target(
            name: "PointsEngine",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto")
            ]
        ),

        // MARK: Member card (the card profile, shared by the terminal and the simulated card)
        .target(
            name: "CardProfile",
            dependencies: [
                "DurableFile",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .target(
            name: "MemberCard",
            dependencies: [
                "CardProfile",
                "PCSC",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: Ledger format (what a journal transaction means: the terminal writes it, the back office reads it)
        .target(name: "LedgerFormat", dependencies: ["PointsEngine"]),

        // MARK: Checkout flow and the POS API
        .target(
            name: "Checkout",
            dependencies: [
                "Timekeeping",
                "PCSC", "CardProfile", "MemberCard", "PointsEngine", "LoyaltyJournal", "LedgerFormat", "DurableFile",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .target(
            name: "POSAPI",
            dependencies: [
                "Checkout", "LedgerFormat", "PointsEngine", "StrictJSON",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),

        // MARK: The bounds both HTTP servers put on clients (header size, idle and slow connections)
        .target(
            name: "HTTPServerLimits",
            dependencies: [
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ]
        ),

        // MARK: Terminal application
        .target(
            name: "TerminalApp",
            dependencies: [
                "Timekeeping", "DurableFile",
                "PCSC", "CardProfile", "MemberCard", "PointsEngine",
                "LoyaltyJournal", "Checkout", "POSAPI", "TerminalSync", "SyncProtocol", "HTTPServerLimits",
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .executableTarget(name: "loyalty-terminal", dependencies: ["TerminalApp"]),

        // MARK: JSON bodies refused when a key appears twice (both servers, the documents)
        .target(name: "StrictJSON"),

        // MARK: Sync (the protocol both sides speak, and the terminal's sync service)
        .target(
            name: "SyncProtocol",
            dependencies: [
                "CardProfile", "StrictJSON", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "TerminalSync",
            dependencies: [
                "Timekeeping",
                "SyncProtocol", "LoyaltyJournal", "CardProfile",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),

        // MARK: Back office (storage behind one interface, SQLite and PostgreSQL; the server)
        // The back office's own certificate authority and server certificate (made, kept, renewed).
        .target(
            name: "TLSAuthority",
            dependencies: [
                "DurableFile",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .target(
            name: "BackOfficeStorage", dependencies: ["SyncProtocol", .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/BackOffice/Storage"),
        .target(
            name: "BackOfficeSQLite",
            dependencies: [
                "BackOfficeStorage", "SyncProtocol",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/BackOffice/SQLite"
        ),
        .target(
            name: "BackOfficePostgres",
            dependencies: [
                "BackOfficeStorage", "SyncProtocol",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/BackOffice/Postgres"
        ),
        // Retention figures and card chains from the synced journals (ledger entries, without the checkout).
        .target(
            name: "BackOfficeReports",
            dependencies: [
                "BackOfficeStorage", "LedgerFormat", "PointsEngine", "SyncProtocol", .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Sources/BackOffice/Reports"),
        // Line and bar charts drawn as SVG on the server, for the console.
        .target(name: "BackOfficeCharts", path: "Sources/BackOffice/Charts"),
        .target(
            name: "BackOffice",
            dependencies: [
                "BackOfficeStorage", "BackOfficeReports", "SyncProtocol", "CardProfile", "LedgerFormat",
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "Sources/BackOffice/Server"
        ),
        // The back-office console: web pages rendered on the server (Mustache), sign-in, roles, audit log.
        .target(
            name: "BackOfficeConsole",
            dependencies: [
                "BackOfficeStorage", "BackOfficeReports", "BackOfficeCharts", "LedgerFormat", "PointsEngine", "SyncProtocol",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/BackOffice/Console"
        ),
        .target(
            name: "BackOfficeApp",
            dependencies: [
                "Timekeeping",
                "BackOffice", "BackOfficeStorage", "BackOfficeReports", "BackOfficeSQLite", "BackOfficePostgres", "SyncProtocol",
                "BackOfficeConsole",
                "CardProfile", "PointsEngine", "LedgerFormat", "HTTPServerLimits",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                "TLSAuthority",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            path: "Sources/BackOffice/App"
        ),
        .executableTarget(name: "loyalty-backoffice", dependencies: ["BackOfficeApp"]),

        // MARK: Simulator
        .target(
            name: "VirtualCard",
            dependencies: [
                "CardProfile",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            path: "Simulator/VirtualCard"
        ),
        // Whole-store scenarios: a back office, terminal processes, cards, traffic, faults, checks.
        .target(
            name: "StoreSimulation",
            dependencies: [
                "VirtualCard", "CardProfile", "LoyaltyJournal", "StoreProcesses", "PointsEngine", "LedgerFormat", "SyncProtocol",
                "Timekeeping",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Simulator/StoreSimulation"
        ),
        .target(
            name: "SimulatorApp",
            dependencies: [
                "CardProfile",
                "VirtualCard",
                "StoreSimulation",
                "PCSC",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Simulator/SimulatorApp"
        ),
        .executableTarget(name: "loyalty-sim", dependencies: ["SimulatorApp"], path: "Simulator/loyalty-sim"),
        // The real processes a store runs (back office, terminals, PostgreSQL) and the faulty
        // network between them; tests and benchmarks run the products with it too.
        .target(name: "StoreProcesses", dependencies: ["LoyaltyJournal"], path: "Simulator/StoreProcesses"),

        // MARK: The API documents' schemas, checked against the answers tests receive (tests only)
        .target(name: "APIDocumentCheck", dependencies: [.product(name: "Yams", package: "Yams")]),

        // MARK: Test support (tests and benchmarks only; no product links it)
        .target(
            name: "TestSupport",
            dependencies: ["PCSC", "VirtualCard", .product(name: "Logging", package: "swift-log")]
        ),

        // MARK: A headless Chromium driven by WebDriver (tests only): the console as a browser shows it
        .target(
            name: "HeadlessBrowser",
            dependencies: [
                "StoreProcesses",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),

        // MARK: Benchmarks (print figures; not timed tests)
        .executableTarget(
            name: "apdu-bench",
            dependencies: ["PCSC", "VirtualCard", "TestSupport", "StoreProcesses", .product(name: "Logging", package: "swift-log")],
            path: "Benchmarks/apdu-bench"
        ),
        .executableTarget(
            name: "apdu-bench-c",
            dependencies: ["CPCSCLite"],
            path: "Benchmarks/apdu-bench-c"
        ),
        .executableTarget(
            name: "journal-bench",
            dependencies: [
                "Timekeeping",
                "LoyaltyJournal",
                "CSQLite",
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            path: "Benchmarks/journal-bench"
        ),
        // SQLite, the reference the journal benchmark compares against (journal-bench only).
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .executableTarget(
            name: "engine-bench",
            dependencies: ["PointsEngine", .product(name: "Crypto", package: "swift-crypto")],
            path: "Benchmarks/engine-bench"
        ),

        .executableTarget(
            name: "checkout-bench",
            dependencies: [
                "Timekeeping",
                "PCSC", "CardProfile", "VirtualCard", "TestSupport", "StoreProcesses", "LoyaltyJournal", "Checkout", "MemberCard",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Benchmarks/checkout-bench"
        ),

        .executableTarget(
            name: "sync-bench",
            dependencies: [
                "Timekeeping",
                "TerminalSync", "SyncProtocol", "LoyaltyJournal", "CardProfile", "StoreProcesses", "BackOfficeSQLite", "BackOfficeStorage",
                "CSQLite",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/sync-bench"
        ),
        .executableTarget(
            name: "document-bench",
            dependencies: [
                "SyncProtocol", "CardProfile", "StoreProcesses",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Benchmarks/document-bench"
        ),
        .executableTarget(
            name: "backoffice-bench",
            dependencies: [
                "BackOfficeStorage", "BackOfficeSQLite", "BackOfficePostgres", "BackOfficeReports", "BackOfficeConsole", "LedgerFormat",
                "PointsEngine",
                "SyncProtocol", "StoreProcesses",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/backoffice-bench"
        ),

        // MARK: Tests
        .testTarget(name: "PCSCTests", dependencies: ["PCSC"]),
        .testTarget(
            name: "CardStackTests",
            dependencies: ["PCSC", "VirtualCard", "TestSupport", "StoreProcesses", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "LoyaltyJournalTests",
            dependencies: [
                "Timekeeping", "LoyaltyJournal", "CJournalCRC32C", "CProcessorPlacement", "StoreProcesses",
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .testTarget(name: "DurableFileTests", dependencies: ["DurableFile", .product(name: "SystemPackage", package: "swift-system")]),
        .testTarget(
            name: "MemberCardTests",
            dependencies: [
                "CardProfile", "MemberCard", "PCSC", "VirtualCard", "TestSupport", "StoreProcesses",
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "CheckoutTests",
            dependencies: [
                "Timekeeping",
                "LedgerFormat",
                "Checkout", "CardProfile", "MemberCard", "PointsEngine", "LoyaltyJournal",
                "PCSC", "VirtualCard", "TestSupport", "StoreProcesses",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "POSAPITests",
            dependencies: [
                "LedgerFormat", "APIDocumentCheck",
                "POSAPI", "Checkout", "PointsEngine",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "TerminalTests",
            dependencies: [
                "Timekeeping",
                "TerminalApp", "Checkout", "POSAPI", "CardProfile", "PointsEngine", "LoyaltyJournal", "SyncProtocol",
                "VirtualCard", "TestSupport", "StoreProcesses", "PCSC", "HeadlessBrowser",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(
            name: "StoreScenarioTests",
            dependencies: ["StoreSimulation", "StoreProcesses", "TestSupport"]
        ),
        .testTarget(
            name: "SyncProtocolTests",
            dependencies: ["SyncProtocol", "CardProfile", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(name: "StrictJSONTests", dependencies: ["StrictJSON"]),
        .testTarget(name: "TimekeepingTests", dependencies: ["Timekeeping"]),
        .testTarget(name: "CardProfileTests", dependencies: ["CardProfile"]),
        .testTarget(
            name: "TerminalSyncTests",
            dependencies: [
                "TerminalSync", "LoyaltyJournal", "CardProfile", "Timekeeping", .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(
            name: "APIDocumentTests",
            dependencies: [
                "LedgerFormat", "APIDocumentCheck",
                "POSAPI", "Checkout", "BackOffice", "BackOfficeSQLite",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .testTarget(
            name: "BackOfficeStoreTests",
            dependencies: [
                "LedgerFormat",
                "BackOfficeStorage", "BackOfficeSQLite", "BackOfficePostgres", "BackOfficeReports", "SyncProtocol", "StoreProcesses",
                "Checkout", "PointsEngine",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "BackOfficeTests",
            dependencies: [
                "LedgerFormat", "PointsEngine", "APIDocumentCheck",
                "Timekeeping",
                "SyncProtocol", "TerminalSync", "BackOfficeStorage", "BackOfficeReports", "CardProfile", "LoyaltyJournal", "StoreProcesses",
                "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(
            name: "PointsEngineTests",
            dependencies: ["PointsEngine", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(
            name: "BackOfficeServerTests",
            dependencies: [
                "BackOffice", "BackOfficeCharts", "BackOfficeConsole", "BackOfficeReports", "BackOfficeStorage", "BackOfficeSQLite",
                "SyncProtocol",
                "CardProfile",
                "LedgerFormat", "PointsEngine",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "BackOfficeAppTests",
            dependencies: [
                "BackOfficeApp", "BackOffice", "BackOfficeStorage", "BackOfficeSQLite", "TLSAuthority",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "SimulatorAppTests",
            dependencies: [
                "SimulatorApp", "StoreSimulation", "CardProfile", "VirtualCard",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "StoreProcessesTests", dependencies: ["StoreProcesses"]),
        .testTarget(name: "ConsoleBrowserTests", dependencies: ["HeadlessBrowser", "StoreProcesses", "TestSupport"]),
        .testTarget(
            name: "TLSAuthorityTests", dependencies: ["TLSAuthority", .product(name: "X509", package: "swift-certificates")]),
    ],
    swiftLanguageModes: [.v6]
)
