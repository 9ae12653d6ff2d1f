import Foundation

/// A fresh directory under the system's temporary directory for one test.
enum TemporaryDirectory {
    static func make() -> String {
        let path = NSTemporaryDirectory() + "journal-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func remove(_ path: String) { try? FileManager.default.removeItem(atPath: path) }
}
