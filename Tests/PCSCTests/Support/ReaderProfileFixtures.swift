import Foundation

@testable import PCSC

enum ReaderProfileFixtures {
    /// The repository's `hardware/readers`, found from this file's location.
    static let hardwareReaders = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .appendingPathComponent("../../../hardware/readers", isDirectory: true)
        .standardizedFileURL

    /// A valid profile file, with the format version and UID command given.
    static func profileJSON(id: String, formatVersion: Int = 1, patterns: [String] = [], uid: String = "FFCA000000") -> String {
        let patternList = patterns.map { "\"\($0)\"" }.joined(separator: ", ")
        return """
            {
              "formatVersion": \(formatVersion),
              "id": "\(id)",
              "model": "Test reader \(id)",
              "vendor": "Test",
              "interface": "contactless",
              "namePatterns": [\(patternList)],
              "uid": { "apdu": "\(uid)", "answer": "UID then 9000" },
              "ats": null,
              "led": null,
              "buzzer": null,
              "quirks": []
            }
            """
    }

    static func profile(id: String, patterns: [String]) throws -> ReaderProfile {
        try JSONDecoder().decode(ReaderProfile.self, from: Data(profileJSON(id: id, patterns: patterns).utf8))
    }
}
