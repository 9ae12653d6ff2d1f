import Checkout
import LedgerFormat

/// A coding key for any field name, to list the fields a body really holds.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
    }

    init?(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

extension Decoder {
    /// The object being decoded, after refusing every field `Keys` does not name: a misspelt
    /// field (`waitSecond`) is an error rather than a silent default.
    func strictContainer<Keys: CodingKey & CaseIterable>(keyedBy _: Keys.Type) throws -> KeyedDecodingContainer<Keys> {
        let all = try container(keyedBy: AnyCodingKey.self)
        let known = Set(Keys.allCases.map(\.stringValue))
        let unknown = all.allKeys.map(\.stringValue).filter { !known.contains($0) }.sorted()
        if !unknown.isEmpty {
            throw FieldProblemsError(
                unknown.map { FieldProblem(FieldPath.render(codingPath + [AnyCodingKey(stringValue: $0)]), "is not a known field") })
        }
        return try container(keyedBy: Keys.self)
    }
}

extension KeyedDecodingContainer {
    /// A whole number; absent is `nil`, anything but a whole number fitting in 64 bits is refused
    /// with `problem`.
    func wholeNumber(_ key: Key, problem: String = "must be a whole number") throws -> Int64? {
        do {
            return try decodeIfPresent(Int64.self, forKey: key)
        } catch {
            // Any failure: a wrong type, or a number with a fraction or beyond 64 bits (which
            // Foundation's decoder reports with an error of its own, not a `DecodingError`).
            throw FieldProblemsError(FieldPath.render(codingPath + [key]), problem)
        }
    }

    /// A whole number that must be present.
    func requiredWholeNumber(_ key: Key, problem: String = "must be a whole number") throws -> Int64 {
        guard let value = try wholeNumber(key, problem: problem) else {
            throw FieldProblemsError(FieldPath.render(codingPath + [key]), "is required")
        }
        return value
    }

    /// A string that must be present.
    func requiredString(_ key: Key) throws -> String {
        guard let value = try decodeIfPresent(String.self, forKey: key) else {
            throw FieldProblemsError(FieldPath.render(codingPath + [key]), "is required")
        }
        return value
    }
}
