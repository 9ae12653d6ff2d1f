import LedgerFormat
import PointsEngine

/// Asks the back office about members and sales (`GET /v1/members/...`,
/// `POST /v1/members/{member}/reservations`, `POST /v1/refund-reservations`): the terminal's
/// sync side gives the checkout one.
/// A UID-only card's state is held there, so a terminal that forgot it (its journal's ring
/// wrapped, it restarted) still prices on the right balance; a member without their card is
/// found there, and the points they spend are held there.
public protocol MemberLookup: Sendable {
    /// The newest state the back office holds for `member`; `nil` when it knows none or cannot
    /// be asked. Throws nothing: a lookup that fails is as if the terminal were offline.
    func state(of member: String) async -> UIDState?

    /// The member named without a card.
    func find(_ reference: MemberReference) async -> MemberFound

    /// Holds `points` of `member`'s balance for the sale `requestId`.
    func reserve(points: Int64, of member: String, for requestId: String) async -> PointsHold

    /// Finds the sale `saleId` (of terminal `saleTerminal`, or any when `nil`) and holds
    /// `amount` of it (the rest when `nil`) for the refund `refundId`.
    func holdRefund(of saleId: String, at saleTerminal: UInt32?, amount: Int64?, for refundId: String) async -> RefundHold
}

/// A member the back office found by phone or member id.
public struct FoundMember: Sendable, Equatable {
    public var member: String
    /// The newest state it holds (`nil`: a member with no transaction yet).
    public var state: MemberState?
    /// Points adjustments that state has not applied yet.
    public var pending: [PointsAdjustment]

    public init(member: String, state: MemberState?, pending: [PointsAdjustment]) {
        self.member = member
        self.state = state
        self.pending = pending
    }
}

/// What a lookup found.
public enum MemberFound: Sendable, Equatable {
    case found(FoundMember)
    case unknown
    case unreachable(String)
}

/// What a reservation came to.
public enum PointsHold: Sendable, Equatable {
    case granted(available: Int64)
    /// Refused: the back office's reason (it names what the member may spend).
    case insufficient(String)
    case unknownMember
    case unreachable(String)
}

/// The lookup in a struct, so that it can be swapped in a `Mutex` and read without thunks.
struct MemberLookupBox: Sendable {
    let lookup: any MemberLookup
    /// How long a tap waits for it before going on with what the terminal knows.
    let budget: Duration

    /// The lookup's answer to `question`, or `nil` when it does not come within the budget (the
    /// terminal then goes on with its offline rules).
    func ask<Answer: Sendable>(_ question: @escaping @Sendable (any MemberLookup) async -> Answer) async -> Answer? {
        let lookup = self.lookup
        let budget = self.budget
        return await withTaskGroup(of: Answer?.self) { group in
            group.addTask { await question(lookup) }
            group.addTask {
                try? await Task.sleep(for: budget)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
