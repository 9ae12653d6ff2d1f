import Checkout
import LedgerFormat

/// The `{id}` of a transaction path, percent-decoded and held to the same rules as a sale or
/// refund id in a body (a `/` in an id travels as `%2F`).
enum PathIdentifier {
    /// The id in `segment`, or a 400 naming the field `id`.
    static func decode(_ segment: String?) throws -> String {
        guard let segment, let id = percentDecoded(segment) else {
            throw APIError.invalidRequest([FieldProblem("id", "is not a valid percent-encoded path segment")])
        }
        let problems = RequestRules.identifierProblems(id, field: "id")
        guard problems.isEmpty else { throw APIError.invalidRequest(problems) }
        return id
    }

    /// `text` with its `%XX` escapes decoded; `nil` when an escape is malformed or the bytes are
    /// not UTF-8.
    static func percentDecoded(_ text: String) -> String? {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
