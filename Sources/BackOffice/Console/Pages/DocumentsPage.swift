import BackOfficeStorage
import Foundation
import SyncProtocol

extension ConsolePage {
    /// `/console/documents?kind=K&from=A&to=B`: each document kind's published versions (when,
    /// by whom as the audit log says), and what changed in `kind` between versions `A` and `B`:
    /// a line diff of the pretty-printed JSON. Publishing stays a signed act of the command line.
    public static let documents = ConsolePage(
        path: "/console/documents", role: .auditor, title: "Programme and documents", template: ConsoleTemplates.documents
    ) { request in
        .view(try await DocumentsView(request: request))
    }
}

/// What the documents page shows.
struct DocumentsView: Sendable {
    static let versionsShown = 1000
    static let auditRowsScanned = 5000

    struct Version: Sendable {
        var version: String
        var time: String
        var by: String
        var signed: Bool
    }

    struct Kind: Sendable {
        var kind: String
        var versions: [Version]
        var hasVersions: Bool
    }

    struct Option: Sendable {
        var value: String
        var selected: Bool
    }

    var kinds: [Kind]
    var kindOptions: [Option]
    var fromOptions: [Option]
    var toOptions: [Option]
    var comparing: Bool
    var comparison: String
    var diff: [DocumentDiff.Line]
    var unchanged: Bool

    init(request: ConsoleRequest) async throws {
        let store = request.store
        // Who published what, from the audit log (versions published before it existed: unknown).
        var publishers: [String: String] = [:]
        for record in try await store.auditRecords(before: nil, limit: Self.auditRowsScanned) where record.action == "document.publish" {
            if publishers[record.subject] == nil { publishers[record.subject] = record.actor }
        }
        var kinds: [Kind] = []
        var chosenVersions: [Int64] = []
        let chosen = request.query["kind"].flatMap(DocumentKind.init(rawValue:)) ?? .programme
        for kind in DocumentKind.allCases {
            let documents = try await store.documents(kind, after: 0, limit: Self.versionsShown)
            if kind == chosen { chosenVersions = documents.map(\.version) }
            let versions = documents.reversed().map {
                Version(
                    version: String($0.version), time: request.time($0.publishedAt),
                    by: publishers[DocumentsView.subject(kind, $0.version)] ?? "", signed: $0.isSigned)
            }
            kinds.append(Kind(kind: kind.rawValue, versions: versions, hasVersions: !versions.isEmpty))
        }
        self.kinds = kinds
        let newest = chosenVersions.last ?? 0
        let to = request.query["to"].flatMap { Int64($0) } ?? newest
        let from = request.query["from"].flatMap { Int64($0) } ?? max(0, to - 1)
        kindOptions = DocumentKind.allCases.map { Option(value: $0.rawValue, selected: $0 == chosen) }
        fromOptions = chosenVersions.map { Option(value: String($0), selected: $0 == from) }
        toOptions = chosenVersions.map { Option(value: String($0), selected: $0 == to) }
        if request.query["from"] != nil || request.query["to"] != nil, chosenVersions.contains(from), chosenVersions.contains(to) {
            let old = try await DocumentsView.prettyWhole(store: store, kind: chosen, version: from)
            let new = try await DocumentsView.prettyWhole(store: store, kind: chosen, version: to)
            diff = DocumentDiff.lines(from: old, to: new)
            comparing = true
            comparison = "\(chosen.rawValue): version \(from) → version \(to)"
            unchanged = !diff.contains { $0.kind != "same" }
        } else {
            diff = []
            comparing = false
            comparison = ""
            unchanged = false
        }
    }

    /// The audit log's subject for a publication.
    static func subject(_ kind: DocumentKind, _ version: Int64) -> String { "\(kind.rawValue) version \(version)" }

    /// The whole document at `version`, pretty-printed JSON with sorted keys (its text when it
    /// is not JSON), one line each.
    static func prettyWhole(store: any LedgerStore, kind: DocumentKind, version: Int64) async throws -> [String] {
        guard let document = try await store.document(kind, version: version) else { return [] }
        let whole = document.snapshot.flatMap { try? SignedDocument.decode($0) }?.bodyBytes ?? document.body
        if let object = try? JSONSerialization.jsonObject(with: Data(whole), options: [.fragmentsAllowed]),
            let pretty = try? JSONSerialization.data(
                withJSONObject: readable(object), options: [.prettyPrinted, .sortedKeys, .fragmentsAllowed])
        {
            return String(decoding: pretty, as: UTF8.self).components(separatedBy: "\n")
        }
        return String(decoding: whole, as: UTF8.self).components(separatedBy: "\n")
    }
}

/// The programme's signed envelope carries the programme as base64 of its JSON (docs/programme.md):
/// shown decoded, so that a change reads as the fields it changed.
private func readable(_ object: Any) -> Any {
    guard var envelope = object as? [String: Any], let carried = envelope["programme"] as? String,
        let bytes = Data(base64Encoded: carried), let programme = try? JSONSerialization.jsonObject(with: bytes)
    else { return object }
    envelope["programme"] = programme
    return envelope
}

/// A line diff (longest common subsequence): lines kept, removed and added.
enum DocumentDiff {
    struct Line: Sendable, Equatable {
        /// `same`, `removed` or `added`.
        var kind: String
        var sign: String
        var text: String
    }

    /// The lines of `old` and `new` in order, each kept, removed or added.
    static func lines(from old: [String], to new: [String]) -> [Line] {
        let n = old.count
        let m = new.count
        var common = Array(repeating: Array(repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                common[i][j] = old[i] == new[j] ? common[i + 1][j + 1] + 1 : max(common[i + 1][j], common[i][j + 1])
            }
        }
        var out: [Line] = []
        var i = 0
        var j = 0
        while i < n || j < m {
            if i < n, j < m, old[i] == new[j] {
                out.append(Line(kind: "same", sign: " ", text: old[i]))
                i += 1
                j += 1
            } else if j < m, i == n || common[i][j + 1] >= common[i + 1][j] {
                out.append(Line(kind: "added", sign: "+", text: new[j]))
                j += 1
            } else {
                out.append(Line(kind: "removed", sign: "-", text: old[i]))
                i += 1
            }
        }
        return out
    }
}
