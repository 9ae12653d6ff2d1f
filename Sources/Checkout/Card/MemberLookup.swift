import LedgerFormat

/// Asks the back office for a member it holds (`GET /v1/members/{member}`): the terminal's
/// sync side gives the checkout one. A UID-only card's state is held there, so a terminal that
/// forgot it (its journal's ring wrapped, it restarted) still prices on the right balance.
public protocol MemberLookup: Sendable {
    /// The newest state the back office holds for `member`; `nil` when it knows none or cannot
    /// be asked. Throws nothing: a lookup that fails is as if the terminal were offline.
    func state(of member: String) async -> UIDState?
}

/// The lookup in a struct, so that it can be swapped in a `Mutex` and read without thunks.
struct MemberLookupBox: Sendable {
    let lookup: any MemberLookup
    /// How long a tap waits for it before going on with what the terminal knows.
    let budget: Duration
}
