#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension Programme {
    /// Decodes a programme from its JSON document and validates it.
    ///
    /// - Throws: ``ProgrammeLoadError/malformed(field:problem:)`` naming the
    ///   field for a JSON or type error, ``ProgrammeLoadError/invalid(_:)`` for
    ///   a rule that fails validation.
    public static func decode(_ bytes: [UInt8]) throws(ProgrammeLoadError) -> Programme {
        let programme: Programme
        do {
            programme = try JSONDecoder().decode(Programme.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw ProgrammeLoadError(decoding: error)
        } catch {
            throw .malformed(field: "", problem: "\(error)")
        }
        do {
            try programme.validate()
        } catch {
            throw .invalid(error)
        }
        return programme
    }

    /// The programme as JSON with sorted keys (what the back office may sign).
    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Encoding plain structs of strings and integers cannot fail.
        return Array((try? encoder.encode(self)) ?? Data())
    }
}

extension ProgrammeLoadError {
    /// Names the field of a decoding error by its JSON path.
    init(decoding error: DecodingError) {
        func path(_ keys: [any CodingKey]) -> String {
            var out = ""
            for key in keys {
                if let index = key.intValue {
                    out += "[\(index)]"
                } else {
                    out += (out.isEmpty ? "" : ".") + key.stringValue
                }
            }
            return out
        }
        switch error {
        case .keyNotFound(let key, let context):
            self = .malformed(field: path(context.codingPath + [key]), problem: "missing")
        case .typeMismatch(let type, let context):
            self = .malformed(field: path(context.codingPath), problem: "expected \(type)")
        case .valueNotFound(let type, let context):
            self = .malformed(field: path(context.codingPath), problem: "null where \(type) is needed")
        case .dataCorrupted(let context):
            self = .malformed(field: path(context.codingPath), problem: context.debugDescription)
        @unknown default:
            self = .malformed(field: "", problem: "\(error)")
        }
    }
}
