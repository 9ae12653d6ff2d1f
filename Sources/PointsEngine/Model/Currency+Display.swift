/// How people of a currency's country write an amount: the back office's reports and console
/// (receipts keep ``Currency/format(_:)``, `85,000 VND`).
extension Currency {
    /// Separators and symbol of one currency.
    struct DisplayStyle {
        var grouping: UInt8
        var decimal: UInt8
        var prefix: String
        var suffix: String
    }

    /// Vietnam writes `920.460 ₫`, Malaysia `RM 1,234.50`, Thailand `฿1,234.50`; other
    /// currencies keep the receipt's style with their code after.
    var displayStyle: DisplayStyle {
        switch code {
        case "VND": DisplayStyle(grouping: UInt8(ascii: "."), decimal: UInt8(ascii: ","), prefix: "", suffix: " ₫")
        case "MYR": DisplayStyle(grouping: UInt8(ascii: ","), decimal: UInt8(ascii: "."), prefix: "RM ", suffix: "")
        case "THB": DisplayStyle(grouping: UInt8(ascii: ","), decimal: UInt8(ascii: "."), prefix: "฿", suffix: "")
        default: DisplayStyle(grouping: UInt8(ascii: ","), decimal: UInt8(ascii: "."), prefix: "", suffix: " " + code)
        }
    }

    /// `minorUnits` as people of the currency's country write it: `920.460 ₫` (92,046,000 would
    /// be 92.046.000 ₫), `RM 1,234.50`, `฿1,234.50`, `-RM 3.00`. Integer only: no rounding.
    public func display(_ minorUnits: Int64) -> String {
        let style = displayStyle
        var divisor: UInt64 = 1
        for _ in 0..<exponent { divisor *= 10 }
        let (whole, fraction) = minorUnits.magnitude.quotientAndRemainder(dividingBy: divisor)
        var digits: [UInt8] = []
        Self.appendGrouped(whole, to: &digits)
        digits = digits.map { $0 == UInt8(ascii: ",") ? style.grouping : $0 }
        if exponent > 0 {
            digits.append(style.decimal)
            let text = String(fraction)
            digits += Array(repeating: UInt8(ascii: "0"), count: exponent - text.utf8.count) + Array(text.utf8)
        }
        return (minorUnits < 0 ? "-" : "") + style.prefix + String(decoding: digits, as: UTF8.self) + style.suffix
    }

    /// A mean or other fractional amount of minor units, rounded to the nearest minor unit.
    public func display(_ minorUnits: Double) -> String {
        guard minorUnits.isFinite, minorUnits.magnitude < 9e18 else { return "n/a" }
        return display(Int64(minorUnits.rounded()))
    }
}
