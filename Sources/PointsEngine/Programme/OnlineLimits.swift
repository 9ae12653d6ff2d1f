/// Redemption limits while the terminal is online and the back office answered for the member
/// (`docs/programme.md` §3.7): online is not a looser mode. Absent values set no limit.
public struct OnlineLimits: Codable, Hashable, Sendable {
    /// Most points one transaction may redeem online.
    public var maxPointsPerTransaction: Int64?
    /// Most points a member may redeem per local day, online and offline together (the count
    /// travels with the member's state, ``MemberState/redeemedToday``).
    public var maxPointsPerDay: Int64?

    public init(maxPointsPerTransaction: Int64? = nil, maxPointsPerDay: Int64? = nil) {
        self.maxPointsPerTransaction = maxPointsPerTransaction
        self.maxPointsPerDay = maxPointsPerDay
    }
}
