import BackOffice
import BackOfficeSQLite
import Checkout
import Foundation
import LedgerFormat
import Logging
import POSAPI
import Testing

/// The API documents are tied to the code: every route a server serves is in its document, and
/// every operation of the document is served. (What the answers look like is checked against the
/// documents' schemas by every POS API and back office test, through `APIDocumentCheck`, and by
/// Schemathesis against both: `scripts/schemathesis.sh`.)
@Suite("The routes of the servers and the API documents")
struct DocumentedRoutesTests {
    @Test("the POS API serves exactly the operations of docs/pos-api.yaml")
    func posAPI() throws {
        let router = POSAPI.router(checkout: UnusedCheckout(), options: POSAPIOptions(), logger: Logger(label: "test.routes"))
        let served = DocumentedOperations.served(by: router)
        let documented = try DocumentedOperations.load("pos-api.yaml")
        #expect(served.subtracting(documented).isEmpty, "served, not documented: \(served.subtracting(documented).sorted())")
        #expect(documented.subtracting(served).isEmpty, "documented, not served: \(documented.subtracting(served).sorted())")
        #expect(served.count >= 6)
    }

    @Test("the back office serves exactly the operations of docs/backoffice-api.yaml")
    func backOffice() async throws {
        let folder = NSTemporaryDirectory() + "routes-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try await SQLiteLedgerStore.open(path: folder + "/store.sqlite")
        let router = BackOfficeServer.router(store: store, logger: Logger(label: "test.routes"))
        let served = DocumentedOperations.served(by: router)
        try await store.close()
        let documented = try DocumentedOperations.load("backoffice-api.yaml")
        #expect(served.subtracting(documented).isEmpty, "served, not documented: \(served.subtracting(documented).sorted())")
        #expect(documented.subtracting(served).isEmpty, "documented, not served: \(documented.subtracting(served).sorted())")
        #expect(served.count >= 9)
    }

    @Test("the back office's 405 answers list the methods of docs/backoffice-api.yaml (BackOfficeRoutes)")
    func backOfficeAllowedMethods() throws {
        let table = Set(BackOfficeRoutes.all.map { "\($0.method.rawValue) \($0.path)" })
        let documented = try DocumentedOperations.load("backoffice-api.yaml")
        #expect(
            table == documented,
            "table only: \(table.subtracting(documented).sorted()); document only: \(documented.subtracting(table).sorted())")
        #expect(BackOfficeRoutes.methods(allowedOn: "/v1/documents/programme") == [.get])
        #expect(BackOfficeRoutes.methods(allowedOn: "//v1/journal/batches") == [.post])
        #expect(BackOfficeRoutes.methods(allowedOn: "/v1/journal/batches/1").isEmpty)
    }
}

/// A checkout the route listing never calls.
struct UnusedCheckout: CheckoutHandling {
    var rules: RequestRules { RequestRules(currency: "VND", maximumBill: 100_000_000) }
    func sale(_ request: SaleRequest) async -> CheckoutAnswer { Self.unused(.sale) }
    func refund(_ request: RefundRequest) async -> CheckoutAnswer { Self.unused(.refund) }
    func balance(_ request: BalanceRequest) async -> CheckoutAnswer { Self.unused(.balance) }
    func enrol(_ request: EnrolmentRequest) async -> CheckoutAnswer { Self.unused(.enrolment) }
    func cancel(requestId: String) async -> CancelOutcome { .unknown }
    func answer(for requestId: String) async -> CheckoutAnswer? { nil }
    func health() async -> HealthReport {
        HealthReport(
            status: "ok", terminalId: 1, reader: nil, readerPresent: false, cardPresent: false, programme: "", programmeVersion: 0,
            journalCapacityRecords: 0, journalWaitingRecords: 0, journalLastSequence: 0, inDoubt: 0, blockedMembers: 0, problems: [])
    }

    static func unused(_ kind: CheckoutAnswer.Kind) -> CheckoutAnswer { CheckoutAnswer(outcome: .refused, kind: kind) }
}
