import BackOfficeStorage
import SyncProtocol
import Testing

@testable import BackOfficePostgres
@testable import BackOfficeSQLite

/// What every backend of ``LedgerStore`` must do, run against each of them on a real database.
@Suite("LedgerStore conformance", .timeLimit(.minutes(2)))
struct StoreConformance {
    // MARK: Schema

    @Test("migrate is idempotent", arguments: Backend.allCases)
    func migrateTwice(backend: Backend) async throws {
        try await withStore(backend, migrated: false) { handle in
            let store = handle.store
            try await store.migrate()
            try await store.migrate()
            let report = try await store.ingest(terminal: 1, transactions(1...3), receivedAt: baseTime)
            #expect(report == IngestReport(storedThrough: 3, stored: 3, duplicates: 0))
            // Migrating a schema with data in it keeps the data.
            try await store.migrate()
            #expect(try await store.storedThrough(terminal: 1) == 3)
            #expect(try await store.pull(PullQuery()).transactions.count == 3)
        }
    }

    @Test("a newer schema is refused", arguments: Backend.allCases)
    func newerSchemaRefused(backend: Backend) async throws {
        let known = backend == .sqlite ? SQLiteSchema.knownVersion : PostgresSchema.knownVersion
        try await withStore(backend) { handle in
            try await handle.execute("INSERT INTO schema_version (version, applied_at) VALUES (\(known + 1), 0)")
            await #expect(throws: LedgerStoreError.schemaTooNew(found: known + 1, known: known)) {
                try await handle.store.migrate()
            }
        }
    }

    // MARK: Ingest

    @Test("batches in order are stored and advance storedThrough", arguments: Backend.allCases)
    func ingestInOrder(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            #expect(try await store.storedThrough(terminal: 7) == 0)
            let first = try await store.ingest(terminal: 7, transactions(1...10, terminal: 7), receivedAt: baseTime + 1)
            #expect(first == IngestReport(storedThrough: 10, stored: 10, duplicates: 0))
            let second = try await store.ingest(terminal: 7, transactions(11...20, terminal: 7), receivedAt: baseTime + 2)
            #expect(second == IngestReport(storedThrough: 20, stored: 10, duplicates: 0))
            #expect(try await store.storedThrough(terminal: 7) == 20)
            #expect(try await store.storedThrough(terminal: 8) == 0)

            let page = try await store.pull(PullQuery(limit: 100))
            #expect(page.more == false)
            #expect(page.transactions.map(\.sequence) == Array(1...20))
            #expect(page.transactions.allSatisfy { $0.terminal == 7 })
            #expect(page.transactions.map(\.payload) == (1...20).map { payload(terminal: 7, sequence: $0) })
            #expect(page.transactions.map(\.recordedAt) == (1...20).map { baseTime + Int64($0) * 1000 })
            #expect(page.transactions.prefix(10).allSatisfy { $0.receivedAt == baseTime + 1 })
            #expect(page.transactions.suffix(10).allSatisfy { $0.receivedAt == baseTime + 2 })
            #expect(zip(page.transactions, page.transactions.dropFirst()).allSatisfy { $0.position < $1.position })
            #expect(page.nextAfter == page.transactions.last?.position)
        }
    }

    @Test("the same batch twice is stored once", arguments: Backend.allCases)
    func sameBatchTwice(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            let batch = transactions(1...5, terminal: 3)
            #expect(
                try await store.ingest(terminal: 3, batch, receivedAt: baseTime) == IngestReport(storedThrough: 5, stored: 5, duplicates: 0)
            )
            #expect(
                try await store.ingest(terminal: 3, batch, receivedAt: baseTime + 9)
                    == IngestReport(storedThrough: 5, stored: 0, duplicates: 5))
            // Overlapping: 4 and 5 again, 6 and 7 new.
            #expect(
                try await store.ingest(terminal: 3, transactions(4...7, terminal: 3), receivedAt: baseTime + 10)
                    == IngestReport(storedThrough: 7, stored: 2, duplicates: 2))
            let stored = try await store.pull(PullQuery()).transactions
            #expect(stored.map(\.sequence) == Array(1...7))
            // The first upload's receiving time stays.
            #expect(stored.prefix(5).allSatisfy { $0.receivedAt == baseTime })
        }
    }

    @Test("a gap holds storedThrough until it is filled", arguments: Backend.allCases)
    func outOfOrderThenFill(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            #expect(
                try await store.ingest(terminal: 2, transactions(6...10, terminal: 2), receivedAt: baseTime)
                    == IngestReport(storedThrough: 0, stored: 5, duplicates: 0))
            #expect(
                try await store.ingest(terminal: 2, transactions(1...3, terminal: 2), receivedAt: baseTime)
                    == IngestReport(storedThrough: 3, stored: 3, duplicates: 0))
            #expect(
                try await store.ingest(terminal: 2, transactions(13...14, terminal: 2), receivedAt: baseTime)
                    == IngestReport(storedThrough: 3, stored: 2, duplicates: 0))
            #expect(try await store.storedThrough(terminal: 2) == 3)
            // 5 alone leaves the gap at 4.
            #expect(
                try await store.ingest(terminal: 2, [transaction(5, terminal: 2)], receivedAt: baseTime)
                    == IngestReport(storedThrough: 3, stored: 1, duplicates: 0))
            // Filling 4 advances over 5...10, stored earlier, and stops at the gap at 11.
            #expect(
                try await store.ingest(terminal: 2, transactions(4...5, terminal: 2), receivedAt: baseTime)
                    == IngestReport(storedThrough: 10, stored: 1, duplicates: 1))
            // Another terminal's 11 and 12 do not count for this one.
            _ = try await store.ingest(terminal: 9, transactions(1...12, terminal: 9), receivedAt: baseTime)
            #expect(try await store.storedThrough(terminal: 2) == 10)
            #expect(
                try await store.ingest(terminal: 2, [transaction(12, terminal: 2), transaction(11, terminal: 2)], receivedAt: baseTime)
                    == IngestReport(storedThrough: 14, stored: 2, duplicates: 0))
            #expect(try await store.storedThrough(terminal: 9) == 12)
        }
    }

    @Test("repeats inside one batch are stored once and counted as duplicates", arguments: Backend.allCases)
    func duplicatesWithinBatch(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            let batch = [3, 1, 2, 2, 1, 3, 3].map { transaction(UInt64($0), terminal: 4) }
            #expect(
                try await store.ingest(terminal: 4, batch, receivedAt: baseTime) == IngestReport(storedThrough: 3, stored: 3, duplicates: 4)
            )
            // A stored one repeated in a batch with a new one.
            #expect(
                try await store.ingest(
                    terminal: 4, [transaction(4, terminal: 4), transaction(2, terminal: 4), transaction(4, terminal: 4)],
                    receivedAt: baseTime)
                    == IngestReport(storedThrough: 4, stored: 1, duplicates: 2))
            let stored = try await store.pull(PullQuery()).transactions
            #expect(stored.map(\.sequence).sorted() == [1, 2, 3, 4])
            // Each stored in ascending order within its batch.
            #expect(stored.map(\.sequence) == [1, 2, 3, 4])
        }
    }

    @Test("a conflicting batch is refused entirely and raises an alarm", arguments: Backend.allCases)
    func conflictWithStored(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            _ = try await store.ingest(terminal: 5, transactions(1...3, terminal: 5), receivedAt: baseTime)
            let forged = transaction(2, terminal: 5, payload: Array("forged".utf8))
            await #expect(throws: LedgerStoreError.conflict(terminal: 5, sequence: 2)) {
                try await store.ingest(
                    terminal: 5, [transaction(4, terminal: 5), forged, transaction(5, terminal: 5)], receivedAt: baseTime + 50)
            }
            // Nothing of the batch is stored: not 4 and 5, and 2 keeps its payload.
            #expect(try await store.storedThrough(terminal: 5) == 3)
            let stored = try await store.pull(PullQuery()).transactions
            #expect(stored.map(\.sequence) == [1, 2, 3])
            #expect(stored[1].payload == payload(terminal: 5, sequence: 2))

            let alarms = try await store.alarms(limit: 10)
            #expect(alarms.count == 1)
            #expect(alarms.first?.kind == "conflict")
            #expect(alarms.first?.terminal == 5)
            #expect(alarms.first?.sequence == 2)
            #expect(alarms.first?.at == baseTime + 50)
            #expect(alarms.first?.detail.isEmpty == false)

            // The honest batch goes through afterwards.
            #expect(
                try await store.ingest(terminal: 5, transactions(4...5, terminal: 5), receivedAt: baseTime)
                    == IngestReport(storedThrough: 5, stored: 2, duplicates: 0))
        }
    }

    @Test("a batch giving one sequence two payloads is refused entirely", arguments: Backend.allCases)
    func conflictWithinBatch(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            let batch = [transaction(1, terminal: 6), transaction(2, terminal: 6), transaction(2, terminal: 6, payload: [0x01])]
            await #expect(throws: LedgerStoreError.conflict(terminal: 6, sequence: 2)) {
                try await store.ingest(terminal: 6, batch, receivedAt: baseTime)
            }
            #expect(try await store.storedThrough(terminal: 6) == 0)
            #expect(try await store.pull(PullQuery()).transactions.isEmpty)
            let alarms = try await store.alarms(limit: 10)
            #expect(alarms.map(\.kind) == ["conflict"])
            #expect(alarms.first?.sequence == 2)
        }
    }

    @Test("storedThrough never decreases", arguments: Backend.allCases)
    func storedThroughNeverDecreases(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            _ = try await store.ingest(terminal: 1, transactions(1...5), receivedAt: baseTime)
            #expect(try await store.ingest(terminal: 1, transactions(1...2), receivedAt: baseTime).storedThrough == 5)
            #expect(try await store.ingest(terminal: 1, [transaction(9)], receivedAt: baseTime).storedThrough == 5)
            #expect(
                try await store.ingest(terminal: 1, [], receivedAt: baseTime) == IngestReport(storedThrough: 5, stored: 0, duplicates: 0))
            #expect(try await store.ingest(terminal: 1, [transaction(3)], receivedAt: baseTime).storedThrough == 5)
            #expect(try await store.storedThrough(terminal: 1) == 5)
        }
    }

    @Test("payloads come back byte for byte, empty and large ones too", arguments: Backend.allCases)
    func payloadRoundTrip(backend: Backend) async throws {
        let large = (0..<200_000).map { (index: Int) -> UInt8 in UInt8(truncatingIfNeeded: index &* 31 &+ 7) }
        try await withStore(backend) { handle in
            let store = handle.store
            let batch = [
                transaction(1, payload: []),
                transaction(2, payload: large),
                transaction(3, payload: [0x00, 0xFF, 0x00]),
            ]
            let report = try await store.ingest(terminal: 1, batch, receivedAt: baseTime)
            #expect(report.stored == 3)
            // The same empty payload again is a duplicate, not a conflict.
            #expect(try await store.ingest(terminal: 1, [transaction(1, payload: [])], receivedAt: baseTime).duplicates == 1)
            #expect(try await store.pull(PullQuery()).transactions.map(\.payload) == batch.map(\.payload))
        }
    }

    @Test("a sequence beyond 2^63 - 1 is refused and nothing is stored", arguments: Backend.allCases)
    func sequenceOutOfRange(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            await #expect(throws: (any Error).self) {
                try await store.ingest(terminal: 1, [transaction(1), transaction(UInt64(Int64.max) + 1)], receivedAt: baseTime)
            }
            #expect(try await store.pull(PullQuery()).transactions.isEmpty)
            let highest = UInt64(Int64.max)
            _ = try await store.ingest(terminal: 1, [transaction(highest)], receivedAt: baseTime)
            #expect(try await store.pull(PullQuery()).transactions.map(\.sequence) == [highest])
        }
    }

    // MARK: Pull

    @Test("pages follow each other without gaps or repeats", arguments: Backend.allCases)
    func pullPagination(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            _ = try await store.ingest(terminal: 1, transactions(1...12, terminal: 1), receivedAt: baseTime)
            _ = try await store.ingest(terminal: 2, transactions(1...13, terminal: 2), receivedAt: baseTime)

            var pages: [PullPage] = []
            var after: Int64 = 0
            repeat {
                let page = try await store.pull(PullQuery(after: after, limit: 10))
                pages.append(page)
                after = page.nextAfter
            } while pages.last!.more
            #expect(pages.map(\.transactions.count) == [10, 10, 5])
            #expect(pages.map(\.more) == [true, true, false])
            #expect(pages[0].nextAfter == pages[0].transactions.last?.position)
            #expect(pages[1].nextAfter == pages[1].transactions.last?.position)

            let pulled = pages.flatMap(\.transactions)
            #expect(pulled.map(\.key) == (1...12).map { Key(terminal: 1, sequence: $0) } + (1...13).map { Key(terminal: 2, sequence: $0) })
            #expect(zip(pulled, pulled.dropFirst()).allSatisfy { $0.position < $1.position })
            #expect(pages[2].nextAfter >= pulled.last!.position)

            // Caught up: an empty page that keeps the cursor; then new rows appear after it.
            let empty = try await store.pull(PullQuery(after: after, limit: 10))
            #expect(empty.transactions.isEmpty && empty.more == false && empty.nextAfter == after)
            _ = try await store.ingest(terminal: 1, transactions(13...14, terminal: 1), receivedAt: baseTime)
            let fresh = try await store.pull(PullQuery(after: after, limit: 10))
            #expect(fresh.transactions.map(\.key) == [Key(terminal: 1, sequence: 13), Key(terminal: 1, sequence: 14)])
            // A page exactly full says more may follow, and the next one is empty.
            let exact = try await store.pull(PullQuery(after: after, limit: 2))
            #expect(exact.more == true)
            #expect(try await store.pull(PullQuery(after: exact.nextAfter, limit: 2)).transactions.isEmpty)
        }
    }

    @Test("filters by terminal and recording time", arguments: Backend.allCases)
    func pullFilters(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            for terminal: UInt32 in [1, 2, 3] {
                _ = try await store.ingest(terminal: terminal, transactions(1...10, terminal: terminal), receivedAt: baseTime)
            }
            let onlyTwo = try await pullAll(store, PullQuery(terminal: 2, limit: 4))
            #expect(onlyTwo.transactions.map(\.key) == (1...10).map { Key(terminal: 2, sequence: $0) })

            // Recorded in [baseTime + 3 s, baseTime + 6 s): sequences 3, 4, 5 of each terminal.
            let window = PullQuery(recordedFrom: baseTime + 3000, recordedBefore: baseTime + 6000, limit: 100)
            let windowed = try await store.pull(window)
            #expect(
                windowed.transactions.map(\.key) == [1, 2, 3].flatMap { terminal in (3...5).map { Key(terminal: terminal, sequence: $0) } })

            let both = try await store.pull(PullQuery(terminal: 3, recordedFrom: baseTime + 9000, limit: 100))
            #expect(both.transactions.map(\.key) == [Key(terminal: 3, sequence: 9), Key(terminal: 3, sequence: 10)])
            let onlyBefore = try await store.pull(PullQuery(terminal: 1, recordedBefore: baseTime + 2000, limit: 100))
            #expect(onlyBefore.transactions.map(\.key) == [Key(terminal: 1, sequence: 1)])

            // A filter matching nothing still moves the cursor past everything it looked at...
            let everything = try await store.pull(PullQuery(limit: 1000))
            let none = try await store.pull(PullQuery(terminal: 99, limit: 10))
            #expect(none.transactions.isEmpty && none.more == false)
            #expect(none.nextAfter == everything.transactions.last?.position)
            // ... and finds what comes after.
            _ = try await store.ingest(terminal: 99, [transaction(1, terminal: 99)], receivedAt: baseTime)
            let next = try await store.pull(PullQuery(after: none.nextAfter, terminal: 99, limit: 10))
            #expect(next.transactions.map(\.key) == [Key(terminal: 99, sequence: 1)])
        }
    }

    @Test("pulls while ingests run miss nothing and repeat nothing", arguments: Backend.allCases)
    func pullDuringIngest(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            let terminals: [UInt32] = [21, 22, 23, 24]
            let batches: UInt64 = 25
            let perBatch: UInt64 = 16
            let expected = Set(terminals.flatMap { terminal in (1...(batches * perBatch)).map { Key(terminal: terminal, sequence: $0) } })
            let ingestsDone = Flag()

            let (all, filtered) = try await withThrowingTaskGroup(of: [StoredTransaction].self) { group in
                // Every terminal uploads its batches at the same time as the others.
                group.addTask {
                    try await withThrowingTaskGroup(of: Void.self) { uploads in
                        for terminal in terminals {
                            uploads.addTask {
                                for batch in 0..<batches {
                                    let range = (batch * perBatch + 1)...((batch + 1) * perBatch)
                                    let report = try await store.ingest(
                                        terminal: terminal, transactions(range, terminal: terminal), receivedAt: baseTime)
                                    #expect(report.storedThrough == range.upperBound)
                                }
                            }
                        }
                        try await uploads.waitForAll()
                    }
                    ingestsDone.set()
                    return []
                }
                // Two pullers, one of them filtered, page through until caught up after the end.
                for terminal in [nil, UInt32(22)] {
                    group.addTask {
                        var pulled: [StoredTransaction] = []
                        var after: Int64 = 0
                        while true {
                            let finished = ingestsDone.isSet  // before the pull: its snapshot has everything
                            let page = try await store.pull(PullQuery(after: after, terminal: terminal, limit: 37))
                            #expect(page.nextAfter >= after)
                            pulled += page.transactions
                            after = page.nextAfter
                            if finished && !page.more { return pulled }
                            if !page.more { await Task.yield() }
                        }
                    }
                }
                var all: [StoredTransaction] = []
                var filtered: [StoredTransaction] = []
                for try await result in group where !result.isEmpty {
                    if Set(result.map(\.terminal)) == [22] { filtered = result } else { all = result }
                }
                return (all, filtered)
            }

            #expect(all.count == expected.count, "no transaction pulled twice")
            #expect(Set(all.map(\.key)) == expected, "every stored transaction pulled")
            #expect(zip(all, all.dropFirst()).allSatisfy { $0.position < $1.position })
            #expect(filtered.map(\.key) == (1...(batches * perBatch)).map { Key(terminal: 22, sequence: $0) })
            for terminal in terminals {
                #expect(try await store.storedThrough(terminal: terminal) == batches * perBatch)
            }
        }
    }

    // MARK: Replay protection

    @Test("a nonce is accepted once per terminal", arguments: Backend.allCases)
    func nonceReplay(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            #expect(try await store.useNonce(terminal: 1, nonce: "n-1", expiresAt: baseTime + 100) == true)
            #expect(try await store.useNonce(terminal: 1, nonce: "n-1", expiresAt: baseTime + 100) == false)
            #expect(try await store.useNonce(terminal: 2, nonce: "n-1", expiresAt: baseTime + 100) == true)
            #expect(try await store.useNonce(terminal: 1, nonce: "n-2", expiresAt: baseTime + 300) == true)

            try await store.purgeNonces(expiredBefore: baseTime + 200)
            // n-1 expired and was forgotten; n-2 is still remembered.
            #expect(try await store.useNonce(terminal: 1, nonce: "n-1", expiresAt: baseTime + 400) == true)
            #expect(try await store.useNonce(terminal: 1, nonce: "n-2", expiresAt: baseTime + 400) == false)
        }
    }

    // MARK: Terminals

    @Test("terminals are enrolled, revoked and enrolled again", arguments: Backend.allCases)
    func terminalLifecycle(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            let first = EnrolledTerminal(
                id: 42, publicKey: [0x04] + Array(repeating: 0xA1, count: 64), label: "till 1", enrolledAt: baseTime)
            let second = EnrolledTerminal(
                id: 7, publicKey: [0x04] + Array(repeating: 0xB2, count: 64), label: "till 2", enrolledAt: baseTime + 1)
            try await store.enrol(first)
            try await store.enrol(second)
            #expect(try await store.terminal(42) == first)
            #expect(try await store.terminal(43) == nil)
            #expect(try await store.terminals() == [second, first])

            try await store.revoke(terminal: 42, at: baseTime + 10, reason: "stolen")
            let revoked = try #require(try await store.terminal(42))
            #expect(revoked.isRevoked)
            #expect(revoked.revokedAt == baseTime + 10)
            #expect(revoked.revocationReason == "stolen")
            #expect(try await store.terminal(7)?.isRevoked == false)

            await #expect(throws: LedgerStoreError.unknownTerminal(99)) {
                try await store.revoke(terminal: 99, at: baseTime, reason: "unknown")
            }

            let replaced = EnrolledTerminal(
                id: 42, publicKey: [0x04] + Array(repeating: 0xC3, count: 64), label: "till 1, new board", enrolledAt: baseTime + 20)
            try await store.enrol(replaced)
            #expect(try await store.terminal(42) == replaced)
            #expect(try await store.terminals().count == 2)
        }
    }

    // MARK: Users

    @Test("users are added, found by token digest and removed", arguments: Backend.allCases)
    func users(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            let alice = BackOfficeUser(name: "alice", role: .admin, tokenDigest: Array(repeating: 0x11, count: 32), createdAt: baseTime)
            let bob = BackOfficeUser(name: "bob", role: .auditor, tokenDigest: Array(repeating: 0x22, count: 32), createdAt: baseTime + 1)
            try await store.addUser(bob)
            try await store.addUser(alice)
            await #expect(throws: LedgerStoreError.duplicateUser("alice")) {
                try await store.addUser(
                    BackOfficeUser(name: "alice", role: .auditor, tokenDigest: Array(repeating: 0x33, count: 32), createdAt: baseTime))
            }
            #expect(try await store.users() == [alice, bob])
            #expect(try await store.user(tokenDigest: bob.tokenDigest) == bob)
            #expect(try await store.user(tokenDigest: Array(repeating: 0x33, count: 32)) == nil)

            try await store.removeUser(named: "bob")
            #expect(try await store.user(tokenDigest: bob.tokenDigest) == nil)
            #expect(try await store.users() == [alice])
            await #expect(throws: LedgerStoreError.unknownUser("bob")) {
                try await store.removeUser(named: "bob")
            }
            // The name is free again.
            try await store.addUser(bob)
            #expect(try await store.users().map(\.name) == ["alice", "bob"])
        }
    }

    // MARK: Documents

    @Test(
        "documents are stored as versions 1, 2, 3 per kind, each only once; listed after a version without snapshots",
        arguments: Backend.allCases)
    func publishVersions(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            #expect(try await store.latest(.programme) == nil)
            let v1 = try await store.publish(kind: .programme, version: 1, step: Array("one".utf8), snapshot: Array("1".utf8), at: baseTime)
            let v2 = try await store.publish(
                kind: .programme, version: 2, step: Array("two".utf8), snapshot: Array("2".utf8), at: baseTime + 1)
            let blocks = try await store.publish(kind: .blockList, version: 1, step: [], snapshot: [1], at: baseTime + 2)
            #expect(
                v1
                    == PublishedDocument(
                        kind: .programme, version: 1, body: Array("one".utf8), snapshot: Array("1".utf8), isSigned: true,
                        publishedAt: baseTime))
            #expect(v2.version == 2)
            #expect(blocks.version == 1)
            #expect(try await store.latest(.programme) == v2)
            #expect(try await store.latest(.blockList) == blocks)
            #expect(try await store.latest(.bonuses) == nil)
            let listed = try await store.documents(.programme, after: 0, limit: 10)
            #expect(listed.map(\.version) == [1, 2] && listed.allSatisfy { $0.snapshot == nil && $0.isSigned })
            #expect(try await store.documents(.programme, after: 1, limit: 10).map(\.body) == [Array("two".utf8)])
            #expect(try await store.documents(.programme, after: 0, limit: 1).map(\.version) == [1])

            // A version taken, skipped or from the past is refused: the signatures name it.
            for version: Int64 in [2, 4, 0] {
                await #expect(throws: DocumentVersionConflict.self) {
                    _ = try await store.publish(kind: .programme, version: version, step: [], snapshot: [], at: baseTime)
                }
            }

            // Publishing the same version at the same time stores it once.
            let stored = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        (try? await store.publish(kind: .bonuses, version: 1, step: [UInt8(index)], snapshot: [], at: baseTime)) != nil
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(stored.filter { $0 }.count == 1)
            #expect(try await store.latest(.bonuses)?.version == 1)
        }
    }

    // MARK: Alarms

    @Test("alarms come back newest first", arguments: Backend.allCases)
    func alarms(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            let raised = [
                Alarm(at: baseTime, kind: "bad-signature", terminal: 3, detail: "signature does not verify"),
                Alarm(at: baseTime + 1, kind: "replayed", terminal: 3, sequence: 12, detail: "nonce used before"),
                Alarm(at: baseTime + 2, kind: "unknown-terminal", detail: "terminal 9 is not enrolled"),
            ]
            for alarm in raised { try await store.raise(alarm) }
            #expect(try await store.alarms(limit: 10) == raised.reversed())
            #expect(try await store.alarms(limit: 2) == [raised[2], raised[1]])
            #expect(try await store.alarms(limit: 0).isEmpty)
        }
    }
}
