import Testing

@testable import PointsEngine

@Suite("Arithmetic, calendar and money formatting")
struct ArithmeticTests {
    @Test("mulDivFloor is exact in 128 bits and floors")
    func mulDiv() throws {
        #expect(try CheckedMath.mulDivFloor(85_000, 125, 1_000_000, rule: .earning) == 10)  // 10.625
        #expect(try CheckedMath.mulDivFloor(Int64.max, Int64.max, Int64.max, rule: .earning) == Int64.max)
        #expect(try CheckedMath.mulDivFloor(Int64.max, 3, 4, rule: .earning) == Int64.max / 4 * 3 + (Int64.max % 4) * 3 / 4)
        #expect(throws: EngineError.arithmeticOverflow(.earning)) {
            try CheckedMath.mulDivFloor(Int64.max, 2, 1, rule: .earning)
        }
    }

    @Test("add and multiply report overflow with the rule")
    func overflow() {
        #expect(throws: EngineError.arithmeticOverflow(.visit)) { try CheckedMath.add(Int64.max, 1, rule: .visit) }
        #expect(throws: EngineError.arithmeticOverflow(.ledger)) { try CheckedMath.multiply(Int64.max / 2, 3, rule: .ledger) }
    }

    @Test(
        "days round-trip through civil dates",
        arguments: [
            (1970, 1, 1, 0), (2000, 2, 29, 11_016), (2025, 3, 14, 20_161), (1969, 12, 31, -1), (2100, 3, 1, 47_541),
        ])
    func civil(year: Int, month: Int, day: Int, number: Int) {
        let d = Day(year: year, month: month, day: day)
        #expect(d.number == number)
        #expect(d.civil == CivilDate(year: year, month: month, day: day))
    }

    @Test("every day from 1900 to 2200 round-trips")
    func allDays() {
        for n in Day(year: 1900, month: 1, day: 1).number...Day(year: 2200, month: 1, day: 1).number {
            let c = Day(number: n).civil
            #expect(Day(year: c.year, month: c.month, day: c.day).number == n)
        }
    }

    @Test("local day uses the programme's UTC offset, floored before the epoch")
    func localDay() {
        // 2025-03-13 17:30 UTC is 2025-03-14 00:30 in Ho Chi Minh City (UTC+7).
        let t = Timestamp(secondsSinceEpoch: Int64(Day(year: 2025, month: 3, day: 13).number) * 86_400 + 17 * 3600 + 1800)
        #expect(t.day(utcOffsetMinutes: 420) == Day(year: 2025, month: 3, day: 14))
        #expect(t.day(utcOffsetMinutes: 0) == Day(year: 2025, month: 3, day: 13))
        #expect(Timestamp(secondsSinceEpoch: -1).day(utcOffsetMinutes: 0).number == -1)
    }

    @Test("months count across years")
    func months() {
        let m = Month(year: 2025, month: 1)
        #expect(m.adding(months: -1) == Month(year: 2024, month: 12))
        #expect(m.adding(months: 12).description == "Jan 2026")
        #expect(Day(year: 2025, month: 3, day: 31).month.firstDay == Day(year: 2025, month: 3, day: 1))
    }

    @Test(
        "money is formatted with the currency's exponent",
        arguments: [
            ("VND", Int64(1_234_567), "1,234,567 VND"), ("MYR", 1250, "12.50 MYR"), ("MYR", 5, "0.05 MYR"),
            ("THB", -100_000, "-1,000.00 THB"), ("USD", 0, "0.00 USD"), ("JPY", 999, "999 JPY"),
        ])
    func money(code: String, amount: Int64, text: String) throws {
        #expect(try #require(Currency(code: code)).format(amount) == text)
    }

    @Test("unknown currency codes are not known")
    func unknownCurrency() {
        #expect(Currency(code: "XXX") == nil)
        #expect(Currency(code: "vnd") == nil)
    }
}
