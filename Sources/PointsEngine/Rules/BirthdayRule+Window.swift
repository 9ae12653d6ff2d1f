extension BirthdayRule {
    /// The year of the birthday whose window contains `today`, if any.
    ///
    /// Birthdays of 29 February fall on 28 February in years that are not leap
    /// years. The candidate birthdays of last year, this year and next year
    /// are tried, so windows that straddle New Year work.
    public func occurrenceYear(of birthday: MonthDay, on today: Day) -> Int? {
        let year = today.civil.year
        for candidate in [year - 1, year, year + 1] {
            let day =
                birthday.month == 2 && birthday.day == 29 && !CivilDate.isLeap(candidate)
                ? 28 : birthday.day
            let date = Day(year: candidate, month: birthday.month, day: day)
            if date.adding(days: -daysBefore) <= today && today <= date.adding(days: daysAfter) {
                return candidate
            }
        }
        return nil
    }
}

/// Birthday reward: once per birthday, on the first qualifying sale in the window.
enum BirthdayRuleEngine {
    /// The birthday year to reward on this sale, or `nil` if none is due.
    static func dueYear(_ e: Evaluation, qualifying: Bool) -> Int? {
        guard qualifying, let rule = e.programme.birthday, let birthday = e.context.birthday,
            let year = rule.occurrenceYear(of: birthday, on: e.today),
            e.state.birthdayYear.map({ $0 < year }) ?? true
        else { return nil }
        return year
    }

    /// Credits the birthday points and marks the year as rewarded.
    static func givePoints(_ e: inout Evaluation, year: Int) throws(EngineError) -> Int64 {
        guard let rule = e.programme.birthday else { return 0 }
        e.state.birthdayYear = year
        guard rule.points > 0 else { return 0 }
        e.line(.birthday, "Happy birthday! Birthday bonus", rule.points)
        return rule.points
    }
}
