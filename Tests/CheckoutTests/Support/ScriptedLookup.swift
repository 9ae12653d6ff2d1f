import LedgerFormat
import PointsEngine

@testable import Checkout

/// A ``MemberLookup`` for unit tests of the flow's logic: it answers what it was given, after
/// `delay` (the real one, over HTTP to a back office process, is in the end-to-end tests).
struct ScriptedLookup: MemberLookup {
    var found: MemberFound = .unknown
    var hold: RefundHold = .unknownSale
    var delay: Duration = .zero

    private func wait() async {
        if delay > .zero { try? await Task.sleep(for: delay) }
    }

    func state(of member: String) async -> UIDState? {
        await wait()
        return nil
    }

    func find(_ reference: MemberReference) async -> MemberFound {
        await wait()
        return found
    }

    func reserve(points: Int64, of member: String, for requestId: String) async -> PointsHold {
        await wait()
        return .unreachable("scripted")
    }

    func holdRefund(of saleId: String, at saleTerminal: UInt32?, amount: Int64?, for refundId: String) async -> RefundHold {
        await wait()
        return hold
    }
}
