import SwiftASN1
import X509

/// The names a server certificate is made for: host names (`localhost`, `backoffice.example`)
/// and IP addresses (`127.0.0.1`, `::1`), as subject alternative names.
public struct ServerNames: Equatable, Sendable {
    /// The names in order, each once.
    public let names: [String]

    /// `names` with `localhost` and `127.0.0.1` always added (the server's own checks and the
    /// simulator reach it there); empty names and an unspecified address (`0.0.0.0`, `::`) are
    /// left out, repeated names kept once.
    public init(_ names: [String]) {
        var kept: [String] = []
        for name in names + ["localhost", "127.0.0.1"] {
            let clean = name.trimmingCharacters(in: [" ", "[", "]"])
            guard !clean.isEmpty, clean != "0.0.0.0", clean != "::", !kept.contains(clean.lowercased()) else { continue }
            kept.append(clean.lowercased())
        }
        self.names = kept
    }

    /// The subject alternative names: an IP address entry for an address, a DNS entry otherwise.
    var generalNames: [GeneralName] {
        names.map { name in
            if let bytes = IPAddressBytes.parse(name) { return .ipAddress(ASN1OctetString(contentBytes: ArraySlice(bytes))) }
            return .dnsName(name)
        }
    }

    /// Whether `certificate` names exactly these names.
    func match(_ certificate: Certificate) -> Bool {
        guard let alternatives = try? certificate.extensions.subjectAlternativeNames else { return false }
        return Set(alternatives.map(\.description)) == Set(generalNames.map(\.description))
    }
}

/// The bytes of an IPv4 (4) or IPv6 (16) address in text.
enum IPAddressBytes {
    static func parse(_ text: String) -> [UInt8]? {
        if let v4 = parseIPv4(text) { return v4 }
        return parseIPv6(text)
    }

    private static func parseIPv4(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let value = UInt8(part) else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    private static func parseIPv6(_ text: String) -> [UInt8]? {
        guard text.contains(":"), text.allSatisfy({ $0.isHexDigit || $0 == ":" }) else { return nil }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            guard !part.isEmpty else { return [] }
            var result: [UInt16] = []
            for group in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(group.count), let value = UInt16(group, radix: 16) else { return nil }
                result.append(value)
            }
            return result
        }
        guard let head = groups(halves[0]) else { return nil }
        var all = head
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count < 8 else { return nil }
            all += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard all.count == 8 else { return nil }
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }
}
