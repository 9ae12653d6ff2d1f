/// An ISO 4217 currency the engine knows, with its minor-unit exponent.
///
/// Money is always an `Int64` count of minor units (VND has none, so one
/// unit is one dong; MYR has two, so one unit is one sen). A programme whose
/// currency is not in ``Currency/known`` fails validation.
public struct Currency: Hashable, Sendable, CustomStringConvertible {
    /// The ISO 4217 alphabetic code, e.g. `VND`.
    public let code: String
    /// Digits after the decimal point: 0 for VND, 2 for MYR.
    public let exponent: Int

    /// The known currency with this code, or `nil`.
    public init?(code: String) {
        guard let exponent = Self.known[code] else { return nil }
        self.code = code
        self.exponent = exponent
    }

    /// ISO 4217 codes of the region and the common reference currencies,
    /// with their minor-unit exponents as ISO 4217 lists them.
    public static let known: [String: Int] = [
        "VND": 0, "MYR": 2, "THB": 2, "SGD": 2, "IDR": 2, "PHP": 2, "KHR": 2,
        "LAK": 2, "MMK": 2, "BND": 2, "USD": 2, "EUR": 2, "GBP": 2, "AUD": 2,
        "JPY": 0, "KRW": 0, "CNY": 2, "HKD": 2, "TWD": 2, "INR": 2, "CHF": 2,
    ]

    /// Formats an amount of minor units for a receipt: grouped with commas,
    /// the minor units after a point, and the code, e.g. `85,000 VND` or
    /// `12.50 MYR`. Integer only: no rounding happens here.
    public func format(_ minorUnits: Int64) -> String {
        var divisor: UInt64 = 1
        for _ in 0..<exponent { divisor *= 10 }
        let (whole, fraction) = minorUnits.magnitude.quotientAndRemainder(dividingBy: divisor)
        var out: [UInt8] = []
        out.reserveCapacity(32)
        if minorUnits < 0 { out.append(UInt8(ascii: "-")) }
        Self.appendGrouped(whole, to: &out)
        if exponent > 0 {
            out.append(UInt8(ascii: "."))
            var digits = [UInt8](repeating: UInt8(ascii: "0"), count: exponent)
            var f = fraction
            for i in stride(from: exponent - 1, through: 0, by: -1) {
                digits[i] = UInt8(ascii: "0") + UInt8(f % 10)
                f /= 10
            }
            out += digits
        }
        out.append(UInt8(ascii: " "))
        out += code.utf8
        return String(decoding: out, as: UTF8.self)
    }

    /// `1234567` as `1,234,567`.
    static func grouped(_ value: UInt64) -> String {
        var out: [UInt8] = []
        appendGrouped(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the decimal digits of `value`, with a comma every three digits.
    static func appendGrouped(_ value: UInt64, to out: inout [UInt8]) {
        var digits: [UInt8] = []
        digits.reserveCapacity(26)
        var v = value
        var count = 0
        repeat {
            if count > 0 && count % 3 == 0 { digits.append(UInt8(ascii: ",")) }
            digits.append(UInt8(ascii: "0") + UInt8(v % 10))
            v /= 10
            count += 1
        } while v > 0
        out += digits.reversed()
    }

    public var description: String { code }
}

/// Points with their unit for a receipt: `1 pt`, `-1 pt`, `1,250 pts`.
@usableFromInline
func pointsText(_ points: Int64) -> String {
    formatPoints(points) + (points.magnitude == 1 ? " pt" : " pts")
}

/// Points formatted for a receipt, e.g. `1,250`.
@usableFromInline
func formatPoints(_ points: Int64) -> String {
    (points < 0 ? "-" : "") + Currency.grouped(points.magnitude)
}
