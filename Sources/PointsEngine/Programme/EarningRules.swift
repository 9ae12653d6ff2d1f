/// Earning points by bill value and per visit.
///
/// The **eligible amount** of a sale is its amount minus the excluded lines
/// whose kind is listed in ``excludedKinds``. A sale is **qualifying** when its
/// eligible amount is positive and at least ``minimumBill``. Only qualifying
/// sales earn, count as a visit, or trigger bonuses.
public struct EarningRules: Codable, Hashable, Sendable {
    /// Smallest eligible amount, in minor units, that earns anything.
    public var minimumBill: Int64
    /// Kinds of excluded lines (e.g. `tax`, `delivery`, `tip`) that never earn.
    public var excludedKinds: [String]
    /// Points for each qualifying sale, whatever its value. Not multiplied by tiers.
    public var pointsPerVisit: Int64
    /// Spend bands, ascending, without gaps or overlaps; the last is open-ended.
    public var bands: [SpendBand]

    public init(minimumBill: Int64, excludedKinds: [String] = [], pointsPerVisit: Int64 = 0, bands: [SpendBand]) {
        self.minimumBill = minimumBill
        self.excludedKinds = excludedKinds
        self.pointsPerVisit = pointsPerVisit
        self.bands = bands
    }

    /// The band whose range holds `amount`, if any.
    public func band(for amount: Int64) -> SpendBand? {
        bands.last { $0.from <= amount && ($0.to.map { amount < $0 } ?? true) }
    }
}

/// One spend band: bills whose earning base is in `from ..< to` earn
/// `points` for every whole `per` minor units, on the **whole** bill.
///
/// Rounding: bill points are `floor(base × points × multiplier% / (per × 100))`,
/// one floor over the whole product, so no fraction is lost twice.
public struct SpendBand: Codable, Hashable, Sendable {
    /// Lowest earning base in the band, inclusive, in minor units.
    public var from: Int64
    /// Upper bound, exclusive; `nil` for the last, open-ended band.
    public var to: Int64?
    /// Points earned for every `per` minor units.
    public var points: Int64
    /// Minor units that earn `points`.
    public var per: Int64

    public init(from: Int64, to: Int64?, points: Int64, per: Int64) {
        self.from = from
        self.to = to
        self.points = points
        self.per = per
    }
}
