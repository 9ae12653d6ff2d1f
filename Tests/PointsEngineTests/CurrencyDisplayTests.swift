import Testing

@testable import PointsEngine

@Suite("Money as people of the currency's country write it")
struct CurrencyDisplayTests {
    @Test(
        "Vietnam, Malaysia, Thailand, and any other currency with its code",
        arguments: [
            ("VND", Int64(920_460), "920.460 ₫"), ("VND", 92_046_000, "92.046.000 ₫"), ("VND", 0, "0 ₫"), ("VND", -5_000, "-5.000 ₫"),
            ("MYR", 123_450, "RM 1,234.50"), ("MYR", 5, "RM 0.05"), ("MYR", -300, "-RM 3.00"),
            ("THB", 123_450, "฿1,234.50"), ("USD", 100_000_001, "1,000,000.01 USD"), ("JPY", 1_234, "1,234 JPY"),
        ])
    func display(code: String, minorUnits: Int64, expected: String) throws {
        #expect(try #require(Currency(code: code)).display(minorUnits) == expected)
    }

    @Test("a fractional mean is rounded to the minor unit; what is not a number says so")
    func fractional() throws {
        let ringgit = try #require(Currency(code: "MYR"))
        #expect(ringgit.display(12_345.5) == "RM 123.46")
        #expect(ringgit.display(Double.nan) == "n/a")
    }
}
