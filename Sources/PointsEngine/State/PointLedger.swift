/// Crediting and debiting points on the member's lots.
extension MemberState {
    /// Adds `points` earned in `month`. A debt is paid off first; what is left
    /// goes into the lot of `month` (created if needed). Without expiry all
    /// points share one lot.
    ///
    /// - Returns: the points that paid off debt.
    @discardableResult
    mutating func credit(_ points: Int64, month: Month, expires: Bool) throws(EngineError) -> Int64 {
        precondition(points >= 0)
        guard points > 0 else { return 0 }
        let paidOff = min(points, debt)
        debt -= paidOff
        let rest = points - paidOff
        guard rest > 0 else { return paidOff }
        if !expires, !lots.isEmpty {
            lots[0].points = try CheckedMath.add(lots[0].points, rest, rule: .ledger)
            return paidOff
        }
        if let last = lots.indices.last, lots[last].month == month {
            lots[last].points = try CheckedMath.add(lots[last].points, rest, rule: .ledger)
        } else if let index = lots.firstIndex(where: { $0.month > month }) {
            // Older month than the newest lot (should not happen with a
            // monotonic clock): keep the list ordered.
            if index > 0, lots[index - 1].month == month {
                lots[index - 1].points = try CheckedMath.add(lots[index - 1].points, rest, rule: .ledger)
            } else {
                lots.insert(PointLot(month: month, points: rest), at: index)
            }
        } else {
            lots.append(PointLot(month: month, points: rest))
        }
        if lots.count > Self.maxLots {
            // Cannot happen with expiry of at most 36 months; merge the two
            // oldest into the older, so they expire together, earlier.
            lots[0].points = try CheckedMath.add(lots[0].points, lots[1].points, rule: .ledger)
            lots.remove(at: 1)
        }
        return paidOff
    }

    /// Spends up to `points` from the lots, oldest first.
    /// - Returns: the points actually taken (less than asked if the lots run out).
    mutating func spendOldestFirst(_ points: Int64) -> Int64 {
        var left = points
        while left > 0, !lots.isEmpty {
            let take = min(left, lots[0].points)
            lots[0].points -= take
            left -= take
            if lots[0].points == 0 { lots.removeFirst() }
        }
        return points - left
    }

    /// Removes lots that expire on or before `today`.
    /// - Returns: the expired lots.
    mutating func expireLots(months: Int, today: Day) -> [PointLot] {
        let currentMonth = today.month
        var expired: [PointLot] = []
        while let first = lots.first, first.month.adding(months: months) <= currentMonth {
            expired.append(first)
            lots.removeFirst()
        }
        return expired
    }
}
