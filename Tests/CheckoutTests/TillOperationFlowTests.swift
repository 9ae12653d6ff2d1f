import Checkout
import LedgerFormat
import PCSC
import PointsEngine
import Testing

@Suite("Checkout: adjustments, reversals and approvals")
struct TillOperationFlowTests {
    /// The demo programme with approvals: 500 points without approval, a 60 s reversal window.
    static func engine(reversalNeedsApproval: Bool = false) throws -> PointsEngine {
        var programme = Programme.demo
        programme.approvals = ApprovalRules(
            adjustmentPointsWithoutApproval: 500, reversalWindowSeconds: 60, reversalNeedsApproval: reversalNeedsApproval)
        return try PointsEngine(programme: programme)
    }

    static func roster(card: String? = nil) -> ManagerRoster {
        ManagerRoster(managers: [
            ManagerRoster.Manager(id: "M-1", name: "Lan", cards: Set(card.map { [$0] } ?? []), pinMatches: { $0 == "4821" })
        ])
    }

    func adjustment(_ id: String, _ points: Int64, approval: ManagerCredential? = nil) -> AdjustmentRequest {
        AdjustmentRequest(adjustmentId: id, points: points, reason: "Goodwill", cashier: "C-07", approval: approval)
    }

    @Test("under the threshold no approval; over it a manager's PIN, refused before any tap when missing or wrong")
    func adjustmentApprovals() async throws {
        let fixture = try CheckoutFixture()
        let service = try fixture.service()
        service.updateProgramme(try Self.engine())
        service.updateManagers(Self.roster())
        let card = try fixture.card("M-100")
        fixture.reader.present(card)
        let small = await service.adjust(adjustment("A-1", 200))
        #expect(small.outcome == .completed && small.balance == 200 && small.approval == nil, "\(small.refusal?.description ?? "")")
        #expect(await service.adjust(adjustment("A-2", 1_500)).refusal?.code == .approvalRequired)
        #expect(await service.adjust(adjustment("A-2", 1_500, approval: .pin(manager: "M-1", pin: "1111"))).refusal?.code == .wrongPIN)
        #expect(
            await service.adjust(adjustment("A-2", 1_500, approval: .pin(manager: "M-9", pin: "4821"))).refusal?.code == .unknownManager)
        let approved = await service.adjust(adjustment("A-2", -150, approval: .pin(manager: "M-1", pin: "4821")))
        #expect(approved.outcome == .completed && approved.balance == 50)
        #expect(approved.approval == ApprovalAnswer(manager: "M-1", method: .pin))
        let big = await service.adjust(adjustment("A-3", 1_500, approval: .pin(manager: "M-1", pin: "4821")))
        #expect(big.balance == 1_550)
        #expect(try cardState(card)?.balance == 1_550)
        let entries = try fixture.entries().map(\.entry)
        #expect(entries.map(\.kind) == [.adjustment, .adjustment, .adjustment])
        #expect(entries.map(\.adjustedPoints) == [200, -150, 1_500])
        #expect(entries[0].approval == nil && entries[2].approval == ApprovalRecord(manager: "M-1", method: .pin))
        #expect(entries.allSatisfy { $0.cashier == "C-07" && $0.reason == "Goodwill" })
        // A retry of a journaled adjustment needs no credential again and gives the same answer.
        let retry = await service.adjust(adjustment("A-3", 1_500))
        #expect(retry.replayed && retry.balance == 1_550)
        #expect(await service.adjust(adjustment("A-3", 1_400)).refusal?.code == .idConflict)
    }

    @Test("wrong PINs lock the manager's PIN after five, before the PIN is checked")
    func pinLocked() async throws {
        let fixture = try CheckoutFixture()
        let service = try fixture.service()
        service.updateProgramme(try Self.engine())
        service.updateManagers(Self.roster())
        for attempt in 1...5 {
            let answer = await service.adjust(adjustment("A-\(attempt)", 1_000, approval: .pin(manager: "M-1", pin: "0000")))
            #expect(answer.refusal?.code == .wrongPIN)
        }
        let locked = await service.adjust(adjustment("A-6", 1_000, approval: .pin(manager: "M-1", pin: "4821")))
        #expect(locked.refusal?.code == .pinLocked, "even the right PIN waits")
        let request = adjustment("A-7", 1_000, approval: .pin(manager: "M-1", pin: "4821"))
        #expect(!"\(request)".contains("4821") && !String(reflecting: request).contains("4821"), "a PIN is never printed")
        #expect(try fixture.entries().isEmpty)
    }

    @Test("a manager card tap gives a single-use token; another card is refused not-a-manager")
    func cardApproval() async throws {
        let fixture = try CheckoutFixture()
        let service = try fixture.service()
        service.updateProgramme(try Self.engine())
        let manager = try fixture.card("M-MGR", uid: [0x08, 0x99, 0x88, 0x77])
        let member = try fixture.card("M-100")
        let managerKey = PCSC.Hex.encode(try #require(try manager.file.read().record).record.cardKeyID)
        service.updateManagers(Self.roster(card: managerKey))
        fixture.reader.present(member)
        let refused = await service.approve(ApprovalRequest(cashier: "C-07"))
        #expect(refused.refusal?.code == .notAManager)
        fixture.reader.present(manager)
        let tapped = await service.approve(ApprovalRequest(cashier: "C-07"))
        let token = try #require(tapped.approval?.token, "\(tapped.refusal?.description ?? "")")
        #expect(tapped.approval?.manager == "M-1" && tapped.approval?.method == .card)
        fixture.reader.present(member)
        let approved = await service.adjust(adjustment("A-1", 2_000, approval: .token(token)))
        #expect(approved.outcome == .completed && approved.approval?.method == .card)
        let reused = await service.adjust(adjustment("A-2", 2_000, approval: .token(token)))
        #expect(reused.refusal?.code == .approvalTokenInvalid)
        #expect(try fixture.entries().map(\.entry.kind) == [.adjustment], "an approval tap journals nothing")
    }

    @Test("the last sale reversed within the window comes back exactly; not the last, too late or another card are refused")
    func reversal() async throws {
        let fixture = try CheckoutFixture()
        let service = try fixture.service()
        service.updateProgramme(try Self.engine())
        let card = try fixture.card("M-100")
        fixture.reader.present(card)
        let first = await service.sale(CheckoutFixture.sale("S-1", 1_000_000))
        let second = await service.sale(CheckoutFixture.sale("S-2", 2_000_000))
        #expect(second.outcome == .completed)
        func reverse(_ id: String, _ transaction: String) async -> CheckoutAnswer {
            await service.reverse(ReversalRequest(reversalId: id, transactionId: transaction, reason: "Mistake", cashier: "C-07"))
        }
        #expect(await reverse("V-1", "S-1").refusal?.code == .notLastTransaction)
        #expect(await reverse("V-1", "S-404").refusal?.code == .notLastTransaction)
        fixture.reader.present(try fixture.card("M-200", uid: [1, 2, 3, 4]))
        #expect(await reverse("V-1", "S-2").refusal?.code == .wrongCard)
        fixture.reader.present(card)
        let reversed = await reverse("V-1", "S-2")
        #expect(reversed.outcome == .completed, "\(reversed.refusal?.description ?? "")")
        #expect(reversed.balance == first.balance && reversed.reversed?.requestId == "S-2")
        #expect(try cardState(card)?.balance == first.balance)
        let entries = try fixture.entries()
        #expect(entries.last?.entry.kind == .reversal && entries.last?.entry.reversed?.sequence == entries[1].sequence)
        #expect(await service.refund(RefundRequest(refundId: "R-1", saleId: "S-2")).refusal?.code == .alreadyRefunded)
        #expect(await reverse("V-2", "V-1").refusal?.code == .notLastTransaction, "a reversal is not reversed")
        _ = await service.sale(CheckoutFixture.sale("S-3", 500_000))
        fixture.clock.advance(byMilliseconds: 61_000)
        #expect(await reverse("V-3", "S-3").refusal?.code == .reversalWindowClosed)
    }

    @Test("a refund and an adjustment reversed; a reversal the programme marks needs approval")
    func reversalOfRefundAndAdjustment() async throws {
        let fixture = try CheckoutFixture()
        let service = try fixture.service()
        service.updateProgramme(try Self.engine(reversalNeedsApproval: true))
        service.updateManagers(Self.roster())
        let card = try fixture.card("M-100")
        fixture.reader.present(card)
        let sale = await service.sale(CheckoutFixture.sale("S-1", 1_000_000))
        _ = await service.refund(RefundRequest(refundId: "R-1", saleId: "S-1", amount: 400_000))
        let request = ReversalRequest(reversalId: "V-1", transactionId: "R-1", reason: "Wrong amount", cashier: "C-07")
        #expect(await service.reverse(request).refusal?.code == .approvalRequired)
        var approved = request
        approved.approval = .pin(manager: "M-1", pin: "4821")
        let undone = await service.reverse(approved)
        #expect(undone.outcome == .completed && undone.balance == sale.balance, "\(undone.refusal?.description ?? "")")
        let refundAgain = await service.refund(RefundRequest(refundId: "R-2", saleId: "S-1"))
        #expect(refundAgain.outcome == .completed && refundAgain.balance == 0, "the whole sale refundable again")
        _ = await service.adjust(adjustment("A-1", 300))
        let adjustmentUndone = await service.reverse(
            ReversalRequest(
                reversalId: "V-2", transactionId: "A-1", reason: "Wrong member", cashier: "C-07",
                approval: .pin(manager: "M-1", pin: "4821")))
        #expect(adjustmentUndone.balance == 0)
        #expect(try fixture.entries().last?.entry.approval == ApprovalRecord(manager: "M-1", method: .pin))
    }
}
