import PointsEngine

/// A replacement card's starting point, from the back office's signed `replacements` notice:
/// the member state it held for the member when the lost card was replaced. The first tap of
/// the new card (a card with no state yet) starts from it instead of from a new member.
public struct ReplacementStart: Hashable, Sendable {
    /// The member both cards belong to: a notice for a card of another member is ignored.
    public var member: String
    /// The lost card's key id (upper-case hex), recorded in the first entry of the new card.
    public var replaces: String
    public var state: MemberState

    public init(member: String, replaces: String, state: MemberState) {
        self.member = member
        self.replaces = replaces
        self.state = state
    }
}
