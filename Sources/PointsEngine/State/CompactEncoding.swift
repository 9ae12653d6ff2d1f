/// The member state's compact binary form, for the card.
///
/// Layout (format 1): unsigned integers are LEB128 varints, signed ones are
/// zigzag varints, strings are a varint byte length then UTF-8, lists are a
/// varint count then their items. Months within a list are deltas from the
/// previous item (the first from zero), so a year of monthly lots costs about
/// two bytes a lot plus its points. Negative amounts (only in an invalid
/// state, which the engine refuses) are written as 0.
///
/// ```
/// u8     format = 1
/// u8     flags: 1 hasPurchased, 2 tierReviewMonth, 4 lastVisit, 8 birthdayYear,
///               16 lastGiftMonth, 32 offline.day, 64 lastAdjustmentSequence,
///               128 redeemedToday
/// string tierId
/// uvar   debt
/// list   lots: (svar month delta, uvar points)
/// [svar  tierReviewMonth]      if flag 2
/// list   spend: (svar month delta, uvar amount)
/// [svar  lastVisit day]        if flag 4
/// [svar  birthdayYear]         if flag 8
/// uvar   lastGrantSequence
/// list   onceEvents: string
/// [svar  lastGiftMonth]        if flag 16
/// uvar   offline.consecutiveRedemptions
/// [svar  offline.day]          if flag 32
/// uvar   offline.pointsToday
/// list   refunds: (string saleId, uvar refundedAmount)
/// [uvar  lastAdjustmentSequence] if flag 64 (absent while 0: a state without adjustments is
///                                  byte for byte what it was before they existed)
/// [svar  redeemedToday.day]    if flag 128 (absent while nothing was ever redeemed, likewise)
/// [uvar  redeemedToday.points] if flag 128
/// ```
extension MemberState {
    /// Current compact format.
    public static let compactFormat: UInt8 = 1

    /// The state in its compact binary form.
    public func compactEncoded() -> [UInt8] {
        var w = ByteWriter()
        w.bytes.append(Self.compactFormat)
        var flags: UInt8 = hasPurchased ? 1 : 0
        if tierReviewMonth != nil { flags |= 2 }
        if lastVisit != nil { flags |= 4 }
        if birthdayYear != nil { flags |= 8 }
        if lastGiftMonth != nil { flags |= 16 }
        if offline.day != nil { flags |= 32 }
        if lastAdjustmentSequence != 0 { flags |= 64 }
        if redeemedToday.day != nil { flags |= 128 }
        w.bytes.append(flags)
        w.string(tierId)
        w.unsigned(UInt64(clamping: debt))
        w.months(lots.map { ($0.month, $0.points) })
        if let tierReviewMonth { w.signed(Int64(tierReviewMonth.index)) }
        w.months(spend.map { ($0.month, $0.amount) })
        if let lastVisit { w.signed(Int64(lastVisit.number)) }
        if let birthdayYear { w.signed(Int64(birthdayYear)) }
        w.unsigned(lastGrantSequence)
        w.unsigned(UInt64(onceEvents.count))
        for kind in onceEvents { w.string(kind) }
        if let lastGiftMonth { w.signed(Int64(lastGiftMonth.index)) }
        w.unsigned(UInt64(clamping: offline.consecutiveRedemptions))
        if let day = offline.day { w.signed(Int64(day.number)) }
        w.unsigned(UInt64(clamping: offline.pointsToday))
        w.unsigned(UInt64(refunds.count))
        for mark in refunds {
            w.string(mark.saleId)
            w.unsigned(UInt64(clamping: mark.refundedAmount))
        }
        if lastAdjustmentSequence != 0 { w.unsigned(lastAdjustmentSequence) }
        if let day = redeemedToday.day {
            w.signed(Int64(day.number))
            w.unsigned(UInt64(clamping: redeemedToday.points))
        }
        return w.bytes
    }

    /// Decodes the compact binary form; every length and count is checked
    /// against the state's bounds, and trailing bytes are refused.
    public init(compact bytes: [UInt8]) throws(CompactDecodingError) {
        var r = ByteReader(bytes: bytes)
        guard try r.byte() == Self.compactFormat else { throw .unsupportedFormat }
        let flags = try r.byte()
        self.init(tierId: try r.string(maxBytes: 16))
        hasPurchased = flags & 1 != 0
        debt = try r.amount()
        lots = try r.months(max: Self.maxLots).map { PointLot(month: $0.0, points: $0.1) }
        if flags & 2 != 0 { tierReviewMonth = Month(index: try r.int()) }
        spend = try r.months(max: Self.maxSpendBuckets).map { SpendBucket(month: $0.0, amount: $0.1) }
        if flags & 4 != 0 { lastVisit = Day(number: try r.int()) }
        if flags & 8 != 0 { birthdayYear = try r.int() }
        lastGrantSequence = try r.unsigned()
        onceEvents = try (0..<r.count(max: Self.maxOnceEvents)).map { _ throws(CompactDecodingError) in try r.string(maxBytes: 16) }
        if flags & 16 != 0 { lastGiftMonth = Month(index: try r.int()) }
        offline.consecutiveRedemptions = Int(try r.count(max: Int(Int32.max)))
        if flags & 32 != 0 { offline.day = Day(number: try r.int()) }
        offline.pointsToday = try r.amount()
        refunds = try (0..<r.count(max: Self.maxRefundMarks)).map { _ throws(CompactDecodingError) in
            RefundMark(saleId: try r.string(maxBytes: Sale.maxIdBytes), refundedAmount: try r.amount())
        }
        if flags & 64 != 0 {
            lastAdjustmentSequence = try r.unsigned()
            guard lastAdjustmentSequence != 0 else { throw .valueOutOfRange }
        }
        if flags & 128 != 0 { redeemedToday = DailyRedemptions(day: Day(number: try r.int()), points: try r.amount()) }
        guard r.isAtEnd else { throw .trailingBytes }
    }
}

/// Why compact member-state bytes could not be decoded.
public enum CompactDecodingError: Error, Hashable, Sendable {
    case unsupportedFormat
    case truncated
    case overlongInteger
    case valueOutOfRange
    case invalidText
    case tooManyItems
    case trailingBytes
}
