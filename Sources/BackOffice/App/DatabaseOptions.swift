import ArgumentParser
import BackOfficePostgres
import BackOfficeSQLite
import BackOfficeStorage
import Foundation
import Logging
import Timekeeping

/// `--database`: where the back office keeps everything.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The store: sqlite:PATH (one file, created when missing) or postgres://USER:PASSWORD@HOST:PORT/DATABASE.",
            discussion: "Also read from LOYALTY_BACKOFFICE_DATABASE."))
    var database: String = ProcessInfo.processInfo.environment["LOYALTY_BACKOFFICE_DATABASE"] ?? "sqlite:backoffice.sqlite"

    /// Opens the store and brings its schema up to date.
    func open(logger: Logger) async throws -> any LedgerStore {
        let store = try await connect(logger: logger, runsPool: true)
        try await migrate(store)
        return store
    }

    /// Connects to the store (failing fast when it cannot be reached) without touching its
    /// schema. With `runsPool: false` a PostgreSQL store's connection pool is left for the
    /// caller to run as a service (``migrate(_:)`` then waits until it runs).
    func connect(logger: Logger, runsPool: Bool) async throws -> any LedgerStore {
        do {
            if database.hasPrefix("sqlite:") {
                return try await SQLiteLedgerStore.open(path: String(database.dropFirst("sqlite:".count)), logger: logger)
            } else if database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") {
                return try await PostgresLedgerStore.connect(url: database, runsPool: runsPool, logger: logger)
            } else {
                throw ValidationError("--database must be sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE")
            }
        } catch let error as ValidationError {
            throw error
        } catch {
            throw BackOfficeFailure("the database \(redacted) cannot be opened: \(error)")
        }
    }

    /// Brings the store's schema up to date.
    func migrate(_ store: any LedgerStore) async throws {
        do {
            try await store.migrate()
        } catch let error as ValidationError {
            throw error
        } catch {
            throw BackOfficeFailure("the database \(redacted) cannot be opened: \(error)")
        }
    }

    /// The database option without its password, for messages.
    var redacted: String {
        guard var components = URLComponents(string: database), components.password != nil else { return database }
        components.password = "***"
        return components.string ?? database
    }
}

/// A failure explained to the operator: printed as it is, exit code 1.
struct BackOfficeFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs `body` with an open store, closing it afterwards.
func withStore<T>(
    _ options: DatabaseOptions, logger: Logger = Logger(label: "loyalty-backoffice"), _ body: (any LedgerStore) async throws -> T
) async throws -> T {
    let store = try await options.open(logger: logger)
    do {
        let result = try await body(store)
        try await store.close()
        return result
    } catch {
        try? await store.close()
        throw error
    }
}

/// The time of day a command records, milliseconds since the Unix epoch: the system's, or a
/// simulated store's shared clock when the environment names one.
func nowMilliseconds(_ wallTime: any WallTime = processWallTime(environment: ProcessInfo.processInfo.environment)) -> Int64 {
    Int64(wallTime.millisecondsSinceEpoch())
}
