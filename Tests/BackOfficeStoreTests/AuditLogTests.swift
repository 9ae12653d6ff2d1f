import BackOfficeStorage
import Foundation
import Testing

/// The audit log on each backend: appended in a chain, refused changes, and an edited or a
/// removed row found by the verification (the triggers dropped first, as an attacker with the
/// database's owner rights would).
@Suite("Audit log", .timeLimit(.minutes(2)))
struct AuditLogTests {
    static func event(_ index: Int) -> AuditEvent {
        AuditEvent(
            at: baseTime + Int64(index), actor: "cli:ana", action: "terminal.revoke", subject: "terminal \(index)",
            reason: "stolen \(index)", detail: ["label": "till <\(index)>"])
    }

    /// Five rows appended; answers them.
    static func appendFive(_ store: any LedgerStore) async throws -> [AuditRecord] {
        var records: [AuditRecord] = []
        for index in 1...5 { records.append(try await store.appendAudit(event(index))) }
        return records
    }

    /// The statements that take the append-only triggers away.
    static func dropTriggers(_ backend: Backend) -> [String] {
        switch backend {
        case .sqlite: ["DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"]
        case .postgres: ["DROP TRIGGER audit_log_no_change ON audit_log"]
        }
    }

    @Test("rows chain: each holds the previous row's hash; the chain verifies", arguments: Backend.allCases)
    func chain(backend: Backend) async throws {
        try await withStore(backend) { handle in
            #expect(try await handle.store.verifyAuditChain() == AuditVerification(verified: 0, problem: nil))
            let records = try await Self.appendFive(handle.store)
            #expect(records.map(\.sequence) == [1, 2, 3, 4, 5])
            #expect(records[0].previousHash == AuditChain.genesis)
            for index in 1..<5 { #expect(records[index].previousHash == records[index - 1].hash) }
            #expect(Set(records.map(\.hash)).count == 5)
            #expect(try await handle.store.auditRecords(before: nil, limit: 10).map(\.sequence) == [5, 4, 3, 2, 1])
            #expect(try await handle.store.auditRecords(before: 4, limit: 2).map(\.sequence) == [3, 2])
            #expect(try await handle.store.auditRecords(after: 2, limit: 10) == Array(records[2...]))
            #expect(try await handle.store.verifyAuditChain(pageSize: 2) == AuditVerification(verified: 5, problem: nil))
        }
    }

    @Test("the database refuses to update or delete a row", arguments: Backend.allCases)
    func appendOnly(backend: Backend) async throws {
        try await withStore(backend) { handle in
            _ = try await Self.appendFive(handle.store)
            await #expect(throws: (any Error).self) {
                try await handle.execute("UPDATE audit_log SET actor = 'someone' WHERE sequence = 2")
            }
            await #expect(throws: (any Error).self) { try await handle.execute("DELETE FROM audit_log WHERE sequence = 2") }
            #expect(try await handle.store.auditRecords(after: 0, limit: 10).count == 5)
            #expect(try await handle.store.verifyAuditChain().isIntact)
        }
    }

    @Test("an edited row is named", arguments: Backend.allCases)
    func edited(backend: Backend) async throws {
        try await withStore(backend) { handle in
            _ = try await Self.appendFive(handle.store)
            for statement in Self.dropTriggers(backend) { try await handle.execute(statement) }
            try await handle.execute("UPDATE audit_log SET reason = 'routine' WHERE sequence = 3")
            let verification = try await handle.store.verifyAuditChain(pageSize: 2)
            #expect(verification.problem?.sequence == 3)
            #expect(verification.problem?.reason.contains("edited") == true)
            #expect(verification.verified == 2)
        }
    }

    @Test("an edited row whose hash was recomputed is found at the next row", arguments: Backend.allCases)
    func editedAndRehashed(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let records = try await Self.appendFive(handle.store)
            for statement in Self.dropTriggers(backend) { try await handle.execute(statement) }
            var forged = records[2].event
            forged.reason = "routine"
            let hash = AuditChain.hash(sequence: 3, event: forged, previousHash: records[1].hash)
            try await handle.execute("UPDATE audit_log SET reason = 'routine', hash = '\(hash)' WHERE sequence = 3")
            #expect(try await handle.store.verifyAuditChain().problem?.sequence == 4)
        }
    }

    @Test("a removed row is named", arguments: Backend.allCases)
    func removed(backend: Backend) async throws {
        try await withStore(backend) { handle in
            _ = try await Self.appendFive(handle.store)
            for statement in Self.dropTriggers(backend) { try await handle.execute(statement) }
            try await handle.execute("DELETE FROM audit_log WHERE sequence = 2")
            let verification = try await handle.store.verifyAuditChain()
            #expect(verification.problem?.sequence == 2)
            #expect(verification.problem?.reason.contains("removed") == true)
        }
    }

    @Test("a removed row whose successors were renumbered is still found", arguments: Backend.allCases)
    func removedAndRenumbered(backend: Backend) async throws {
        try await withStore(backend) { handle in
            _ = try await Self.appendFive(handle.store)
            for statement in Self.dropTriggers(backend) { try await handle.execute(statement) }
            try await handle.execute("DELETE FROM audit_log WHERE sequence = 2")
            for sequence in 3...5 {
                try await handle.execute("UPDATE audit_log SET sequence = \(sequence - 1) WHERE sequence = \(sequence)")
            }
            let verification = try await handle.store.verifyAuditChain()
            #expect(verification.problem?.sequence == 2)
            #expect(verification.isIntact == false)
        }
    }

    @Test("appends from many tasks at once never fork the chain", arguments: Backend.allCases)
    func concurrentAppends(backend: Backend) async throws {
        try await withStore(backend) { handle in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 1...40 { group.addTask { _ = try await handle.store.appendAudit(Self.event(index)) } }
                try await group.waitForAll()
            }
            #expect(try await handle.store.verifyAuditChain() == AuditVerification(verified: 40, problem: nil))
        }
    }

    @Test("the canonical encoding is the documented netstrings")
    func canonicalEncoding() {
        let event = AuditEvent(at: 1_700_000_000_000, actor: "cli:ana", action: "user.add", subject: "user bo", reason: "", detail: [:])
        let bytes = AuditChain.canonical(sequence: 1, event: event, previousHash: AuditChain.genesis)
        #expect(
            String(decoding: bytes, as: UTF8.self)
                == "8:audit-v1,1:1,13:1700000000000,7:cli:ana,8:user.add,7:user bo,0:,2:{},64:\(AuditChain.genesis),")
        // A multi-byte character counts its bytes.
        let thai = AuditEvent(at: 1, actor: "ก", action: "a", subject: "", reason: "", detail: [:])
        #expect(String(decoding: AuditChain.canonical(sequence: 2, event: thai, previousHash: "x"), as: UTF8.self).contains("3:ก,"))
    }
}
