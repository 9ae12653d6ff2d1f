/// Validation of a programme. The bounds are what the engine's overflow
/// proof relies on (see `docs/programme.md`, "Arithmetic").
enum ProgrammeValidation {
    /// Largest ``Programme/maximumBill``: 10^15 minor units.
    static let maximumBill: Int64 = 1_000_000_000_000_000
    /// Largest points value of any single rule: 10^9.
    static let maximumPoints: Int64 = 1_000_000_000
    /// Largest earning of one bill (bands × multiplier): 10^12 points.
    static let maximumBillPoints: Int64 = 1_000_000_000_000
}

extension Programme {
    /// Checks every rule; throws all the problems found, each naming its field.
    public func validate() throws(ProgrammeValidationError) {
        var c = IssueCollector()
        c.check(format == Programme.supportedFormat, "format", "\(format) is not supported (expected \(Programme.supportedFormat))")
        c.check(!programmeId.isEmpty && programmeId.utf8.count <= 64, "programmeId", "must be 1 to 64 bytes")
        c.check(version >= 1, "version", "must be at least 1")
        c.check(Currency(code: currency) != nil, "currency", "unknown currency \"\(currency)\"")
        c.range(utcOffsetMinutes, -720...840, "utcOffsetMinutes")
        c.range(maximumBill, 1...ProgrammeValidation.maximumBill, "maximumBill")
        validateEarning(&c)
        validateTiers(&c)
        validateBonuses(&c)
        validateRedemption(&c)
        if let expiry { c.range(expiry.months, 1...36, "expiry.months") }
        for (name, limit) in [("memberCard", offline.memberCard), ("uidOnly", offline.uidOnly)] {
            let path = "offline.\(name)"
            c.points(limit.maxPointsPerTransaction, "\(path).maxPointsPerTransaction")
            c.points(limit.maxPointsPerDay, "\(path).maxPointsPerDay")
            c.range(limit.maxConsecutiveRedemptions, 0...1000, "\(path).maxConsecutiveRedemptions")
            c.range(limit.maxSecondsSinceSync, 0...31_536_000, "\(path).maxSecondsSinceSync")
        }
        if let online {
            if let limit = online.maxPointsPerTransaction { c.points(limit, "online.maxPointsPerTransaction") }
            if let limit = online.maxPointsPerDay { c.points(limit, "online.maxPointsPerDay") }
        }
        validateApprovals(&c)
        if !c.issues.isEmpty { throw ProgrammeValidationError(issues: c.issues) }
    }

    /// Upper bound for amounts; a broken `maximumBill` is reported on its own.
    private var billBound: Int64 { max(1, min(maximumBill, ProgrammeValidation.maximumBill)) }

    private func validateEarning(_ c: inout IssueCollector) {
        c.range(earning.minimumBill, 0...billBound, "earning.minimumBill")
        c.points(earning.pointsPerVisit, "earning.pointsPerVisit")
        c.check(!earning.bands.isEmpty, "earning.bands", "at least one band is needed")
        let maxMultiplier = tiers.levels.map(\.multiplierPercent).max() ?? 100
        for (i, band) in earning.bands.enumerated() {
            let path = "earning.bands[\(i)]"
            c.range(band.from, 0...billBound, "\(path).from")
            c.range(band.per, 1...billBound, "\(path).per")
            c.points(band.points, "\(path).points")
            if let to = band.to {
                c.check(to > band.from, "\(path).to", "\(to) is not above from \(band.from)")
            } else {
                c.check(i == earning.bands.count - 1, "\(path).to", "only the last band may be open-ended")
            }
            if i > 0, let previousTo = earning.bands[i - 1].to {
                c.check(
                    band.from >= previousTo, "\(path).from",
                    "\(band.from) overlaps band \(i - 1), which runs to \(previousTo)")
                c.check(
                    band.from <= previousTo, "\(path).from",
                    "\(band.from) leaves a gap after band \(i - 1), which ends at \(previousTo)")
            }
            // Overflow proof: maximumBill × points × multiplier% must fit, and
            // the bill's points must stay under maximumBillPoints.
            if band.per > 0, band.per <= billBound, band.points >= 0 {
                let (rate, o1) = band.points.multipliedReportingOverflow(by: max(100, maxMultiplier))
                let (top, o2) = maximumBill.multipliedReportingOverflow(by: rate)
                let fits = !o1 && !o2 && top / (band.per * 100) <= ProgrammeValidation.maximumBillPoints
                c.check(
                    fits, "\(path).points",
                    "rate overflows: \(band.points) pts per \(band.per) on a bill of \(maximumBill) at x\(maxMultiplier)%")
            }
        }
        for (i, kind) in earning.excludedKinds.enumerated() {
            c.check(!kind.isEmpty, "earning.excludedKinds[\(i)]", "empty")
        }
    }

    private func validateTiers(_ c: inout IssueCollector) {
        c.range(tiers.windowMonths, 1...MemberState.maxSpendBuckets, "tiers.windowMonths")
        c.range(tiers.reviewMonths, 1...24, "tiers.reviewMonths")
        c.check(!tiers.levels.isEmpty, "tiers.levels", "at least one level is needed")
        var ids = Set<String>()
        for (i, level) in tiers.levels.enumerated() {
            let path = "tiers.levels[\(i)]"
            c.check(!level.id.isEmpty && level.id.utf8.count <= 16, "\(path).id", "must be 1 to 16 bytes")
            c.check(ids.insert(level.id).inserted, "\(path).id", "duplicate id \"\(level.id)\"")
            c.range(level.multiplierPercent, 100...1000, "\(path).multiplierPercent")
            c.range(level.discountPercent, 0...100, "\(path).discountPercent")
            c.range(level.threshold, 0...billBound, "\(path).threshold")
            if i == 0 {
                c.check(level.threshold == 0, "\(path).threshold", "the first level must start at 0")
            } else {
                let previous = tiers.levels[i - 1].threshold
                c.check(
                    level.threshold > previous, "\(path).threshold",
                    "thresholds out of order: \(level.threshold) is not above \(previous)")
            }
        }
    }

    private func validateBonuses(_ c: inout IssueCollector) {
        if let birthday {
            c.range(birthday.daysBefore, 0...31, "birthday.daysBefore")
            c.range(birthday.daysAfter, 0...31, "birthday.daysAfter")
            c.points(birthday.points, "birthday.points")
            c.range(birthday.discountPercent, 0...100, "birthday.discountPercent")
            c.check(birthday.points > 0 || birthday.discountPercent > 0, "birthday", "needs points or a discount")
        }
        if let referral {
            c.points(referral.referrerPoints, "referral.referrerPoints")
            c.points(referral.refereePoints, "referral.refereePoints")
        }
        if let winBack {
            c.range(winBack.afterDays, 1...3650, "winBack.afterDays")
            c.points(winBack.points, "winBack.points")
        }
        var kinds = Set<String>()
        for (i, event) in events.enumerated() {
            let path = "events[\(i)]"
            c.check(!event.kind.isEmpty && event.kind.utf8.count <= 16, "\(path).kind", "must be 1 to 16 bytes")
            c.check(event.kind != "referral", "\(path).kind", "\"referral\" is reserved for the referral rule")
            c.check(kinds.insert(event.kind).inserted, "\(path).kind", "duplicate kind \"\(event.kind)\"")
            c.points(event.points, "\(path).points")
        }
        c.check(
            events.filter(\.oncePerMember).count <= MemberState.maxOnceEvents, "events",
            "at most \(MemberState.maxOnceEvents) once-per-member kinds")
    }

    private func validateRedemption(_ c: inout IssueCollector) {
        guard let r = redemption else { return }
        c.range(r.points, 1...ProgrammeValidation.maximumPoints, "redemption.points")
        c.range(r.amount, 1...billBound, "redemption.amount")
        c.range(r.wholeUnit, 1...billBound, "redemption.wholeUnit")
        c.points(r.minimumPoints, "redemption.minimumPoints")
        c.range(r.maximumBillPercent, 0...100, "redemption.maximumBillPercent")
        if r.points > 0, r.amount > 0, r.wholeUnit > 0 {
            let (product, overflow) = r.wholeUnit.multipliedReportingOverflow(by: r.points)
            c.check(
                !overflow && product % r.amount == 0, "redemption.wholeUnit",
                "a credit step of \(r.wholeUnit) must cost a whole number of points at \(r.points) pts per \(r.amount)")
        }
    }
}
