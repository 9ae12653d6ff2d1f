/// How the refunds of the mix are drawn when they may be of any earlier sale of the member, at
/// any till (`docs/scenarios.md`, "Refunds at any till"). Drawn from a random stream of its own:
/// a scenario without it plans exactly as before (a refund of one of the member's last three
/// sales, at the till that made it).
public struct RefundDraws: Codable, Sendable, Equatable {
    /// The share of refunds (0 ... 1) made at a till drawn at random; the others at the till
    /// that made the sale.
    public var anyTill: Double
    /// The share of refunds where the cashier scans the sale's receipt reference.
    public var withReceipt: Double
    /// The share of refunds made without the member's card (`withoutCard`: no tap).
    public var withoutCard: Double

    public init(anyTill: Double = 0.7, withReceipt: Double = 0.8, withoutCard: Double = 0.2) {
        self.anyTill = anyTill
        self.withReceipt = withReceipt
        self.withoutCard = withoutCard
    }

    private enum CodingKeys: String, CodingKey {
        case anyTill, withReceipt, withoutCard
    }

    /// Reads the draws; shares left out take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = RefundDraws()
        anyTill = try c.decodeIfPresent(Double.self, forKey: .anyTill) ?? defaults.anyTill
        withReceipt = try c.decodeIfPresent(Double.self, forKey: .withReceipt) ?? defaults.withReceipt
        withoutCard = try c.decodeIfPresent(Double.self, forKey: .withoutCard) ?? defaults.withoutCard
    }

    /// Everything wrong with the shares.
    var problems: [String] {
        [("anyTill", anyTill), ("withReceipt", withReceipt), ("withoutCard", withoutCard)].compactMap { name, share in
            (0...1).contains(share) ? nil : "refunds.\(name) must be 0 ... 1 (a share of the refunds)"
        }
    }
}
