import Foundation
import SyncProtocol

/// The files the terminal keeps its documents in, next to the journal (`documents/`):
/// - `<kind>.signed`: the last signed version applied (its signature and certificate are checked
///   again at every start), and `<kind>.json`, the whole document it vouches for (its `state`);
/// - `programme.pending.signed` and `.json`: a programme signed for a later start time;
/// - `key-generation`: the highest document key generation seen (lower ones are refused);
/// - `refusals.json`: the last refusal of each kind, `{"<kind>": {"at", "version", "reason", "detail"}}`.
struct DocumentFolder: Sendable {
    let path: String

    /// Where the documents of the terminal whose journal is `journalPath` are kept.
    init(journalPath: String) {
        path = URL(fileURLWithPath: journalPath).deletingLastPathComponent().appendingPathComponent("documents").path
    }

    /// A refusal as kept in `refusals.json`.
    struct Refusal: Codable, Sendable, Equatable {
        /// When, ms since the epoch (the terminal's clock).
        var at: Int64
        /// The version refused, when it could be read.
        var version: Int64?
        var reason: DocumentRefusal.Reason
        var detail: String

        func line(_ kind: String) -> String {
            "\(kind)\(version.map { " version \($0)" } ?? ""): \(reason.rawValue): \(detail)"
        }
    }

    // MARK: Reading

    /// The held document of `kind` (`pending`: the programme waiting for its start), not verified.
    func held(_ kind: DocumentKind, pending: Bool = false) -> HeldDocument? {
        let stem = pending ? "\(kind.rawValue).pending" : kind.rawValue
        guard let signedBytes = read("\(stem).signed"), let state = read("\(stem).json"),
            let signed = try? SignedDocument.decode(signedBytes)
        else { return nil }
        return HeldDocument(signed: signed, state: state)
    }

    /// The highest document key generation seen (0: none).
    func keyGeneration() -> UInt32 {
        read("key-generation").flatMap { UInt32(String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
    }

    /// The last refusal of each kind.
    func refusals() -> [String: Refusal] {
        read("refusals.json").flatMap { try? JSONDecoder().decode([String: Refusal].self, from: Data($0)) } ?? [:]
    }

    // MARK: Writing

    /// Keeps `held` (the whole document first, then what signs it: a tear leaves a pair that
    /// does not verify, and the terminal asks for a snapshot).
    func keep(_ held: HeldDocument, kind: DocumentKind, pending: Bool = false) throws {
        let stem = pending ? "\(kind.rawValue).pending" : kind.rawValue
        try write("\(stem).json", held.state)
        try write("\(stem).signed", try held.signed.encoded())
    }

    /// Removes the pending programme.
    func removePending(_ kind: DocumentKind) {
        for suffix in ["signed", "json"] { try? FileManager.default.removeItem(atPath: "\(path)/\(kind.rawValue).pending.\(suffix)") }
    }

    func keepKeyGeneration(_ generation: UInt32) throws { try write("key-generation", Array(String(generation).utf8)) }

    func keepRefusals(_ refusals: [String: Refusal]) throws {
        try write("refusals.json", Array(try JSONEncoder.sorted.encode(refusals)))
    }

    /// Removes the files of the format before documents were signed (`<kind>.version`).
    func removeUnsignedFormat() {
        for kind in DocumentKind.allCases {
            let version = "\(path)/\(kind.rawValue).version"
            guard FileManager.default.fileExists(atPath: version) else { continue }
            try? FileManager.default.removeItem(atPath: version)
            if !FileManager.default.fileExists(atPath: "\(path)/\(kind.rawValue).signed") {
                try? FileManager.default.removeItem(atPath: "\(path)/\(kind.rawValue).json")
            }
        }
    }

    private func read(_ name: String) -> [UInt8]? { FileManager.default.contents(atPath: "\(path)/\(name)").map(Array.init) }

    private func write(_ name: String, _ bytes: [UInt8]) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: "\(path)/\(name)"), options: .atomic)
    }
}

extension JSONEncoder {
    fileprivate static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return encoder
    }
}
