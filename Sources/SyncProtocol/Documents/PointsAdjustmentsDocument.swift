import Foundation

/// `adjustments`: points the back office adds to or takes from members' balances for what
/// happened outside their cards (the taps of a lost card synced after its replacement was
/// issued; a replacement card tapped before its notice arrived). Each member's adjustments are
/// numbered 1, 2, 3...; the card keeps the highest number applied, so each is applied once, at
/// the member's next tap at any terminal (`docs/programme.md`, "Points adjustments").
///
/// An adjustment once published is never withdrawn or changed.
public struct PointsAdjustmentsDocument: PublishedDocumentBody {
    public struct Adjustment: Codable, Sendable, Hashable {
        public var member: String
        /// The member's adjustment number, from 1.
        public var sequence: UInt64
        /// Points added (positive) or taken (negative).
        public var points: Int64
        /// Why, printed on the receipt.
        public var reason: String
        /// What it settles, so that nothing is settled twice: `T<terminal>-<sequence>` for a
        /// journal transaction, `replacement:<card>` for a replacement's carried balance.
        public var reference: String

        public init(member: String, sequence: UInt64, points: Int64, reason: String, reference: String) {
            self.member = member
            self.sequence = sequence
            self.points = points
            self.reason = reason
            self.reference = reference
        }
    }

    public var adjustments: [Adjustment]

    /// The adjustments, by member and then number (the order the canonical form keeps).
    public init(adjustments: [Adjustment]) {
        self.adjustments = adjustments.sorted { ($0.member, $0.sequence) < ($1.member, $1.sequence) }
    }

    public var problems: [String] {
        var problems: [String] = []
        var numbers = Set<String>()
        var references = Set<String>()
        for adjustment in adjustments {
            let name = "adjustment \(adjustment.sequence) of \(adjustment.member)"
            if adjustment.member.isEmpty { problems.append("an adjustment without a member") }
            if adjustment.sequence == 0 { problems.append("\(name): sequences start at 1") }
            if adjustment.points == 0 || adjustment.points == .min { problems.append("\(name) adds or takes no valid number of points") }
            if adjustment.reason.isEmpty || adjustment.reason.utf8.count > 120 {
                problems.append("\(name): the reason must be 1 to 120 bytes")
            }
            if adjustment.reference.isEmpty { problems.append("\(name) has no reference") }
            if !numbers.insert("\(adjustment.member)\u{0}\(adjustment.sequence)").inserted { problems.append("\(name) is listed twice") }
            if !references.insert(adjustment.reference).inserted { problems.append("\(adjustment.reference) is settled twice") }
        }
        return problems
    }

    /// The adjustments by member, in sequence order.
    public var byMember: [String: [Adjustment]] {
        Dictionary(grouping: adjustments, by: \.member).mapValues { $0.sorted { $0.sequence < $1.sequence } }
    }
}

/// `adjustments`' change: new adjustments.
public struct PointsAdjustmentsChange: PublishedDocumentBody {
    public var added: [PointsAdjustmentsDocument.Adjustment]

    public init(added: [PointsAdjustmentsDocument.Adjustment]) {
        self.added = added.sorted { ($0.member, $0.sequence) < ($1.member, $1.sequence) }
    }

    public var problems: [String] { PointsAdjustmentsDocument(adjustments: added).problems }
}

extension PointsAdjustmentsDocument: DeltaDocument {
    public static var empty: PointsAdjustmentsDocument { PointsAdjustmentsDocument(adjustments: []) }
    public var canonical: PointsAdjustmentsDocument { PointsAdjustmentsDocument(adjustments: Array(Set(adjustments))) }

    public static func change(from old: Self, to new: Self) throws(PublishedDocumentError) -> PointsAdjustmentsChange {
        let after = Dictionary(new.adjustments.map { ("\($0.member)\u{0}\($0.sequence)", $0) }, uniquingKeysWith: { a, _ in a })
        var problems: [String] = []
        for adjustment in old.adjustments where after["\(adjustment.member)\u{0}\(adjustment.sequence)"] != adjustment {
            problems.append("adjustment \(adjustment.sequence) of \(adjustment.member) was published and cannot be withdrawn or changed")
        }
        guard problems.isEmpty else { throw PublishedDocumentError(problems: problems) }
        return PointsAdjustmentsChange(added: Array(Set(new.adjustments).subtracting(old.adjustments)))
    }

    public func applying(_ change: PointsAdjustmentsChange) -> Self {
        var held = Set(adjustments.map { "\($0.member)\u{0}\($0.sequence)" })
        var result = adjustments
        for adjustment in change.added where held.insert("\(adjustment.member)\u{0}\(adjustment.sequence)").inserted {
            result.append(adjustment)
        }
        return PointsAdjustmentsDocument(adjustments: result)
    }

    public static func summary(of change: PointsAdjustmentsChange) -> String {
        "\(change.added.count) points adjustments added"
    }
}
