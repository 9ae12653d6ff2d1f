/// Finds a key that appears twice in one JSON object.
///
/// JSON leaves duplicate keys undefined (RFC 8259 §4): Foundation's decoder keeps one of the
/// values and says nothing, so `{"saleId": "A", "saleId": "B"}` would pass as one of the two
/// sales. The servers refuse such a body instead, naming the key; call this before decoding.
/// Keys are compared as decoded text, so `"a"` and `"\u0061"` are the same key.
public enum DuplicateKeys {
    /// Nesting deeper than this is not looked into (the decoder refuses it anyway).
    public static let maximumDepth = 512

    /// The path of the first key that appears twice in one object of `json` (`saleId`,
    /// `excluded[1].kind`), or nil when no key does or when `json` is not well-formed JSON
    /// (the decoder then says what is wrong).
    public static func first(in json: some Collection<UInt8>) -> String? {
        var scanner = Scanner(bytes: Array(json))
        return scanner.firstDuplicate()
    }

    private enum Frame {
        case object(keys: Set<String>, current: String)
        case array(index: Int)
    }

    private struct Scanner {
        let bytes: [UInt8]
        var position = 0
        var stack: [Frame] = []

        init(bytes: [UInt8]) { self.bytes = bytes }

        /// What reading a part of the text found.
        private enum Step {
            case ok
            case malformed
            case duplicate(String)
        }

        /// Walks the whole text: the first duplicate's path; nil at the end, or at the first
        /// malformed byte.
        mutating func firstDuplicate() -> String? {
            var step = value()
            while case .ok = step {
                skipSpace()
                guard let frame = stack.last else { return nil }
                switch (next(), frame) {
                case (UInt8(ascii: ","), .object):
                    step = member()
                case (UInt8(ascii: ","), .array(let index)):
                    stack[stack.count - 1] = .array(index: index + 1)
                    step = value()
                case (UInt8(ascii: "}"), .object), (UInt8(ascii: "]"), .array):
                    stack.removeLast()
                default:
                    return nil
                }
            }
            if case .duplicate(let path) = step { return path }
            return nil
        }

        /// Reads one value; an object or array is entered (its first member read too, its end
        /// left to ``firstDuplicate()``).
        private mutating func value() -> Step {
            skipSpace()
            guard let byte = peek() else { return .malformed }
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                position += 1
                guard stack.count < DuplicateKeys.maximumDepth else { return .malformed }
                let isObject = byte == UInt8(ascii: "{")
                stack.append(isObject ? .object(keys: [], current: "") : .array(index: 0))
                skipSpace()
                if peek() == UInt8(ascii: isObject ? "}" : "]") { return .ok }
                return isObject ? member() : value()
            case UInt8(ascii: "\""):
                return string() == nil ? .malformed : .ok
            default:
                while let byte = peek(), !Self.delimiters.contains(byte) { position += 1 }
                return .ok
            }
        }

        /// Reads `"key": value` of the innermost object.
        private mutating func member() -> Step {
            skipSpace()
            guard peek() == UInt8(ascii: "\""), let key = string(), case .object(var keys, _) = stack.last else { return .malformed }
            let inserted = keys.insert(key).inserted
            stack[stack.count - 1] = .object(keys: keys, current: key)
            guard inserted else { return .duplicate(path()) }
            skipSpace()
            guard next() == UInt8(ascii: ":") else { return .malformed }
            return value()
        }

        /// The path of the innermost key: `a.b[2].c`.
        private func path() -> String {
            var text = ""
            for frame in stack {
                switch frame {
                case .object(_, let current): text += text.isEmpty ? current : ".\(current)"
                case .array(let index): text += "[\(index)]"
                }
            }
            return text
        }

        /// Reads a string (at its opening quote) and decodes its escapes; nil when malformed.
        private mutating func string() -> String? {
            position += 1
            var scalars = String.UnicodeScalarView()
            var raw: [UInt8] = []
            func flush() {
                scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
                raw.removeAll(keepingCapacity: true)
            }
            while let byte = next() {
                switch byte {
                case UInt8(ascii: "\""):
                    flush()
                    return String(scalars)
                case UInt8(ascii: "\\"):
                    flush()
                    guard let escaped = next() else { return nil }
                    switch escaped {
                    case UInt8(ascii: "u"):
                        guard var unit = hex4() else { return nil }
                        if (0xD800..<0xDC00).contains(unit), peek() == UInt8(ascii: "\\") {
                            let mark = position
                            position += 1
                            if next() == UInt8(ascii: "u"), let low = hex4(), (0xDC00..<0xE000).contains(low) {
                                unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                position = mark
                            }
                        }
                        scalars.append(Unicode.Scalar(unit) ?? "\u{FFFD}")
                    case UInt8(ascii: "b"): scalars.append("\u{08}")
                    case UInt8(ascii: "f"): scalars.append("\u{0C}")
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    default: scalars.append(Unicode.Scalar(escaped))
                    }
                default:
                    raw.append(byte)
                }
            }
            return nil
        }

        private mutating func hex4() -> UInt32? {
            guard position + 4 <= bytes.count else { return nil }
            let text = String(decoding: bytes[position..<(position + 4)], as: UTF8.self)
            position += 4
            return UInt32(text, radix: 16)
        }

        private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

        private mutating func next() -> UInt8? {
            guard position < bytes.count else { return nil }
            defer { position += 1 }
            return bytes[position]
        }

        private mutating func skipSpace() {
            while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
        }

        private static let delimiters: Set<UInt8> = [
            UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), 0x20, 0x0A, 0x0D, 0x09,
        ]
    }
}
