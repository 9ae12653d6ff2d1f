#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Decodes base64 text known to be valid (embedded constants).
func base64Decoded(_ text: String) -> [UInt8] {
    guard let data = Data(base64Encoded: text) else {
        preconditionFailure("embedded base64 constant is malformed")
    }
    return Array(data)
}
