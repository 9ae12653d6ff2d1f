import Foundation
import PostgresNIO

extension PostgresLedgerStore {
    /// Where the database is and how to log in: built in code, or from a `postgres://` URL.
    public struct Configuration: Sendable, Equatable {
        /// How to reach the server.
        public enum Endpoint: Sendable, Equatable {
            case tcp(host: String, port: Int)
            /// The socket file itself, e.g. `/run/postgresql/.s.PGSQL.5432`.
            case unixSocket(path: String)
        }

        /// TLS over TCP, as libpq's `sslmode` (the Unix socket never uses TLS).
        public enum TLSMode: String, Sendable, CaseIterable {
            case disable
            /// TLS when the server offers it, certificate not verified.
            case prefer
            /// TLS, certificate not verified.
            case require
            /// TLS, certificate chained to a trusted root.
            case verifyCA = "verify-ca"
            /// TLS, certificate chained to a trusted root and naming the host.
            case verifyFull = "verify-full"
        }

        /// The server: host and port, or Unix socket.
        public var endpoint: Endpoint
        /// The role to log in as.
        public var username: String
        /// Its password; nil when the server does not ask for one (trust, peer).
        public var password: String?
        /// The database; nil means the one named like the user.
        public var database: String?
        /// Whether and how to use TLS over TCP.
        public var tls: TLSMode
        /// The most connections the store's pool opens (it opens them as needed).
        public var maximumConnections: Int = 20
        /// How long opening one connection may take.
        public var connectTimeout: Duration = .seconds(10)

        /// A server reached over TCP.
        public init(
            host: String, port: Int = 5432, username: String, password: String? = nil, database: String? = nil, tls: TLSMode = .prefer
        ) {
            self.endpoint = .tcp(host: host, port: port)
            self.username = username
            self.password = password
            self.database = database
            self.tls = tls
        }

        /// A server on this machine, reached through its socket file (no TLS).
        public init(unixSocketPath: String, username: String, password: String? = nil, database: String? = nil) {
            self.endpoint = .unixSocket(path: unixSocketPath)
            self.username = username
            self.password = password
            self.database = database
            self.tls = .disable
        }

        /// The configuration a URL describes:
        /// `postgres://USER[:PASSWORD]@HOST[:PORT][/DATABASE][?sslmode=MODE]` (`postgresql://`
        /// too). The port defaults to 5432 and the database to the user's name; user and password
        /// may be percent-encoded; an IPv6 host goes in brackets; `sslmode` is one of
        /// ``TLSMode`` (`allow` counts as `prefer`, the default). `?host=/dir` connects through the
        /// server's Unix socket in `/dir` instead (`/dir/.s.PGSQL.PORT`).
        ///
        /// Throws ``PostgresLedgerStoreError/invalidURL(reason:)``, whose text never repeats the
        /// URL (it may hold a password).
        public init(url: String) throws {
            func refuse(_ reason: String) -> PostgresLedgerStoreError { .invalidURL(reason: reason) }
            guard let components = URLComponents(string: url) else { throw refuse("it is not a URL") }
            guard let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql" else {
                throw refuse("the scheme must be postgres:// or postgresql://")
            }
            guard let user = components.user, !user.isEmpty else { throw refuse("it names no user (postgres://USER@HOST/DATABASE)") }
            var database = components.path
            if database.hasPrefix("/") { database.removeFirst() }
            guard !database.contains("/") else { throw refuse("the database name contains '/'") }
            let port = components.port ?? 5432
            guard (1...65535).contains(port) else { throw refuse("the port is out of range") }

            var tls = TLSMode.prefer
            var socketDirectory: String?
            for item in components.queryItems ?? [] {
                switch item.name {
                case "sslmode":
                    let value = item.value == "allow" ? "prefer" : item.value ?? ""
                    guard let mode = TLSMode(rawValue: value) else {
                        throw refuse("sslmode must be disable, allow, prefer, require, verify-ca or verify-full")
                    }
                    tls = mode
                case "host":
                    guard let value = item.value, value.hasPrefix("/") else {
                        throw refuse("host= must be a socket directory (an absolute path)")
                    }
                    socketDirectory = value
                default:
                    throw refuse("unknown parameter \(item.name) (known: sslmode, host)")
                }
            }

            if let socketDirectory {
                self.init(
                    unixSocketPath: socketDirectory + "/.s.PGSQL.\(port)", username: user,
                    password: components.password, database: database.isEmpty ? nil : database)
                return
            }
            var host = components.host ?? ""
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            guard !host.isEmpty else { throw refuse("it names no host") }
            self.init(
                host: host, port: port, username: user, password: components.password,
                database: database.isEmpty ? nil : database, tls: tls)
        }

        /// The client (connection pool) configuration.
        public var clientConfiguration: PostgresClient.Configuration {
            var configuration: PostgresClient.Configuration
            switch endpoint {
            case .tcp(let host, let port):
                let client: PostgresClient.Configuration.TLS =
                    switch tls {
                    case .disable: .disable
                    case .prefer: .prefer(tlsConfiguration)
                    case .require, .verifyCA, .verifyFull: .require(tlsConfiguration)
                    }
                configuration = PostgresClient.Configuration(
                    host: host, port: port, username: username, password: password, database: database, tls: client
                )
            case .unixSocket(let path):
                configuration = PostgresClient.Configuration(
                    unixSocketPath: path, username: username, password: password, database: database
                )
            }
            configuration.options.maximumConnections = maximumConnections
            configuration.options.connectTimeout = connectTimeout
            return configuration
        }

        /// The configuration of a single connection, to check at connect time that the server
        /// answers and takes the login (the pool would keep retrying for a minute instead).
        func connectionConfiguration() throws -> PostgresConnection.Configuration {
            var configuration: PostgresConnection.Configuration
            switch endpoint {
            case .tcp(let host, let port):
                let connection: PostgresConnection.Configuration.TLS =
                    switch tls {
                    case .disable: .disable
                    case .prefer: .prefer(try NIOSSLContext(configuration: tlsConfiguration))
                    case .require, .verifyCA, .verifyFull: .require(try NIOSSLContext(configuration: tlsConfiguration))
                    }
                configuration = PostgresConnection.Configuration(
                    host: host, port: port, username: username, password: password, database: database, tls: connection
                )
            case .unixSocket(let path):
                configuration = PostgresConnection.Configuration(
                    unixSocketPath: path, username: username, password: password, database: database
                )
            }
            configuration.options.connectTimeout = .nanoseconds(
                connectTimeout.components.seconds * 1_000_000_000 + connectTimeout.components.attoseconds / 1_000_000_000
            )
            return configuration
        }

        private var tlsConfiguration: TLSConfiguration {
            var configuration = TLSConfiguration.makeClientConfiguration()
            switch tls {
            case .disable, .prefer, .require: configuration.certificateVerification = .none
            case .verifyCA: configuration.certificateVerification = .noHostnameVerification
            case .verifyFull: configuration.certificateVerification = .fullVerification
            }
            return configuration
        }
    }
}
