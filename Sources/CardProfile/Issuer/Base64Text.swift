import Foundation

/// The binary fields of signed documents and document key certificates: standard base64
/// (RFC 4648 §4, padded), the only spelling accepted, so each value has one text.
public enum Base64Text {
    public static func encode(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    /// The bytes, when `text` is base64 written exactly as ``encode(_:)`` writes it.
    public static func decode(_ text: String) -> [UInt8]? {
        guard let data = Data(base64Encoded: text), data.base64EncodedString() == text else { return nil }
        return Array(data)
    }
}

extension JSONEncoder {
    /// Keys sorted, slashes as they are: the encoder signed documents and certificates are written with.
    public static var documentEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
