import Foundation
import LedgerFormat
import PointsEngine

extension CheckoutService {
    /// Asks `lookup` for UID-only members' states at each of their taps while online, waiting
    /// at most `budget` (then the tap goes on with what the terminal knows).
    public func setMemberLookup(_ lookup: any MemberLookup, budget: Duration = .milliseconds(300)) {
        memberLookup.withLock { $0 = MemberLookupBox(lookup: lookup, budget: budget) }
    }

    /// Keeps the UID-only states in `file` from now on, and takes those it kept before a restart
    /// (the ring may have overwritten their transactions since).
    public func keepUIDStates(in file: UIDStateFile) {
        let kept = file.load()
        let taken = state.withLock { state in kept.filter { state.index.offer($0.value, for: $0.key) }.count }
        uidStateFile.withLock { $0 = file }
        if !kept.isEmpty { logger.info("UID-only states kept from before", metadata: ["members": "\(kept.count)", "taken": "\(taken)"]) }
    }

    /// Writes the UID-only states to their file (at each forgetting and at shutdown).
    func saveUIDStates() {
        guard let file = uidStateFile.withLock({ $0 }) else { return }
        file.save(state.withLock { $0.index.uidStates })
    }

    /// The back office's state of a UID-only member, when the terminal is online and the lookup
    /// answers within its budget.
    func remoteUIDState(of member: String) async -> UIDState? {
        guard let box = memberLookup.withLock({ $0 }), state.withLock({ $0.online }) else { return nil }
        return await box.ask { await $0.state(of: member) } ?? nil
    }
}
