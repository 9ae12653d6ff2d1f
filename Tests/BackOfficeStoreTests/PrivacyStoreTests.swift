import BackOfficeReports
import BackOfficeStorage
import Foundation
import LedgerFormat
import PointsEngine
import SyncProtocol
import Testing

/// The member index, consents, erasure, the member record and the export, on each backend.
@Suite("Member index, consents and erasure", .timeLimit(.minutes(2)))
struct PrivacyStoreTests {
    static let phone = "+60123456789"

    static func enrolment(_ member: String, phone: String, sequence: UInt64, terminal: UInt32 = 7) throws -> UploadedTransaction {
        var entry = LedgerEntry(kind: .enrolment, terminalId: terminal, time: 1_750_000_000 + Int64(sequence))
        entry.requestId = "EN-\(sequence)"
        entry.member = member
        entry.card = String(format: "%016X", 0xC000 + sequence)
        entry.trust = "member-card"
        entry.setMemberState(MemberState(tierId: "member"))
        entry.enrolment = EnrolmentDetails(
            number: UInt32(sequence), phone: phone, birthdayMonth: 4, birthdayDay: 18, language: "ms",
            consents: ["programme", "marketing-sms"], referrer: nil)
        return UploadedTransaction(sequence: sequence, recordedAt: 1_750_000_000_000, payload: try entry.encoded())
    }

    static func sale(_ member: String, sequence: UInt64, balance: Int64, referrer: String? = nil, terminal: UInt32 = 7) throws
        -> UploadedTransaction
    {
        var entry = LedgerEntry(kind: .sale, terminalId: terminal, time: 1_750_000_000 + Int64(sequence))
        entry.requestId = "S-\(sequence)"
        entry.member = member
        entry.card = String(format: "%016X", 0xC000 + 1)
        entry.trust = "member-card"
        var state = MemberState(tierId: balance > 100 ? "silver" : "member")
        state.lots = [PointLot(month: Month(year: 2025, month: 6), points: balance)]
        entry.setMemberState(state)
        entry.referrerReward = try referrer.map { referrer in
            try JSONDecoder().decode(
                ReferrerReward.self, from: Data(#"{"referrerId":"\#(referrer)","points":100,"saleId":"S-\#(sequence)"}"#.utf8))
        }
        return UploadedTransaction(sequence: sequence, recordedAt: 1_750_000_000_000, payload: try entry.encoded())
    }

    @Test(
        "a member's transactions come from the index, theirs alone, a referral listed under the referrer too", arguments: Backend.allCases)
    func index(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            _ = try await store.ingest(
                terminal: 7,
                [
                    try Self.enrolment("E7-1", phone: Self.phone, sequence: 1), try Self.sale("E7-1", sequence: 2, balance: 50),
                    try Self.enrolment("E7-3", phone: "+60111111111", sequence: 3),
                    try Self.sale("E7-3", sequence: 4, balance: 20, referrer: "E7-1"),
                    try Self.sale("E7-1", sequence: 5, balance: 150),
                ], receivedAt: 10)
            try await MemberProjection(store: store).catchUp()
            #expect(try await store.memberIndexPosition() == store.memberProjectionPosition())
            #expect(try await store.transactions(of: "E7-1").map(\.sequence) == [1, 2, 4, 5])
            #expect(try await store.transactions(of: "E7-3").map(\.sequence) == [3, 4])
            #expect(try await store.transactions(of: "nobody").isEmpty)

            let record = try #require(try await MemberRecord.load("E7-1", store: store))
            #expect(record.transactions.map(\.kind) == ["enrolment", "sale", "sale"])
            #expect(record.balance == 150 && record.tier == "silver")
            #expect(record.tierHistory.map(\.tier) == ["member", "silver"])
            #expect(record.referred == ["E7-3"])
            #expect(record.details?.phone == Self.phone && record.details?.language == "ms")
            #expect(record.consents.map(\.code) == ["marketing-sms", "programme"] && record.consents.allSatisfy(\.given))
            #expect(record.consents.first?.history.first?.how == "till T7 seq 1")
            #expect(record.cards.map(\.state) == ["active"])
            let referee = try #require(try await MemberRecord.load("E7-3", store: store))
            #expect(referee.referred.isEmpty && referee.transactions.count == 2)
        }
    }

    @Test("consents withdrawn are kept in order with how and why", arguments: Backend.allCases)
    func consents(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            _ = try await store.ingest(terminal: 7, [try Self.enrolment("E7-1", phone: Self.phone, sequence: 1)], receivedAt: 10)
            try await MemberProjection(store: store).catchUp()
            let withdrawn = ConsentEvent(member: "E7-1", code: "marketing-sms", given: false, at: 2_000, how: "cli", reason: "asked")
            try await store.recordConsent(withdrawn)
            try await store.recordConsent(ConsentEvent(member: "E7-2", code: "profiling", given: false, at: 2_001, how: "cli"))
            #expect(try await store.consentEvents(of: "E7-1") == [withdrawn])
            let record = try #require(try await MemberRecord.load("E7-1", store: store))
            let sms = try #require(record.consents.first { $0.code == "marketing-sms" })
            #expect(!sms.given && sms.history.map(\.given) == [true, false] && sms.history.last?.how == "cli")
            #expect(record.consents.first { $0.code == "programme" }?.given == true)
        }
    }

    @Test(
        "erasure removes the details for good, frees the phone, keeps the ledger and consents; the export has no details",
        arguments: Backend.allCases)
    func erasure(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            _ = try await store.ingest(
                terminal: 7,
                [try Self.enrolment("E7-1", phone: Self.phone, sequence: 1), try Self.sale("E7-1", sequence: 2, balance: 50)],
                receivedAt: 10)
            let projection = MemberProjection(store: store)
            try await projection.catchUp()
            let before = try #require(try await MemberExport.make("E7-1", store: store, at: 5_000))
            #expect(String(decoding: try before.encoded(), as: UTF8.self).contains(Self.phone))

            let erasure = MemberErasure(member: "E7-1", at: 3_000, by: "cli", reason: "request 1")
            #expect(try await store.erase(erasure))
            #expect(try await !store.erase(erasure))
            #expect(try await store.erasure(of: "E7-1") == erasure)
            #expect(try await store.erasedMembers() == ["E7-1"])
            let held = try #require(try await store.member("E7-1"))
            #expect(held.phone == nil && held.details == nil && held.state != nil)
            #expect(try await store.member(phone: Self.phone) == nil)

            // A late copy of the enrolment (another page projected later) does not bring them back.
            try await store.projectMembers(
                MemberProjection.updates(from: try #require(try await store.transactions(of: "E7-1").first)), through: 0)
            #expect(try await store.member("E7-1")?.phone == nil)
            #expect(try await store.member("E7-1")?.details == nil)

            // The phone is free for a new enrolment.
            _ = try await store.ingest(terminal: 7, [try Self.enrolment("E7-3", phone: Self.phone, sequence: 3)], receivedAt: 20)
            try await projection.catchUp()
            #expect(try await store.member(phone: Self.phone)?.member == "E7-3")

            let export = try #require(try await MemberExport.make("E7-1", store: store, at: 6_000))
            let text = String(decoding: try export.encoded(), as: UTF8.self)
            #expect(!text.contains(Self.phone) && !text.contains("\"birthdayDay\""), "\(text)")
            #expect(export.record.details == nil && export.record.erasure == erasure)
            #expect(export.ledger.map(\.sequence) == [1, 2] && export.ledger.allSatisfy { $0.entry.enrolment == nil })
            #expect(export.record.consents.count == 2 && export.record.balance == 50)
        }
    }

    @Test(
        "a terminal's latest status replaces the one before; the last upload is when its stored-through arrived",
        arguments: Backend.allCases)
    func terminalStatus(backend: Backend) async throws {
        try await withStore(backend) { handle in
            let store = handle.store
            #expect(try await store.lastUpload(terminal: 7) == nil)
            _ = try await store.ingest(terminal: 7, transactions(1...3, terminal: 7), receivedAt: 1_000)
            _ = try await store.ingest(terminal: 7, transactions(4...5, terminal: 7), receivedAt: 2_000)
            #expect(try await store.lastUpload(terminal: 7) == 2_000)
            let report = TerminalStatusReport(
                journalCapacityRecords: 1000, journalRecordsInUse: 10, unsyncedTransactions: 2, oldestUnsyncedAt: 900, lastSequence: 7,
                documentVersions: ["block-list": 3], clock: 5_000, refusals: ["card-blocked": 1])
            try await store.recordStatus(ReceivedTerminalStatus(terminal: 7, receivedAt: 4_000, report: report))
            var newer = report
            newer.journalRecordsInUse = 900
            newer.oldestUnsyncedAt = nil
            try await store.recordStatus(ReceivedTerminalStatus(terminal: 7, receivedAt: 6_000, report: newer))
            try await store.recordStatus(ReceivedTerminalStatus(terminal: 8, receivedAt: 6_500, report: report))
            let statuses = try await store.terminalStatuses()
            #expect(statuses.map(\.terminal) == [7, 8])
            #expect(statuses.first == ReceivedTerminalStatus(terminal: 7, receivedAt: 6_000, report: newer))
            #expect(statuses.first?.clockDrift == -1_000)
        }
    }
}
