/// Point expiry: lots earned in month M disappear at the start of month
/// M + `expiry.months`, at the first evaluation on or after that day.
enum ExpiryRule {
    static func apply(_ e: inout Evaluation) {
        guard let expiry = e.programme.expiry else { return }
        for lot in e.state.expireLots(months: expiry.months, today: e.today) {
            e.result.expiredPoints += lot.points
            e.line(.expiry, "Points earned in \(lot.month) expired", -lot.points)
        }
    }
}
