import Foundation

/// The `#define`s of libpcsclite's own header, read as text, so that the Swift catalogue is
/// checked against the C library it mirrors rather than against itself.
enum PCSCHeader {
    static let path = "/usr/include/PCSC/pcsclite.h"

    static var isInstalled: Bool { FileManager.default.fileExists(atPath: path) }

    /// `SCARD_E_*`, `SCARD_W_*`, `SCARD_F_*` and `SCARD_P_*` result codes by C name.
    static let resultCodes: [String: UInt32] = hexDefines.filter { name, _ in
        ["SCARD_E_", "SCARD_W_", "SCARD_F_", "SCARD_P_"].contains(where: name.hasPrefix)
    }

    /// `SCARD_STATE_*` flags by C name.
    static let stateFlags: [String: UInt32] = hexDefines.filter { name, _ in name.hasPrefix("SCARD_STATE_") }

    /// Every `#define NAME 0x...` or `#define NAME ((LONG)0x...)` of the header.
    private static let hexDefines: [String: UInt32] = {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var codes: [String: UInt32] = [:]
        for line in text.split(separator: "\n") {
            // `#define SCARD_E_NO_SERVICE ((LONG)0x8010001D) /**< ... */`; commented-out lines are skipped.
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard words.count >= 3, words[0] == "#define" else { continue }
            let name = String(words[1])
            let value = words[2].replacingOccurrences(of: "((LONG)", with: "").replacingOccurrences(of: ")", with: "")
            guard value.hasPrefix("0x"), let code = UInt32(value.dropFirst(2), radix: 16) else { continue }
            codes[name] = code
        }
        return codes
    }()
}
