import ArgumentParser
import Foundation
import TLSAuthority

/// `--tls-directory`: where the back office keeps its own certificate authority and server
/// certificate (``TLSFolder``), for `serve` and `terminal enrol` alike.
struct TLSOptions: ParsableArguments {
    /// The folder for a PostgreSQL database, which has no file to sit beside.
    static let postgresDefault = "/var/lib/loyalty-backoffice/tls"

    @Option(
        help: ArgumentHelp(
            "The folder of the back office's own TLS authority and server certificate.",
            discussion: """
                Default: 'tls' beside a SQLite database file, \(postgresDefault) for PostgreSQL. \
                Also read from LOYALTY_BACKOFFICE_TLS_DIRECTORY.
                """))
    var tlsDirectory: String?

    /// The folder for `database`: the one given (option, then environment), else the default.
    func folder(for database: DatabaseOptions) -> TLSFolder {
        if let given = tlsDirectory ?? ProcessInfo.processInfo.environment["LOYALTY_BACKOFFICE_TLS_DIRECTORY"] {
            return TLSFolder(path: given)
        }
        guard database.database.hasPrefix("sqlite:") else { return TLSFolder(path: Self.postgresDefault) }
        let file = URL(fileURLWithPath: String(database.database.dropFirst("sqlite:".count)))
        return TLSFolder(path: file.deletingLastPathComponent().appendingPathComponent("tls").path)
    }
}
