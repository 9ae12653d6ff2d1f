import BackOfficeStorage
import Foundation
import Testing

/// The console's sessions, users' passwords and the sign-in failures on each backend.
@Suite("Console sessions in the store", .timeLimit(.minutes(2)))
struct ConsoleSessionStoreTests {
    static let idle: Int64 = 30 * 60_000

    static func session(_ id: UInt8, user: String = "ana", at: Int64 = baseTime) -> ConsoleSession {
        ConsoleSession(
            idDigest: Array(repeating: id, count: 32), user: user, csrfToken: "token-\(id)", createdAt: at, lastSeenAt: at,
            expiresAt: at + 12 * 3_600_000)
    }

    @Test("a session lives while used, ends when idle, past its expiry, or deleted", arguments: Backend.allCases)
    func lifetime(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            try await store.createSession(Self.session(1))
            let touched = try await store.touchSession(idDigest: Self.session(1).idDigest, now: baseTime + 60_000, idleLimit: Self.idle)
            #expect(touched?.user == "ana")
            #expect(touched?.csrfToken == "token-1")
            #expect(touched?.lastSeenAt == baseTime + 60_000)
            // Used every 29 minutes, it lives on; 30 minutes unused, it ends.
            var now = baseTime + 60_000
            for _ in 0..<3 {
                now += 29 * 60_000
                #expect(try await store.touchSession(idDigest: Self.session(1).idDigest, now: now, idleLimit: Self.idle) != nil)
            }
            #expect(try await store.touchSession(idDigest: Self.session(1).idDigest, now: now + Self.idle, idleLimit: Self.idle) == nil)
            #expect(try await store.touchSession(idDigest: Self.session(1).idDigest, now: now + 1, idleLimit: Self.idle) == nil)

            // However used, a session ends 12 hours after sign-in.
            try await store.createSession(Self.session(2))
            now = baseTime
            while now < baseTime + 12 * 3_600_000 - 20 * 60_000 {
                now += 20 * 60_000
                #expect(try await store.touchSession(idDigest: Self.session(2).idDigest, now: now, idleLimit: Self.idle) != nil)
            }
            now += 20 * 60_000
            #expect(try await store.touchSession(idDigest: Self.session(2).idDigest, now: now, idleLimit: Self.idle) == nil)

            try await store.createSession(Self.session(3))
            try await store.deleteSession(idDigest: Self.session(3).idDigest)
            #expect(try await store.touchSession(idDigest: Self.session(3).idDigest, now: baseTime, idleLimit: Self.idle) == nil)
        }
    }

    @Test("removing a user ends their sessions; a password hash is kept and replaced", arguments: Backend.allCases)
    func usersAndSessions(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            let hash = try PasswordHash.make(password: "correct horse", iterations: 210_000)
            try await store.addUser(
                BackOfficeUser(
                    name: "ana", role: .support, tokenDigest: Array(repeating: 1, count: 32), createdAt: baseTime, passwordHash: hash.text))
            try await store.addUser(
                BackOfficeUser(name: "bo", role: .admin, tokenDigest: Array(repeating: 2, count: 32), createdAt: baseTime))
            let ana = try #require(try await store.user(named: "ana"))
            #expect(ana.role == .support)
            #expect(PasswordHash(text: try #require(ana.passwordHash))?.matches("correct horse") == true)
            #expect(PasswordHash(text: try #require(ana.passwordHash))?.matches("correct horsE") == false)
            #expect(try await store.user(named: "bo")?.passwordHash == nil)
            #expect(try await store.user(named: "nobody") == nil)
            try await store.setPassword(named: "bo", hash: hash.text)
            #expect(try await store.user(named: "bo")?.passwordHash == hash.text)
            await #expect(throws: LedgerStoreError.unknownUser("nobody")) { try await store.setPassword(named: "nobody", hash: hash.text) }

            try await store.createSession(Self.session(1, user: "ana"))
            try await store.createSession(Self.session(2, user: "bo"))
            try await store.removeUser(named: "ana")
            #expect(try await store.touchSession(idDigest: Self.session(1).idDigest, now: baseTime, idleLimit: Self.idle) == nil)
            #expect(try await store.touchSession(idDigest: Self.session(2).idDigest, now: baseTime, idleLimit: Self.idle)?.user == "bo")
        }
    }

    @Test("failed sign-ins are counted per key within the window and cleared", arguments: Backend.allCases)
    func failures(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            for minute in 0..<4 {
                try await store.recordSignInFailure(keys: ["user:ana", "address:10.0.0.9"], at: baseTime + Int64(minute) * 60_000)
            }
            try await store.recordSignInFailure(keys: ["user:bo", "address:10.0.0.9"], at: baseTime + 5 * 60_000)
            #expect(try await store.signInFailures(key: "user:ana", since: baseTime).count == 4)
            #expect(try await store.signInFailures(key: "address:10.0.0.9", since: baseTime).count == 5)
            #expect(
                try await store.signInFailures(key: "address:10.0.0.9", since: baseTime + 2 * 60_000) == [
                    baseTime + 2 * 60_000, baseTime + 3 * 60_000, baseTime + 5 * 60_000,
                ])
            try await store.clearSignInFailures(key: "user:ana", before: baseTime)
            #expect(try await store.signInFailures(key: "user:ana", since: 0).isEmpty)
            #expect(try await store.signInFailures(key: "user:bo", since: 0).count == 1)
        }
    }
}
