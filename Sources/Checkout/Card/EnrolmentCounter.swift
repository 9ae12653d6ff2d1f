import DurableFile
import Foundation
import Logging
import SystemPackage

/// The last enrolment number this terminal used, kept beside the journal
/// (`<journal>.enrolments`, decimal, replaced durably before the enrolment is journaled): member
/// ids `E<terminal>-<number>` are never given twice, even after the ring has overwritten the
/// enrolments. A crash between the two skips a number, never repeats one.
struct EnrolmentCounter: Sendable {
    let path: String

    init(journalPath: String) { path = journalPath + ".enrolments" }

    /// The last number kept (0: none).
    func last() -> UInt32 {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return 0 }
        return UInt32(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// Keeps `number` as the last used, durably.
    func keep(_ number: UInt32) throws {
        try DurableFile.replace(FilePath(path), with: Array("\(number)\n".utf8), permissions: [.ownerReadWrite, .groupRead])
    }
}
