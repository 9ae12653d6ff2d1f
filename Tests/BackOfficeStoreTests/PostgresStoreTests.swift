import BackOfficeStorage
import StoreProcesses
import SyncProtocol
import Testing

@testable import BackOfficePostgres

/// What only the PostgreSQL backend promises: connecting by URL, and several back-office
/// servers sharing one database.
@Suite("PostgreSQL store", .timeLimit(.minutes(2)))
struct PostgresStoreTests {
    @Test(
        "URLs that cannot name a database are refused with the reason",
        arguments: [
            "mysql://user@localhost/db",
            "postgres://localhost/db",
            "postgres://user@/db",
            "postgres://user@localhost/db/extra",
            "postgres://user@localhost/db?sslmode=sometimes",
            "postgres://user@localhost/db?application=x",
            "postgres://user@localhost/db?host=relative/dir",
            "not a url at all",
        ])
    func invalidURLs(url: String) throws {
        let error = #expect(throws: PostgresLedgerStoreError.self) {
            _ = try PostgresLedgerStore.Configuration(url: url)
        }
        guard case .invalidURL(let reason) = error else {
            Issue.record("expected invalidURL, got \(String(describing: error))")
            return
        }
        #expect(!reason.isEmpty)
        #expect(!reason.contains("localhost"), "the reason does not repeat the URL")
    }

    @Test("URLs in every accepted form")
    func validURLs() throws {
        var full = PostgresLedgerStore.Configuration(
            host: "db.example", port: 6543, username: "back@office", password: "p:ss", database: "ledger", tls: .require
        )
        #expect(
            try PostgresLedgerStore.Configuration(url: "postgresql://back%40office:p%3Ass@db.example:6543/ledger?sslmode=require") == full)
        full.tls = .verifyFull
        #expect(
            try PostgresLedgerStore.Configuration(url: "postgres://back%40office:p%3Ass@db.example:6543/ledger?sslmode=verify-full") == full
        )

        #expect(
            try PostgresLedgerStore.Configuration(url: "postgres://office@10.0.0.5")
                == PostgresLedgerStore.Configuration(host: "10.0.0.5", username: "office", tls: .prefer))
        #expect(
            try PostgresLedgerStore.Configuration(url: "postgres://office@[::1]:5433/ledger?sslmode=allow")
                == PostgresLedgerStore.Configuration(host: "::1", port: 5433, username: "office", database: "ledger", tls: .prefer))
        #expect(
            try PostgresLedgerStore.Configuration(url: "postgres://office@localhost:5433/ledger?host=/run/postgresql")
                == PostgresLedgerStore.Configuration(
                    unixSocketPath: "/run/postgresql/.s.PGSQL.5433", username: "office", database: "ledger"))
    }

    @Test("connects over TCP with the password, and through the Unix socket")
    func connectBothWays() async throws {
        let server = try await PostgresServer.shared()
        let database = try await server.createDatabase(prefix: "connect")
        let tcp = try await PostgresLedgerStore.connect(url: server.url(database: database), logger: quietLogger)
        try await tcp.migrate()
        _ = try await tcp.ingest(terminal: 1, transactions(1...3), receivedAt: baseTime)
        try await tcp.close()

        let socketURL = "postgres://\(server.user)@localhost:\(server.port)/\(database)?host=\(server.directory)"
        let socket = try await PostgresLedgerStore.connect(url: socketURL, logger: quietLogger)
        #expect(try await socket.storedThrough(terminal: 1) == 3)
        try await socket.close()
    }

    @Test("a wrong password or a missing database is refused at connect, at once")
    func refusedLogin() async throws {
        let server = try await PostgresServer.shared()
        let refused = [
            ("postgres://\(server.user):wrong@\(server.host):\(server.port)/postgres?sslmode=disable", "password authentication failed"),
            (
                "postgres://\(server.user):\(server.password)@\(server.host):\(server.port)/no_such_database?sslmode=disable",
                "no_such_database"
            ),
        ]
        for (url, expected) in refused {
            let started = ContinuousClock.now
            let error = await #expect(throws: PostgresLedgerStoreError.self) {
                let store = try await PostgresLedgerStore.connect(url: url, logger: quietLogger)
                try await store.close()
            }
            guard case .cannotConnect(let reason) = error else {
                Issue.record("expected cannotConnect, got \(String(describing: error))")
                continue
            }
            #expect(reason.contains(expected))
            #expect(!reason.contains("wrong") && !reason.contains(server.password), "no password in the reason")
            // Not after the pool's minute of retries.
            #expect(ContinuousClock.now - started < .seconds(20))
        }
    }

    @Test("servers starting together migrate once")
    func concurrentMigrations() async throws {
        let server = try await PostgresServer.shared()
        let database = try await server.createDatabase(prefix: "migrate")
        var stores: [PostgresLedgerStore] = []
        for _ in 0..<3 {
            stores.append(try await PostgresLedgerStore.connect(url: server.url(database: database), logger: quietLogger))
        }
        let all = stores
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for store in all { group.addTask { try await store.migrate() } }
                try await group.waitForAll()
            }
            _ = try await all[0].ingest(terminal: 1, transactions(1...2), receivedAt: baseTime)
            #expect(try await all[2].storedThrough(terminal: 1) == 2)
            for store in all { try await store.close() }
        } catch {
            for store in all { try? await store.close() }
            throw error
        }
    }

    @Test("several servers ingesting into one database: pulls miss nothing and repeat nothing")
    func sharedDatabase() async throws {
        let server = try await PostgresServer.shared()
        let database = try await server.createDatabase(prefix: "shared")
        let first = try await PostgresLedgerStore.connect(url: server.url(database: database), logger: quietLogger)
        let second = try await PostgresLedgerStore.connect(url: server.url(database: database), logger: quietLogger)
        let reader = try await PostgresLedgerStore.connect(url: server.url(database: database), logger: quietLogger)
        do {
            try await first.migrate()
            let batches: UInt64 = 20
            let perBatch: UInt64 = 25
            let done = Flag()
            let pulled = try await withThrowingTaskGroup(of: [StoredTransaction].self) { group in
                group.addTask {
                    try await withThrowingTaskGroup(of: Void.self) { uploads in
                        // Each server takes uploads of two terminals; terminal 3 uploads to both at once.
                        for (store, terminals) in [(first, [UInt32(1), 3]), (second, [UInt32(2), 3])] {
                            uploads.addTask {
                                for batch in 0..<batches {
                                    for terminal in terminals {
                                        let range = (batch * perBatch + 1)...((batch + 1) * perBatch)
                                        _ = try await store.ingest(
                                            terminal: terminal, transactions(range, terminal: terminal), receivedAt: baseTime)
                                    }
                                }
                            }
                        }
                        try await uploads.waitForAll()
                    }
                    done.set()
                    return []
                }
                group.addTask {
                    var pulled: [StoredTransaction] = []
                    var after: Int64 = 0
                    while true {
                        let finished = done.isSet
                        let page = try await reader.pull(PullQuery(after: after, limit: 29))
                        pulled += page.transactions
                        after = page.nextAfter
                        if finished && !page.more { return pulled }
                    }
                }
                var pulled: [StoredTransaction] = []
                for try await result in group { pulled += result }
                return pulled
            }
            let expected = Set(
                [UInt32(1), 2, 3].flatMap { terminal in (1...(batches * perBatch)).map { Key(terminal: terminal, sequence: $0) } })
            #expect(pulled.count == expected.count)
            #expect(Set(pulled.map(\.key)) == expected)
            #expect(zip(pulled, pulled.dropFirst()).allSatisfy { $0.position < $1.position })
            for terminal: UInt32 in [1, 2, 3] {
                #expect(try await reader.storedThrough(terminal: terminal) == batches * perBatch)
            }
            try await first.close()
            try await second.close()
            try await reader.close()
        } catch {
            try? await first.close()
            try? await second.close()
            try? await reader.close()
            throw error
        }
    }
}
